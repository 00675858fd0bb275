/**
 * "Did you mean ...?" for a misspelled command, option, rule id or parameter: the known name at
 * the smallest edit distance, when that distance is small for the word's length. Plain string
 * comparison (no pattern is ever built from what the user typed).
 */

/**
 * Edit distance counting insertions, deletions, substitutions and swaps of two neighbouring
 * characters (optimal string alignment), so "sacn" is one edit from "scan".
 */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    const above = rows[i - 1] ?? [];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((above[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (above[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, (rows[i - 2]?.[j - 2] ?? 0) + 1);
      row.push(best);
    }
    rows.push(row);
  }
  return rows[a.length]?.[b.length] ?? 0;
}

/**
 * The closest of `known` to `given` (case-insensitive), or undefined when none is close: at most
 * a third of the longer word's length, and at least 1 (so "sacn" finds "scan", "x" finds nothing).
 * A tie goes to the first in `known`.
 */
export function closest(given: string, known: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  const word = given.toLowerCase();
  for (const name of known) {
    const distance = editDistance(word, name.toLowerCase());
    const limit = Math.max(1, Math.floor(Math.max(word.length, name.length) / 3));
    if (distance > limit || name === given) continue;
    if (best === undefined || distance < best.distance) best = { name, distance };
  }
  return best?.name;
}

/** `; did you mean "x"?` or an empty string, to follow the message about `given`. */
export function didYouMean(given: string, known: readonly string[]): string {
  const match = closest(given, known);
  return match === undefined ? '' : `; did you mean "${match}"?`;
}
