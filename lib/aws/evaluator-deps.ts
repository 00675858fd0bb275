/**
 * The evaluator's dependencies in Lambda: one set of clients per container in account mode, and
 * one per member account (through its assumed member role) in organization mode.
 */
import { describeSource } from '../collect/source';
import type { EvaluatorDeps } from '../config/evaluate-event';
import type { RuleLookup } from '../engine/rule';
import type { Log } from '../log';
import type { ClientOptions } from './clients';
import { createConfigClient } from './config-client';
import type { AccountAccess } from './member';

export interface EvaluatorDepsOptions {
  region: string;
  log: Log;
  findRule: RuleLookup;
  /** Organization mode when set: the role assumed in member accounts. */
  memberRoleName?: string;
  clientOptions?: ClientOptions;
}

const accountIdOf = (event: unknown): string | undefined => {
  const accountId = (event as { accountId?: unknown } | null)?.accountId;
  return typeof accountId === 'string' && /^\d{12}$/.test(accountId) ? accountId : undefined;
};

/**
 * `ownAccountId` comes from the function's ARN; events of other accounts use the member role.
 * The STS client loads only in organization mode, so account mode pays nothing for it at cold start.
 */
export function evaluatorDeps(
  options: EvaluatorDepsOptions,
): (event: unknown, ownAccountId: string) => Promise<EvaluatorDeps> {
  const common = { findRule: options.findRule, log: options.log, region: options.region };
  const clientOptions = { ...options.clientOptions, region: options.region };
  let own: EvaluatorDeps | undefined;
  let members: ((accountId: string) => AccountAccess) | undefined;
  return async (event, ownAccountId) => {
    const accountId = accountIdOf(event);
    if (options.memberRoleName && accountId && accountId !== ownAccountId) {
      if (!members) {
        const member = await import('./member');
        members = member.memberAccess({
          memberRoleName: options.memberRoleName,
          ownAccountId,
          region: options.region,
          clientOptions,
        });
      }
      return { ...common, ...members(accountId) };
    }
    if (!own) {
      const config = createConfigClient(clientOptions);
      // The sweep reads ECR repositories from what Config recorded, through the same client.
      own = { ...common, config, aws: describeSource({ ...clientOptions, recordedEcrRepositories: config }) };
    }
    return own;
  };
}
