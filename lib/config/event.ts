/**
 * Parses the event AWS Config sends to a custom rule's Lambda function. The top level is a plain
 * object whose `invokingEvent` and `ruleParameters` are JSON strings (docs/aws-data.md §1). Anything
 * that does not have the documented shape is an InvalidEventError naming the problem: nothing is
 * evaluated from a guess.
 */
import { parseRuleParametersJson } from '../engine/params';
import { jsonSyntaxProblem } from '../resources/read';

export class InvalidEventError extends Error {
  override name = 'InvalidEventError';
}

/** The invocation-model configuration item, as far as the plumbing needs to read it. */
export interface EventConfigurationItem {
  resourceType: string;
  resourceId: string;
  resourceName?: string | null;
  configurationItemStatus: string;
  configurationItemCaptureTime: string;
  awsAccountId?: string;
  awsRegion?: string;
  configuration?: unknown;
  [key: string]: unknown;
}

export interface ConfigurationItemSummary {
  resourceType: string;
  resourceId: string;
  resourceName?: string | null;
  configurationItemStatus: string;
  configurationItemCaptureTime: string;
  changeType?: string;
  awsAccountId?: string;
  awsRegion?: string;
}

interface EventCommon {
  resultToken: string;
  eventLeftScope: boolean;
  accountId: string;
  configRuleName: string;
  ruleParameters: Record<string, unknown>;
  notificationCreationTime: string;
}

export type RuleEvent =
  | (EventCommon & { kind: 'change'; configurationItem: EventConfigurationItem })
  | (EventCommon & { kind: 'oversized'; summary: ConfigurationItemSummary })
  | (EventCommon & { kind: 'scheduled' });

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function requireString(object: Json, key: string, where: string): string {
  const value = object[key];
  if (typeof value !== 'string' || value === '') {
    throw new InvalidEventError(`${where}.${key} must be a non-empty string, got ${describe(value)}`);
  }
  return value;
}

function requireTimestamp(object: Json, key: string, where: string): string {
  const value = requireString(object, key, where);
  if (Number.isNaN(Date.parse(value))) {
    throw new InvalidEventError(`${where}.${key} is not a timestamp: ${JSON.stringify(value.slice(0, 40))}`);
  }
  return value;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return value === '' ? 'an empty string' : 'a string';
  return typeof value;
}

function parseJsonField(raw: unknown, field: string): Json {
  if (isObject(raw)) return raw; // Some test tools pass it already parsed; accept the object.
  if (typeof raw !== 'string')
    throw new InvalidEventError(`${field} must be a JSON string, got ${describe(raw)}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    throw new InvalidEventError(`${field} is not valid JSON: ${jsonSyntaxProblem(error)}`);
  }
  if (!isObject(parsed))
    throw new InvalidEventError(`${field} must encode a JSON object, got ${describe(parsed)}`);
  return parsed;
}

/** The statuses AWS Config documents (docs/aws-data.md §1, configurationItemStatus). */
export const ITEM_STATUSES: readonly string[] = [
  'OK',
  'ResourceDiscovered',
  'ResourceNotRecorded',
  'ResourceDeleted',
  'ResourceDeletedNotRecorded',
];

/** Untrusted text in an error message: quoted, and cut so a huge value cannot flood the logs. */
const quoted = (value: string) => JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}...` : value);

function parseItem(raw: unknown, where: string): EventConfigurationItem {
  if (!isObject(raw)) throw new InvalidEventError(`${where} must be an object, got ${describe(raw)}`);
  const resourceType = requireString(raw, 'resourceType', where);
  const resourceId = requireString(raw, 'resourceId', where);
  const status = requireString(raw, 'configurationItemStatus', where);
  // An unknown status is not "nothing to evaluate": NOT_APPLICABLE would close an open finding.
  if (!ITEM_STATUSES.includes(status)) {
    throw new InvalidEventError(
      `${where}.configurationItemStatus ${quoted(status)} of ${quoted(resourceType)} ${quoted(resourceId)} ` +
        `is not a status AWS Config documents (${ITEM_STATUSES.join(', ')}); nothing was evaluated`,
    );
  }
  requireTimestamp(raw, 'configurationItemCaptureTime', where);
  return raw as EventConfigurationItem;
}

export function parseRuleEvent(raw: unknown): RuleEvent {
  if (!isObject(raw)) throw new InvalidEventError(`event must be an object, got ${describe(raw)}`);
  const invoking = parseJsonField(raw.invokingEvent, 'invokingEvent');
  const eventLeftScope = raw.eventLeftScope ?? false;
  if (typeof eventLeftScope !== 'boolean') {
    throw new InvalidEventError(`eventLeftScope must be a boolean, got ${describe(eventLeftScope)}`);
  }
  const common: EventCommon = {
    resultToken: requireString(raw, 'resultToken', 'event'),
    eventLeftScope,
    accountId: requireString(raw, 'accountId', 'event'),
    configRuleName: requireString(raw, 'configRuleName', 'event'),
    ruleParameters: parseRuleParametersJson(raw.ruleParameters),
    notificationCreationTime: requireTimestamp(invoking, 'notificationCreationTime', 'invokingEvent'),
  };
  const messageType = requireString(invoking, 'messageType', 'invokingEvent');
  switch (messageType) {
    case 'ConfigurationItemChangeNotification':
      return {
        ...common,
        kind: 'change',
        configurationItem: parseItem(invoking.configurationItem, 'invokingEvent.configurationItem'),
      };
    case 'OversizedConfigurationItemChangeNotification':
      return {
        ...common,
        kind: 'oversized',
        summary: parseItem(invoking.configurationItemSummary, 'invokingEvent.configurationItemSummary'),
      };
    case 'ScheduledNotification':
      return { ...common, kind: 'scheduled' };
    default:
      throw new InvalidEventError(
        `invokingEvent.messageType ${JSON.stringify(messageType)} is not supported`,
      );
  }
}

/** AWS Config evaluates only items whose configuration it recorded and that are still in scope. */
export function isEvaluable(status: string): boolean {
  return status === 'OK' || status === 'ResourceDiscovered';
}
