/**
 * Wildcard patterns, matched in polynomial time (IAM: one dynamic programme in O(pattern x text)
 * time and O(text) memory), never by a RegExp built from data (no escaping bugs, no catastrophic
 * backtracking).
 * This is the project's only wildcard matcher: every rule that compares a pattern from a
 * resource (policy, scanning filter, ...) goes through it.
 *
 * - IAM (Action, Resource, the `...Like` condition operators): `*` any run of characters, `?` one
 *   character: wildcardMatch / wildcardCovers.
 * - ECR filters (registry scanning): `*` only; every other character, `?` included, is literal:
 *   starMatch, leftmost matching of the pieces between stars (linear scans).
 */

/** Token codes: a character is its code point (>= 0); the wildcards are negative. */
const STAR = -1;
const ONE = -2;

function tokens(pattern: string, caseInsensitive: boolean): Int32Array {
  const text = caseInsensitive ? pattern.toLowerCase() : pattern;
  const codes = new Int32Array(text.length);
  let n = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    codes[n++] = char === '*' ? STAR : char === '?' ? ONE : code;
  }
  return codes.subarray(0, n);
}

/** Every character literal, `*` and `?` included. */
function literal(text: string, caseInsensitive: boolean): Int32Array {
  const value = caseInsensitive ? text.toLowerCase() : text;
  const codes = new Int32Array(value.length);
  let n = 0;
  for (const char of value) codes[n++] = char.codePointAt(0) ?? 0;
  return codes.subarray(0, n);
}

export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

/** Whether `text` (taken literally) matches the IAM pattern `pattern`. */
export function wildcardMatch(pattern: string, text: string, caseInsensitive = false): boolean {
  return covers(tokens(pattern, caseInsensitive), literal(text, caseInsensitive));
}

/**
 * Whether `text` (taken literally) matches `pattern`, in which only `*` is a wildcard (ECR filters).
 * With `*` as the only wildcard, matching the literal pieces between stars leftmost-first is exact
 * (a later match never leaves more room than the earliest), so this is a few indexOf scans,
 * no backtracking and no table.
 */
export function starMatch(pattern: string, text: string): boolean {
  const pieces = pattern.split('*');
  const first = pieces[0] ?? '';
  if (pieces.length === 1) return pattern === text;
  const last = pieces[pieces.length - 1] ?? '';
  if (text.length < first.length + last.length || !text.startsWith(first) || !text.endsWith(last))
    return false;
  let from = first.length;
  const end = text.length - last.length;
  for (let i = 1; i < pieces.length - 1; i++) {
    const piece = pieces[i] ?? '';
    if (piece === '') continue;
    const found = text.indexOf(piece, from);
    if (found < 0 || found + piece.length > end) return false;
    from = found + piece.length;
  }
  return true;
}

/**
 * Whether every string `inner` can match is also matched by `outer` (inner's wildcards are
 * wildcards too). Sound but not complete: a `true` is a proof of coverage; an exotic coverage
 * may be missed, which only ever makes callers more cautious. Patterns with policy variables
 * (`${...}`) cover only themselves, since their value is known at request time only.
 */
export function wildcardCovers(outer: string, inner: string, caseInsensitive = false): boolean {
  if (outer.includes('${') || inner.includes('${')) {
    return caseInsensitive ? outer.toLowerCase() === inner.toLowerCase() : outer === inner;
  }
  return covers(tokens(outer, caseInsensitive), tokens(inner, caseInsensitive));
}

/**
 * covers(o, i): each outer token consumes inner tokens. An outer `*` absorbs any inner tokens
 * (wildcards included); an outer `?` absorbs one inner character or `?`; a literal absorbs the
 * same literal. An inner `*` can therefore only ever be absorbed by an outer `*`. With a
 * literal inner this is plain matching.
 */
function covers(outer: Int32Array, inner: Int32Array): boolean {
  const n = outer.length;
  const m = inner.length;
  // Cheap exits: no wildcard in outer means equality.
  if (!outer.includes(STAR) && !outer.includes(ONE)) {
    if (n !== m) return false;
    for (let k = 0; k < n; k++) if (outer[k] !== inner[k]) return false;
    return true;
  }
  // next[b] = covers(outer[a+1..], inner[b..]); computed from the end backwards, two rows reused.
  let next = new Uint8Array(m + 1);
  let current = new Uint8Array(m + 1);
  next[m] = 1;
  for (let a = n - 1; a >= 0; a--) {
    const token = outer[a] as number;
    current[m] = token === STAR ? (next[m] as number) : 0;
    let any = current[m] as number;
    for (let b = m - 1; b >= 0; b--) {
      const innerToken = inner[b] as number;
      let value: number;
      if (token === STAR) value = (next[b] as number) | (current[b + 1] as number);
      else if (token === ONE) value = innerToken !== STAR ? (next[b + 1] as number) : 0;
      else value = innerToken === token ? (next[b + 1] as number) : 0;
      current[b] = value;
      any |= value;
    }
    // No suffix of inner is covered by outer[a..]: nothing before can be either.
    if (!any) return false;
    const swap = next;
    next = current;
    current = swap;
  }
  return next[0] === 1;
}
