/**
 * Plain-English phrases for exposure findings, shared by the rules that report them. Each rule
 * builds its own sentence around them; wording is deterministic (finding order, no sorting).
 * Presentation, so it lives with the annotation module: lib/policy stays a leaf that finds
 * exposures and knows nothing of how they are worded.
 */
import type { ExposureFinding } from '../policy/exposure';
import { cutName } from './annotation';

/** Who one finding exposes the resource to, e.g. `any AWS account (Principal "*")`. */
export function describeExposure(finding: ExposureFinding): string {
  const { exposure } = finding;
  switch (exposure.kind) {
    case 'public':
      return finding.principal === 'no Principal'
        ? 'any AWS principal (no Principal element)'
        : `any AWS account (Principal ${finding.principal})`;
    case 'account':
      return `account ${exposure.accountId}`;
    case 'not-principal':
      return 'every principal not listed in its NotPrincipal';
    case 'federated':
      return `identities federated by ${cutName(exposure.provider, 60)}`;
    case 'canonical-user':
      return `S3 canonical user ${cutName(exposure.canonicalUser, 19)}`;
    case 'unrecognised':
      return `unattributable principal ${cutName(finding.principal, 80)}`;
  }
}

/**
 * Who one statement exposes the resource to, from that statement's findings: untrusted accounts
 * are merged (`accounts 111111111111, 222222222222`), the rest joined with "and".
 */
export function describeStatementExposure(findings: readonly ExposureFinding[]): string {
  const phrases: string[] = [];
  const accounts: string[] = [];
  let accountSlot = -1;
  for (const finding of findings) {
    if (finding.exposure.kind === 'account') {
      if (accountSlot < 0) {
        accountSlot = phrases.length;
        phrases.push('');
      }
      accounts.push(finding.exposure.accountId);
    } else {
      phrases.push(describeExposure(finding));
    }
  }
  if (accountSlot >= 0)
    phrases[accountSlot] = `${accounts.length === 1 ? 'account' : 'accounts'} ${accounts.join(', ')}`;
  return phrases.join(' and ');
}

export interface StatementFindings {
  statementIndex: number;
  statementLabel: string;
  findings: ExposureFinding[];
}

/** Findings grouped by statement, in statement order. */
export function groupByStatement(findings: readonly ExposureFinding[]): StatementFindings[] {
  const groups = new Map<number, StatementFindings>();
  for (const finding of findings) {
    const group = groups.get(finding.statementIndex);
    if (group) group.findings.push(finding);
    else {
      const { statementIndex, statementLabel } = finding;
      groups.set(statementIndex, { statementIndex, statementLabel, findings: [finding] });
    }
  }
  return [...groups.values()].sort((a, b) => a.statementIndex - b.statementIndex);
}
