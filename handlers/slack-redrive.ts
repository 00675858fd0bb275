/**
 * Redrive for the Slack dead-letter queue (PPGUARD_SLACK_DLQ_URL), invoked by hand once Slack or
 * the webhook is fixed: `aws lambda invoke --function-name <stack>-slack-redrive out.json`.
 * Delivers each dead-lettered alert once, deletes it only after Slack accepted it, moves poison
 * to PPGUARD_SLACK_PARKING_QUEUE_URL, and fails if any message stays in the queue.
 */
import type { Context } from 'aws-lambda';
import { createSqsClient } from '../lib/aws/clients';
import { sharedLogger } from '../lib/log';
import { realSleep } from '../lib/notify/deliver';
import {
  HandledMessages,
  type RedriveDeps,
  RedriveIncompleteError,
  type RedriveSummary,
  redriveDeadLetters,
} from '../lib/notify/redrive';
import { deliverAlert, withDeadline } from '../lib/notify/slack-delivery';
import { slackDepsFromEnv } from './slack';

export function createHandler(deps: RedriveDeps) {
  return async (): Promise<RedriveSummary> => {
    const summary = await redriveDeadLetters(deps);
    if (summary.failed > 0 || summary.undeleted > 0) throw new RedriveIncompleteError(summary);
    return summary;
  };
}

let run: (() => Promise<RedriveSummary>) | undefined;
let deadline: () => number = () => Number.POSITIVE_INFINITY;

export async function handler(_event: unknown, context?: Context): Promise<RedriveSummary> {
  if (context) {
    sharedLogger().addContext(context);
    deadline = () => context.getRemainingTimeInMillis();
  }
  const queueUrl = process.env.PPGUARD_SLACK_DLQ_URL;
  if (!queueUrl) throw new Error('PPGUARD_SLACK_DLQ_URL is not set');
  if (!run) {
    const slack = slackDepsFromEnv(process.env);
    const sqs = await createSqsClient();
    const parkingQueueUrl = process.env.PPGUARD_SLACK_PARKING_QUEUE_URL?.trim();
    run = createHandler({
      sqs,
      queueUrl,
      ...(parkingQueueUrl ? { parkingQueueUrl } : {}),
      // Per container: a later run here does not resend what an earlier one delivered.
      delivered: new HandledMessages(),
      deliver: (record) => deliverAlert(record, withDeadline(slack, deadline)),
      log: slack.log,
      sleep: realSleep,
    });
  }
  return run();
}
