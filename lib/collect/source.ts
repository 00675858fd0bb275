/**
 * Read access to an account through the Describe APIs (the AwsReaders the Config pipeline and the
 * CLI use). Clients and collector modules load on first use, so a Lambda that never sweeps a type
 * never pays for that service's SDK at cold start.
 */
import type { CodeBuildClient } from '@aws-sdk/client-codebuild';
import type { CodeCommitClient } from '@aws-sdk/client-codecommit';
import type { ConfigServiceClient } from '@aws-sdk/client-config-service';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { ECRClient } from '@aws-sdk/client-ecr';
import type { ECRPUBLICClient } from '@aws-sdk/client-ecr-public';
import type { ClientOptions } from '../aws/clients';
import type { AwsReaders, NetworkLoader } from '../engine/inputs';
import type { Listing } from '../resources/errors';
import type { ResourceType } from '../resources/model';

function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => {
    loaded ??= load();
    return loaded;
  };
}

export interface SourceOptions extends ClientOptions {
  /**
   * Lambda only: read ECR repositories' policies, lifecycle policies and tags from what this Config
   * client's account has recorded (lib/collect/ecr-recorded.ts), ~2 calls per 100 repositories
   * instead of 3 per repository. The CLI leaves it unset: it must work where AWS Config is off.
   */
  recordedEcrRepositories?: ConfigServiceClient;
}

/** The clients a collector may use, each created on first use. */
interface Clients {
  codeBuild: () => Promise<CodeBuildClient>;
  ecr: () => Promise<ECRClient>;
  ec2: () => Promise<EC2Client>;
  ecrPublic: () => Promise<ECRPUBLICClient>;
  codeCommit: () => Promise<CodeCommitClient>;
  region: { region?: string };
  recordedEcrRepositories: ConfigServiceClient | undefined;
}

/**
 * The collector of each type of the resource-type catalog (lib/resources/catalog.ts), keyed the
 * same way so a type without one does not compile. Modules load on first use.
 */
const COLLECTORS: { readonly [T in ResourceType]: (clients: Clients) => Promise<Listing> } = {
  'AWS::CodeBuild::Project': async (c) =>
    (await import('./codebuild')).collectCodeBuildProjects(await c.codeBuild()),
  'AWS::ECR::Repository': async (c) => {
    if (c.recordedEcrRepositories) {
      const { collectRecordedEcrRepositories } = await import('./ecr-recorded');
      return collectRecordedEcrRepositories(await c.ecr(), c.recordedEcrRepositories);
    }
    return (await import('./ecr')).collectEcrRepositories(await c.ecr());
  },
  'AWS::EC2::VPCEndpoint': async (c) =>
    (await import('./vpc-endpoints')).collectVpcEndpoints(await c.ec2(), {}, c.region),
  'AWS::EC2::VPC': async (c) => (await import('./vpcs')).collectVpcs(await c.ec2(), c.region),
  // ECR Public lives in us-east-1: from a reader in any other Region this lists nothing.
  'AWS::ECR::PublicRepository': async (c) =>
    (await import('./ecr-public')).collectEcrPublicRepositories(await c.ecrPublic()),
  'AWS::ECR::RegistryPolicy': async (c) =>
    (await import('./ecr-registry')).collectEcrRegistryPolicies(await c.ecr(), c.region),
  'AWS::ECR::ReplicationConfiguration': async (c) =>
    (await import('./ecr-registry')).collectEcrReplicationConfigurations(await c.ecr(), c.region),
  'AWS::ECR::PullThroughCacheRule': async (c) =>
    (await import('./ecr-registry')).collectEcrPullThroughCacheRules(await c.ecr(), c.region),
  'AWS::CodeCommit::Repository': async (c) =>
    (await import('./codecommit')).collectCodeCommitRepositories(await c.codeCommit()),
};

/**
 * Reads named resources of the types whose listing is large or per-resource (completion of a
 * recorded item, lib/engine/complete.ts); the others are listed and picked by name.
 */
const DESCRIBERS: {
  readonly [T in ResourceType]?: (clients: Clients, names: readonly string[]) => Promise<Listing>;
} = {
  'AWS::CodeBuild::Project': async (c, names) =>
    (await import('./codebuild')).getCodeBuildProjects(await c.codeBuild(), names),
  'AWS::ECR::Repository': async (c, names) =>
    (await import('./ecr')).describeEcrRepositories(await c.ecr(), names),
};

/** The named resources of a listing (by resourceName, the name the Describe APIs use). */
async function describeByListing(
  list: (type: ResourceType) => Promise<Listing>,
  type: ResourceType,
  names: readonly string[],
): Promise<Listing> {
  const wanted = new Set(names);
  const listing = await list(type);
  return {
    resources: listing.resources.filter((r) => wanted.has(r.resourceName)),
    failures: listing.failures.filter((f) => wanted.has(f.resourceId)),
  };
}

export function describeSource(sourceOptions: SourceOptions = {}): AwsReaders {
  const { recordedEcrRepositories, ...options } = sourceOptions;
  const codeBuild = once(async () => (await import('../aws/clients')).createCodeBuildClient(options));
  const ecr = once(async () => (await import('../aws/clients')).createEcrClient(options));
  const ec2 = once(async () => (await import('../aws/clients')).createEc2Client(options));
  const ecrPublic = once(async () => (await import('../aws/clients')).createEcrPublicClient(options));
  const codeCommit = once(async () => (await import('../aws/clients')).createCodeCommitClient(options));
  const region = options.region === undefined ? {} : { region: options.region };

  const clients: Clients = { codeBuild, ecr, ec2, ecrPublic, codeCommit, region, recordedEcrRepositories };
  // Each collector reads every resource on its own: what could not be read is in `failures`.
  const list = (resourceType: ResourceType): Promise<Listing> => COLLECTORS[resourceType](clients);

  return {
    list,
    describe: (resourceType, names) =>
      DESCRIBERS[resourceType]?.(clients, names) ?? describeByListing(list, resourceType, names),
    ecrRegistryScanning: async () => {
      const { readEcrRegistryScanning } = await import('./ecr-registry');
      return readEcrRegistryScanning(await ecr());
    },
    networkLoader: (): NetworkLoader => {
      const loader = once(async () => {
        const { createNetworkLoader } = await import('./network');
        return createNetworkLoader(await ec2(), { region: options.region ?? process.env.AWS_REGION ?? '' });
      });
      return { load: async (vpcIds) => (await loader()).load(vpcIds) };
    },
  };
}
