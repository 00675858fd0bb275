/**
 * CloudWatch alarm notifications on the alerts topic (the Slack DLQ alarm, and the evaluator's
 * error and on-failure alarms): CloudWatch publishes a JSON text with AlarmName,
 * AlarmDescription, NewStateValue, NewStateReason, StateChangeTime, Region, AWSAccountId,
 * AlarmArn, OldStateValue and Trigger (README, "Alerts" > "Operational alarms"). Recognised here
 * and rendered as an operational Slack message; every string is untrusted and goes through the
 * same plain-text defusing as alerts. Email subscribers get CloudWatch's own text. Pure.
 */
import { mrkdwn, plain, plainText, SLACK_LIMITS, type SlackMessage, titled } from './slack';
import { fitText } from './text';

export const ALARM_STATES = ['ALARM', 'OK', 'INSUFFICIENT_DATA'] as const;
export type AlarmState = (typeof ALARM_STATES)[number];

export interface CloudWatchAlarm {
  name: string;
  description: string | null;
  state: AlarmState;
  previousState: string | null;
  reason: string | null;
  changedAt: string | null;
  region: string | null;
  account: string | null;
  arn: string | null;
  /** `Namespace MetricName (Dim=value, ...)`, or null for composite and metric-math alarms. */
  metric: string | null;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

function metricOf(trigger: unknown): string | null {
  if (!isObject(trigger)) return null;
  const namespace = text(trigger.Namespace);
  const name = text(trigger.MetricName);
  if (namespace === null || name === null) return null;
  const dimensions = Array.isArray(trigger.Dimensions) ? trigger.Dimensions : [];
  const pairs = dimensions
    .slice(0, 10)
    .filter(isObject)
    .map((d) => `${text(d.name) ?? text(d.Name) ?? '?'}=${text(d.value) ?? text(d.Value) ?? '?'}`);
  return `${namespace} ${name}${pairs.length > 0 ? ` (${pairs.join(', ')})` : ''}`;
}

/** The alarm in an SNS message, or undefined when the message is not a CloudWatch alarm notification. */
export function parseAlarm(raw: unknown): CloudWatchAlarm | undefined {
  if (!isObject(raw)) return undefined;
  const name = text(raw.AlarmName);
  const state = ALARM_STATES.find((s) => s === raw.NewStateValue);
  if (name === null || state === undefined) return undefined;
  if (!isObject(raw.Trigger) && text(raw.AlarmArn) === null) return undefined;
  return {
    name,
    description: text(raw.AlarmDescription),
    state,
    previousState: text(raw.OldStateValue),
    reason: text(raw.NewStateReason),
    changedAt: text(raw.StateChangeTime),
    region: text(raw.Region),
    account: text(raw.AWSAccountId),
    arn: text(raw.AlarmArn),
    metric: metricOf(raw.Trigger),
  };
}

const ICON: Readonly<Record<AlarmState, string>> = {
  ALARM: ':rotating_light:',
  OK: ':white_check_mark:',
  INSUFFICIENT_DATA: ':grey_question:',
};

const CAPS = { field: 500, description: 1500, context: 600 } as const;

/** An operational Slack message for the alarm: what fired, why, where, and CloudWatch's reason. */
export function renderAlarmSlack(alarm: CloudWatchAlarm): SlackMessage {
  const header = fitText(
    `${ICON[alarm.state]} ppguard operations: ${alarm.state} ${plainText(alarm.name, SLACK_LIMITS.header)}`,
    SLACK_LIMITS.header,
  );
  const fields = [
    titled('State', `${alarm.previousState ?? 'unknown'} → ${alarm.state}`, CAPS.field),
    titled('Account / Region', `${alarm.account ?? 'unknown'} / ${alarm.region ?? 'unknown'}`, CAPS.field),
    ...(alarm.metric === null ? [] : [titled('Metric', alarm.metric, CAPS.field)]),
    ...(alarm.changedAt === null ? [] : [titled('Changed', alarm.changedAt, CAPS.field)]),
  ];
  return {
    text: mrkdwn(
      `CloudWatch alarm ${alarm.name} is ${alarm.state}: ${alarm.description ?? ''}`,
      SLACK_LIMITS.text,
    ),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: header, emoji: true } },
      {
        type: 'section',
        text: plain(plainText(alarm.description ?? 'The alarm has no description.', CAPS.description)),
        fields,
      },
      ...(alarm.reason === null
        ? []
        : [{ type: 'section' as const, text: titled('Reason', alarm.reason, CAPS.description) }]),
      {
        type: 'context',
        elements: [
          plain(
            plainText(
              `CloudWatch alarm ${alarm.arn ?? alarm.name}. Email subscribers get CloudWatch's own text.`,
              CAPS.context,
            ),
          ),
        ],
      },
    ],
  };
}
