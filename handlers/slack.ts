/**
 * Lambda entry point subscribed to the ppguard SNS topic: posts each alert to Slack. The webhook
 * URL comes from Secrets Manager (PPGUARD_SLACK_SECRET_ARN) or an SSM SecureString
 * (PPGUARD_SLACK_PARAMETER), read once per container and cached. A delivery that still fails after
 * bounded retries throws, so Lambda retries and finally moves the event to the dead-letter queue.
 */
import type { Context } from 'aws-lambda';
import { asLog, sharedLogger } from '../lib/log';
import { realSleep } from '../lib/notify/deliver';
import {
  type DeliveryOutcome,
  deliverSnsEvent,
  parseMinSeverity,
  type SlackDeps,
  withDeadline,
} from '../lib/notify/slack-delivery';
import { createWebhookUrlReader, webhookSourceFromEnv } from '../lib/notify/webhook';

export function createHandler(deps: SlackDeps) {
  return (event: unknown): Promise<DeliveryOutcome[]> => deliverSnsEvent(event, deps);
}

/** The production dependencies, from the environment (shared with the redrive function). */
export function slackDepsFromEnv(env: Readonly<Record<string, string | undefined>>): SlackDeps {
  const log = asLog(sharedLogger());
  const minSeverity = parseMinSeverity(env.PPGUARD_SLACK_MIN_SEVERITY);
  return {
    webhookUrl: createWebhookUrlReader(webhookSourceFromEnv(env)),
    delivery: { fetch: globalThis.fetch, sleep: realSleep, log },
    log,
    ...(minSeverity ? { minSeverity } : {}),
  };
}

let defaultDeps: SlackDeps | undefined;

export async function handler(event: unknown, context?: Context): Promise<DeliveryOutcome[]> {
  if (context) sharedLogger().addContext(context);
  defaultDeps ??= slackDepsFromEnv(process.env);
  const deps = context ? withDeadline(defaultDeps, () => context.getRemainingTimeInMillis()) : defaultDeps;
  return deliverSnsEvent(event, deps);
}
