/**
 * Lambda's asynchronous invocation with an on-failure dead-letter queue (AWS's part, not ours):
 * the first attempt and two retries, then the event goes to the queue with the attributes Lambda
 * adds. Used by the alert suites to show what reaches the dead-letter queue.
 */
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';

/** How many attempts ran, and whether the event went to the dead-letter queue after the third. */
export async function invokeAsync(
  sqs: SQSClient,
  handler: (event: unknown) => Promise<unknown>,
  event: unknown,
  deadLetters: string,
): Promise<{ attempts: number; deadLettered: boolean }> {
  let lastError: unknown;
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      await handler(event);
      return { attempts: attempt, deadLettered: false };
    } catch (error) {
      lastError = error;
    }
  }
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: deadLetters,
      MessageBody: JSON.stringify(event),
      MessageAttributes: {
        RequestID: { DataType: 'String', StringValue: 'c3a1e0f2-0000-0000-0000-000000000000' },
        ErrorCode: { DataType: 'Number', StringValue: '200' },
        ErrorMessage: { DataType: 'String', StringValue: String((lastError as Error).message) },
      },
    }),
  );
  return { attempts: 3, deadLettered: true };
}
