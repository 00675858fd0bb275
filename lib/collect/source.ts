/**
 * Read access to an account through the Describe APIs (the AwsReaders the Config pipeline and the
 * CLI use). Clients and collector modules load on first use, so a Lambda that never sweeps a type
 * never pays for that service's SDK at cold start.
 */
import type { ConfigServiceClient } from '@aws-sdk/client-config-service';
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

export function describeSource(sourceOptions: SourceOptions = {}): AwsReaders {
  const { recordedEcrRepositories, ...options } = sourceOptions;
  const codeBuild = once(async () => (await import('../aws/clients')).createCodeBuildClient(options));
  const ecr = once(async () => (await import('../aws/clients')).createEcrClient(options));
  const ec2 = once(async () => (await import('../aws/clients')).createEc2Client(options));
  const ecrPublic = once(async () => (await import('../aws/clients')).createEcrPublicClient(options));
  const codeCommit = once(async () => (await import('../aws/clients')).createCodeCommitClient(options));
  const region = options.region === undefined ? {} : { region: options.region };

  // Each collector reads every resource on its own: what could not be read is in `failures`.
  const list = async (resourceType: ResourceType): Promise<Listing> => {
    switch (resourceType) {
      case 'AWS::CodeBuild::Project': {
        const { collectCodeBuildProjects } = await import('./codebuild');
        return collectCodeBuildProjects(await codeBuild());
      }
      case 'AWS::ECR::Repository': {
        if (recordedEcrRepositories) {
          const { collectRecordedEcrRepositories } = await import('./ecr-recorded');
          return collectRecordedEcrRepositories(await ecr(), recordedEcrRepositories);
        }
        const { collectEcrRepositories } = await import('./ecr');
        return collectEcrRepositories(await ecr());
      }
      case 'AWS::EC2::VPCEndpoint': {
        const { collectVpcEndpoints } = await import('./vpc-endpoints');
        return collectVpcEndpoints(await ec2(), {}, region);
      }
      case 'AWS::EC2::VPC': {
        const { collectVpcs } = await import('./vpcs');
        return collectVpcs(await ec2(), region);
      }
      case 'AWS::ECR::PublicRepository': {
        // ECR Public lives in us-east-1: from a reader in any other Region this lists nothing.
        const { collectEcrPublicRepositories } = await import('./ecr-public');
        return collectEcrPublicRepositories(await ecrPublic());
      }
      case 'AWS::ECR::RegistryPolicy': {
        const { collectEcrRegistryPolicies } = await import('./ecr-registry');
        return collectEcrRegistryPolicies(await ecr(), region);
      }
      case 'AWS::ECR::ReplicationConfiguration': {
        const { collectEcrReplicationConfigurations } = await import('./ecr-registry');
        return collectEcrReplicationConfigurations(await ecr(), region);
      }
      case 'AWS::ECR::PullThroughCacheRule': {
        const { collectEcrPullThroughCacheRules } = await import('./ecr-registry');
        return collectEcrPullThroughCacheRules(await ecr(), region);
      }
      case 'AWS::CodeCommit::Repository': {
        const { collectCodeCommitRepositories } = await import('./codecommit');
        return collectCodeCommitRepositories(await codeCommit());
      }
    }
  };

  return {
    list,
    codeBuildProjects: async (names) => {
      // A project left out here fails the rule that needed its visibility, naming it.
      const { getCodeBuildProjects } = await import('./codebuild');
      return (await getCodeBuildProjects(await codeBuild(), names)).resources;
    },
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
