/**
 * Reads what the Slack function receives: the SNS -> Lambda event (`Records[].Sns.Message`, the
 * `lambda` body of a published alert, or the JSON text CloudWatch publishes for an alarm), and
 * what Lambda leaves in the dead-letter queue after the last failed attempt: the event itself
 * (function DeadLetterConfig) or an invocation record whose `requestPayload` is the event
 * (on-failure destination).
 *
 * Each message is one of: a ppguard alert (schema `ppguard.alert`; another version or an invalid
 * body throws InvalidAlertError, so it is kept for a person: Lambda's retries, the dead-letter
 * queue, then the redrive's parking queue); a CloudWatch alarm notification; or anything else,
 * which is returned as `other` for the caller to log and skip (the topic is not ours to police,
 * and failing on it would fail forever).
 */
import { type CloudWatchAlarm, parseAlarm } from './alarm';
import { ALERT_SCHEMA, type Alert, parseAlert } from './alert';

export class InvalidSnsEventError extends Error {
  override name = 'InvalidSnsEventError';
}

export type SnsRecord =
  | { kind: 'alert'; messageId: string; alert: Alert }
  | { kind: 'alarm'; messageId: string; alarm: CloudWatchAlarm }
  | { kind: 'other'; messageId: string; shape: string };

/** An alert record (the only kind the severity filter and the alert log fields apply to). */
export type SnsAlertRecord = Extract<SnsRecord, { kind: 'alert' }>;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function classify(message: string, messageId: string): SnsRecord {
  let raw: unknown;
  try {
    raw = JSON.parse(message);
  } catch {
    return { kind: 'other', messageId, shape: 'a message that is not JSON' };
  }
  if (isObject(raw) && raw.schema === ALERT_SCHEMA)
    return { kind: 'alert', messageId, alert: parseAlert(message) };
  const alarm = parseAlarm(raw);
  if (alarm) return { kind: 'alarm', messageId, alarm };
  return {
    kind: 'other',
    messageId,
    shape: isObject(raw)
      ? `a JSON object that is neither a ${ALERT_SCHEMA} alert nor a CloudWatch alarm`
      : 'JSON that is not an object',
  };
}

export function parseSnsEvent(event: unknown): SnsRecord[] {
  if (!isObject(event) || !Array.isArray(event.Records)) {
    throw new InvalidSnsEventError('event is not an SNS event (no Records list)');
  }
  return event.Records.map((record: unknown, index) => {
    const sns = isObject(record) ? record.Sns : undefined;
    if (!isObject(sns) || typeof sns.Message !== 'string') {
      throw new InvalidSnsEventError(`Records[${index}] is not an SNS record (no Sns.Message)`);
    }
    const messageId = typeof sns.MessageId === 'string' ? sns.MessageId.slice(0, 100) : `record-${index}`;
    return classify(sns.Message, messageId);
  });
}

/** The SNS event inside a dead-letter message body (either form Lambda writes). */
export function parseDeadLetterBody(body: string): SnsRecord[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new InvalidSnsEventError('dead-letter message body is not JSON');
  }
  const event = isObject(parsed) && isObject(parsed.requestPayload) ? parsed.requestPayload : parsed;
  return parseSnsEvent(event);
}
