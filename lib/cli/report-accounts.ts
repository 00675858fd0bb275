/**
 * The report of a scan across accounts (--assume-role): per account, the one-account JSON report
 * (README "CLI", same fields and version), plus the accounts that could not be scanned at all.
 */
import type { AnyRule } from '../engine/rule';
import type { AccountError, AccountsScanResult } from './accounts';
import type { StatusFilter } from './args';
import { JSON_REPORT_VERSION, type JsonReport, jsonReport } from './report-json';
import { renderTable } from './report-table';

export interface JsonAccountsReport {
  version: typeof JSON_REPORT_VERSION;
  accounts: (Omit<JsonReport, 'version' | 'account'> & { account: string })[];
  /** Accounts that could not be scanned at all: the role could not be assumed, or no Region listed. */
  errors: AccountError[];
}

export function jsonAccountsReport(result: AccountsScanResult): JsonAccountsReport {
  return {
    version: JSON_REPORT_VERSION,
    accounts: result.accounts.map((scanned) => {
      const { regions, evaluations, errors } = jsonReport(scanned);
      return { account: scanned.account, regions, evaluations, errors };
    }),
    errors: result.errors.map((e) => ({
      account: e.account,
      ...(e.operation === undefined ? {} : { operation: e.operation }),
      ...(e.permission === undefined ? {} : { permission: e.permission }),
      code: e.code,
      message: e.message,
    })),
  };
}

export function renderAccountsJson(result: AccountsScanResult): string {
  return `${JSON.stringify(jsonAccountsReport(result), null, 2)}\n`;
}

export function renderAccountsTable(
  result: AccountsScanResult,
  rules: readonly AnyRule[],
  status: StatusFilter = 'all',
): string {
  const sections = result.accounts.map(
    (scanned) => `Account ${scanned.account}\n${renderTable(scanned, rules, status)}`,
  );
  const failed = result.errors.map((e) => `  account ${e.account}: ${e.code}: ${e.message}\n`);
  return [...sections, ...(failed.length > 0 ? [`Accounts not scanned:\n${failed.join('')}`] : [])].join(
    '\n',
  );
}
