/**
 * Lambda entry point for every ppguard AWS Config rule. AWS Config invokes it on resource
 * changes (regular and oversized notifications) and periodically; the Config rule's name picks
 * the ppguard rule (`<prefix>-<rule id>`).
 */
import type { Context } from 'aws-lambda';
import { createConfigClient } from '../lib/aws/clients';
import { describeSource } from '../lib/collect/source';
import { type EvaluatorDeps, evaluateRuleEvent, type RunSummary } from '../lib/config/evaluate-event';
import { asLog, sharedLogger } from '../lib/log';
import { ruleForConfigRuleName } from '../rules/index';

export function createHandler(deps: EvaluatorDeps) {
  return (event: unknown): Promise<RunSummary> => evaluateRuleEvent(event, deps);
}

let defaultDeps: EvaluatorDeps | undefined;

export async function handler(event: unknown, context?: Context): Promise<RunSummary> {
  const logger = sharedLogger();
  if (context) logger.addContext(context);
  const region = process.env.AWS_REGION ?? 'us-east-1';
  defaultDeps ??= {
    config: createConfigClient(),
    aws: describeSource({ region }),
    findRule: ruleForConfigRuleName,
    log: asLog(logger),
    region,
  };
  return evaluateRuleEvent(event, defaultDeps);
}
