/**
 * A rule's inputs, loaded once per run, and the evaluation of resources with them. Shared by the
 * Config rule pipeline (lib/config/evaluate-event.ts: one rule per invocation) and the CLI scan
 * (lib/cli/scan.ts: every rule of a region over one set of reads), so both give a rule exactly the
 * same inputs: the resources the Describe APIs list and what it declares in `needs`, loaded as the
 * input catalog says (lib/engine/input-catalog.ts): every CodeBuild project, project visibility,
 * the ECR registry's scanning configuration, the facts of the VPCs its networkOf() names. Every
 * AWS read goes through the injected AwsReaders.
 */
import type { NetworkFacts } from '../network/model';
import type { Listing, ResourceReadError } from '../resources/errors';
import type {
  CodeBuildProject,
  EcrRegistryScanning,
  Resource,
  ResourceType,
  Vpc,
  VpcEndpoint,
} from '../resources/model';
import { complete } from './complete';
import { INPUT_DESCRIPTORS, type InputSources, type LoadRequest, networksOf } from './input-catalog';
import type { AnyRule, InputName, NetworkOfInputs, RuleContext } from './rule';
import {
  contextFor,
  type Evaluation,
  evaluateResource,
  RuleEvaluationError,
  type RuleParameters,
  trustFor,
} from './run';
import type { Suppressions } from './suppressions';

export { networksOf };

export interface NetworkLoader {
  load(vpcIds: Iterable<string>): Promise<NetworkFacts>;
}

/** Read access to the account through the Describe APIs. */
export interface AwsReaders {
  /**
   * Every resource of a type in the account and region, paginated. A Listing also names the
   * resources that were listed but could not be read (failures of their own, never verdicts).
   */
  list(resourceType: ResourceType): Promise<Resource[] | Listing>;
  /**
   * The named resources of a type as the service APIs describe them now, by the name the Describe
   * APIs use (resourceName): what completes a recorded item's absent keys (lib/engine/complete.ts).
   * A name left out was deleted; one that could not be read is in `failures`.
   */
  describe(resourceType: ResourceType, names: readonly string[]): Promise<Listing>;
  /** The ECR registry's image scanning configuration (for rules that need ecrRegistryScanning). */
  ecrRegistryScanning(): Promise<EcrRegistryScanning>;
  /** A network loader whose cache lives for one invocation: facts are never reused stale. */
  networkLoader(): NetworkLoader;
}

/**
 * The reads of one run (a Lambda invocation, or one Region of a CLI scan): each resource type is
 * listed, each VPC's facts and the registry's scanning configuration are loaded at most once, and
 * every rule evaluated in the run shares them. A run must not outlive its invocation or scan.
 */
export class RunInputs implements InputSources {
  private readonly lists = new Map<ResourceType, Promise<Listing>>();
  private readonly network: NetworkLoader;
  private scanning: Promise<EcrRegistryScanning> | undefined;

  constructor(private readonly aws: AwsReaders) {
    this.network = aws.networkLoader();
  }

  /** The resources of a type and the failures of those that could not be read. */
  listing(type: ResourceType): Promise<Listing> {
    let listed = this.lists.get(type);
    if (!listed) {
      listed = this.aws
        .list(type)
        .then((answer) => (Array.isArray(answer) ? { resources: answer, failures: [] } : answer));
      this.lists.set(type, listed);
    }
    return listed;
  }

  async list(type: ResourceType): Promise<Resource[]> {
    return (await this.listing(type)).resources;
  }

  /**
   * Every resource listed so far that could not be read, of every type (those a rule reads as
   * context included): a run must fail naming them once it has reported the rest.
   */
  async readFailures(): Promise<ResourceReadError[]> {
    const settled = await Promise.allSettled(this.lists.values());
    return settled.flatMap((s) => (s.status === 'fulfilled' ? s.value.failures : []));
  }

  /** Every resource of the rule's types, in the order of its resourceTypes. */
  async resourcesOf(rule: AnyRule): Promise<Resource[]> {
    const lists = await Promise.all(rule.resourceTypes.map((type) => this.list(type)));
    return lists.flat();
  }

  loadNetwork(vpcIds: Iterable<string>): Promise<NetworkFacts> {
    return this.network.load(vpcIds);
  }

  describe(type: ResourceType, names: readonly string[]): Promise<Listing> {
    return this.aws.describe(type, names);
  }

  ecrRegistryScanning(): Promise<EcrRegistryScanning> {
    this.scanning ??= this.aws.ecrRegistryScanning();
    return this.scanning;
  }
}

/** Where and when resources are evaluated; trust starts from `accountId`. */
export interface EvaluationScope {
  accountId: string;
  region: string;
  now: Date;
  /** The suppression file's entries, with their use counts (absent: no file). */
  suppressions?: Suppressions;
}

export interface RuleOutcome {
  evaluations: Evaluation[];
  /**
   * Resources the rule threw on, or whose unrecorded keys could not be read: reported, never
   * turned into a verdict.
   */
  failures: (RuleEvaluationError | ResourceReadError)[];
}

/** What networkOf() may read besides the resource: the inputs the rule declares that it reads. */
export async function networkOfInputs(rule: AnyRule, inputs: RunInputs): Promise<NetworkOfInputs<InputName>> {
  // Typed as if every input were there: networkOf() reads only the inputs its rule declares.
  if (!rule.needs?.includes('codeBuildProjects')) return {} as NetworkOfInputs<InputName>;
  return { codeBuildProjects: (await inputs.list('AWS::CodeBuild::Project')) as CodeBuildProject[] };
}

/** `<account>|<region>`: where a network id belongs. */
const placeOf = (accountId: string, region: string) => `${accountId}|${region}`;

/**
 * The VPC and VPC endpoint ids of each account and Region listed in the run, for rules that
 * declare ownNetworks. An id counts for the account that owns it: a VPC or endpoint whose owner
 * (ownerId) is another account (a VPC shared through AWS RAM) is left out, since that owner's
 * traffic passes through it too. Ids of another Region never count (docs/rule-semantics.md).
 */
async function ownNetworksOf(rule: AnyRule, inputs: RunInputs): Promise<ReadonlyMap<string, Set<string>>> {
  const owned = new Map<string, Set<string>>();
  if (!rule.needs?.includes('ownNetworks')) return owned;
  const [vpcs, endpoints] = await Promise.all([
    inputs.list('AWS::EC2::VPC') as Promise<Vpc[]>,
    inputs.list('AWS::EC2::VPCEndpoint') as Promise<VpcEndpoint[]>,
  ]);
  const add = (network: Vpc | VpcEndpoint, id: string) => {
    if (network.ownerId !== undefined && network.ownerId !== network.accountId) return;
    const place = placeOf(network.accountId, network.region);
    let ids = owned.get(place);
    if (!ids) {
      ids = new Set();
      owned.set(place, ids);
    }
    ids.add(id);
  };
  for (const vpc of vpcs) add(vpc, vpc.vpcId);
  for (const endpoint of endpoints) add(endpoint, endpoint.endpointId);
  return owned;
}

/**
 * The shared context of a rule: the base, and every input it declares, loaded in the catalog's
 * order (lib/engine/input-catalog.ts). The rule's evaluate() is typed to read exactly those, so
 * an input the catalog left absent is a pipeline bug: it throws here, before any verdict.
 */
async function contextOf(
  rule: AnyRule,
  params: RuleParameters,
  resources: Resource[],
  inputs: RunInputs,
  scope: EvaluationScope,
): Promise<RuleContext<InputName>> {
  const context: Record<string, unknown> = {
    ...contextFor(scope.accountId, scope.region, params.common, scope.now),
  };
  const named = await networkOfInputs(rule, inputs);
  const needs = new Set(rule.needs ?? []);
  for (const input of INPUT_DESCRIPTORS) {
    if (!needs.has(input.name) || !input.load) continue;
    const load = input.load as (sources: InputSources, request: LoadRequest) => Promise<unknown>;
    context[input.name] = await load(inputs, { rule, resources, named });
    if (context[input.name] === undefined)
      throw new Error(`rule ${rule.id}: input ${input.name} was not loaded`);
  }
  return context as unknown as RuleContext<InputName>;
}

/**
 * Evaluates resources under one rule with the inputs it declares. First what their recorded items
 * lacked is read (lib/engine/complete.ts): a resource whose read fails is collected in `failures`,
 * one deleted meanwhile is skipped. An input read that fails throws (nothing is evaluated on
 * partial inputs); a rule that throws on a resource is collected in `failures` and the other
 * resources are still evaluated.
 */
export async function evaluateResources(
  rule: AnyRule,
  params: RuleParameters,
  found: Resource[],
  inputs: RunInputs,
  scope: EvaluationScope,
): Promise<RuleOutcome> {
  const completion = await complete(found, (type, names) => inputs.describe(type, names));
  const resources = completion.resources;
  const shared = await contextOf(rule, params, resources, inputs, scope);
  const networks = await ownNetworksOf(rule, inputs);
  const evaluations: Evaluation[] = [];
  const failures: (RuleEvaluationError | ResourceReadError)[] = [...completion.failures];
  for (const resource of resources) {
    // Trust and evaluation happen in the resource's own account: an organization sweep or a scan
    // may read resources of another account than the scope's, and each trusts its own account
    // and the networks that account owns in the resource's Region.
    const accountId = resource.accountId || shared.accountId;
    const networkIds = networks.get(placeOf(accountId, resource.region || scope.region)) ?? new Set<string>();
    const context = { ...shared, accountId, trust: trustFor(accountId, params.common, networkIds) };
    try {
      evaluations.push(evaluateResource(rule, resource, context, params, scope.suppressions));
    } catch (error) {
      if (!(error instanceof RuleEvaluationError)) throw error;
      failures.push(error);
    }
  }
  return { evaluations, failures };
}
