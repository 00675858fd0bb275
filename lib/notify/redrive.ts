/**
 * Redrives the Slack dead-letter queue: each message Lambda left there after its last failed
 * attempt is delivered once and deleted only after Slack accepted it. A message that fails again
 * stays in the queue (visible again after the visibility timeout) and is not retried within the
 * same run, so one run delivers each message at most once. If deleting a delivered message fails,
 * the next run delivers it again: the redrive is at-least-once, like everything else here.
 */
import {
  DeleteMessageCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { Log } from '../log';
import type { DeliveryOutcome } from './slack-delivery';
import { parseDeadLetterBody, type SnsAlertRecord } from './sns-event';

export interface RedriveDeps {
  sqs: Pick<SQSClient, 'send'>;
  queueUrl: string;
  deliver: (record: SnsAlertRecord) => Promise<DeliveryOutcome>;
  log: Log;
  sleep: (ms: number) => Promise<void>;
  /** Pause between two deliveries: Slack accepts about one message per second. */
  intervalMs?: number;
  /** How long a received message stays hidden from other consumers while it is being delivered. */
  visibilityTimeoutSeconds?: number;
  /** Long polling, so an empty answer means an empty queue (short polls sample a subset of servers). */
  waitTimeSeconds?: number;
  /** Upper bound of messages per run. */
  maxMessages?: number;
}

export interface RedriveSummary {
  /** Dead-letter messages received in this run. */
  received: number;
  delivered: number;
  filtered: number;
  /** Messages left in the queue because parsing or delivery failed again. */
  failed: number;
}

export class RedriveIncompleteError extends Error {
  override name = 'RedriveIncompleteError';
  constructor(readonly summary: RedriveSummary) {
    super(
      `${summary.failed} of ${summary.received} dead-letter message(s) could not be delivered and stay in the queue`,
    );
  }
}

const reason = (error: unknown) =>
  error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error';

export async function redriveDeadLetters(deps: RedriveDeps): Promise<RedriveSummary> {
  const summary: RedriveSummary = { received: 0, delivered: 0, filtered: 0, failed: 0 };
  const maxMessages = deps.maxMessages ?? 500;
  const seen = new Set<string>();
  let sent = 0;
  while (summary.received < maxMessages) {
    const answer = await deps.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: deps.queueUrl,
        MaxNumberOfMessages: Math.min(10, maxMessages - summary.received),
        VisibilityTimeout: deps.visibilityTimeoutSeconds ?? 300,
        WaitTimeSeconds: deps.waitTimeSeconds ?? 5,
      }),
    );
    const fresh = (answer.Messages ?? []).filter(
      (m): m is Message & { MessageId: string; ReceiptHandle: string } =>
        m.MessageId !== undefined && m.ReceiptHandle !== undefined && !seen.has(m.MessageId),
    );
    if (fresh.length === 0) break;
    for (const message of fresh) {
      seen.add(message.MessageId);
      summary.received++;
      try {
        for (const record of parseDeadLetterBody(message.Body ?? '')) {
          if (sent++ > 0) await deps.sleep(deps.intervalMs ?? 1000);
          summary[await deps.deliver(record)]++;
        }
        await deps.sqs.send(
          new DeleteMessageCommand({ QueueUrl: deps.queueUrl, ReceiptHandle: message.ReceiptHandle }),
        );
      } catch (error) {
        summary.failed++;
        deps.log.error('dead-letter message not delivered; it stays in the queue', {
          messageId: message.MessageId,
          error: reason(error),
        });
      }
    }
  }
  deps.log.info('dead-letter redrive finished', { ...summary });
  return summary;
}
