import { type Alert, buildAlert } from '../../../../lib/notify/alert';
import { decideTransition } from '../../../../lib/notify/decide';
import { parseComplianceChangeEvent } from '../../../../lib/notify/event';
import { ruleForConfigRuleName } from '../../../../rules/index';
import { type ComplianceEventOptions, complianceChangeEvent } from '../../../fixtures/compliance-events';

/** The alert the notify pipeline builds for an event (fails the test if the event needs none). */
export function alertFor(options: ComplianceEventOptions): Alert {
  const change = parseComplianceChangeEvent(complianceChangeEvent(options));
  const rule = ruleForConfigRuleName(change.configRuleName);
  if (!rule) throw new Error(`no ppguard rule for ${change.configRuleName}`);
  const transition = decideTransition(change.previous, change.current);
  if (transition === 'none') throw new Error('the event needs no alert');
  return buildAlert(change, rule, transition);
}

export const VIOLATION: ComplianceEventOptions = {
  old: { compliance: 'COMPLIANT' },
  new: { compliance: 'NON_COMPLIANT', annotation: 'Repository policy allows Principal *' },
};

export const RESOLVED: ComplianceEventOptions = {
  id: 'd1e2f3a4-0000-0000-0000-000000000002',
  old: { compliance: 'NON_COMPLIANT', annotation: 'Repository policy allows Principal *' },
  new: { compliance: 'COMPLIANT', orderingTimestamp: '2025-05-01T11:00:00.000Z' },
};

export const CHANGED: ComplianceEventOptions = {
  id: 'd1e2f3a4-0000-0000-0000-000000000003',
  old: { compliance: 'NON_COMPLIANT', annotation: 'Repository policy allows Principal *' },
  new: {
    compliance: 'NON_COMPLIANT',
    annotation: 'Repository policy allows untrusted account 210987654321',
    orderingTimestamp: '2025-05-01T12:00:00.000Z',
  },
};

/** The JSON text CloudWatch publishes to SNS when an alarm changes state (documented shape). */
export const ALARM_NOTIFICATION = {
  AlarmName: 'ppguard-prod-evaluate-errors',
  AlarmDescription: 'The ppguard evaluator failed; Config keeps the previous verdicts.',
  AWSAccountId: '123456789012',
  AlarmConfigurationUpdatedTimestamp: '2026-12-01T09:00:00.000+0000',
  NewStateValue: 'ALARM',
  NewStateReason:
    'Threshold Crossed: 1 out of the last 1 datapoints [2.0 (04/12/26 10:00:00)] was greater than the threshold (0.0) (minimum 1 datapoint for OK -> ALARM transition).',
  StateChangeTime: '2026-12-04T10:05:00.123+0000',
  Region: 'EU (Ireland)',
  AlarmArn: 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:ppguard-prod-evaluate-errors',
  OldStateValue: 'OK',
  OKActions: [],
  AlarmActions: ['arn:aws:sns:eu-west-1:123456789012:ppguard-prod-alerts'],
  InsufficientDataActions: [],
  Trigger: {
    MetricName: 'Errors',
    Namespace: 'AWS/Lambda',
    StatisticType: 'Statistic',
    Statistic: 'SUM',
    Unit: null,
    Dimensions: [{ value: 'ppguard-prod-evaluate', name: 'FunctionName' }],
    Period: 300,
    EvaluationPeriods: 1,
    ComparisonOperator: 'GreaterThanThreshold',
    Threshold: 0.0,
    TreatMissingData: 'missing',
    EvaluateLowSampleCountPercentile: '',
  },
};
