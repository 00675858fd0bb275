/**
 * The Slack subscriber: alerts from SNS records -> Block Kit -> the webhook. Records are delivered
 * one after another and the first failure throws (SNS invokes with one record, so a retry never
 * repeats a delivered message); Lambda's retries and dead-letter queue take it from there.
 * Alerts below `minSeverity` are skipped here as well as by any subscription filter policy.
 */
import type { Severity } from '../engine/rule';
import type { Log } from '../log';
import { renderAlarmSlack } from './alarm';
import type { Alert } from './alert';
import { type DeliveryDeps, postToSlack } from './deliver';
import { renderSlack } from './slack';
import { parseSnsEvent, type SnsAlertRecord, type SnsRecord } from './sns-event';
import { SlackConfigError } from './webhook';

export interface SlackDeps {
  webhookUrl: () => Promise<string>;
  delivery: DeliveryDeps;
  log: Log;
  minSeverity?: Severity;
}

export type DeliveryOutcome = 'delivered' | 'filtered' | 'ignored';

/** The deps for one invocation: no wait in a delivery runs past the invocation's deadline. */
export function withDeadline(deps: SlackDeps, remainingMs: () => number): SlackDeps {
  return { ...deps, delivery: { ...deps.delivery, remainingMs } };
}

const RANK: Readonly<Record<Severity, number>> = { low: 0, medium: 1, high: 2, critical: 3 };

export function parseMinSeverity(value: string | undefined): Severity | undefined {
  const text = value?.trim().toLowerCase() ?? '';
  if (text === '') return undefined;
  if (!(text in RANK)) {
    throw new SlackConfigError(`PPGUARD_SLACK_MIN_SEVERITY must be one of critical, high, medium, low`);
  }
  return text as Severity;
}

const describeAlert = (alert: Alert) => ({
  rule: alert.rule.id,
  transition: alert.transition,
  resourceType: alert.resource.type,
  resourceId: alert.resource.id,
  eventId: alert.eventId,
});

async function deliverPpguardAlert(record: SnsAlertRecord, deps: SlackDeps): Promise<DeliveryOutcome> {
  const { alert } = record;
  if (deps.minSeverity !== undefined && RANK[alert.rule.severity] < RANK[deps.minSeverity]) {
    deps.log.info('alert below the Slack severity threshold', {
      ...describeAlert(alert),
      messageId: record.messageId,
    });
    return 'filtered';
  }
  const attempts = await postToSlack(await deps.webhookUrl(), renderSlack(alert), deps.delivery);
  deps.log.info('alert delivered to Slack', {
    ...describeAlert(alert),
    messageId: record.messageId,
    attempts,
  });
  return 'delivered';
}

/** One SNS record: an alert, a CloudWatch alarm (always posted), or anything else (logged, skipped). */
export async function deliverAlert(record: SnsRecord, deps: SlackDeps): Promise<DeliveryOutcome> {
  if (record.kind === 'alert') return deliverPpguardAlert(record, deps);
  if (record.kind === 'other') {
    deps.log.warn('SNS message ignored: neither a ppguard alert nor a CloudWatch alarm', {
      messageId: record.messageId,
      shape: record.shape,
    });
    return 'ignored';
  }
  const attempts = await postToSlack(await deps.webhookUrl(), renderAlarmSlack(record.alarm), deps.delivery);
  deps.log.info('CloudWatch alarm delivered to Slack', {
    alarm: record.alarm.name.slice(0, 256),
    state: record.alarm.state,
    messageId: record.messageId,
    attempts,
  });
  return 'delivered';
}

export async function deliverSnsEvent(event: unknown, deps: SlackDeps): Promise<DeliveryOutcome[]> {
  const outcomes: DeliveryOutcome[] = [];
  for (const record of parseSnsEvent(event)) outcomes.push(await deliverAlert(record, deps));
  return outcomes;
}
