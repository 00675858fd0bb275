/**
 * Plain-English phrases for exposure findings, shared by the rules that report them. Each rule
 * builds its own sentence around them; wording is deterministic (finding order, no sorting).
 * Presentation, so it lives with the annotation module: lib/policy stays a leaf that finds
 * exposures and knows nothing of how they are worded.
 */
import type { ConditionMiss } from '../policy/conditions';
import type { ExposureFinding } from '../policy/exposure';
import { cutName } from './annotation';
import { safeLine } from './safe-text';

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

/** Where a policy's resource lives: whose networks an aws:SourceVpc/aws:SourceVpce must name. */
export interface PolicyPlace {
  accountId: string;
  region: string;
}

const quoted = (text: string, room: number) => cutName(safeLine(text), room);

/** What an offending value is, e.g. `untrusted account 444455556666`. */
function valueCause(miss: Extract<ConditionMiss, { kind: 'value' }>, place: PolicyPlace): string {
  const value = quoted(miss.value, 48);
  if (miss.problem === 'pattern') return `${value}, a pattern that can match untrusted callers`;
  switch (miss.valueKind) {
    case 'account':
      return `untrusted account ${value}`;
    case 'org':
      return `untrusted organization ${value}`;
    case 'org-path':
      return `${value}, a path of an untrusted organization`;
    case 'arn':
      return `${value}, outside the trusted accounts`;
    case 'vpc':
      return `${value}, not a VPC of account ${place.accountId} in ${place.region}`;
    case 'vpce':
      return `${value}, not an endpoint of account ${place.accountId} in ${place.region}`;
  }
}

/** Why an Allow's condition does not pin it, e.g. `aws:SourceVpce names vpce-0abc, not an endpoint of ...`. */
export function describePinMiss(miss: ConditionMiss, place: PolicyPlace): string {
  const key = quoted(miss.key, 40);
  const operator = quoted(miss.operator, 40);
  if (miss.kind === 'value') return `${key} names ${valueCause(miss, place)}`;
  return `${operator} on ${key} lets other callers through`;
}

/** Why a Deny does not stop every untrusted caller, e.g. `Deny statement "Org" spares aws:PrincipalOrgID o-x`. */
export function describeDenyMiss(label: string, miss: ConditionMiss, place: PolicyPlace): string {
  const key = quoted(miss.key, 40);
  const operator = quoted(miss.operator, 40);
  switch (miss.kind) {
    case 'value':
      return `Deny ${label} spares ${key} ${valueCause(miss, place)}`;
    case 'operator':
      return `Deny ${label} spares some untrusted callers (${operator} on ${key})`;
    case 'key':
      return `Deny ${label} applies only when ${operator} ${key} holds`;
  }
}

/**
 * What keeps one statement's exposure open, from its findings: the condition that fails to pin
 * it and the Deny that falls short, each naming key and offending value. Undefined when the
 * statement has no pinning condition and no Deny comes close (nothing tries to limit callers).
 */
export function describeStatementCause(
  findings: readonly ExposureFinding[],
  place: PolicyPlace,
): string | undefined {
  const first = findings[0];
  const parts: string[] = [];
  if (first?.unpinned) parts.push(describePinMiss(first.unpinned, place));
  const short = findings.find((finding) => finding.shortDeny !== undefined)?.shortDeny;
  if (short) parts.push(describeDenyMiss(short.statementLabel, short.miss, place));
  return parts.length > 0 ? parts.join(', and ') : undefined;
}

/** What makes an exposing statement pass, appended when it fits. */
export const TO_PASS = '; to pass, limit callers to trusted accounts/orgs or own VPCs/endpoints';

/**
 * One clause per exposing statement: `statement "Pull" allows any AWS account (Principal "*"):
 * aws:SourceVpce names vpce-0abc, not an endpoint of account 111122223333 in eu-west-1`; without
 * the cause when no condition or Deny tries to limit callers (then TO_PASS says what would).
 */
export function statementClauses(findings: readonly ExposureFinding[], place: PolicyPlace): string[] {
  return groupByStatement(findings).map((group) => {
    const cause = describeStatementCause(group.findings, place);
    const clause = `${group.statementLabel} allows ${describeStatementExposure(group.findings)}`;
    return cause === undefined ? clause : `${clause}: ${cause}`;
  });
}
