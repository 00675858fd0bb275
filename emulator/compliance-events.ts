/**
 * EventBridge "Config Rules Compliance Change" events exactly as docs/aws-data.md §4 describes them:
 * `configRuleARN` upper case, `oldEvaluationResult` absent on a first evaluation, `annotation`
 * present, null or absent.
 */

export type Compliance = 'COMPLIANT' | 'NON_COMPLIANT' | 'NOT_APPLICABLE' | 'INSUFFICIENT_DATA';

export interface ResultOptions {
  compliance: Compliance;
  /** A string; null writes `"annotation": null` (DG example); undefined leaves the key out (captured event). */
  annotation?: string | null;
  orderingTimestamp?: string;
  resultRecordedTime?: string;
}

export interface ComplianceEventOptions {
  id?: string;
  account?: string;
  region?: string;
  partition?: string;
  configRuleName?: string;
  resourceType?: string;
  resourceId?: string;
  time?: string;
  /** undefined: a first evaluation (no oldEvaluationResult key). */
  old?: ResultOptions;
  new: ResultOptions;
}

function result(options: ResultOptions, qualifier: Record<string, string>, fallbackTime: string) {
  const ordering = options.orderingTimestamp ?? fallbackTime;
  return {
    evaluationResultIdentifier: { evaluationResultQualifier: qualifier, orderingTimestamp: ordering },
    complianceType: options.compliance,
    resultRecordedTime: options.resultRecordedTime ?? ordering.replace(/\.\d{3}Z$/, '.741Z'),
    configRuleInvokedTime: ordering.replace(/\.\d{3}Z$/, '.332Z'),
    ...(options.annotation === undefined ? {} : { annotation: options.annotation }),
  };
}

export function complianceChangeEvent(options: ComplianceEventOptions) {
  const account = options.account ?? '123456789012';
  const region = options.region ?? 'eu-west-1';
  const partition = options.partition ?? 'aws';
  const configRuleName = options.configRuleName ?? 'ppguard-ecr-repository-not-public';
  const resourceType = options.resourceType ?? 'AWS::ECR::Repository';
  const resourceId = options.resourceId ?? 'builder';
  const qualifier = { configRuleName, resourceType, resourceId };
  return {
    version: '0',
    id: options.id ?? 'c0bb891c-0000-0000-0000-be78b966f95b',
    'detail-type': 'Config Rules Compliance Change',
    source: 'aws.config',
    account,
    time: options.time ?? '2025-05-01T10:00:05Z',
    region,
    resources: [],
    detail: {
      resourceId,
      awsRegion: region,
      awsAccountId: account,
      configRuleName,
      recordVersion: '1.0',
      configRuleARN: `arn:${partition}:config:${region}:${account}:config-rule/config-rule-eguym2`,
      messageType: 'ComplianceChangeNotification',
      newEvaluationResult: result(options.new, qualifier, '2025-05-01T10:00:00.000Z'),
      ...(options.old
        ? { oldEvaluationResult: result(options.old, qualifier, '2025-04-30T10:00:00.000Z') }
        : {}),
      notificationCreationTime: '2025-05-01T10:00:05.751Z',
      resourceType,
    },
  };
}

/** A captured event (the shape of docs/aws-data.md §4), verbatim. */
export const CAPTURED_EVENT = {
  version: '0',
  id: 'c0bb891c-0000-0000-0000-be78b966f95b',
  'detail-type': 'Config Rules Compliance Change',
  source: 'aws.config',
  account: '123456789012',
  time: '2025-05-01T10:00:05Z',
  region: 'eu-west-1',
  resources: [],
  detail: {
    resourceId: 'builder',
    awsRegion: 'eu-west-1',
    awsAccountId: '123456789012',
    configRuleName: 'ci-private-ecr',
    recordVersion: '1.0',
    configRuleARN: 'arn:aws:config:eu-west-1:123456789012:config-rule/config-rule-eguym2',
    messageType: 'ComplianceChangeNotification',
    newEvaluationResult: {
      evaluationResultIdentifier: {
        evaluationResultQualifier: {
          configRuleName: 'ci-private-ecr',
          resourceType: 'AWS::ECR::Repository',
          resourceId: 'builder',
        },
        orderingTimestamp: '2025-05-01T10:00:00.000Z',
      },
      complianceType: 'NON_COMPLIANT',
      resultRecordedTime: '2025-05-01T10:00:04.741Z',
      configRuleInvokedTime: '2025-05-01T10:00:04.332Z',
      annotation: 'Repository policy allows Principal *',
    },
    oldEvaluationResult: {
      evaluationResultIdentifier: {
        evaluationResultQualifier: {
          configRuleName: 'ci-private-ecr',
          resourceType: 'AWS::ECR::Repository',
          resourceId: 'builder',
        },
        orderingTimestamp: '2025-04-30T10:00:00.000Z',
      },
      complianceType: 'COMPLIANT',
      resultRecordedTime: '2025-04-30T10:00:04.000Z',
      configRuleInvokedTime: '2025-04-30T10:00:03.900Z',
    },
    notificationCreationTime: '2025-05-01T10:00:05.751Z',
    resourceType: 'AWS::ECR::Repository',
  },
};
