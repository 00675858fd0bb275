/**
 * Lambda entry point for every ppguard AWS Config rule. AWS Config invokes it on resource
 * changes (regular and oversized notifications) and periodically; the Config rule's name picks
 * the ppguard rule (`<prefix>-<rule id>`). In organization mode (PPGUARD_MEMBER_ROLE_NAME set),
 * member accounts are read and reported through the member role assumed in each.
 */
import type { Context } from 'aws-lambda';
import { evaluatorDeps } from '../lib/aws/evaluator-deps';
import { type EvaluatorDeps, evaluateRuleEvent, type RunSummary } from '../lib/config/evaluate-event';
import { asLog, sharedLogger } from '../lib/log';
import { ruleForConfigRuleName } from '../rules/index';

export function createHandler(deps: EvaluatorDeps) {
  return (event: unknown): Promise<RunSummary> => evaluateRuleEvent(event, deps);
}

let depsFor: ReturnType<typeof evaluatorDeps> | undefined;

export async function handler(event: unknown, context: Context): Promise<RunSummary> {
  const logger = sharedLogger();
  logger.addContext(context);
  depsFor ??= evaluatorDeps({
    region: process.env.AWS_REGION ?? 'us-east-1',
    log: asLog(logger),
    findRule: ruleForConfigRuleName,
    ...(process.env.PPGUARD_MEMBER_ROLE_NAME ? { memberRoleName: process.env.PPGUARD_MEMBER_ROLE_NAME } : {}),
  });
  // arn:aws:lambda:<region>:<account>:function:<name>
  const ownAccountId = context.invokedFunctionArn.split(':')[4] ?? '';
  return evaluateRuleEvent(event, await depsFor(event, ownAccountId));
}
