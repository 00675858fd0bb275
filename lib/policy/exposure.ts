/**
 * Who a policy exposes its resource to, outside the trusted set.
 *
 * An Allow statement exposes when its principal reaches beyond the trusted set (`*`,
 * `{"AWS":"*"}`, an untrusted account, NotPrincipal, a federated or canonical identity, a
 * principal we cannot attribute) and none of its condition blocks pins the caller to the trusted
 * set (see conditions.ts). Each exposure is then dropped if a Deny statement provably neutralises
 * it: the Deny hits the exposed principals, covers the Allow's actions and resources, and every
 * one of its condition blocks holds for every untrusted caller. When in doubt, the exposure stays.
 */
import {
  type ConditionMiss,
  conditionsPin,
  denyMissOf,
  firstPinMiss,
  type PinningKeys,
  type TrustSet,
} from './conditions';
import type { PolicyDocument, PrincipalEntry, PrincipalType, Statement } from './document';
import { classifyPrincipal, principalText } from './principals';
import { wildcardCovers, wildcardMatch } from './wildcard';

export type Exposure =
  /** Every AWS principal (`"*"`, `{"AWS":"*"}`, or no Principal in an endpoint policy). */
  | { kind: 'public' }
  | { kind: 'account'; accountId: string }
  /** An Allow with NotPrincipal: everyone except the listed principals. */
  | { kind: 'not-principal' }
  /** Identities of an identity provider outside every trusted account. */
  | { kind: 'federated'; provider: string }
  | { kind: 'canonical-user'; canonicalUser: string }
  /** A principal whose account cannot be determined. */
  | { kind: 'unrecognised' };

export interface ExposureFinding {
  /** 1-based position of the statement. */
  statementIndex: number;
  sid?: string;
  /** `statement "<Sid>"` or `statement #<index>`. */
  statementLabel: string;
  exposure: Exposure;
  /** How the exposing principal is written: `"*"`, `{"AWS":"arn:..."}`, `NotPrincipal`... */
  principal: string;
  /** The statement's Action list, or its NotAction list when `notAction`. */
  actions: readonly string[];
  notAction: boolean;
  /** The statement's Resource (or NotResource) list; undefined when it has neither. */
  resources?: readonly string[];
  notResource: boolean;
  /** Why the Allow's conditions do not pin it; absent when none of them tries (no pinning key). */
  unpinned?: ConditionMiss;
  /**
   * The first Deny that would neutralise this exposure (its principals, actions and resources
   * cover it) but whose conditions spare some untrusted caller, and why.
   */
  shortDeny?: { statementLabel: string; miss: ConditionMiss };
}

export interface ExposureOptions {
  trust: TrustSet;
  /** Condition keys that pin a caller; e.g. RESOURCE_POLICY_PINNING_KEYS. */
  pinningKeys: PinningKeys;
  /**
   * The service prefix (`ecr`) of every action that can apply to the resource. Only those
   * actions matter, so a Deny of `ecr:*` covers an Allow of `*`. Omit when unknown.
   */
  actionNamespace?: string;
  /**
   * Set for a resource-based policy: the ARN of the resource it is attached to. Such a policy
   * only ever governs that resource, so a Deny whose Resource matches it covers any Allow.
   */
  resourceArn?: string;
}

/** One exposed principal of an Allow, before Deny neutralisation. */
interface Candidate {
  exposure: Exposure;
  principal: string;
  /** The principal type it was named with; `*` for `"Principal": "*"` or no Principal. */
  namedAs: PrincipalType | '*' | 'NotPrincipal';
  entry?: PrincipalEntry;
}

const sameExposure = (a: Exposure, b: Exposure): boolean => {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'account' && b.kind === 'account') return a.accountId === b.accountId;
  if (a.kind === 'federated' && b.kind === 'federated') return a.provider === b.provider;
  if (a.kind === 'canonical-user' && b.kind === 'canonical-user') return a.canonicalUser === b.canonicalUser;
  return a.kind !== 'unrecognised';
};

function candidatesOf(statement: Statement, trust: TrustSet): Candidate[] {
  const principal = statement.principal;
  if (principal === undefined)
    return [{ exposure: { kind: 'public' }, principal: 'no Principal', namedAs: '*' }];
  if (principal.not)
    return [{ exposure: { kind: 'not-principal' }, principal: 'NotPrincipal', namedAs: 'NotPrincipal' }];
  if (principal.value.kind === 'any')
    return [{ exposure: { kind: 'public' }, principal: '"*"', namedAs: '*' }];
  const found: Candidate[] = [];
  for (const entry of principal.value.entries) {
    const who = classifyPrincipal(entry);
    let exposure: Exposure;
    switch (who.kind) {
      case 'service':
        continue;
      case 'account':
        if (trust.accounts.has(who.accountId)) continue;
        exposure = { kind: 'account', accountId: who.accountId };
        break;
      case 'public':
      case 'federated':
      case 'canonical-user':
        exposure = who;
        break;
      case 'unrecognised':
        exposure = { kind: 'unrecognised' };
        break;
    }
    found.push({ exposure, principal: principalText(entry), namedAs: entry.type, entry });
  }
  return found;
}

/** Unrecognised principals are told apart by their text; the others by what they name. */
function sameFinding(a: Candidate, b: Candidate): boolean {
  return a.exposure.kind === 'unrecognised'
    ? a.principal === b.principal
    : sameExposure(a.exposure, b.exposure);
}

/** Account-wide entries: a bare id or the `:root` ARN cover every principal of the account. */
function isAccountWide(entry: PrincipalEntry): boolean {
  return (
    entry.type === 'AWS' && (/^\d{12}$/.test(entry.value) || /^arn:[^:]+:iam::\d{12}:root$/.test(entry.value))
  );
}

function denyHitsPrincipal(deny: Statement, candidate: Candidate, trust: TrustSet): boolean {
  const principal = deny.principal;
  // Only endpoint policies may omit the principal; there it means everyone.
  if (principal === undefined) return true;
  if (principal.not) {
    // Deny NotPrincipal spares only the listed principals: if all are trusted (or services,
    // which are not exposure), every untrusted caller is denied.
    if (principal.value.kind === 'any') return false;
    return principal.value.entries.every((entry) => {
      const who = classifyPrincipal(entry);
      return who.kind === 'service' || (who.kind === 'account' && trust.accounts.has(who.accountId));
    });
  }
  if (principal.value.kind === 'any') return true;
  return principal.value.entries.some((entry) => {
    // {"AWS":"*"} is every AWS principal; kept to principals named as AWS ones to stay exact.
    if (entry.type === 'AWS' && entry.value === '*') return candidate.namedAs === 'AWS';
    if (candidate.entry && entry.type === candidate.entry.type && entry.value === candidate.entry.value)
      return true;
    const who = classifyPrincipal(entry);
    return (
      candidate.exposure.kind === 'account' &&
      candidate.namedAs === 'AWS' &&
      isAccountWide(entry) &&
      who.kind === 'account' &&
      who.accountId === candidate.exposure.accountId
    );
  });
}

/** What a Deny statement covers regardless of the Allow it is held against, computed once. */
interface DenyFacts {
  statement: Statement;
  /** Its conditions hold for every untrusted caller (see conditions.ts). */
  holdsForUntrusted: boolean;
  /** One of its actions covers every action of the namespace (so any action that can apply). */
  coversNamespace: boolean;
  /** Why its conditions spare some untrusted caller; undefined when they hold. */
  miss: ConditionMiss | undefined;
}

function denyFactsOf(deny: Statement, options: ExposureOptions): DenyFacts {
  const namespace = options.actionNamespace;
  const miss = denyMissOf(deny.conditions, options.pinningKeys, options.trust);
  return {
    statement: deny,
    // denyMissOf finds no block that falls short exactly when every block holds.
    holdsForUntrusted: miss === undefined,
    miss,
    coversNamespace:
      !deny.actions.not &&
      namespace !== undefined &&
      deny.actions.value.some((d) => wildcardCovers(d, `${namespace}:*`, true)),
  };
}

function denyCoversActions(deny: DenyFacts, allow: Statement): boolean {
  if (deny.statement.actions.not) return false; // Conservative: proving NotAction coverage is not attempted.
  if (deny.coversNamespace) return true;
  const denied = deny.statement.actions.value;
  const coversAll = (pattern: string) => denied.some((d) => wildcardCovers(d, pattern, true));
  if (allow.actions.not) return coversAll('*');
  return allow.actions.value.every((action) => coversAll(action));
}

function denyCoversResources(deny: Statement, allow: Statement, resourceArn: string | undefined): boolean {
  const denied = deny.resources;
  // No Resource in a resource policy: the resource itself, i.e. everything the policy governs.
  if (denied === undefined) return true;
  if (denied.not) return false;
  if (denied.value.some((d) => wildcardCovers(d, '*'))) return true;
  if (resourceArn !== undefined) return denied.value.some((d) => wildcardMatch(d, resourceArn));
  const allowed = allow.resources;
  if (allowed === undefined || allowed.not) return false;
  return allowed.value.every((r) => denied.value.some((d) => wildcardCovers(d, r)));
}

/**
 * Whether a Deny covers an Allow's actions and resources for every untrusted caller: everything
 * neutralisation asks except the principal. It does not depend on the exposed principal, so it is
 * computed once per Allow and Deny, not once per principal (a statement may name thousands).
 */
function denyCoversAllow(deny: DenyFacts, allow: Statement, options: ExposureOptions): boolean {
  return deny.holdsForUntrusted && denyReaches(deny, allow, options);
}

/** The Deny's actions and resources cover the Allow's, whatever its conditions say. */
function denyReaches(deny: DenyFacts, allow: Statement, options: ExposureOptions): boolean {
  return denyCoversActions(deny, allow) && denyCoversResources(deny.statement, allow, options.resourceArn);
}

/**
 * The first Deny that covers the candidate but for its conditions, and the block that falls short.
 * `reaches` tells, computed once per Allow and Deny, whether the Deny covers the Allow's actions
 * and resources (the same for every principal).
 */
function shortDenyOf(
  denies: readonly DenyFacts[],
  reaches: (index: number, deny: DenyFacts) => boolean,
  candidate: Candidate,
  trust: TrustSet,
): ExposureFinding['shortDeny'] {
  for (const [index, deny] of denies.entries()) {
    if (deny.miss === undefined || !reaches(index, deny)) continue;
    if (denyHitsPrincipal(deny.statement, candidate, trust))
      return { statementLabel: deny.statement.label, miss: deny.miss };
  }
  return undefined;
}

/** Whether an Allow grants something at all: an empty Action or Resource list grants nothing. */
function grantsSomething(statement: Statement): boolean {
  if (!statement.actions.not && statement.actions.value.length === 0) return false;
  return !(statement.resources && !statement.resources.not && statement.resources.value.length === 0);
}

/**
 * The exposures of a parsed policy, in statement order, then principal order (AWS, Service,
 * Federated, CanonicalUser; values as listed). One finding per exposed principal of a statement.
 * Pure and total: never throws.
 */
export function findExposures(policy: PolicyDocument, options: ExposureOptions): ExposureFinding[] {
  const denies = policy.statements.filter((s) => s.effect === 'Deny').map((d) => denyFactsOf(d, options));
  const findings: ExposureFinding[] = [];
  for (const statement of policy.statements) {
    if (statement.effect !== 'Allow' || !grantsSomething(statement)) continue;
    if (conditionsPin(statement.conditions, options.pinningKeys, options.trust)) continue;
    const unpinned = firstPinMiss(statement.conditions, options.pinningKeys, options.trust);
    // Each Deny's coverage of this Allow, computed on first need and then reused for every principal.
    const coverage: (boolean | undefined)[] = new Array(denies.length);
    const covers = (index: number, deny: DenyFacts): boolean => {
      let known = coverage[index];
      if (known === undefined) {
        known = denyCoversAllow(deny, statement, options);
        coverage[index] = known;
      }
      return known;
    };
    // Neutralise each named principal on its own before merging: a Deny of one role of an
    // account must not hide a grant to the whole account listed next to it.
    const reach: (boolean | undefined)[] = new Array(denies.length);
    const reaches = (index: number, deny: DenyFacts): boolean => {
      let known = reach[index];
      if (known === undefined) {
        known = denyReaches(deny, statement, options);
        reach[index] = known;
      }
      return known;
    };
    const survivors: Candidate[] = [];
    for (const candidate of candidatesOf(statement, options.trust)) {
      if (
        denies.some(
          (deny, index) => covers(index, deny) && denyHitsPrincipal(deny.statement, candidate, options.trust),
        )
      )
        continue;
      if (!survivors.some((kept) => sameFinding(kept, candidate))) survivors.push(candidate);
    }
    for (const candidate of survivors) {
      const finding: ExposureFinding = {
        statementIndex: statement.index,
        statementLabel: statement.label,
        exposure: candidate.exposure,
        principal: candidate.principal,
        actions: statement.actions.value,
        notAction: statement.actions.not,
        notResource: statement.resources?.not ?? false,
      };
      if (statement.sid !== undefined) finding.sid = statement.sid;
      if (statement.resources) finding.resources = statement.resources.value;
      if (unpinned) finding.unpinned = unpinned;
      const shortDeny = shortDenyOf(denies, reaches, candidate, options.trust);
      if (shortDeny) finding.shortDeny = shortDeny;
      findings.push(finding);
    }
  }
  return findings;
}
