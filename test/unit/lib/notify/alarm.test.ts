import { describe, expect, it } from 'vitest';
import { parseAlarm, renderAlarmSlack } from '../../../../lib/notify/alarm';
import { ALARM_NOTIFICATION } from './support';

const WJ = '\u2060';
const plain = (text: string) => ({ type: 'plain_text', text, emoji: false });

describe('parseAlarm', () => {
  it('reads the documented fields of a CloudWatch alarm notification', () => {
    expect(parseAlarm(ALARM_NOTIFICATION)).toEqual({
      name: 'ppguard-prod-evaluate-errors',
      description: 'The ppguard evaluator failed; Config keeps the previous verdicts.',
      state: 'ALARM',
      previousState: 'OK',
      reason: ALARM_NOTIFICATION.NewStateReason,
      changedAt: '2026-12-04T10:05:00.123+0000',
      region: 'EU (Ireland)',
      account: '123456789012',
      arn: 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:ppguard-prod-evaluate-errors',
      metric: 'AWS/Lambda Errors (FunctionName=ppguard-prod-evaluate)',
    });
  });

  it.each([
    ['no AlarmName', { ...ALARM_NOTIFICATION, AlarmName: undefined }],
    ['an unknown state', { ...ALARM_NOTIFICATION, NewStateValue: 'BROKEN' }],
    ['neither Trigger nor AlarmArn', { ...ALARM_NOTIFICATION, Trigger: undefined, AlarmArn: undefined }],
    ['an array', [ALARM_NOTIFICATION]],
  ])('is not an alarm with %s', (_name, raw) => {
    expect(parseAlarm(raw)).toBeUndefined();
  });
});

describe('renderAlarmSlack', () => {
  it('renders an operational message: state, account and Region, metric, time, reason', () => {
    // Prepare
    const alarm = parseAlarm(ALARM_NOTIFICATION);
    if (!alarm) throw new Error('fixture is not an alarm');

    // Act
    const message = renderAlarmSlack(alarm);

    // Assess
    expect(message).toEqual({
      text: 'CloudWatch alarm ppguard-prod-evaluate-errors is ALARM: The ppguard evaluator failed; Config keeps the previous verdicts.',
      blocks: [
        {
          type: 'header',
          text: {
            type: 'plain_text',
            text: ':rotating_light: ppguard operations: ALARM ppguard-prod-evaluate-errors',
            emoji: true,
          },
        },
        {
          type: 'section',
          text: plain('The ppguard evaluator failed; Config keeps the previous verdicts.'),
          fields: [
            plain('State\nOK → ALARM'),
            plain('Account / Region\n123456789012 / EU (Ireland)'),
            plain('Metric\nAWS/Lambda Errors (FunctionName=ppguard-prod-evaluate)'),
            plain('Changed\n2026-12-04T10:05:00.123+0000'),
          ],
        },
        { type: 'section', text: plain(`Reason\n${ALARM_NOTIFICATION.NewStateReason}`) },
        {
          type: 'context',
          elements: [
            plain(
              "CloudWatch alarm arn:aws:cloudwatch:eu-west-1:123456789012:alarm:ppguard-prod-evaluate-errors. Email subscribers get CloudWatch's own text.",
            ),
          ],
        },
      ],
    });
  });

  it('defuses mentions and links and strips controls in every alarm string', () => {
    // Prepare
    const alarm = parseAlarm({
      ...ALARM_NOTIFICATION,
      AlarmName: '@channel\u202E',
      AlarmDescription: 'see https://evil.example <!here> *x*\u0007',
    });
    if (!alarm) throw new Error('not an alarm');

    // Act
    const message = renderAlarmSlack(alarm);

    // Assess
    expect(message.blocks[0]).toEqual({
      type: 'header',
      text: {
        type: 'plain_text',
        text: `:rotating_light: ppguard operations: ALARM @${WJ}channel`,
        emoji: true,
      },
    });
    expect(message.blocks[1]).toMatchObject({
      text: plain(`see hxxps://evil[.]example <${WJ}!here> *x*`),
    });
    expect(message.text).toBe(
      `CloudWatch alarm @${WJ}channel is ALARM: see hxxps://evil[.]example &lt;!here&gt; *x*`,
    );
  });
});
