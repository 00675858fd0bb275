/**
 * Reads alerts out of what the Slack function receives: the SNS -> Lambda event
 * (`Records[].Sns.Message`, the `lambda` body of the published message), and what Lambda leaves in
 * the dead-letter queue after the last failed attempt: the event itself (function DeadLetterConfig)
 * or an invocation record whose `requestPayload` is the event (on-failure destination).
 */
import { type Alert, parseAlert } from './alert';

export class InvalidSnsEventError extends Error {
  override name = 'InvalidSnsEventError';
}

export interface SnsAlertRecord {
  messageId: string;
  alert: Alert;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function parseSnsEvent(event: unknown): SnsAlertRecord[] {
  if (!isObject(event) || !Array.isArray(event.Records)) {
    throw new InvalidSnsEventError('event is not an SNS event (no Records list)');
  }
  return event.Records.map((record: unknown, index) => {
    const sns = isObject(record) ? record.Sns : undefined;
    if (!isObject(sns) || typeof sns.Message !== 'string') {
      throw new InvalidSnsEventError(`Records[${index}] is not an SNS record (no Sns.Message)`);
    }
    return {
      messageId: typeof sns.MessageId === 'string' ? sns.MessageId : `record-${index}`,
      alert: parseAlert(sns.Message),
    };
  });
}

/** The SNS event inside a dead-letter message body (either form Lambda writes). */
export function parseDeadLetterBody(body: string): SnsAlertRecord[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new InvalidSnsEventError('dead-letter message body is not JSON');
  }
  const event = isObject(parsed) && isObject(parsed.requestPayload) ? parsed.requestPayload : parsed;
  return parseSnsEvent(event);
}
