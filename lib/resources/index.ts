/**
 * Entry point of the resource layer: the models, the invocation-model dispatcher and the adapters.
 * Pure code; the SDK is imported for types only.
 */
import * as codeBuildProject from './codebuild-project';
import * as codeCommitRepository from './codecommit-repository';
import type { ConfigurationItemLike } from './configuration-item';
import * as ecrPublicRepository from './ecr-public-repository';
import * as ecrPullThroughCacheRule from './ecr-pull-through-cache-rule';
import * as ecrRegistryPolicy from './ecr-registry-policy';
import * as ecrReplicationConfiguration from './ecr-replication-configuration';
import * as ecrRepository from './ecr-repository';
import { UnsupportedResourceTypeError } from './errors';
import { RESOURCE_TYPES, type Resource } from './model';
import * as vpc from './vpc';
import * as vpcEndpoint from './vpc-endpoint';

export * from './configuration-item';
export {
  InvalidConfigurationItemError,
  InvalidDescribeResponseError,
  InvalidResourceDataError,
  UnsupportedResourceTypeError,
} from './errors';
export * from './model';
export { policyInputOf } from './policy';
export {
  codeBuildProject,
  codeCommitRepository,
  ecrPublicRepository,
  ecrPullThroughCacheRule,
  ecrRegistryPolicy,
  ecrReplicationConfiguration,
  ecrRepository,
  vpc,
  vpcEndpoint,
};

/** Types with a configuration-item adapter: AWS Config does not record CodeCommit repositories. */
const CONFIG_ITEM_TYPES = RESOURCE_TYPES.filter((type) => type !== 'AWS::CodeCommit::Repository');

/**
 * Normalises an invocation-model CI (status OK or ResourceDiscovered, with a configuration) into
 * the model of its type. Unknown types throw UnsupportedResourceTypeError; malformed items throw
 * InvalidConfigurationItemError.
 */
export function modelFromConfigurationItem(ci: ConfigurationItemLike): Resource {
  switch (ci.resourceType) {
    case 'AWS::CodeBuild::Project':
      return codeBuildProject.fromConfigurationItem(ci);
    case 'AWS::ECR::Repository':
      return ecrRepository.fromConfigurationItem(ci);
    case 'AWS::EC2::VPCEndpoint':
      return vpcEndpoint.fromConfigurationItem(ci);
    case 'AWS::EC2::VPC':
      return vpc.fromConfigurationItem(ci);
    case 'AWS::ECR::PublicRepository':
      return ecrPublicRepository.fromConfigurationItem(ci);
    case 'AWS::ECR::RegistryPolicy':
      return ecrRegistryPolicy.fromConfigurationItem(ci);
    case 'AWS::ECR::ReplicationConfiguration':
      return ecrReplicationConfiguration.fromConfigurationItem(ci);
    case 'AWS::ECR::PullThroughCacheRule':
      return ecrPullThroughCacheRule.fromConfigurationItem(ci);
    default:
      throw new UnsupportedResourceTypeError(String(ci.resourceType), CONFIG_ITEM_TYPES);
  }
}
