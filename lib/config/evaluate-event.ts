/**
 * The Config rule pipeline: event -> the resources to evaluate (the changed item, the resources a
 * network change affects, or every resource on a schedule) -> their inputs (network facts, project
 * details) loaded once -> rule -> PutEvaluations. Handlers stay thin; every AWS reader is injected.
 */
import type { ConfigServiceClient } from '@aws-sdk/client-config-service';
import type { AnyRule, RuleContext } from '../engine/rule';
import {
  contextFor,
  type Evaluation,
  evaluateResource,
  parseRuleParameters,
  RuleEvaluationError,
  type RuleParameters,
} from '../engine/run';
import type { Log } from '../log';
import type { NetworkFacts } from '../network/model';
import { modelFromConfigurationItem } from '../resources';
import type { CodeBuildProject, Resource, ResourceType } from '../resources/model';
import { configIdsByName, TYPES_WITH_CONFIG_IDS } from './discovered';
import { type EventConfigurationItem, isEvaluable, parseRuleEvent, type RuleEvent } from './event';
import { fetchConfigurationItem } from './history';
import { type ConfigEvaluation, putEvaluations } from './put-evaluations';

export class UnknownRuleError extends Error {
  override name = 'UnknownRuleError';
}

export interface NetworkLoader {
  load(vpcIds: Iterable<string>): Promise<NetworkFacts>;
}

/** Read access to the account through the Describe APIs. */
export interface AwsReaders {
  /** Every resource of a type in the account and region, paginated. */
  list(resourceType: ResourceType): Promise<Resource[]>;
  /** The Describe view of named projects (what a Config item lacks, such as visibility). */
  codeBuildProjects(names: readonly string[]): Promise<CodeBuildProject[]>;
  /** A network loader whose cache lives for one invocation: facts are never reused stale. */
  networkLoader(): NetworkLoader;
}

export interface EvaluatorDeps {
  config: ConfigServiceClient;
  aws: AwsReaders;
  findRule: (configRuleName: string) => AnyRule | undefined;
  log: Log;
  region: string;
  now?: () => Date;
}

export interface RunSummary {
  rule: string;
  kind: RuleEvent['kind'];
  evaluations: number;
  putCalls: number;
  /** Resources found through the Describe APIs that AWS Config has not discovered (no id to report under). */
  undiscovered: string[];
}

interface Outcome {
  evaluations: Evaluation[];
  failures: RuleEvaluationError[];
  undiscovered: string[];
}

/** One invocation: per-invocation caches, so each type is listed and each VPC loaded at most once. */
class Invocation {
  private readonly lists = new Map<ResourceType, Promise<Resource[]>>();
  private readonly network: NetworkLoader;
  readonly now: Date;

  constructor(
    readonly rule: AnyRule,
    readonly params: RuleParameters,
    readonly event: RuleEvent,
    readonly deps: EvaluatorDeps,
  ) {
    this.network = deps.aws.networkLoader();
    this.now = deps.now?.() ?? new Date();
  }

  list(type: ResourceType): Promise<Resource[]> {
    let listed = this.lists.get(type);
    if (!listed) {
      listed = this.deps.aws.list(type);
      this.lists.set(type, listed);
    }
    return listed;
  }

  /** Every resource of the rule's types, under the ids AWS Config uses (optionally one VPC's only). */
  async targets(inVpc?: string): Promise<{ resources: Resource[]; undiscovered: string[] }> {
    const resources: Resource[] = [];
    const undiscovered: string[] = [];
    for (const type of this.rule.resourceTypes) {
      const [found, configIds] = await Promise.all([
        this.list(type),
        TYPES_WITH_CONFIG_IDS.has(type) ? configIdsByName(this.deps.config, type) : undefined,
      ]);
      for (const resource of found) {
        if (inVpc !== undefined && this.rule.networkOf && this.rule.networkOf(resource) !== inVpc) continue;
        if (!configIds) {
          resources.push(resource);
          continue;
        }
        const configId = configIds.get(resource.resourceName);
        // Reporting under a guessed id would create a phantom resource in Config.
        if (configId === undefined) undiscovered.push(`${type} ${resource.resourceName}`);
        else resources.push({ ...resource, resourceId: configId });
      }
    }
    return { resources, undiscovered };
  }

  /** Fills in what a Config item does not record but the rule needs (project visibility). */
  private async enrich(resources: Resource[]): Promise<Resource[]> {
    if (!this.rule.needs?.includes('projectVisibility')) return resources;
    const missing = resources.filter(
      (r): r is CodeBuildProject =>
        r.resourceType === 'AWS::CodeBuild::Project' && r.visibility === undefined,
    );
    if (missing.length === 0) return resources;
    const described = await this.deps.aws.codeBuildProjects(missing.map((p) => p.name));
    const visibility = new Map(described.map((p) => [p.name, p.visibility]));
    return resources.map((r) =>
      r.resourceType === 'AWS::CodeBuild::Project' && r.visibility === undefined && visibility.get(r.name)
        ? { ...r, visibility: visibility.get(r.name) }
        : r,
    );
  }

  private async context(resources: Resource[]): Promise<RuleContext> {
    const context = contextFor(this.event.accountId, this.deps.region, this.params.common, this.now);
    const vpcIds = new Set<string>();
    for (const resource of resources) {
      const vpcId = this.rule.networkOf?.(resource);
      if (vpcId) vpcIds.add(vpcId);
    }
    if (vpcIds.size > 0) context.network = await this.network.load(vpcIds);
    if (this.rule.needs?.includes('codeBuildProjects')) {
      context.codeBuildProjects = (await this.list('AWS::CodeBuild::Project')) as CodeBuildProject[];
    }
    return context;
  }

  async evaluate(found: Resource[], undiscovered: string[] = []): Promise<Outcome> {
    const resources = await this.enrich(found);
    const shared = await this.context(resources);
    const evaluations: Evaluation[] = [];
    const failures: RuleEvaluationError[] = [];
    for (const resource of resources) {
      // Trust and evaluation happen in the resource's own account and region.
      const context = { ...shared, accountId: resource.accountId || shared.accountId };
      try {
        evaluations.push(evaluateResource(this.rule, resource, context, this.params));
      } catch (error) {
        if (!(error instanceof RuleEvaluationError)) throw error;
        failures.push(error);
      }
    }
    return { evaluations, failures, undiscovered };
  }
}

function notApplicable(rule: AnyRule, item: EventConfigurationItem, why: string): Outcome {
  const evaluation: Evaluation = {
    ruleId: rule.id,
    resourceType: item.resourceType,
    resourceId: item.resourceId,
    resourceName: item.resourceName ?? item.resourceId,
    compliance: 'NOT_APPLICABLE',
    annotation: why,
  };
  return { evaluations: [evaluation], failures: [], undiscovered: [] };
}

/** The VPC a changed network resource belongs to; undefined when the item no longer says (deleted). */
function vpcOfItem(item: EventConfigurationItem): string | undefined {
  if (item.resourceType === 'AWS::EC2::VPC') return item.resourceId;
  const configuration = item.configuration;
  if (configuration && typeof configuration === 'object' && 'vpcId' in configuration) {
    const vpcId = (configuration as { vpcId: unknown }).vpcId;
    if (typeof vpcId === 'string' && vpcId !== '') return vpcId;
  }
  return undefined;
}

async function evaluateChange(run: Invocation, item: EventConfigurationItem): Promise<Outcome> {
  const { rule, event } = run;
  const primary = (rule.resourceTypes as readonly string[]).includes(item.resourceType);
  const trigger =
    !primary && (rule.triggeredBy as readonly string[] | undefined)?.includes(item.resourceType);
  if (trigger) {
    // A route table, subnet or endpoint changed: re-evaluate what it can break, in its VPC
    // (every VPC when a deleted item no longer names one).
    const { resources, undiscovered } = await run.targets(vpcOfItem(item));
    return run.evaluate(resources, undiscovered);
  }
  if (!primary) return notApplicable(rule, item, `${rule.id} does not evaluate ${item.resourceType}`);
  if (event.eventLeftScope) return notApplicable(rule, item, 'resource left the scope of the rule');
  if (!isEvaluable(item.configurationItemStatus)) {
    return notApplicable(rule, item, `configuration item status is ${item.configurationItemStatus}`);
  }
  return run.evaluate([modelFromConfigurationItem(item)]);
}

function logOutcome(log: Log, rule: AnyRule, outcome: Outcome) {
  for (const e of outcome.evaluations) {
    log.info('evaluated', {
      rule: e.ruleId,
      resourceType: e.resourceType,
      resourceId: e.resourceId,
      resourceName: e.resourceName,
      compliance: e.compliance,
      ...(e.exempt ? { exempt: true } : {}),
    });
  }
  if (outcome.undiscovered.length > 0) {
    log.warn('resources not discovered by AWS Config were not reported', {
      rule: rule.id,
      count: outcome.undiscovered.length,
      resources: outcome.undiscovered.slice(0, 20),
    });
  }
  for (const failure of outcome.failures) {
    log.error(failure.message, { rule: failure.ruleId, resourceId: failure.resourceId });
  }
}

/**
 * Evaluates one Config rule event and reports the verdicts. Throws (after reporting whatever
 * could be evaluated) when the event is malformed, parameters are invalid, an AWS call fails or
 * a rule fails on a resource: an error is never turned into a verdict.
 */
export async function evaluateRuleEvent(raw: unknown, deps: EvaluatorDeps): Promise<RunSummary> {
  const event = parseRuleEvent(raw);
  const rule = deps.findRule(event.configRuleName);
  if (!rule) throw new UnknownRuleError(`no ppguard rule matches Config rule ${event.configRuleName}`);
  const params = parseRuleParameters(rule, event.ruleParameters);
  const run = new Invocation(rule, params, event, deps);

  let outcome: Outcome;
  let orderingTimestamp: Date;
  if (event.kind === 'scheduled') {
    const { resources, undiscovered } = await run.targets();
    outcome = await run.evaluate(resources, undiscovered);
    orderingTimestamp = new Date(event.notificationCreationTime);
  } else {
    const summaryOnly =
      event.kind === 'oversized' &&
      (event.eventLeftScope || !isEvaluable(event.summary.configurationItemStatus));
    const item: EventConfigurationItem =
      event.kind === 'change'
        ? event.configurationItem
        : summaryOnly
          ? { ...event.summary }
          : await fetchConfigurationItem(deps.config, event.summary);
    outcome = await evaluateChange(run, item);
    orderingTimestamp = new Date(item.configurationItemCaptureTime);
  }

  logOutcome(deps.log, rule, outcome);
  const toPut: ConfigEvaluation[] = outcome.evaluations.map((e) => ({
    resourceType: e.resourceType,
    resourceId: e.resourceId,
    compliance: e.compliance,
    ...(e.annotation === undefined ? {} : { annotation: e.annotation }),
    orderingTimestamp,
  }));
  const putCalls = toPut.length > 0 ? await putEvaluations(deps.config, event.resultToken, toPut) : 0;
  const [first, ...more] = outcome.failures;
  if (first && more.length === 0) throw first;
  if (first) {
    throw new AggregateError(
      outcome.failures,
      `${outcome.failures.length} resources could not be evaluated by ${rule.id}; first: ${first.message}`,
    );
  }
  return {
    rule: rule.id,
    kind: event.kind,
    evaluations: outcome.evaluations.length,
    putCalls,
    undiscovered: outcome.undiscovered,
  };
}
