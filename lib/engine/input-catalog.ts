/**
 * The input catalog: one descriptor per input a rule can declare in `needs` says how the engine
 * loads it, what the load calls (IAM), what the CLI says it was reading when the load failed, and
 * which resource types it lists. The engine (lib/engine/inputs.ts), the permissions
 * (lib/engine/permissions.ts) and the scan (lib/cli/scan.ts) loop over this table. It is keyed by
 * InputName, so an input without a descriptor does not compile.
 */
import type { NetworkFacts } from '../network/model';
import type { CodeBuildProject, EcrRegistryScanning, Resource, ResourceType } from '../resources/model';
import type { AnyRule, InputName, InputValues, NetworkOfInputs } from './rule';

/** The reads an input loader may use: the run's cached reads (RunInputs). */
export interface InputSources {
  list(type: ResourceType): Promise<Resource[]>;
  loadNetwork(vpcIds: Iterable<string>): Promise<NetworkFacts>;
  ecrRegistryScanning(): Promise<EcrRegistryScanning>;
}

/** What a loader is given: the rule, the resources it evaluates, the inputs networkOf() reads. */
export interface LoadRequest {
  rule: AnyRule;
  resources: readonly Resource[];
  named: NetworkOfInputs<InputName>;
}

export interface InputDescriptor<N extends InputName = InputName> {
  name: N;
  /** The IAM prefix of the service read; the CLI names it when the read fails. */
  service: string;
  /** What was being read, as the CLI says it when the read fails. */
  reading: string;
  /** The IAM actions loading the input calls, besides listing `listsTypes`. */
  readActions: readonly string[];
  /** Resource types listed to load it: their unreadable resources fail the rule that needs it. */
  listsTypes: readonly ResourceType[];
  /** Loads the context value; absent when the input fills in the resources instead (lib/engine/complete.ts). */
  load?: N extends keyof InputValues
    ? (sources: InputSources, request: LoadRequest) => Promise<InputValues[N]>
    : never;
}

/** A rule asked for facts of a VPC when networkOf() named none: a pipeline bug, never a verdict. */
const NO_NETWORK: NetworkFacts = {
  vpc(vpcId: string): never {
    throw new Error(`network facts of ${JSON.stringify(vpcId)} were not loaded: networkOf() named no VPC`);
  },
};

/** The VPC ids networkOf() names for a resource, as a list. */
export function networksOf(
  rule: AnyRule,
  resource: Resource,
  inputs: NetworkOfInputs<InputName>,
): readonly string[] {
  const named = rule.networkOf?.(resource, inputs);
  if (named === undefined) return [];
  return typeof named === 'string' ? [named] : named;
}

type Catalog = { readonly [N in InputName]: InputDescriptor<N> };

export const INPUT_CATALOG: Catalog = {
  codeBuildProjects: {
    name: 'codeBuildProjects',
    service: 'codebuild',
    reading: 'listing AWS::CodeBuild::Project',
    // Listing the projects calls what the type's descriptor says (lib/resources/catalog.ts).
    readActions: [],
    listsTypes: ['AWS::CodeBuild::Project'],
    load: async (sources) => (await sources.list('AWS::CodeBuild::Project')) as CodeBuildProject[],
  },
  // Config items lack projectVisibility: the adapter notes it unrecorded and the engine's
  // completion reads it (lib/engine/complete.ts), as it reads every key an item lacks.
  projectVisibility: {
    name: 'projectVisibility',
    service: 'codebuild',
    reading: 'describing CodeBuild projects',
    readActions: ['codebuild:BatchGetProjects'],
    listsTypes: [],
  },
  ecrRegistryScanning: {
    name: 'ecrRegistryScanning',
    service: 'ecr',
    reading: 'reading the registry scanning configuration',
    readActions: ['ecr:GetRegistryScanningConfiguration'],
    listsTypes: [],
    load: (sources) => sources.ecrRegistryScanning(),
  },
  ownNetworks: {
    name: 'ownNetworks',
    service: 'ec2',
    reading: 'listing the own VPCs and VPC endpoints',
    // Listing both types calls what their descriptors say (ec2:DescribeVpcs, ec2:DescribeVpcEndpoints);
    // a run that lists them anyway pays nothing more. The engine fills Trust.networkIds from them.
    readActions: [],
    listsTypes: ['AWS::EC2::VPC', 'AWS::EC2::VPCEndpoint'],
  },
  network: {
    name: 'network',
    service: 'ec2',
    reading: 'loading the network',
    // What lib/collect/network.ts calls for a VPC's facts.
    readActions: [
      'ec2:DescribeVpcs',
      'ec2:DescribeVpcAttribute',
      'ec2:DescribeRouteTables',
      'ec2:DescribeSubnets',
      'ec2:DescribeVpcEndpoints',
      'ec2:DescribeSecurityGroups',
      'ec2:DescribeDhcpOptions',
    ],
    listsTypes: [],
    load: async (sources, { rule, resources, named }) => {
      const vpcIds = new Set<string>();
      for (const resource of resources) {
        for (const vpcId of networksOf(rule, resource, named)) if (vpcId) vpcIds.add(vpcId);
      }
      return vpcIds.size > 0 ? sources.loadNetwork(vpcIds) : NO_NETWORK;
    },
  },
};

/** Every descriptor, in a fixed order: inputs networkOf() reads come before the network. */
export const INPUT_DESCRIPTORS: readonly InputDescriptor[] = (
  ['codeBuildProjects', 'projectVisibility', 'ecrRegistryScanning', 'ownNetworks', 'network'] as const
).map((name) => INPUT_CATALOG[name] as InputDescriptor);
