import { describe, expect, it } from 'vitest';
import { parseAlarm } from '../../../../lib/notify/alarm';
import { InvalidAlertError, parseAlert } from '../../../../lib/notify/alert';
import { InvalidSnsEventError, parseDeadLetterBody, parseSnsEvent } from '../../../../lib/notify/sns-event';
import { ALARM_NOTIFICATION, alertFor, VIOLATION } from './support';

const alert = alertFor(VIOLATION);
const snsEvent = (message: string) => ({
  Records: [
    {
      EventSource: 'aws:sns',
      EventVersion: '1.0',
      EventSubscriptionArn: 'arn:aws:sns:eu-west-1:123456789012:ppguard-alerts:0b5c',
      Sns: { Type: 'Notification', MessageId: 'm-1', Subject: 'x', Message: message, MessageAttributes: {} },
    },
  ],
});

describe('parseSnsEvent', () => {
  it('reads the alert of each record', () => {
    expect(parseSnsEvent(snsEvent(JSON.stringify(alert)))).toEqual([
      { kind: 'alert', messageId: 'm-1', alert },
    ]);
  });

  it('refuses an event without Records and a record without a message', () => {
    expect(() => parseSnsEvent({})).toThrowError(InvalidSnsEventError);
    expect(() => parseSnsEvent({ Records: [{ Sns: {} }] })).toThrowError(
      'Records[0] is not an SNS record (no Sns.Message)',
    );
  });

  it('refuses a ppguard alert of another version, quoting at most 64 characters of it', () => {
    expect(() => parseSnsEvent(snsEvent(JSON.stringify({ ...alert, version: 2 })))).toThrowError(
      'the message is not a ppguard.alert version 1 alert (schema "ppguard.alert", version 2)',
    );
    expect(() =>
      parseSnsEvent(snsEvent(JSON.stringify({ ...alert, version: 'v'.repeat(100_000) }))),
    ).toThrowError(
      `the message is not a ppguard.alert version 1 alert (schema "ppguard.alert", version "${'v'.repeat(62)}…)`,
    );
  });

  it('recognises a CloudWatch alarm notification', () => {
    expect(parseSnsEvent(snsEvent(JSON.stringify(ALARM_NOTIFICATION)))).toEqual([
      { kind: 'alarm', messageId: 'm-1', alarm: parseAlarm(ALARM_NOTIFICATION) },
    ]);
  });

  it('returns any other message as "other" with its shape, not an error', () => {
    expect(parseSnsEvent(snsEvent('plain text'))).toEqual([
      { kind: 'other', messageId: 'm-1', shape: 'a message that is not JSON' },
    ]);
    expect(parseSnsEvent(snsEvent('{"AlarmName":"x","NewStateValue":"MAYBE","AlarmArn":"a"}'))).toEqual([
      {
        kind: 'other',
        messageId: 'm-1',
        shape: 'a JSON object that is neither a ppguard.alert alert nor a CloudWatch alarm',
      },
    ]);
    expect(parseSnsEvent(snsEvent('[1]'))).toEqual([
      { kind: 'other', messageId: 'm-1', shape: 'JSON that is not an object' },
    ]);
  });
});

describe('parseAlert', () => {
  it('refuses a field of the wrong type or an unknown value', () => {
    expect(() => parseAlert(JSON.stringify({ ...alert, transition: 'flapped' }))).toThrowError(
      'alert.transition is not a valid value',
    );
    expect(() =>
      parseAlert(JSON.stringify({ ...alert, rule: { ...alert.rule, severity: 'urgent' } })),
    ).toThrowError(InvalidAlertError);
    expect(() => parseAlert(JSON.stringify({ ...alert, links: null }))).toThrowError(
      'alert.links must be an object',
    );
  });
});

describe('parseDeadLetterBody', () => {
  it('reads the event a function dead-letter queue holds', () => {
    expect(parseDeadLetterBody(JSON.stringify(snsEvent(JSON.stringify(alert))))).toEqual([
      { kind: 'alert', messageId: 'm-1', alert },
    ]);
  });

  it('reads the invocation record an on-failure destination holds', () => {
    // Prepare
    const record = {
      version: '1.0',
      timestamp: '2025-05-01T10:03:00.000Z',
      requestContext: { requestId: 'r-1', condition: 'RetriesExhausted', approximateInvokeCount: 3 },
      requestPayload: snsEvent(JSON.stringify(alert)),
      responseContext: { statusCode: 200, functionError: 'Unhandled' },
      responsePayload: { errorType: 'SlackDeliveryError', errorMessage: 'Slack webhook delivery failed' },
    };

    // Act
    const records = parseDeadLetterBody(JSON.stringify(record));

    // Assess
    expect(records).toEqual([{ kind: 'alert', messageId: 'm-1', alert }]);
  });

  it('refuses a body that is not JSON', () => {
    expect(() => parseDeadLetterBody('nope')).toThrowError('dead-letter message body is not JSON');
  });
});
