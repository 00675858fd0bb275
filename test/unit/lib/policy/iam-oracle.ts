/**
 * A small, independent IAM evaluator for property tests: it decides whether one concrete request
 * by an AWS principal is allowed by a resource policy, straight from the raw JSON (it shares no
 * code with lib/policy). Where IAM's behaviour is uncertain or not modelled, it leans towards the
 * answer that makes the tested property harder to satisfy: Allow conditions it cannot evaluate
 * hold, Deny conditions it cannot evaluate do not, and a Deny NotPrincipal spares whole accounts.
 */

export interface OracleRequest {
  accountId: string;
  principalArn: string;
  action: string;
  resource: string;
  /** Lower-cased condition keys; an absent key is not in the map. */
  context: ReadonlyMap<string, readonly string[]>;
}

/** How a plain (no ForAnyValue/ForAllValues) operator reads a multi-valued key. */
export type PlainMultiValued = 'any' | 'all';

type Json = Record<string, unknown>;
const isJson = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const list = (value: unknown): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value.map(String) : [String(value)];

function globToRegExp(pattern: string, caseInsensitive: boolean): RegExp {
  const body = Array.from(pattern, (char) => {
    if (char === '*') return '.*';
    if (char === '?') return '.';
    return char.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
  }).join('');
  return new RegExp(`^${body}$`, caseInsensitive ? 'si' : 's');
}

const glob = (pattern: string, value: string, caseInsensitive = false) =>
  globToRegExp(pattern, caseInsensitive).test(value);

function arnComponents(arn: string): string[] {
  const parts = arn.split(':');
  return parts.length < 6 ? [arn] : [...parts.slice(0, 5), parts.slice(5).join(':')];
}

function arnMatch(pattern: string, value: string): boolean {
  const p = arnComponents(pattern);
  const v = arnComponents(value);
  // A pattern that is not six components is read as one whole-string pattern (permissive).
  if (p.length !== 6) return glob(pattern, value);
  return v.length === 6 && p.every((component, i) => glob(component, v[i] ?? ''));
}

function substitute(value: string, request: OracleRequest): string | undefined {
  let unresolved = false;
  const text = value.replace(/\$\{([^}]*)\}/g, (_, key: string) => {
    const values = request.context.get(key.toLowerCase());
    if (values?.length !== 1) unresolved = true;
    return values?.[0] ?? '';
  });
  return unresolved ? undefined : text;
}

function positiveMatch(base: string, pattern: string, value: string): boolean {
  if (base.startsWith('String') && base.includes('IgnoreCase'))
    return pattern.toLowerCase() === value.toLowerCase();
  if (base === 'StringEquals' || base === 'StringNotEquals') return pattern === value;
  if (base === 'StringLike' || base === 'StringNotLike') return glob(pattern, value);
  return arnMatch(pattern, value);
}

const STRING_OR_ARN =
  /^(StringEquals|StringNotEquals|StringEqualsIgnoreCase|StringNotEqualsIgnoreCase|StringLike|StringNotLike|ArnEquals|ArnLike|ArnNotEquals|ArnNotLike)$/;

function conditionHolds(
  operator: string,
  key: string,
  policyValues: string[],
  request: OracleRequest,
  effect: string,
  plain: PlainMultiValued,
): boolean {
  const unknown = effect === 'Allow'; // what an unmodelled condition evaluates to
  const match = /^(ForAnyValue:|ForAllValues:)?(.+?)(IfExists)?$/.exec(operator);
  if (!match) return unknown;
  const set = match[1];
  const base = match[2] ?? '';
  const ifExists = match[3] !== undefined;
  const values = request.context.get(key.toLowerCase()) ?? [];
  const present = values.length > 0;
  if (base === 'Null')
    return policyValues.some((v) => (v === 'true' ? !present : v === 'false' ? present : unknown));
  if (!STRING_OR_ARN.test(base)) return unknown;
  const negated = base.includes('Not');
  if (!present) {
    if (ifExists || set === 'ForAllValues:') return true;
    if (set === 'ForAnyValue:') return false;
    return negated;
  }
  const predicate = (value: string) => {
    const hit = policyValues.some((raw) => {
      const pattern = substitute(raw, request);
      return pattern !== undefined && positiveMatch(base, pattern, value);
    });
    return negated ? !hit : hit;
  };
  if (set === 'ForAllValues:') return values.every(predicate);
  if (set === 'ForAnyValue:') return values.some(predicate);
  return plain === 'any' ? values.some(predicate) : values.every(predicate);
}

function principalMatches(spec: unknown, request: OracleRequest, accountWide: boolean): boolean {
  if (spec === '*') return true;
  if (!isJson(spec)) return false;
  return list(spec.AWS).some((entry) => {
    if (entry === '*' || entry === request.principalArn) return true;
    if (entry === request.accountId) return accountWide || request.principalArn.endsWith(':root');
    const root = /^arn:[^:]+:iam::(\d{12}):root$/.exec(entry);
    return root?.[1] === request.accountId && (accountWide || entry === request.principalArn);
  });
}

function statementApplies(statement: Json, request: OracleRequest, plain: PlainMultiValued): boolean {
  const effect = String(statement.Effect);
  if (statement.NotPrincipal !== undefined) {
    // A Deny NotPrincipal spares whole accounts (more lenient); an Allow one exact principals.
    if (principalMatches(statement.NotPrincipal, request, effect === 'Deny')) return false;
  } else if (!principalMatches(statement.Principal, request, true)) return false;
  const actionHit = (patterns: unknown) => list(patterns).some((p) => glob(p, request.action, true));
  if (statement.NotAction !== undefined ? actionHit(statement.NotAction) : !actionHit(statement.Action))
    return false;
  const resourceHit = (patterns: unknown) => list(patterns).some((p) => glob(p, request.resource));
  if (statement.NotResource !== undefined && resourceHit(statement.NotResource)) return false;
  if (statement.Resource !== undefined && !resourceHit(statement.Resource)) return false;
  const condition = isJson(statement.Condition) ? statement.Condition : {};
  return Object.entries(condition).every(
    ([operator, keys]) =>
      isJson(keys) &&
      Object.entries(keys).every(([key, values]) =>
        conditionHolds(operator, key, list(values), request, effect, plain),
      ),
  );
}

/** Whether the policy allows the request: some Allow applies and no Deny does. */
export function isAllowed(document: unknown, request: OracleRequest, plain: PlainMultiValued): boolean {
  if (!isJson(document)) return false;
  const raw = document.Statement;
  const statements = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter(isJson);
  const applies = (effect: string) =>
    statements.some((s) => s.Effect === effect && statementApplies(s, request, plain));
  return applies('Allow') && !applies('Deny');
}
