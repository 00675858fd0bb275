/**
 * Lambda entry point for the EventBridge rule on "Config Rules Compliance Change": publishes one
 * SNS message per compliance transition of a ppguard rule to the topic in PPGUARD_TOPIC_ARN.
 */
import type { Context } from 'aws-lambda';
import { createSnsClient } from '../lib/aws/clients';
import { asLog, sharedLogger } from '../lib/log';
import { RecentAlerts } from '../lib/notify/dedup';
import { type NotifyDeps, type NotifyOutcome, notifyComplianceChange } from '../lib/notify/notify';
import { loadRuleForConfigRuleName } from '../rules/load';

export function createHandler(deps: NotifyDeps) {
  return (event: unknown): Promise<NotifyOutcome> => notifyComplianceChange(event, deps);
}

let defaultDeps: Promise<NotifyDeps> | undefined;

async function buildDeps(): Promise<NotifyDeps> {
  const topicArn = process.env.PPGUARD_TOPIC_ARN;
  if (!topicArn) throw new Error('PPGUARD_TOPIC_ARN is not set');
  const logger = sharedLogger();
  // One RecentAlerts per container: the in-memory deduplication lives as long as the container.
  return {
    sns: await createSnsClient(),
    topicArn,
    findRule: loadRuleForConfigRuleName,
    recent: new RecentAlerts(),
    log: asLog(logger),
  };
}

export async function handler(event: unknown, context?: Context): Promise<NotifyOutcome> {
  if (context) sharedLogger().addContext(context);
  defaultDeps ??= buildDeps().catch((error: unknown) => {
    defaultDeps = undefined;
    throw error;
  });
  return notifyComplianceChange(event, await defaultDeps);
}
