/**
 * The resource-type catalog: one descriptor per type says everything the rest of the code needs to
 * know about it (its Config-item adapter, what listing it calls, what AWS Config records of it).
 * Resources, collect, deploy, config, doctor and scan loop over this table instead of keeping
 * their own lists. The table is keyed by ResourceType, so a type without a descriptor does not
 * compile. The collector of each type is in lib/collect/source.ts (I/O stays out of this layer),
 * in a table keyed the same way.
 */
import * as codeBuildProject from './codebuild-project';
import type { ConfigurationItemLike } from './configuration-item';
import * as ecrPublicRepository from './ecr-public-repository';
import * as ecrPullThroughCacheRule from './ecr-pull-through-cache-rule';
import * as ecrRegistryPolicy from './ecr-registry-policy';
import * as ecrReplicationConfiguration from './ecr-replication-configuration';
import * as ecrRepository from './ecr-repository';
import { RESOURCE_TYPES, type ResourceOfType, type ResourceType } from './model';
import * as vpc from './vpc';
import * as vpcEndpoint from './vpc-endpoint';

/** What AWS Config records of a type. */
export type ConfigRecording =
  /** Recorded in every Region where Config records it. */
  | { recorded: 'everywhere' }
  /** Recorded in one Region only; the type is reported from there. */
  | { recorded: 'one-region'; region: string }
  /** Never recorded: its rules list the resources themselves, periodically. */
  | { recorded: 'never' };

export interface ResourceTypeDescriptor<T extends ResourceType = ResourceType> {
  type: T;
  /** The IAM prefix of the service that owns the type; the CLI names it when listing fails. */
  service: string;
  /** Normalises an invocation-model CI; absent exactly when Config never records the type. */
  fromConfigurationItem?: (ci: ConfigurationItemLike) => ResourceOfType<T>;
  config: ConfigRecording;
  /** Config identifies the resource by an id of its own, not the name the Describe APIs give. */
  configIdDiffersFromName: boolean;
  /** The IAM actions listing every resource of the type calls (its collector in lib/collect). */
  readActions: readonly string[];
  /** What listing calls only in Lambda, from what Config recorded (not part of a rule's permissions). */
  recordedReadActions?: readonly string[];
}

type Catalog = { readonly [T in ResourceType]: ResourceTypeDescriptor<T> };

export const RESOURCE_CATALOG: Catalog = {
  'AWS::CodeBuild::Project': {
    type: 'AWS::CodeBuild::Project',
    service: 'codebuild',
    fromConfigurationItem: codeBuildProject.fromConfigurationItem,
    config: { recorded: 'everywhere' },
    // Config's resourceId of a project is a UUID, not the project name.
    configIdDiffersFromName: true,
    readActions: ['codebuild:ListProjects', 'codebuild:BatchGetProjects'],
  },
  'AWS::ECR::Repository': {
    type: 'AWS::ECR::Repository',
    service: 'ecr',
    fromConfigurationItem: ecrRepository.fromConfigurationItem,
    config: { recorded: 'everywhere' },
    configIdDiffersFromName: false,
    readActions: [
      'ecr:DescribeRepositories',
      'ecr:GetRepositoryPolicy',
      'ecr:GetLifecyclePolicy',
      'ecr:ListTagsForResource',
    ],
    // lib/collect/ecr-recorded.ts reads policies and tags from Config's items in Lambda.
    recordedReadActions: ['config:BatchGetResourceConfig'],
  },
  'AWS::EC2::VPCEndpoint': {
    type: 'AWS::EC2::VPCEndpoint',
    service: 'ec2',
    fromConfigurationItem: vpcEndpoint.fromConfigurationItem,
    config: { recorded: 'everywhere' },
    configIdDiffersFromName: false,
    readActions: ['ec2:DescribeVpcEndpoints'],
  },
  'AWS::EC2::VPC': {
    type: 'AWS::EC2::VPC',
    service: 'ec2',
    fromConfigurationItem: vpc.fromConfigurationItem,
    config: { recorded: 'everywhere' },
    configIdDiffersFromName: false,
    readActions: ['ec2:DescribeVpcs'],
  },
  'AWS::ECR::PublicRepository': {
    type: 'AWS::ECR::PublicRepository',
    service: 'ecr-public',
    fromConfigurationItem: ecrPublicRepository.fromConfigurationItem,
    // ECR Public is managed from us-east-1, and Config records the type there only.
    config: { recorded: 'one-region', region: 'us-east-1' },
    configIdDiffersFromName: false,
    readActions: ['ecr-public:DescribeRepositories', 'ecr-public:ListTagsForResource'],
  },
  'AWS::ECR::RegistryPolicy': {
    type: 'AWS::ECR::RegistryPolicy',
    service: 'ecr',
    fromConfigurationItem: ecrRegistryPolicy.fromConfigurationItem,
    config: { recorded: 'everywhere' },
    configIdDiffersFromName: false,
    readActions: ['ecr:GetRegistryPolicy'],
  },
  'AWS::ECR::ReplicationConfiguration': {
    type: 'AWS::ECR::ReplicationConfiguration',
    service: 'ecr',
    fromConfigurationItem: ecrReplicationConfiguration.fromConfigurationItem,
    config: { recorded: 'everywhere' },
    configIdDiffersFromName: false,
    readActions: ['ecr:DescribeRegistry'],
  },
  'AWS::ECR::PullThroughCacheRule': {
    type: 'AWS::ECR::PullThroughCacheRule',
    service: 'ecr',
    fromConfigurationItem: ecrPullThroughCacheRule.fromConfigurationItem,
    config: { recorded: 'everywhere' },
    configIdDiffersFromName: false,
    readActions: ['ecr:DescribePullThroughCacheRules'],
  },
  'AWS::CodeCommit::Repository': {
    type: 'AWS::CodeCommit::Repository',
    service: 'codecommit',
    // Config never records CodeCommit repositories: they come from the CodeCommit API only.
    config: { recorded: 'never' },
    configIdDiffersFromName: false,
    readActions: [
      'codecommit:ListRepositories',
      'codecommit:BatchGetRepositories',
      'codecommit:ListTagsForResource',
    ],
  },
};

/** Every descriptor, in the order of RESOURCE_TYPES. */
export const RESOURCE_DESCRIPTORS: readonly ResourceTypeDescriptor[] = RESOURCE_TYPES.map(
  (type) => RESOURCE_CATALOG[type] as ResourceTypeDescriptor,
);

/** The descriptor of a type name, or undefined for a name outside the catalog (a trigger type). */
export function descriptorOf(type: string): ResourceTypeDescriptor | undefined {
  return RESOURCE_DESCRIPTORS.find((descriptor) => descriptor.type === type);
}

/** The types AWS Config never records. */
export const NEVER_RECORDED_TYPES: ReadonlySet<ResourceType> = new Set(
  RESOURCE_DESCRIPTORS.filter((d) => d.config.recorded === 'never').map((d) => d.type),
);

/** Types whose Config resourceId differs from the name the Describe APIs give. */
export const TYPES_WITH_CONFIG_IDS: ReadonlySet<ResourceType> = new Set(
  RESOURCE_DESCRIPTORS.filter((d) => d.configIdDiffersFromName).map((d) => d.type),
);
