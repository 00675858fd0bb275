/**
 * Read access to an account through the Describe APIs (the AwsReaders the Config pipeline and the
 * CLI use). Clients and collector modules load on first use, so a Lambda that never sweeps a type
 * never pays for that service's SDK at cold start.
 */
import type { ClientOptions } from '../aws/clients';
import type { AwsReaders, NetworkLoader } from '../config/evaluate-event';
import type { Resource, ResourceType } from '../resources/model';

function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => {
    loaded ??= load();
    return loaded;
  };
}

export function describeSource(options: ClientOptions = {}): AwsReaders {
  const codeBuild = once(async () => (await import('../aws/clients')).createCodeBuildClient(options));
  const ecr = once(async () => (await import('../aws/clients')).createEcrClient(options));
  const ec2 = once(async () => (await import('../aws/clients')).createEc2Client(options));
  const region = options.region === undefined ? {} : { region: options.region };

  const list = async (resourceType: ResourceType): Promise<Resource[]> => {
    switch (resourceType) {
      case 'AWS::CodeBuild::Project': {
        const { collectCodeBuildProjects } = await import('./codebuild');
        return collectCodeBuildProjects(await codeBuild());
      }
      case 'AWS::ECR::Repository': {
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
    }
  };

  return {
    list,
    codeBuildProjects: async (names) => {
      const { getCodeBuildProjects } = await import('./codebuild');
      return getCodeBuildProjects(await codeBuild(), names);
    },
    networkLoader: (): NetworkLoader => {
      const loader = once(async () => {
        const { createNetworkLoader } = await import('../network/load');
        return createNetworkLoader(await ec2(), { region: options.region ?? process.env.AWS_REGION ?? '' });
      });
      return { load: async (vpcIds) => (await loader()).load(vpcIds) };
    },
  };
}
