/**
 * Parses the EventBridge event "Config Rules Compliance Change" (docs/aws-data.md §4). The detail uses
 * `configRuleARN` (upper case); `oldEvaluationResult` is absent on a first evaluation and
 * `annotation` may be absent or null in either result. An event that does not have the documented
 * shape is an InvalidComplianceEventError naming the problem: nothing is alerted from a guess.
 */
import type { ComplianceType } from './decide';

export class InvalidComplianceEventError extends Error {
  override name = 'InvalidComplianceEventError';
}

export const DETAIL_TYPE = 'Config Rules Compliance Change';

export interface EvaluationResult {
  compliance: ComplianceType;
  annotation?: string;
  orderingTimestamp: string;
  /** When Config recorded the result; the ordering timestamp when the event lacks it. */
  resultRecordedTime: string;
}

export interface ComplianceChange {
  eventId: string;
  eventTime: string;
  /** The resource's account and Region (detail), falling back to the envelope's. */
  account: string;
  region: string;
  /** From the rule ARN (`aws`, `aws-cn`, `aws-us-gov`, ...); undefined when the ARN is not one. */
  partition: string | undefined;
  configRuleName: string;
  configRuleArn: string;
  resourceType: string;
  resourceId: string;
  current: EvaluationResult;
  previous: EvaluationResult | undefined;
}

type Json = Record<string, unknown>;

const COMPLIANCE_TYPES: readonly string[] = [
  'COMPLIANT',
  'NON_COMPLIANT',
  'NOT_APPLICABLE',
  'INSUFFICIENT_DATA',
];

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return value === '' ? 'an empty string' : 'a string';
  return typeof value;
}

function optionalString(object: Json, key: string, where: string): string | undefined {
  const value = object[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string')
    throw new InvalidComplianceEventError(`${where}.${key} must be a string, got ${describe(value)}`);
  return value === '' ? undefined : value;
}

function requireString(object: Json, key: string, where: string): string {
  const value = optionalString(object, key, where);
  if (value === undefined) {
    throw new InvalidComplianceEventError(
      `${where}.${key} must be a non-empty string, got ${describe(object[key])}`,
    );
  }
  return value;
}

function requireTimestamp(object: Json, key: string, where: string): string {
  const value = requireString(object, key, where);
  if (Number.isNaN(Date.parse(value))) {
    throw new InvalidComplianceEventError(
      `${where}.${key} is not a timestamp: ${JSON.stringify(value.slice(0, 40))}`,
    );
  }
  return value;
}

function requireObject(object: Json, key: string, where: string): Json {
  const value = object[key];
  if (!isObject(value))
    throw new InvalidComplianceEventError(`${where}.${key} must be an object, got ${describe(value)}`);
  return value;
}

function parseResult(raw: Json, where: string): { result: EvaluationResult; qualifier: Json } {
  const identifier = requireObject(raw, 'evaluationResultIdentifier', where);
  const qualifier = requireObject(
    identifier,
    'evaluationResultQualifier',
    `${where}.evaluationResultIdentifier`,
  );
  const compliance = requireString(raw, 'complianceType', where);
  if (!COMPLIANCE_TYPES.includes(compliance)) {
    throw new InvalidComplianceEventError(
      `${where}.complianceType ${JSON.stringify(compliance.slice(0, 40))} is not a compliance type`,
    );
  }
  const orderingTimestamp = requireTimestamp(
    identifier,
    'orderingTimestamp',
    `${where}.evaluationResultIdentifier`,
  );
  const recorded =
    raw.resultRecordedTime === undefined
      ? orderingTimestamp
      : requireTimestamp(raw, 'resultRecordedTime', where);
  const annotation = optionalString(raw, 'annotation', where);
  return {
    result: {
      compliance: compliance as ComplianceType,
      ...(annotation === undefined ? {} : { annotation }),
      orderingTimestamp,
      resultRecordedTime: recorded,
    },
    qualifier,
  };
}

/** `arn:<partition>:config:...` -> partition. */
function partitionOf(arn: string): string | undefined {
  const match = /^arn:(aws[a-z-]*):config:/.exec(arn);
  return match?.[1];
}

export function parseComplianceChangeEvent(raw: unknown): ComplianceChange {
  if (!isObject(raw)) throw new InvalidComplianceEventError(`event must be an object, got ${describe(raw)}`);
  const source = raw.source;
  const detailType = raw['detail-type'];
  if (source !== 'aws.config' || detailType !== DETAIL_TYPE) {
    throw new InvalidComplianceEventError(
      `event is not an AWS Config "${DETAIL_TYPE}" event (source ${JSON.stringify(source)}, detail-type ${JSON.stringify(detailType)})`,
    );
  }
  const detail = requireObject(raw, 'detail', 'event');
  const current = parseResult(
    requireObject(detail, 'newEvaluationResult', 'detail'),
    'detail.newEvaluationResult',
  );
  const previous = isObject(detail.oldEvaluationResult)
    ? parseResult(detail.oldEvaluationResult, 'detail.oldEvaluationResult').result
    : undefined;
  if (
    detail.oldEvaluationResult !== undefined &&
    detail.oldEvaluationResult !== null &&
    previous === undefined
  ) {
    throw new InvalidComplianceEventError(
      `detail.oldEvaluationResult must be an object, got ${describe(detail.oldEvaluationResult)}`,
    );
  }
  const qualifier = current.qualifier;
  const where = 'detail.newEvaluationResult.evaluationResultIdentifier.evaluationResultQualifier';
  const configRuleArn = requireString(detail, 'configRuleARN', 'detail');
  return {
    eventId: requireString(raw, 'id', 'event'),
    eventTime: requireTimestamp(raw, 'time', 'event'),
    account: optionalString(detail, 'awsAccountId', 'detail') ?? requireString(raw, 'account', 'event'),
    region: optionalString(detail, 'awsRegion', 'detail') ?? requireString(raw, 'region', 'event'),
    partition: partitionOf(configRuleArn),
    configRuleName:
      optionalString(detail, 'configRuleName', 'detail') ?? requireString(qualifier, 'configRuleName', where),
    configRuleArn,
    resourceType:
      optionalString(detail, 'resourceType', 'detail') ?? requireString(qualifier, 'resourceType', where),
    resourceId:
      optionalString(detail, 'resourceId', 'detail') ?? requireString(qualifier, 'resourceId', where),
    current: current.result,
    previous,
  };
}
