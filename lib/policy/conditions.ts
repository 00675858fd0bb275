/**
 * IAM condition semantics, reduced to the two questions exposure analysis asks:
 *
 * - Does this condition block *pin* an Allow, i.e. can it only be true for a caller inside the
 *   trusted set? (Blocks of a statement are ANDed, so one pinning block pins the statement.)
 * - Is this condition block true for *every* caller outside the trusted set, i.e. does a Deny
 *   guarded by it still hit every untrusted caller?
 *
 * Both reduce to "every value of the block matches only trusted values" plus operator rules:
 * - Only StringEquals, StringEqualsIgnoreCase, StringLike, ArnEquals, ArnLike can pin. ArnEquals
 *   is ArnLike (IAM allows wildcards in both, per ARN component).
 * - `...IfExists` never pins: a request without the key passes.
 * - `ForAllValues:` never pins: it is true when the key is absent. `ForAnyValue:` is false when
 *   the key is absent, so on a single-valued key it pins like the plain operator.
 * - A plain operator on the multi-valued aws:PrincipalOrgPaths pins as well: whether IAM reads it
 *   as "any" or "all" of the caller's paths, all of one principal's paths lie in its own org.
 * - Negated operators never pin an Allow. In a Deny they must be true when the key is absent
 *   (plain negated, `...IfExists`, or `ForAllValues:`), since an untrusted caller may lack the
 *   key (an account outside any organization has no aws:PrincipalOrgID). `ForAnyValue:` negated
 *   is false on an absent key and so does not count.
 * - Null, Bool, numeric, date, IP and binary operators never pin (aws:SourceIp: public IPs are the
 *   internet; aws:SecureTransport says nothing about who calls).
 * - Operator names are matched case-sensitively, as written in the IAM reference: an unknown
 *   spelling neither pins nor denies, which can only make the analysis more cautious.
 * - Policy variables (`${...}`) are resolved per request, so they count as wildcards.
 */
import type { ConditionBlock } from './document';

/** What a pinning key's values name, which decides how a value is checked against the trust. */
export type ValueKind = 'account' | 'org' | 'org-path' | 'arn' | 'vpc' | 'vpce';

/** Pinning keys, lower-cased (condition key names are case-insensitive), to what they name. */
export type PinningKeys = ReadonlyMap<string, ValueKind>;

export function pinningKeys(keys: Readonly<Record<string, ValueKind>>): PinningKeys {
  return new Map(Object.entries(keys).map(([key, kind]) => [key.toLowerCase(), kind]));
}

/**
 * Keys that tie the caller of a resource policy to the trusted set (docs/rule-semantics.md,
 * ecr-repository-not-public). aws:SourceVpc/aws:SourceVpce values pin only when they name a VPC or
 * endpoint of the own network (TrustSet.networkIds): only traffic through it matches.
 */
export const RESOURCE_POLICY_PINNING_KEYS: PinningKeys = pinningKeys({
  'aws:PrincipalOrgID': 'org',
  'aws:PrincipalOrgPaths': 'org-path',
  'aws:PrincipalAccount': 'account',
  'aws:PrincipalArn': 'arn',
  'aws:SourceAccount': 'account',
  'aws:SourceOrgID': 'org',
  'aws:SourceArn': 'arn',
  'aws:SourceVpc': 'vpc',
  'aws:SourceVpce': 'vpce',
});

/** Keys that pin a VPC endpoint policy's principal or resource to the trusted set (docs/rule-semantics.md). */
export const ENDPOINT_POLICY_PINNING_KEYS: PinningKeys = pinningKeys({
  'aws:PrincipalAccount': 'account',
  'aws:PrincipalOrgID': 'org',
  'aws:ResourceAccount': 'account',
  'aws:ResourceOrgID': 'org',
});

/** Who may be granted access. Structurally compatible with the engine's Trust. */
export interface TrustSet {
  accounts: ReadonlySet<string>;
  orgIds: ReadonlySet<string>;
  /**
   * The VPC and VPC endpoint ids the account owns (in the resource's Region): only these make an
   * aws:SourceVpc/aws:SourceVpce pin trusted. Empty: no network id is trusted (an id another
   * account owns would let that account's traffic in).
   */
  networkIds: ReadonlySet<string>;
}

export type OperatorFamily = 'string' | 'string-like' | 'arn' | 'other';

export interface ConditionOperator {
  /** ForAnyValue / ForAllValues prefix, if any. */
  set?: 'ForAnyValue' | 'ForAllValues';
  /** The operator without prefix and IfExists suffix, e.g. `StringNotLike`. */
  base: string;
  family: OperatorFamily;
  negated: boolean;
  ifExists: boolean;
}

interface OperatorKind {
  family: OperatorFamily;
  negated: boolean;
}

const FAMILIES: ReadonlyMap<string, OperatorKind> = new Map<string, OperatorKind>([
  ['StringEquals', { family: 'string', negated: false }],
  ['StringNotEquals', { family: 'string', negated: true }],
  ['StringEqualsIgnoreCase', { family: 'string', negated: false }],
  ['StringNotEqualsIgnoreCase', { family: 'string', negated: true }],
  ['StringLike', { family: 'string-like', negated: false }],
  ['StringNotLike', { family: 'string-like', negated: true }],
  ['ArnEquals', { family: 'arn', negated: false }],
  ['ArnLike', { family: 'arn', negated: false }],
  ['ArnNotEquals', { family: 'arn', negated: true }],
  ['ArnNotLike', { family: 'arn', negated: true }],
  ...[
    'NumericEquals',
    'NumericNotEquals',
    'NumericLessThan',
    'NumericLessThanEquals',
    'NumericGreaterThan',
    'NumericGreaterThanEquals',
    'DateEquals',
    'DateNotEquals',
    'DateLessThan',
    'DateLessThanEquals',
    'DateGreaterThan',
    'DateGreaterThanEquals',
    'Bool',
    'BinaryEquals',
    'IpAddress',
    'NotIpAddress',
    'Null',
  ].map((base): [string, OperatorKind] => [base, { family: 'other', negated: false }]),
]);

/** Parses `[ForAnyValue:|ForAllValues:]<Base>[IfExists]`; undefined for an unknown operator. */
export function parseOperator(name: string): ConditionOperator | undefined {
  let rest = name;
  let set: ConditionOperator['set'];
  // At most one set prefix: a second one is left in `base` and makes the operator unknown.
  const prefix = (['ForAnyValue', 'ForAllValues'] as const).find((p) => rest.startsWith(`${p}:`));
  if (prefix) {
    set = prefix;
    rest = rest.slice(prefix.length + 1);
  }
  const ifExists = rest.endsWith('IfExists') && rest !== 'IfExists';
  const base = ifExists ? rest.slice(0, -'IfExists'.length) : rest;
  const known = FAMILIES.get(base);
  if (!known || (ifExists && base === 'Null')) return undefined;
  const operator: ConditionOperator = { base, family: known.family, negated: known.negated, ifExists };
  if (set) operator.set = set;
  return operator;
}

const ACCOUNT_ID = /^\d{12}$/;
const VPC_ID = /^vpc-[0-9a-f]+$/i;
const VPCE_ID = /^vpce-[0-9a-f]+$/i;

/** The part of a value that is literal text: up to a policy variable, and a wildcard for Like. */
function literalPrefix(value: string, family: OperatorFamily): string {
  let end = value.indexOf('${');
  if (end < 0) end = value.length;
  if (family === 'string-like' || family === 'arn') {
    for (const wildcard of ['*', '?']) {
      const at = value.indexOf(wildcard);
      if (at >= 0 && at < end) end = at;
    }
  }
  return value.slice(0, end);
}

function isLiteral(value: string, family: OperatorFamily): boolean {
  return literalPrefix(value, family) === value;
}

function hasLowerCased(set: ReadonlySet<string>, value: string): boolean {
  const wanted = value.toLowerCase();
  for (const item of set) if (item.toLowerCase() === wanted) return true;
  return false;
}

function trustedAccount(account: string | undefined, trust: TrustSet): boolean {
  return account !== undefined && ACCOUNT_ID.test(account) && trust.accounts.has(account);
}

/**
 * The account an ARN value pins, if its account field is literal. ARN operators match each of
 * the six colon-separated components on its own, so only the account component must be literal;
 * string operators let `*` span colons, so everything up to the account's end must be literal.
 */
function pinnedArnAccount(value: string, family: OperatorFamily): string | undefined {
  if (family === 'arn') {
    const parts = value.split(':');
    const account = parts[4];
    if (parts.length < 6 || account === undefined) return undefined;
    const head = parts.slice(0, 5).join(':');
    return head.includes('${') || !isLiteral(account, family) ? undefined : account;
  }
  const parts = literalPrefix(value, family).split(':');
  return parts.length >= 6 ? parts[4] : undefined;
}

/** Whether every value the pattern `value` can match names something trusted. */
export function namesOnlyTrusted(
  kind: ValueKind,
  value: string,
  family: OperatorFamily,
  trust: TrustSet,
): boolean {
  if (family === 'other' || (family === 'arn' && kind !== 'arn')) return false;
  switch (kind) {
    case 'account':
      return isLiteral(value, family) && trustedAccount(value, trust);
    case 'org':
      return isLiteral(value, family) && hasLowerCased(trust.orgIds, value);
    case 'org-path': {
      // o-xxx/r-xxx/ou-xxx/...: trusted when the organization segment is a literal trusted org.
      const org = value.split('/')[0] ?? '';
      return isLiteral(org, family) && hasLowerCased(trust.orgIds, org);
    }
    case 'arn':
      return trustedAccount(pinnedArnAccount(value, family), trust);
    case 'vpc':
    case 'vpce': {
      const shape = kind === 'vpc' ? VPC_ID : VPCE_ID;
      if (!isLiteral(value, family) || !shape.test(value)) return false;
      return hasLowerCased(trust.networkIds, value);
    }
  }
}

function blockNamesOnlyTrusted(
  block: ConditionBlock,
  operator: ConditionOperator,
  keys: PinningKeys,
  trust: TrustSet,
): boolean {
  const kind = keys.get(block.key.toLowerCase());
  if (kind === undefined || block.values.length === 0) return false;
  return block.values.every((value) => namesOnlyTrusted(kind, value, operator.family, trust));
}

/** True when the block can only be satisfied by a caller in the trusted set (Allow side). */
export function blockPins(block: ConditionBlock, keys: PinningKeys, trust: TrustSet): boolean {
  const operator = parseOperator(block.operator);
  if (!operator || operator.negated || operator.ifExists || operator.set === 'ForAllValues') return false;
  return blockNamesOnlyTrusted(block, operator, keys, trust);
}

/** True when the block is satisfied by every caller outside the trusted set (Deny side). */
export function blockHoldsForUntrusted(block: ConditionBlock, keys: PinningKeys, trust: TrustSet): boolean {
  const operator = parseOperator(block.operator);
  if (!operator?.negated) return false;
  const trueWhenKeyAbsent = operator.ifExists || operator.set !== 'ForAnyValue';
  return trueWhenKeyAbsent && blockNamesOnlyTrusted(block, operator, keys, trust);
}

/** An Allow is pinned when any one of its (ANDed) condition blocks pins it. */
export function conditionsPin(
  conditions: readonly ConditionBlock[],
  keys: PinningKeys,
  trust: TrustSet,
): boolean {
  return conditions.some((block) => blockPins(block, keys, trust));
}

/**
 * A Deny still applies to every untrusted caller only when each of its (ANDed) blocks holds for
 * them. No conditions at all: it applies to everyone.
 */
export function conditionsHoldForUntrusted(
  conditions: readonly ConditionBlock[],
  keys: PinningKeys,
  trust: TrustSet,
): boolean {
  return conditions.every((block) => blockHoldsForUntrusted(block, keys, trust));
}

/** Why a value on a pinning key does not name only trusted callers. */
export type ValueProblem =
  /** A wildcard, a policy variable or a malformed id: it can match callers nobody vetted. */
  | 'pattern'
  /** A literal value naming an account, organization or network outside the trusted set. */
  | 'untrusted';

/**
 * Why one condition block leaves an Allow unpinned (or a Deny short of every untrusted caller):
 * the key and operator as written, and the first offending value, for the annotation.
 */
export type ConditionMiss =
  | {
      kind: 'value';
      key: string;
      operator: string;
      value: string;
      valueKind: ValueKind;
      problem: ValueProblem;
    }
  /** The operator cannot pin (Allow) or spares callers without the key (Deny). */
  | { kind: 'operator'; key: string; operator: string }
  /** A Deny's block on a key that says nothing about who calls (aws:SourceIp, ...). */
  | { kind: 'key'; key: string; operator: string };

function problemOf(kind: ValueKind, value: string, family: OperatorFamily): ValueProblem {
  switch (kind) {
    case 'arn':
      return pinnedArnAccount(value, family) === undefined ? 'pattern' : 'untrusted';
    case 'org-path':
      return isLiteral(value.split('/')[0] ?? '', family) ? 'untrusted' : 'pattern';
    case 'account':
      return isLiteral(value, family) && ACCOUNT_ID.test(value) ? 'untrusted' : 'pattern';
    case 'vpc':
      return isLiteral(value, family) && VPC_ID.test(value) ? 'untrusted' : 'pattern';
    case 'vpce':
      return isLiteral(value, family) && VPCE_ID.test(value) ? 'untrusted' : 'pattern';
    case 'org':
      return isLiteral(value, family) ? 'untrusted' : 'pattern';
  }
}

function valueMiss(
  block: ConditionBlock,
  operator: ConditionOperator,
  kind: ValueKind,
  trust: TrustSet,
): ConditionMiss | undefined {
  const value = block.values.find((v) => !namesOnlyTrusted(kind, v, operator.family, trust));
  if (value === undefined) return undefined;
  const problem = operator.family === 'other' ? 'pattern' : problemOf(kind, value, operator.family);
  return { kind: 'value', key: block.key, operator: block.operator, value, valueKind: kind, problem };
}

/**
 * Why an Allow's conditions do not pin it: the first block on a pinning key, with its offending
 * value or operator. Undefined when the conditions pin, or no block uses a pinning key at all
 * (then nothing in the statement tries to limit callers).
 */
export function pinMissOf(
  conditions: readonly ConditionBlock[],
  keys: PinningKeys,
  trust: TrustSet,
): ConditionMiss | undefined {
  return conditionsPin(conditions, keys, trust) ? undefined : firstPinMiss(conditions, keys, trust);
}

/** pinMissOf for conditions already known not to pin (findExposures checks that first). */
export function firstPinMiss(
  conditions: readonly ConditionBlock[],
  keys: PinningKeys,
  trust: TrustSet,
): ConditionMiss | undefined {
  for (const block of conditions) {
    const kind = keys.get(block.key.toLowerCase());
    if (kind === undefined || block.values.length === 0) continue;
    const operator = parseOperator(block.operator);
    if (
      !operator ||
      operator.negated ||
      operator.ifExists ||
      operator.set === 'ForAllValues' ||
      operator.family === 'other' ||
      (operator.family === 'arn' && kind !== 'arn')
    )
      return { kind: 'operator', key: block.key, operator: block.operator };
    const miss = valueMiss(block, operator, kind, trust);
    if (miss) return miss;
  }
  return undefined;
}

/**
 * Why a Deny's conditions do not hold for every untrusted caller: the first block that does not,
 * with its spared value, operator or key. Undefined when they hold.
 */
export function denyMissOf(
  conditions: readonly ConditionBlock[],
  keys: PinningKeys,
  trust: TrustSet,
): ConditionMiss | undefined {
  for (const block of conditions) {
    if (blockHoldsForUntrusted(block, keys, trust)) continue;
    const kind = keys.get(block.key.toLowerCase());
    if (kind === undefined) return { kind: 'key', key: block.key, operator: block.operator };
    const operator = parseOperator(block.operator);
    if (!operator?.negated || !(operator.ifExists || operator.set !== 'ForAnyValue'))
      return { kind: 'operator', key: block.key, operator: block.operator };
    return (
      valueMiss(block, operator, kind, trust) ?? {
        kind: 'operator',
        key: block.key,
        operator: block.operator,
      }
    );
  }
  return undefined;
}
