/**
 * Normalised resource models. AWS Config's invocation CI, the API-model CI from
 * GetResourceConfigHistory and the Describe APIs all describe the same resources in different
 * shapes; adapters in this folder turn each into exactly one of these models, so rules never
 * see where a resource came from.
 */

export const RESOURCE_TYPES = [
  'AWS::CodeBuild::Project',
  'AWS::ECR::Repository',
  'AWS::EC2::VPCEndpoint',
  'AWS::EC2::VPC',
  'AWS::ECR::PublicRepository',
  'AWS::ECR::RegistryPolicy',
  'AWS::ECR::ReplicationConfiguration',
  'AWS::ECR::PullThroughCacheRule',
  'AWS::CodeCommit::Repository',
] as const;

export type ResourceType = (typeof RESOURCE_TYPES)[number];

export interface ResourceBase {
  resourceType: ResourceType;
  /** The id AWS Config uses for the resource (for CodeBuild a UUID, not the project name). */
  resourceId: string;
  resourceName: string;
  arn: string;
  accountId: string;
  region: string;
  tags: Readonly<Record<string, string>>;
  /**
   * Model fields the source could not give (a key absent from a recorded Config item, which never
   * reads as empty: docs/rule-semantics.md "Absent is not empty"), each with the key that was
   * missing. The engine completes them from the service API before any rule runs
   * (lib/engine/complete.ts); a resource still carrying any is never evaluated.
   */
  unrecorded?: Unrecorded;
}

/** Model field -> what was missing and the read that gives it instead. */
export type Unrecorded = Readonly<Record<string, UnrecordedField>>;

export interface UnrecordedField {
  /** The item key that was absent, e.g. `configuration.RepositoryPolicyText`. */
  key: string;
  /** The IAM action of the read that gives the value instead, e.g. `ecr:GetRepositoryPolicy`. */
  read: string;
}

/**
 * A resource-based policy as found on the resource. Parsing happens at the edge so that equal
 * policies compare equal whatever their source; an unparsable text is kept so the rule can say why.
 */
export type PolicyInput =
  | { kind: 'none' }
  | { kind: 'document'; document: unknown }
  | { kind: 'unparsable'; text: string; reason: string };

export interface CodeBuildSource {
  /** CODECOMMIT, S3, GITHUB, ... exactly as AWS spells it. */
  type: string;
  location?: string;
  /** Secondary sources carry an identifier; the primary source has none. */
  sourceIdentifier?: string;
  primary: boolean;
  /** gitSubmodulesConfig.fetchSubmodules; undefined when the source does not say (CodeBuild: false). */
  fetchSubmodules?: boolean;
  /** The source's `buildspec`, classified; undefined when absent or blank (buildspec.yml at its root). */
  buildspec?: Buildspec;
}

/**
 * A source's buildspec: a file in the source or an S3 object (contents not visible), inline text
 * read into its variables and commands, or inline text that could not be read and why (the reason
 * never quotes the text).
 */
export type Buildspec =
  | { kind: 'file'; path: string }
  | { kind: 's3'; arn: string }
  | { kind: 'inline'; variables: BuildspecVariable[]; commands: BuildspecCommand[] }
  | { kind: 'unparsable'; reason: string };

/** One `env.variables` entry of an inline buildspec: always plaintext. */
export interface BuildspecVariable {
  name: string;
  value: string;
}

/** One command of an inline buildspec: `phases.<phase>.commands` or `.finally`. */
export interface BuildspecCommand {
  phase: string;
  command: string;
}

export interface CodeBuildEnvironmentVariable {
  name: string;
  /** PLAINTEXT, PARAMETER_STORE or SECRETS_MANAGER. */
  type: string;
  value: string;
}

export interface CodeBuildProject extends ResourceBase {
  resourceType: 'AWS::CodeBuild::Project';
  name: string;
  sources: CodeBuildSource[];
  environment: {
    type?: string;
    image?: string;
    computeType?: string;
    privilegedMode: boolean;
    imagePullCredentialsType?: string;
    variables: CodeBuildEnvironmentVariable[];
  };
  /** Absent when the project has no vpcConfig at all. */
  vpcConfig?: {
    vpcId?: string;
    subnetIds: string[];
    securityGroupIds: string[];
  };
  encryptionKey?: string;
  logs: {
    cloudWatchLogs: { status: string; groupName?: string; streamName?: string };
    s3Logs: { status: string; location?: string; encryptionDisabled: boolean };
  };
  /** PRIVATE or PUBLIC_READ; undefined when the source did not say. */
  visibility?: string;
  serviceRole?: string;
  /** `artifacts` then `secondaryArtifacts`; undefined when neither key was recorded. */
  artifacts?: CodeBuildArtifacts[];
  /** undefined when `cache` was not recorded (BatchGetProjects always gives one, NO_CACHE at least). */
  cache?: { type: string; location?: string };
  /** undefined when not recorded; BatchGetProjects omits the key for a project without any. */
  fileSystemLocations?: CodeBuildFileSystemLocation[];
}

export interface CodeBuildArtifacts {
  /** S3, CODEPIPELINE or NO_ARTIFACTS, exactly as AWS spells it. */
  type: string;
  /** For S3: the bucket name. */
  location?: string;
  /** Secondary artifacts carry an identifier. */
  identifier?: string;
  primary: boolean;
}

export interface CodeBuildFileSystemLocation {
  /** EFS, the one type CodeBuild supports. */
  type?: string;
  /** `<efs-dns-name>[:/path]`. */
  location?: string;
  identifier?: string;
}

export interface EcrRepository extends ResourceBase {
  resourceType: 'AWS::ECR::Repository';
  name: string;
  /** The registry (account) that owns the repository. */
  registryId: string;
  imageTagMutability?: string;
  scanOnPush?: boolean;
  hasLifecyclePolicy: boolean;
  policy: PolicyInput;
  encryption?: { type: string; kmsKey?: string };
}

export interface VpcEndpoint extends ResourceBase {
  resourceType: 'AWS::EC2::VPCEndpoint';
  endpointId: string;
  vpcId: string;
  /** Interface, Gateway, GatewayLoadBalancer, Resource or ServiceNetwork. */
  endpointType: string;
  serviceName: string;
  /** Lower case: available, pending, deleting, ... */
  state: string;
  privateDnsEnabled: boolean;
  /**
   * `ipv4`, `dualstack` or `ipv6`: the addresses of the endpoint's network interfaces. Absent when
   * the source does not say (docs/aws-data.md §7): never read as `ipv4`.
   */
  ipAddressType?: string;
  /**
   * The address family of the endpoint's DNS records: `ipv4`, `dualstack`, `ipv6` or
   * `service-defined`. Absent when the source does not say: never read as `ipv4`.
   */
  dnsRecordIpType?: string;
  policy: PolicyInput;
  routeTableIds: string[];
  subnetIds: string[];
  securityGroupIds: string[];
  ownerId?: string;
  requesterManaged: boolean;
}

export interface Vpc extends ResourceBase {
  resourceType: 'AWS::EC2::VPC';
  vpcId: string;
  cidrBlock?: string;
  isDefault: boolean;
  /** The owning account; another account's for a VPC shared with this one (AWS RAM). */
  ownerId?: string;
  /** Lower case: available or pending. */
  state: string;
}

/**
 * An ECR Public repository: anyone can pull its images, anonymously (docs/aws-data.md §6). AWS Config
 * records the type in us-east-1 only; its ARN has no region (`arn:aws:ecr-public::ACCT:repository/NAME`),
 * so `region` is where the repository is managed from: us-east-1.
 */
export interface EcrPublicRepository extends ResourceBase {
  resourceType: 'AWS::ECR::PublicRepository';
  name: string;
  /** The registry (account) that owns the repository. */
  registryId: string;
}

/**
 * Registry-level ECR resources have no ARN of their own (IAM's registry actions take Resource "*"),
 * and the ARN Config gives them is UNVERIFIED: their model `arn` is derived, identically by every
 * adapter, as `arn:<partition>:ecr:<region>:<account>:<kind>/<resourceId>`.
 */
export interface EcrRegistryPolicy extends ResourceBase {
  resourceType: 'AWS::ECR::RegistryPolicy';
  /** The registry (account) whose policy this is; also the resourceId. */
  registryId: string;
  policy: PolicyInput;
}

export interface EcrReplicationDestination {
  region: string;
  /** The account that receives the copies. */
  registryId: string;
}

export interface EcrRepositoryFilter {
  filter: string;
  /** PREFIX_MATCH for replication, WILDCARD for scanning, exactly as AWS spells it. */
  filterType: string;
}

export interface EcrReplicationRule {
  destinations: EcrReplicationDestination[];
  /** Empty: every repository of the registry is replicated. */
  repositoryFilters: EcrRepositoryFilter[];
}

/** A registry's replication configuration (one per registry and Region). */
export interface EcrReplicationConfiguration extends ResourceBase {
  resourceType: 'AWS::ECR::ReplicationConfiguration';
  /** The source registry (account); also the resourceId. */
  registryId: string;
  rules: EcrReplicationRule[];
}

/** A pull-through cache rule: repositories under `ecrRepositoryPrefix` cache an upstream registry. */
export interface EcrPullThroughCacheRule extends ResourceBase {
  resourceType: 'AWS::ECR::PullThroughCacheRule';
  registryId: string;
  /** Also the resourceId. */
  ecrRepositoryPrefix: string;
  /** The upstream's host as AWS reports it, e.g. `registry-1.docker.io`, `public.ecr.aws`. */
  upstreamRegistryUrl: string;
  /** The upstream kind (`docker-hub`, `ecr-public`, `ecr`, ...); absent when the source did not say. */
  upstreamRegistry?: string;
  /** The Secrets Manager secret holding the upstream's credentials. */
  credentialArn?: string;
}

/**
 * A CodeCommit repository. AWS Config does not record the type (docs/aws-data.md §2): it only comes
 * from the CodeCommit API, and its resourceId (our choice, reported to Config) is the name.
 */
export interface CodeCommitRepository extends ResourceBase {
  resourceType: 'AWS::CodeCommit::Repository';
  name: string;
  /** CodeCommit's own id of the repository (a UUID). */
  repositoryId?: string;
  /** `https://git-codecommit.<region>.amazonaws.com/v1/repos/<name>`. */
  cloneUrlHttp?: string;
}

export type Resource =
  | CodeBuildProject
  | EcrRepository
  | VpcEndpoint
  | Vpc
  | EcrPublicRepository
  | EcrRegistryPolicy
  | EcrReplicationConfiguration
  | EcrPullThroughCacheRule
  | CodeCommitRepository;

/**
 * A registry's image scanning configuration (GetRegistryScanningConfiguration), normalised. Not a
 * resource: rules read it from the context (needs: ecrRegistryScanning).
 */
export interface EcrRegistryScanning {
  /** BASIC when the registry never set one (AWS's default). */
  scanType: 'BASIC' | 'ENHANCED';
  rules: { scanFrequency: string; repositoryFilters: EcrRepositoryFilter[] }[];
}

export type ResourceOfType<T extends ResourceType> = Extract<Resource, { resourceType: T }>;
