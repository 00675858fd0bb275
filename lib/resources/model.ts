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
  /** Lower case: available or pending. */
  state: string;
}

export type Resource = CodeBuildProject | EcrRepository | VpcEndpoint | Vpc;

export type ResourceOfType<T extends ResourceType> = Extract<Resource, { resourceType: T }>;
