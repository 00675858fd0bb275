/**
 * The suppression file (README "Suppression file", docs/rule-semantics.md): entries that make a
 * rule's verdict on matching resources NOT_APPLICABLE, each with a reason, an owner and an expiry
 * bounded by exemptMaxDays like an exemption tag. YAML or JSON (JSON is YAML). Every scalar is
 * read as text (the failsafe schema), so an account id keeps its leading zeros and a date is not
 * turned into a timestamp.
 *
 * A malformed file (syntax, a missing or unknown field, a date that is not a real YYYY-MM-DD) is
 * a SuppressionFileError naming the line and entry at fault: nothing is suppressed on a file we
 * cannot read. Expired entries and entries beyond a rule's exemptMaxDays are kept and reported,
 * never silently dropped; so are entries that matched nothing (unused). Patterns use `*` only,
 * matched by starMatch (lib/policy/wildcard.ts), never by a RegExp built from the file.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type YAMLMap } from 'yaml';
import { starMatch } from '../policy/wildcard';
import { DEFAULT_EXEMPT_MAX_DAYS, type ExemptionWhy, expiryCheck, isIsoDate } from './exemptions';

export interface SuppressionEntry {
  /** 1-based position in the file, the name errors and reports use. */
  index: number;
  /** 1-based line of the entry in the file. */
  line: number;
  /** A rule id or `*`. */
  rule: string;
  /** Pattern over the resource's id, name or ARN (`*` any run of characters). */
  resource: string;
  /** A 12-digit account id or `*` (default). */
  account: string;
  /** A Region name or `*` (default). */
  region: string;
  reason: string;
  owner: string;
  /** YYYY-MM-DD, the last day the entry applies (UTC). */
  expires: string;
}

export class SuppressionFileError extends Error {
  override name = 'SuppressionFileError';
}

const FIELDS = ['rule', 'resource', 'account', 'region', 'reason', 'owner', 'expires'] as const;
const REQUIRED = ['rule', 'resource', 'reason', 'owner', 'expires'] as const;
const ACCOUNT = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
/** The position the YAML parser appends to its messages; the line is given in front instead. */
const AT_LINE = / at line \d+, column \d+:?$/;
/** Longest text accepted in a field: an annotation holds 256 characters in all. */
const MAX_FIELD = 256;

function entryOf(
  node: YAMLMap,
  index: number,
  line: number,
  source: string,
  knownRules: readonly string[] | undefined,
): SuppressionEntry {
  const at = `${source}: entry ${index} (line ${line})`;
  const values: Record<string, string> = {};
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!(FIELDS as readonly string[]).includes(key))
      throw new SuppressionFileError(`${at}: unknown field "${key}" (fields: ${FIELDS.join(', ')})`);
    if (!isScalar(pair.value) || typeof pair.value.value !== 'string')
      throw new SuppressionFileError(`${at}: ${key} must be a text value`);
    const value = pair.value.value.trim();
    if (value === '') throw new SuppressionFileError(`${at}: ${key} is empty`);
    if (value.length > MAX_FIELD)
      throw new SuppressionFileError(`${at}: ${key} is longer than ${MAX_FIELD} characters`);
    values[key] = value;
  }
  for (const key of REQUIRED)
    if (values[key] === undefined) throw new SuppressionFileError(`${at}: ${key} is required`);
  const entry: SuppressionEntry = {
    index,
    line,
    rule: values.rule ?? '',
    resource: values.resource ?? '',
    account: values.account ?? '*',
    region: values.region ?? '*',
    reason: values.reason ?? '',
    owner: values.owner ?? '',
    expires: values.expires ?? '',
  };
  if (entry.rule !== '*' && knownRules !== undefined && !knownRules.includes(entry.rule))
    throw new SuppressionFileError(`${at}: unknown rule "${entry.rule}" (a rule id or *)`);
  if (entry.account !== '*' && !ACCOUNT.test(entry.account))
    throw new SuppressionFileError(`${at}: account must be a 12-digit account id or *`);
  if (entry.region !== '*' && !REGION.test(entry.region))
    throw new SuppressionFileError(`${at}: region must be a Region name (e.g. eu-west-1) or *`);
  if (!isIsoDate(entry.expires))
    throw new SuppressionFileError(`${at}: expires must be a date YYYY-MM-DD, not "${entry.expires}"`);
  return entry;
}

/**
 * Parses a suppression file: `suppressions:` and a list of entries. `knownRules` (the registry's
 * ids) rejects a misspelt rule, which would otherwise suppress nothing.
 */
export function parseSuppressions(
  text: string,
  source: string,
  knownRules?: readonly string[],
): SuppressionEntry[] {
  const lines = new LineCounter();
  const document = parseDocument(text, { schema: 'failsafe', lineCounter: lines, uniqueKeys: true });
  const lineOf = (offset: number | undefined) => lines.linePos(offset ?? 0).line;
  const [problem] = document.errors;
  if (problem !== undefined)
    throw new SuppressionFileError(
      `${source}: line ${problem.linePos?.[0]?.line ?? '?'}: ${(problem.message.split('\n')[0] ?? '').replace(AT_LINE, '')}`,
    );
  const root = document.contents;
  const list = isMap(root) ? root.get('suppressions', true) : undefined;
  if (!isMap(root) || root.items.length !== 1 || !isSeq(list))
    throw new SuppressionFileError(
      `${source}: line ${lineOf(root?.range?.[0])}: expected one key, suppressions, holding a list of entries`,
    );
  return list.items.map((item, position) => {
    const index = position + 1;
    const line = lineOf(isMap(item) || isScalar(item) || isSeq(item) ? item.range?.[0] : undefined);
    if (!isMap(item))
      throw new SuppressionFileError(
        `${source}: entry ${index} (line ${line}): expected a mapping of fields`,
      );
    return entryOf(item, index, line, source, knownRules);
  });
}

/** What is matched against an entry: the rule, the resource's names, and where it lives. */
export interface SuppressionTarget {
  rule: string;
  /** The resource's id, name and ARN (empty ones are ignored). */
  names: readonly string[];
  account: string;
  region: string;
}

export function entryMatches(entry: SuppressionEntry, target: SuppressionTarget): boolean {
  if (entry.rule !== '*' && entry.rule !== target.rule) return false;
  if (entry.account !== '*' && entry.account !== target.account) return false;
  if (entry.region !== '*' && entry.region !== target.region) return false;
  return target.names.some((name) => name !== '' && starMatch(entry.resource, name));
}

/** An entry's state at the end of a run, for the reports. */
export interface SuppressionUse {
  entry: SuppressionEntry;
  /** Resources it suppressed. */
  applied: number;
  /** Resources it matched but could not suppress, by why (expired, beyond-max-lifetime). */
  refused: number;
  /**
   * used: suppressed something; unused: matched nothing; expired: past its date;
   * beyond-max-lifetime: matched only under rules whose exemptMaxDays its date exceeds.
   */
  state: 'used' | 'unused' | 'expired' | 'beyond-max-lifetime';
}

/** The result of looking a target up: the entry that applies, or the first that matched and why it did not. */
export type SuppressionMatch =
  | { applied: true; entry: SuppressionEntry }
  | { applied: false; entry: SuppressionEntry; why: ExemptionWhy };

/**
 * A parsed file with its use counts: one per scan or Lambda invocation. The first entry that
 * matches and is within its lifetime applies; when none is, the first match says why not.
 */
export class Suppressions {
  private readonly applied = new Map<number, number>();
  private readonly refused = new Map<number, { count: number; why: ExemptionWhy }>();

  constructor(readonly entries: readonly SuppressionEntry[]) {}

  match(
    target: SuppressionTarget,
    now: Date,
    maxDays = DEFAULT_EXEMPT_MAX_DAYS,
  ): SuppressionMatch | undefined {
    let first: SuppressionMatch | undefined;
    for (const entry of this.entries) {
      if (!entryMatches(entry, target)) continue;
      const check = expiryCheck(entry.expires, now, maxDays);
      if (check === 'ok') {
        this.applied.set(entry.index, (this.applied.get(entry.index) ?? 0) + 1);
        return { applied: true, entry };
      }
      const seen = this.refused.get(entry.index);
      this.refused.set(entry.index, { count: (seen?.count ?? 0) + 1, why: check });
      first ??= { applied: false, entry, why: check };
    }
    return first;
  }

  /** Every entry's state, in file order; expiry is judged at `now` whatever matched. */
  uses(now: Date): SuppressionUse[] {
    return this.entries.map((entry) => {
      const applied = this.applied.get(entry.index) ?? 0;
      const refused = this.refused.get(entry.index);
      const expired = expiryCheck(entry.expires, now, Number.MAX_SAFE_INTEGER) === 'expired';
      const state: SuppressionUse['state'] = expired
        ? 'expired'
        : applied > 0
          ? 'used'
          : refused?.why === 'beyond-max-lifetime'
            ? 'beyond-max-lifetime'
            : 'unused';
      return { entry, applied, refused: refused?.count ?? 0, state };
    });
  }
}

/** One line per entry that needs attention (expired, beyond the lifetime, unused); none when all were used. */
export function suppressionNotices(uses: readonly SuppressionUse[], source: string): string[] {
  const at = (u: SuppressionUse) =>
    `${source}: entry ${u.entry.index} (line ${u.entry.line}, rule ${u.entry.rule}, resource ${u.entry.resource}, owner ${u.entry.owner})`;
  return uses.flatMap((u) => {
    switch (u.state) {
      case 'expired':
        return [`${at(u)} expired on ${u.entry.expires}: remove or renew it`];
      case 'beyond-max-lifetime':
        return [
          `${at(u)} not applied: it expires ${u.entry.expires}, beyond exemptMaxDays of the rules it matched`,
        ];
      case 'unused':
        return [`${at(u)} matched nothing: remove it if it is stale`];
      default:
        return [];
    }
  });
}
