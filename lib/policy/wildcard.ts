/**
 * IAM wildcard patterns (`*` any run of characters, `?` one character), as used by Action,
 * Resource and the `...Like` condition operators. Matching is a dynamic programme, never a
 * RegExp built from policy text (no escaping bugs, no catastrophic backtracking).
 */

type Token = { kind: 'star' } | { kind: 'one' } | { kind: 'char'; char: string };

function tokens(pattern: string, caseInsensitive: boolean): Token[] {
  const text = caseInsensitive ? pattern.toLowerCase() : pattern;
  return Array.from(text, (char): Token => {
    if (char === '*') return { kind: 'star' };
    if (char === '?') return { kind: 'one' };
    return { kind: 'char', char };
  });
}

export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

/** Whether `text` (taken literally) matches `pattern`. */
export function wildcardMatch(pattern: string, text: string, caseInsensitive = false): boolean {
  const literal = Array.from(
    caseInsensitive ? text.toLowerCase() : text,
    (char): Token => ({ kind: 'char', char }),
  );
  return covers(tokens(pattern, caseInsensitive), literal);
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
 * same literal. An inner `*` can therefore only ever be absorbed by an outer `*`.
 */
function covers(outer: readonly Token[], inner: readonly Token[]): boolean {
  const n = outer.length;
  const m = inner.length;
  // next[b] = covers(outer[a+1..], inner[b..]); computed from the end backwards.
  let next = new Array<boolean>(m + 1).fill(false);
  next[m] = true;
  for (let a = n - 1; a >= 0; a--) {
    const current = new Array<boolean>(m + 1).fill(false);
    const token = outer[a];
    for (let b = m; b >= 0; b--) {
      const innerToken = inner[b];
      if (token === undefined) break;
      if (token.kind === 'star') {
        current[b] = (next[b] ?? false) || (innerToken !== undefined && (current[b + 1] ?? false));
      } else if (innerToken === undefined) {
        current[b] = false;
      } else if (token.kind === 'one') {
        current[b] = innerToken.kind !== 'star' && (next[b + 1] ?? false);
      } else {
        current[b] = innerToken.kind === 'char' && innerToken.char === token.char && (next[b + 1] ?? false);
      }
    }
    next = current;
  }
  return next[0] ?? false;
}
