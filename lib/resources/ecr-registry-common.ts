/**
 * Shared by the adapters of registry-level ECR types (RegistryPolicy, ReplicationConfiguration,
 * PullThroughCacheRule), whose Config shapes are UNVERIFIED (docs/aws-data.md §2): keys are read in
 * the CloudFormation casing (`RegistryId`) or the API casing (`registryId`), whichever is present.
 */
import { buildArn } from './arn';
import type { CheckedItem } from './ci-reader';
import type { Fields } from './read';

/** The first of `keys` that holds a value (not absent or null), else the first key. */
export function keyOf(fields: Fields, ...keys: [string, ...string[]]): string {
  return keys.find((key) => fields.has(key)) ?? keys[0];
}

export type RegistryResourceKind =
  | 'registry-policy'
  | 'replication-configuration'
  | 'pull-through-cache-rule';

/**
 * The model ARN of a registry-level resource. ECR registries have no ARN (IAM's registry actions
 * take Resource "*") and Config's ARN for these types is UNVERIFIED, so every adapter derives the
 * same value: `arn:<partition>:ecr:<region>:<account>:<kind>/<id>`.
 */
export function registryResourceArn(
  kind: RegistryResourceKind,
  region: string,
  accountId: string,
  id: string,
): string {
  return buildArn('ecr', region, accountId, `${kind}/${id}`);
}

/** A 12-digit account id, or undefined. */
export function accountIdOf(value: string | undefined): string | undefined {
  return value !== undefined && /^\d{12}$/.test(value) ? value : undefined;
}

/**
 * The identity of a registry-level resource (registry policy, replication configuration) from its
 * configuration item: the registry id from the configuration, else the item's id or account.
 */
export function registryIdentityOf(item: CheckedItem, kind: RegistryResourceKind) {
  const { configuration: c, fail } = item;
  const registryId =
    c.string(keyOf(c, 'RegistryId', 'registryId')) ??
    accountIdOf(item.resourceId) ??
    item.accountId ??
    fail('configuration.RegistryId is missing');
  const accountId = item.accountId ?? registryId;
  const region = item.region ?? fail('awsRegion is missing');
  return {
    resourceId: item.resourceId,
    registryId,
    accountId,
    region,
    arn: registryResourceArn(kind, region, accountId, registryId),
    tags: item.tags,
  };
}
