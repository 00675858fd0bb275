/**
 * The evaluator's dependencies in Lambda: one set of clients per container in account mode, and
 * one per member account (through its assumed member role) in organization mode.
 */

import type { ClientOptions } from '../aws/clients';
import { createConfigClient } from '../aws/config-client';
import { describeSource } from '../collect/source';
import type { EvaluatorDeps } from '../config/evaluate-event';
import type { RuleLookup } from '../engine/rule';
import type { Log } from '../log';
import type { AccountAccess } from './member';
import { createSuppressionsReader } from './suppressions';

export interface EvaluatorDepsOptions {
  region: string;
  log: Log;
  findRule: RuleLookup;
  /** Organization mode when set: the role assumed in member accounts. */
  memberRoleName?: string;
  /** Organization mode (required): the organization whose member roles the evaluator may assume. */
  organizationId?: string;
  /** Organization mode, optional: the only member accounts evaluated; empty = the whole organization. */
  memberAccounts?: readonly string[];
  clientOptions?: ClientOptions;
  /** The SSM parameter holding the suppression file (PPGUARD_SUPPRESSIONS_PARAMETER); absent: none. */
  suppressionsParameter?: string;
}

/** An event for an account organization mode does not evaluate, or organization mode misconfigured. */
export class OrganizationScopeError extends Error {
  override name = 'OrganizationScopeError';
}

const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;

/**
 * The member accounts to evaluate from PPGUARD_MEMBER_ACCOUNTS (comma-separated account ids);
 * empty = every account of the organization. A malformed id fails: a typo must not widen the list.
 */
export function parseMemberAccounts(text: string | undefined): string[] {
  const ids = (text ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
  const bad = ids.filter((id) => !/^\d{12}$/.test(id));
  if (bad.length > 0)
    throw new OrganizationScopeError(
      `memberAccounts must be 12-digit account ids; got ${bad.length} other value(s)`,
    );
  return ids;
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
  if (options.memberRoleName && !ORGANIZATION_ID.test(options.organizationId ?? ''))
    throw new OrganizationScopeError(
      'organization mode needs the organization id (deploy parameter organizationId, o-...): without it the evaluator may assume no member role',
    );
  const allowed = new Set(options.memberAccounts ?? []);
  const clientOptions = { ...options.clientOptions, region: options.region };
  // Read in the evaluator's own account, whichever account an event is for.
  const suppressions = options.suppressionsParameter
    ? createSuppressionsReader(options.suppressionsParameter, clientOptions)
    : undefined;
  const common = {
    findRule: options.findRule,
    log: options.log,
    region: options.region,
    ...(suppressions ? { suppressions } : {}),
  };
  let own: EvaluatorDeps | undefined;
  let members: ((accountId: string) => AccountAccess) | undefined;
  return async (event, ownAccountId) => {
    const accountId = accountIdOf(event);
    if (options.memberRoleName && accountId && accountId !== ownAccountId) {
      // Checked before any AWS call: an event of another account costs nothing but this error.
      if (allowed.size > 0 && !allowed.has(accountId))
        throw new OrganizationScopeError(
          `refusing the event of account ${accountId}: it is not one of the member accounts ppguard evaluates (deploy parameter memberAccounts)`,
        );
      if (!members) {
        const member = await import('./member');
        members = member.memberAccess({
          memberRoleName: options.memberRoleName,
          ...(options.organizationId ? { organizationId: options.organizationId } : {}),
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
