/**
 * A Describe-API resource source: resource type -> every resource of that type in the account and
 * region. Clients and collector modules load on first use, so a Lambda that never sweeps a type
 * never pays for that service's SDK at cold start.
 */
import type { ClientOptions } from '../aws/clients';
import type { Resource, ResourceType } from '../resources/model';

export type DescribeSource = (resourceType: ResourceType) => Promise<Resource[]>;

export function describeSource(options: ClientOptions = {}): DescribeSource {
  const once = <T>(load: () => Promise<T>): (() => Promise<T>) => {
    let loaded: Promise<T> | undefined;
    return () => {
      loaded ??= load();
      return loaded;
    };
  };
  const codeBuild = once(async () => (await import('../aws/clients')).createCodeBuildClient(options));
  const ecr = once(async () => (await import('../aws/clients')).createEcrClient(options));
  const ec2 = once(async () => (await import('../aws/clients')).createEc2Client(options));

  return async (resourceType) => {
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
        return collectVpcEndpoints(
          await ec2(),
          {},
          options.region === undefined ? {} : { region: options.region },
        );
      }
    }
  };
}
