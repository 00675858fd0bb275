import { type Arn, parseArn } from './arn';
import type { ConfigurationItemLike } from './configuration-item';
import { InvalidConfigurationItemError, UNKNOWN_ID } from './errors';
import type { ResourceType } from './model';
import { type Fail, Fields, isRecord, tagMap } from './read';

/** The parts of a configuration item every adapter needs, checked once. */
export interface CheckedItem {
  resourceId: string;
  resourceName: string | undefined;
  arn: string | undefined;
  parsedArn: Arn | undefined;
  /** awsAccountId, else the ARN's account. */
  accountId: string | undefined;
  /** awsRegion, else the ARN's region. */
  region: string | undefined;
  /** The item's tag map ({} when the item has none). */
  tags: Record<string, string>;
  /** Whether the item carries a tag map at all (BatchGetResourceConfig's items do not). */
  tagsRecorded: boolean;
  /** The `configuration` object. */
  configuration: Fields;
  fail: Fail;
}

/**
 * Checks the envelope of an invocation-model item for `expected` and opens its configuration.
 * Items arrive as JSON, so nothing is trusted to match the TypeScript type.
 */
export function checkItem(ci: ConfigurationItemLike, expected: ResourceType): CheckedItem {
  const envelope: unknown = ci;
  const early = (problem: string): never => {
    throw new InvalidConfigurationItemError(expected, UNKNOWN_ID, problem);
  };
  if (!isRecord(envelope)) return early('the configuration item is not an object');
  const top = new Fields(envelope, '', early);
  const resourceId = top.requiredString('resourceId');
  const fail: Fail = (problem) => {
    throw new InvalidConfigurationItemError(expected, resourceId, problem);
  };
  const item = new Fields(envelope, '', fail);
  const resourceType = item.string('resourceType');
  if (resourceType !== expected) {
    return fail(
      resourceType === undefined
        ? 'resourceType is missing'
        : `resourceType is ${resourceType}, not ${expected}`,
    );
  }
  const configuration = envelope.configuration;
  if (!isRecord(configuration)) {
    const status = item.string('configurationItemStatus') ?? 'unknown';
    return fail(
      configuration === undefined || configuration === null
        ? `configuration is missing (status ${status})`
        : 'configuration is not an object',
    );
  }
  const arn = item.string('ARN');
  const parsedArn = parseArn(arn);
  const tagsObject = item.object('tags');
  return {
    resourceId,
    resourceName: item.string('resourceName'),
    arn,
    parsedArn,
    accountId: item.string('awsAccountId') ?? (parsedArn?.accountId || undefined),
    region: item.string('awsRegion') ?? (parsedArn?.region || undefined),
    tags: tagsObject ? tagMap(tagsObject.keys().map((key) => [key, tagsObject.string(key)])) : {},
    tagsRecorded: tagsObject !== undefined,
    configuration: new Fields(configuration, 'configuration', fail),
    fail,
  };
}
