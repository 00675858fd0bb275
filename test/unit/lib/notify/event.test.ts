import { describe, expect, it } from 'vitest';
import { InvalidComplianceEventError, parseComplianceChangeEvent } from '../../../../lib/notify/event';
import { CAPTURED_EVENT, complianceChangeEvent } from '../../../fixtures/compliance-events';

describe('parseComplianceChangeEvent', () => {
  it('reads the captured event of aws-facts §4 (configRuleARN upper case, no old annotation key)', () => {
    // Act
    const change = parseComplianceChangeEvent(CAPTURED_EVENT);

    // Assess
    expect(change).toEqual({
      eventId: 'c0bb891c-0000-0000-0000-be78b966f95b',
      eventTime: '2025-05-01T10:00:05Z',
      account: '123456789012',
      region: 'eu-west-1',
      partition: 'aws',
      configRuleName: 'ci-private-ecr',
      configRuleArn: 'arn:aws:config:eu-west-1:123456789012:config-rule/config-rule-eguym2',
      resourceType: 'AWS::ECR::Repository',
      resourceId: 'builder',
      current: {
        compliance: 'NON_COMPLIANT',
        annotation: 'Repository policy allows Principal *',
        orderingTimestamp: '2025-05-01T10:00:00.000Z',
        resultRecordedTime: '2025-05-01T10:00:04.741Z',
      },
      previous: {
        compliance: 'COMPLIANT',
        orderingTimestamp: '2025-04-30T10:00:00.000Z',
        resultRecordedTime: '2025-04-30T10:00:04.000Z',
      },
    });
  });

  it('reads a first evaluation (no oldEvaluationResult) with annotation null', () => {
    // Prepare
    const event = complianceChangeEvent({ new: { compliance: 'NON_COMPLIANT', annotation: null } });

    // Act
    const change = parseComplianceChangeEvent(event);

    // Assess
    expect(change.previous).toBeUndefined();
    expect(change.current).toEqual({
      compliance: 'NON_COMPLIANT',
      orderingTimestamp: '2025-05-01T10:00:00.000Z',
      resultRecordedTime: '2025-05-01T10:00:00.741Z',
    });
  });

  it('treats oldEvaluationResult null as a first evaluation', () => {
    const event = complianceChangeEvent({ new: { compliance: 'NON_COMPLIANT' } });
    const change = parseComplianceChangeEvent({
      ...event,
      detail: { ...event.detail, oldEvaluationResult: null },
    });
    expect(change.previous).toBeUndefined();
  });

  it('reads the partition of a China Region rule', () => {
    const event = complianceChangeEvent({
      partition: 'aws-cn',
      region: 'cn-north-1',
      new: { compliance: 'COMPLIANT' },
    });
    expect(parseComplianceChangeEvent(event).partition).toBe('aws-cn');
  });

  it('falls back to the qualifier and the envelope when the detail lacks names', () => {
    // Prepare
    const event = complianceChangeEvent({ new: { compliance: 'NON_COMPLIANT' } });
    const {
      resourceId: _id,
      resourceType: _type,
      awsRegion: _region,
      awsAccountId: _account,
      configRuleName: _name,
      ...detail
    } = event.detail;

    // Act
    const change = parseComplianceChangeEvent({ ...event, detail });

    // Assess
    expect([
      change.configRuleName,
      change.resourceType,
      change.resourceId,
      change.account,
      change.region,
    ]).toEqual([
      'ppguard-ecr-repository-not-public',
      'AWS::ECR::Repository',
      'builder',
      '123456789012',
      'eu-west-1',
    ]);
  });

  it.each([
    ['not an object', 'x', 'event must be an object, got a string'],
    [
      'another detail type',
      {
        ...complianceChangeEvent({ new: { compliance: 'COMPLIANT' } }),
        'detail-type': 'Config Configuration Item Change',
      },
      'event is not an AWS Config "Config Rules Compliance Change" event (source "aws.config", detail-type "Config Configuration Item Change")',
    ],
    [
      'no newEvaluationResult',
      (() => {
        const e = complianceChangeEvent({ new: { compliance: 'COMPLIANT' } });
        return { ...e, detail: { ...e.detail, newEvaluationResult: undefined } };
      })(),
      'detail.newEvaluationResult must be an object, got undefined',
    ],
    [
      'an unknown compliance type',
      complianceChangeEvent({ new: { compliance: 'BROKEN' as 'COMPLIANT' } }),
      'detail.newEvaluationResult.complianceType "BROKEN" is not a compliance type',
    ],
    [
      'an annotation that is not a string',
      complianceChangeEvent({ new: { compliance: 'NON_COMPLIANT', annotation: 42 as unknown as string } }),
      'detail.newEvaluationResult.annotation must be a string, got number',
    ],
    [
      'an oldEvaluationResult that is a string',
      (() => {
        const e = complianceChangeEvent({ new: { compliance: 'COMPLIANT' } });
        return { ...e, detail: { ...e.detail, oldEvaluationResult: 'COMPLIANT' } };
      })(),
      'detail.oldEvaluationResult must be an object, got a string',
    ],
    [
      'no configRuleARN',
      (() => {
        const e = complianceChangeEvent({ new: { compliance: 'COMPLIANT' } });
        const { configRuleARN: _arn, ...detail } = e.detail;
        return { ...e, detail: { ...detail, configRuleArn: 'arn:aws:config:eu-west-1:1:config-rule/x' } };
      })(),
      'detail.configRuleARN must be a non-empty string, got undefined',
    ],
    [
      'an ordering timestamp that is not a time',
      complianceChangeEvent({ new: { compliance: 'COMPLIANT', orderingTimestamp: 'yesterday' } }),
      'detail.newEvaluationResult.evaluationResultIdentifier.orderingTimestamp is not a timestamp: "yesterday"',
    ],
  ])('rejects %s', (_name, event, message) => {
    // Act
    const act = () => parseComplianceChangeEvent(event);

    // Assess
    expect(act).toThrowError(InvalidComplianceEventError);
    expect(act).toThrowError(message);
  });
});
