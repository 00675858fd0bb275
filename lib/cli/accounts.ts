/**
 * `ppguard scan --assume-role NAME --accounts ID,...`: the same scan in several accounts, each
 * through the role assumed in it, a bounded number at a time. One account's failure (its role
 * cannot be assumed, its Regions cannot be listed) is that account's error: the others are still
 * scanned and reported. Nothing here talks to AWS itself; the access per account is injected.
 */
import { mapLimit } from '../collect/util';
import type { AnyRule } from '../engine/rule';
import type { RuleParameters } from '../engine/run';
import type { Suppressions } from '../engine/suppressions';
import { describeAwsError, type ReportError } from './aws-errors';
import { runScan, type ScanDeps, type ScanResult } from './scan';

/** What scanning one account needs, once its role is assumed. */
export interface AccountAccess {
  scan: Omit<ScanDeps, 'onProgress'>;
  /** Every Region enabled for the account (for --region all). */
  enabledRegions(): Promise<string[]>;
}

export interface AccountsScanDeps {
  /** Assumes the role in the account; rejects when it cannot be assumed. */
  access(accountId: string): Promise<AccountAccess>;
}

/** scan --organization: who is asking, and the organization's accounts. */
export interface OrganizationAccounts {
  /** The account of the caller's own credentials. */
  caller: string;
  /** The ACTIVE accounts (and any whose state AWS did not give), sorted. */
  active: string[];
  /** The accounts not scanned because they are not ACTIVE (SUSPENDED, PENDING_CLOSURE, ...). */
  skipped: { account: string; state: string }[];
}

/**
 * The caller's own account through `own` (its own credentials: a management account usually has
 * no member role, and the caller can already read it), every other account through `roles`.
 */
export function withOwnAccount(
  caller: string,
  own: AccountAccess,
  roles: AccountsScanDeps,
): AccountsScanDeps {
  return { access: (accountId) => (accountId === caller ? Promise.resolve(own) : roles.access(accountId)) };
}

export interface AccountsScanRequest {
  accounts: readonly string[];
  /** Empty with `allRegions`: every Region enabled for each account. */
  regions: readonly string[];
  allRegions: boolean;
  rules: readonly AnyRule[];
  params: ReadonlyMap<string, RuleParameters>;
  /** --suppressions: shared by every account, so an entry used in any account is not unused. */
  suppressions?: Suppressions;
  /** How many accounts are scanned at once. */
  concurrency: number;
}

/** An account that could not be scanned at all; its Region-level errors are in its result. */
export interface AccountError extends ReportError {
  account: string;
}

export interface AccountsScanResult {
  /** One entry per account that could be scanned, in the order the accounts were given. */
  accounts: (ScanResult & { account: string })[];
  errors: AccountError[];
}

type Outcome =
  | { kind: 'scanned'; result: ScanResult & { account: string } }
  | { kind: 'failed'; error: AccountError };

async function scanAccount(
  accountId: string,
  request: AccountsScanRequest,
  deps: AccountsScanDeps,
): Promise<Outcome> {
  let stage = 'assuming the role';
  try {
    const access = await deps.access(accountId);
    stage = 'listing the enabled Regions';
    const regions = request.allRegions ? await access.enabledRegions() : [...request.regions];
    stage = 'scanning';
    const result = await runScan(
      {
        regions,
        rules: request.rules,
        params: request.params,
        ...(request.suppressions ? { suppressions: request.suppressions } : {}),
      },
      access.scan,
    );
    if (result.account !== null && result.account !== accountId) {
      // The role's credentials belong to another account: report nothing under the wrong id.
      return {
        kind: 'failed',
        error: {
          account: accountId,
          code: 'WrongAccount',
          message: `the credentials for account ${accountId} belong to account ${result.account}`,
        },
      };
    }
    return { kind: 'scanned', result: { ...result, account: accountId } };
  } catch (error) {
    const described = describeAwsError(error);
    return {
      kind: 'failed',
      error: {
        account: accountId,
        ...(described.operation ? { operation: described.operation } : {}),
        ...(described.permission ? { permission: described.permission } : {}),
        code: described.code,
        message: `${stage}: ${described.message}`,
      },
    };
  }
}

export async function runAccountsScan(
  request: AccountsScanRequest,
  deps: AccountsScanDeps,
): Promise<AccountsScanResult> {
  const outcomes = await mapLimit(request.accounts, request.concurrency, (id) =>
    scanAccount(id, request, deps),
  );
  return {
    accounts: outcomes.flatMap((o) => (o.kind === 'scanned' ? [o.result] : [])),
    errors: outcomes.flatMap((o) => (o.kind === 'failed' ? [o.error] : [])),
  };
}
