/**
 * Redrives the Slack dead-letter queue: each message Lambda left there after its last failed
 * attempt is delivered once and deleted only after Slack accepted it. A message that fails again
 * stays in the queue (visible again after the visibility timeout) and is not retried within the
 * same run, so one run delivers each message at most once.
 *
 * - Poison (a body that is not JSON or not an SNS event, an alert of another schema version): it
 *   would fail every run, so it is moved aside to the parking queue (`parkingQueueUrl`) with the
 *   reason as a message attribute, then deleted here. Without a parking queue it stays and
 *   counts as failed.
 * - A message whose record is neither an alert nor an alarm is logged and deleted (`ignored`).
 * - Delivered but not deleted (DeleteMessage failed): the delete is tried again at the end of the
 *   run, and the message id is remembered in `delivered` (per container, bounded), so a later run
 *   in the same container deletes it without sending it again. What is left open: a run in a new
 *   container (cold start, or another concurrent one) resends it once; it carries the same event
 *   id. Slack's incoming webhooks have no idempotency key and no way to read back what was posted.
 */
import {
  DeleteMessageCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { safeLine } from '../engine/safe-text';
import type { Log } from '../log';
import type { DeliveryOutcome } from './slack-delivery';
import { parseDeadLetterBody, type SnsRecord } from './sns-event';

export interface RedriveDeps {
  sqs: Pick<SQSClient, 'send'>;
  queueUrl: string;
  /** Where poison messages go (env PPGUARD_SLACK_PARKING_QUEUE_URL); absent: they stay and fail. */
  parkingQueueUrl?: string;
  deliver: (record: SnsRecord) => Promise<DeliveryOutcome>;
  log: Log;
  sleep: (ms: number) => Promise<void>;
  /** Message ids handled (delivered or parked) by earlier runs in this container. */
  delivered?: HandledMessages;
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
  /** Records that were neither alerts nor alarms: logged and deleted. */
  ignored: number;
  /** Poison messages moved to the parking queue. */
  parked: number;
  /** Delivered or parked by an earlier run in this container, deleted now without sending again. */
  alreadyHandled: number;
  /** Messages left in the queue because parsing or delivery failed again. */
  failed: number;
  /** Delivered or parked, but DeleteMessage failed twice: they stay in the queue. */
  undeleted: number;
}

/** A bounded set of SQS message ids (oldest forgotten first). */
export class HandledMessages {
  private readonly ids = new Set<string>();
  constructor(private readonly capacity = 10_000) {}
  has(id: string): boolean {
    return this.ids.has(id);
  }
  add(id: string): void {
    this.ids.delete(id);
    this.ids.add(id);
    for (const oldest of this.ids) {
      if (this.ids.size <= this.capacity) break;
      this.ids.delete(oldest);
    }
  }
}

export class RedriveIncompleteError extends Error {
  override name = 'RedriveIncompleteError';
  constructor(readonly summary: RedriveSummary) {
    super(
      `${summary.failed} of ${summary.received} dead-letter message(s) could not be delivered and stay in the queue` +
        (summary.undeleted > 0
          ? `; ${summary.undeleted} delivered or parked message(s) could not be deleted (run again: this container will not resend them)`
          : ''),
    );
  }
}

class PoisonMessageError extends Error {
  override name = 'PoisonMessageError';
}

const reason = (error: unknown) =>
  error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error';

type Received = Message & { MessageId: string; ReceiptHandle: string };

async function park(message: Received, why: string, deps: RedriveDeps): Promise<void> {
  if (deps.parkingQueueUrl === undefined) {
    throw new PoisonMessageError(`${why}; set PPGUARD_SLACK_PARKING_QUEUE_URL to move such messages aside`);
  }
  await deps.sqs.send(
    new SendMessageCommand({
      QueueUrl: deps.parkingQueueUrl,
      MessageBody: message.Body === undefined || message.Body === '' ? '(empty body)' : message.Body,
      MessageAttributes: {
        reason: { DataType: 'String', StringValue: safeLine(why).slice(0, 256) || 'unknown' },
        deadLetterMessageId: { DataType: 'String', StringValue: message.MessageId },
      },
    }),
  );
}

export async function redriveDeadLetters(deps: RedriveDeps): Promise<RedriveSummary> {
  const summary: RedriveSummary = {
    received: 0,
    delivered: 0,
    filtered: 0,
    ignored: 0,
    parked: 0,
    alreadyHandled: 0,
    failed: 0,
    undeleted: 0,
  };
  const maxMessages = deps.maxMessages ?? 500;
  const handled = deps.delivered ?? new HandledMessages();
  const seen = new Set<string>();
  const toDeleteAgain: Received[] = [];
  const remove = (message: Received) =>
    deps.sqs.send(
      new DeleteMessageCommand({ QueueUrl: deps.queueUrl, ReceiptHandle: message.ReceiptHandle }),
    );
  const removeOrRemember = async (message: Received) => {
    try {
      await remove(message);
    } catch (error) {
      deps.log.warn('handled dead-letter message not deleted; trying again at the end of the run', {
        messageId: message.MessageId,
        error: reason(error),
      });
      toDeleteAgain.push(message);
    }
  };
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
      (m): m is Received =>
        m.MessageId !== undefined && m.ReceiptHandle !== undefined && !seen.has(m.MessageId),
    );
    if (fresh.length === 0) break;
    for (const message of fresh) {
      seen.add(message.MessageId);
      summary.received++;
      if (handled.has(message.MessageId)) {
        summary.alreadyHandled++;
        deps.log.info('dead-letter message already handled in this container; deleting it, not resending', {
          messageId: message.MessageId,
        });
        await removeOrRemember(message);
        continue;
      }
      try {
        let records: SnsRecord[];
        try {
          // Every record is read before any is sent: a poison message is parked whole.
          records = parseDeadLetterBody(message.Body ?? '');
        } catch (error) {
          const why = reason(error);
          await park(message, why, deps);
          handled.add(message.MessageId);
          summary.parked++;
          deps.log.error('poison dead-letter message moved to the parking queue', {
            messageId: message.MessageId,
            error: why,
          });
          await removeOrRemember(message);
          continue;
        }
        for (const record of records) {
          if (record.kind !== 'other' && sent++ > 0) await deps.sleep(deps.intervalMs ?? 1000);
          summary[await deps.deliver(record)]++;
        }
        handled.add(message.MessageId);
      } catch (error) {
        summary.failed++;
        deps.log.error('dead-letter message not delivered; it stays in the queue', {
          messageId: message.MessageId,
          error: reason(error),
        });
        continue;
      }
      await removeOrRemember(message);
    }
  }
  for (const message of toDeleteAgain) {
    try {
      await remove(message);
    } catch (error) {
      summary.undeleted++;
      deps.log.error('handled dead-letter message still not deleted; this container will not resend it', {
        messageId: message.MessageId,
        error: reason(error),
      });
    }
  }
  deps.log.info('dead-letter redrive finished', { ...summary });
  return summary;
}
