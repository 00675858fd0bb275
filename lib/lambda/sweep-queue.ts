/**
 * Hands a periodic sweep to a follow-up invocation of the evaluate function through its
 * continuation queue (an SQS FIFO queue, event source of the same function). The SQS client loads
 * on the first hand-off, so invocations that never run short of time do not pay for it at cold start.
 */
import type { SQSClient } from '@aws-sdk/client-sqs';
import { type ClientOptions, createSqsClient } from '../aws/clients';
import { continuationIdentity, type SweepContinuation } from '../config/sweep';

export type HandOff = (continuation: SweepContinuation) => Promise<void>;

export function sweepQueue(queueUrl: string, options: ClientOptions = {}): HandOff {
  let client: Promise<SQSClient> | undefined;
  return async (continuation) => {
    client ??= createSqsClient(options);
    const sqs = await client;
    const { SendMessageCommand } = await import('@aws-sdk/client-sqs');
    // Deduplication keeps an SDK resend, or a hop run twice, from forking the sweep.
    const identity = continuationIdentity(continuation);
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: JSON.stringify(continuation),
        MessageGroupId: identity.group,
        MessageDeduplicationId: identity.dedup,
      }),
    );
  };
}
