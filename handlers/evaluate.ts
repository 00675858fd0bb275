/**
 * Lambda entry point for every ppguard AWS Config rule. AWS Config invokes it on resource
 * changes (regular and oversized notifications) and periodically; the Config rule's name picks
 * the ppguard rule (`<prefix>-<rule id>`). A periodic sweep that runs short of time continues
 * through the sweep queue (PPGUARD_SWEEP_QUEUE_URL), whose messages invoke this function again.
 * In organization mode (PPGUARD_MEMBER_ROLE_NAME set), member accounts are read and reported
 * through the member role assumed in each, only in the organization PPGUARD_ORGANIZATION_ID and,
 * when PPGUARD_MEMBER_ACCOUNTS lists accounts, only for those. PPGUARD_SUPPRESSIONS_PARAMETER
 * names the SSM parameter holding the suppression file (lib/lambda/suppressions.ts).
 */
import type { Context } from 'aws-lambda';
import {
  type EvaluatorDeps,
  evaluateRuleEvent,
  type InvocationOptions,
  type RunSummary,
  resumeSweep,
} from '../lib/config/evaluate-event';
import { continuationBodies, parseContinuation } from '../lib/config/sweep';
import { evaluatorDeps, parseMemberAccounts } from '../lib/lambda/evaluator-deps';
import { type HandOff, sweepQueue } from '../lib/lambda/sweep-queue';
import { asLog, sharedLogger } from '../lib/log';
import { loadRuleForConfigRuleName } from '../rules/load';

type DepsFor = (event: unknown) => Promise<EvaluatorDeps>;

/** Config events run as one invocation; SQS events (batch size 1) resume handed-off sweeps. */
export async function dispatch(
  event: unknown,
  depsFor: DepsFor,
  options: InvocationOptions,
): Promise<RunSummary[]> {
  const bodies = continuationBodies(event);
  if (bodies === undefined) return [await evaluateRuleEvent(event, await depsFor(event), options)];
  const summaries: RunSummary[] = [];
  for (const body of bodies) {
    const continuation = parseContinuation(body);
    summaries.push(await resumeSweep(continuation, await depsFor(continuation.event), options));
  }
  return summaries;
}

export function createHandler(deps: EvaluatorDeps, options: InvocationOptions = {}) {
  return async (event: unknown): Promise<RunSummary> => {
    const [summary] = await dispatch(event, async () => deps, options);
    if (!summary) throw new Error('no evaluation ran');
    return summary;
  };
}

let depsFor: ReturnType<typeof evaluatorDeps> | undefined;
let handOff: HandOff | undefined;

export async function handler(event: unknown, context: Context): Promise<RunSummary[]> {
  const logger = sharedLogger();
  logger.addContext(context);
  depsFor ??= evaluatorDeps({
    region: process.env.AWS_REGION ?? 'us-east-1',
    log: asLog(logger),
    findRule: loadRuleForConfigRuleName,
    ...(process.env.PPGUARD_MEMBER_ROLE_NAME ? { memberRoleName: process.env.PPGUARD_MEMBER_ROLE_NAME } : {}),
    ...(process.env.PPGUARD_ORGANIZATION_ID ? { organizationId: process.env.PPGUARD_ORGANIZATION_ID } : {}),
    memberAccounts: parseMemberAccounts(process.env.PPGUARD_MEMBER_ACCOUNTS),
    ...(process.env.PPGUARD_SUPPRESSIONS_PARAMETER
      ? { suppressionsParameter: process.env.PPGUARD_SUPPRESSIONS_PARAMETER }
      : {}),
  });
  const queueUrl = process.env.PPGUARD_SWEEP_QUEUE_URL;
  if (queueUrl) handOff ??= sweepQueue(queueUrl, { region: process.env.AWS_REGION ?? 'us-east-1' });
  // arn:aws:lambda:<region>:<account>:function:<name>
  const ownAccountId = context.invokedFunctionArn.split(':')[4] ?? '';
  const deps = depsFor;
  return dispatch(event, (e) => deps(e, ownAccountId), {
    ...(handOff ? { limits: { remainingMs: () => context.getRemainingTimeInMillis(), handOff } } : {}),
  });
}
