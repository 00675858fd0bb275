/**
 * AWS Config configuration items in the invocation model (what a custom rule's Lambda event
 * carries), and the conversion from the API model (GetResourceConfigHistory,
 * BatchGetResourceConfig). See docs/aws-data.md §1.
 *
 * Type-only SDK imports: this module is loaded by every rule Lambda, and the SDK dominates cold start.
 */
import type {
  BaseConfigurationItem as ApiBaseConfigurationItem,
  ConfigurationItem as ApiConfigurationItem,
} from '@aws-sdk/client-config-service';
import { InvalidConfigurationItemError, UNKNOWN_ID } from './errors';
import { isRecord, jsonSyntaxProblem } from './read';

export { InvalidConfigurationItemError } from './errors';

export type ConfigurationItemStatus =
  | 'OK'
  | 'ResourceDiscovered'
  | 'ResourceNotRecorded'
  | 'ResourceDeleted'
  | 'ResourceDeletedNotRecorded';

export interface ConfigurationItemRelationship {
  resourceType: string;
  resourceId?: string;
  resourceName?: string;
  /** e.g. "Is associated with " (Config keeps the trailing space). */
  name: string;
}

/** A configuration item in the invocation model. */
export interface ConfigurationItem {
  configurationItemVersion?: string;
  /** ISO 8601; the OrderingTimestamp of change-triggered evaluations. */
  configurationItemCaptureTime?: string;
  /** A number in Lambda events; kept as given when it is not a safe integer. */
  configurationStateId?: number | string;
  awsAccountId: string;
  configurationItemStatus: ConfigurationItemStatus;
  resourceType: string;
  /** The id Config evaluates (a UUID for CodeBuild projects, the name for ECR repositories). */
  resourceId: string;
  resourceName?: string | null;
  ARN?: string;
  awsRegion: string;
  availabilityZone?: string;
  configurationStateMd5Hash?: string;
  resourceCreationTime?: string | null;
  tags?: Record<string, string>;
  relatedEvents?: string[];
  relationships?: ConfigurationItemRelationship[];
  /** null when the resource is deleted or not recorded. */
  configuration: Record<string, unknown> | null;
  supplementaryConfiguration?: Record<string, unknown>;
  recordingFrequency?: string;
  configurationItemDeliveryTime?: string;
}

/**
 * What the adapters accept: any invocation-model item. Only its identity is typed, because every
 * other field is checked at runtime (items are JSON, and event parsers may type them loosely).
 */
export type ConfigurationItemLike = Pick<ConfigurationItem, 'resourceType' | 'resourceId'>;

/**
 * Converts an API-model item (GetResourceConfigHistory `ConfigurationItem`, or the
 * `BaseConfigurationItem` of BatchGetResourceConfig, which has no tags or relationships) into the
 * invocation model: renamed keys, `configuration` and `supplementaryConfiguration` values parsed
 * from JSON text, dates as ISO strings.
 *
 * - An absent, empty or `null` configuration becomes `null` (deleted or not-recorded resources).
 * - A configuration that is not valid JSON, or not a JSON object, throws InvalidConfigurationItemError.
 * - A supplementaryConfiguration value that is not JSON is kept as the raw string: no adapter reads
 *   it, and failing the whole item over it would lose the evaluation.
 */
export function fromApiConfigurationItem(
  item: ApiConfigurationItem | ApiBaseConfigurationItem,
): ConfigurationItem {
  const resourceType = item.resourceType ?? '(unknown type)';
  const resourceId = item.resourceId ?? UNKNOWN_ID;
  const fail = (problem: string, cause?: unknown): never => {
    throw new InvalidConfigurationItemError(
      resourceType,
      resourceId,
      problem,
      cause === undefined ? {} : { cause },
    );
  };
  const required = (value: string | undefined, key: string): string =>
    value === undefined || value === '' ? fail(`${key} is missing`) : value;

  const full: Partial<ApiConfigurationItem> = item;
  const ci: ConfigurationItem = {
    awsAccountId: required(item.accountId, 'accountId'),
    configurationItemStatus: required(
      item.configurationItemStatus,
      'configurationItemStatus',
    ) as ConfigurationItemStatus,
    resourceType: required(item.resourceType, 'resourceType'),
    resourceId: required(item.resourceId, 'resourceId'),
    awsRegion: required(item.awsRegion, 'awsRegion'),
    configuration: parseConfiguration(item.configuration, fail),
  };
  setIfDefined(ci, 'configurationItemVersion', item.version);
  setIfDefined(
    ci,
    'configurationItemCaptureTime',
    isoOf(item.configurationItemCaptureTime, 'configurationItemCaptureTime', fail),
  );
  setIfDefined(ci, 'configurationStateId', stateIdOf(item.configurationStateId));
  setIfDefined(ci, 'resourceName', item.resourceName);
  setIfDefined(ci, 'ARN', item.arn);
  setIfDefined(ci, 'availabilityZone', item.availabilityZone);
  setIfDefined(ci, 'configurationStateMd5Hash', full.configurationItemMD5Hash);
  setIfDefined(ci, 'resourceCreationTime', isoOf(item.resourceCreationTime, 'resourceCreationTime', fail));
  setIfDefined(ci, 'tags', full.tags === undefined ? undefined : { ...full.tags });
  setIfDefined(ci, 'relatedEvents', full.relatedEvents === undefined ? undefined : [...full.relatedEvents]);
  setIfDefined(
    ci,
    'relationships',
    full.relationships?.map((relationship, index) => {
      const converted: ConfigurationItemRelationship = {
        resourceType: required(relationship.resourceType, `relationships[${index}].resourceType`),
        name: relationship.relationshipName ?? '',
      };
      setIfDefined(converted, 'resourceId', relationship.resourceId);
      setIfDefined(converted, 'resourceName', relationship.resourceName);
      return converted;
    }),
  );
  setIfDefined(ci, 'supplementaryConfiguration', supplementaryOf(item.supplementaryConfiguration));
  setIfDefined(ci, 'recordingFrequency', full.recordingFrequency);
  setIfDefined(
    ci,
    'configurationItemDeliveryTime',
    isoOf(full.configurationItemDeliveryTime, 'configurationItemDeliveryTime', fail),
  );
  return ci;
}

function setIfDefined<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}

function parseConfiguration(
  text: string | undefined,
  fail: (problem: string, cause?: unknown) => never,
): Record<string, unknown> | null {
  if (text === undefined || text.trim() === '') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    // Neither the message nor the cause may quote the text: it holds PLAINTEXT variables.
    const problem = jsonSyntaxProblem(error);
    return fail(`configuration is not valid JSON: ${problem}`, new SyntaxError(problem));
  }
  if (parsed === null) return null;
  if (!isRecord(parsed)) return fail('configuration is not a JSON object');
  return parsed;
}

function supplementaryOf(values: Record<string, string> | undefined): Record<string, unknown> | undefined {
  if (values === undefined) return undefined;
  return Object.fromEntries(
    Object.entries(values).map(([key, value]) => {
      try {
        return [key, JSON.parse(value) as unknown];
      } catch {
        return [key, value];
      }
    }),
  );
}

/** The SDK gives Dates; JSON copies of API responses give ISO strings or epoch seconds (CLI, wire). */
function isoOf(value: unknown, key: string, fail: (problem: string) => never): string | undefined {
  if (value === undefined || value === null) return undefined;
  const date =
    value instanceof Date
      ? value
      : typeof value === 'number'
        ? new Date(value * 1000)
        : typeof value === 'string'
          ? new Date(value)
          : undefined;
  if (date === undefined || Number.isNaN(date.getTime())) return fail(`${key} is not a valid date`);
  return date.toISOString();
}

/** The API model has a string; Lambda events have a number (docs/aws-data.md §1). */
function stateIdOf(value: string | undefined): number | string | undefined {
  if (value === undefined) return undefined;
  const asNumber = Number(value);
  return /^\d+$/.test(value) && Number.isSafeInteger(asNumber) ? asNumber : value;
}
