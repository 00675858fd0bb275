/**
 * Entry point of the resource layer: the models, the invocation-model dispatcher and the adapters.
 * Pure code; the SDK is imported for types only.
 */

import { descriptorOf, RESOURCE_DESCRIPTORS } from './catalog';
import * as codeBuildProject from './codebuild-project';
import * as codeCommitRepository from './codecommit-repository';
import type { ConfigurationItemLike } from './configuration-item';
import * as ecrPublicRepository from './ecr-public-repository';
import * as ecrPullThroughCacheRule from './ecr-pull-through-cache-rule';
import * as ecrRegistryPolicy from './ecr-registry-policy';
import * as ecrReplicationConfiguration from './ecr-replication-configuration';
import * as ecrRepository from './ecr-repository';
import { UnsupportedResourceTypeError } from './errors';
import type { Resource } from './model';
import * as vpc from './vpc';
import * as vpcEndpoint from './vpc-endpoint';

export * from './catalog';
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

/** Types with a configuration-item adapter: those AWS Config records. */
const CONFIG_ITEM_TYPES = RESOURCE_DESCRIPTORS.filter((d) => d.fromConfigurationItem).map((d) => d.type);

/**
 * Normalises an invocation-model CI (status OK or ResourceDiscovered, with a configuration) into
 * the model of its type, with the adapter its catalog descriptor names. Unknown types, and types
 * Config never records, throw UnsupportedResourceTypeError; malformed items throw
 * InvalidConfigurationItemError.
 */
export function modelFromConfigurationItem(ci: ConfigurationItemLike): Resource {
  const adapter = descriptorOf(String(ci.resourceType))?.fromConfigurationItem;
  if (!adapter) throw new UnsupportedResourceTypeError(String(ci.resourceType), CONFIG_ITEM_TYPES);
  return adapter(ci);
}
