/**
 * Annotations carry every finding a reviewer needs, in at most the 256 characters AWS Config
 * stores: as many findings as fit, then "+N more", and a single finding too long on its own is
 * cut with an ellipsis (never inside a surrogate pair).
 */
export const MAX_ANNOTATION = 256;

/** Cuts text to the limit with a visible "…". */
export function cutToLimit(text: string, limit = MAX_ANNOTATION): string {
  if (text.length <= limit) return text;
  let kept = '';
  for (const char of text) {
    if (kept.length + char.length > limit - 1) break;
    kept += char;
  }
  return `${kept}…`;
}

/** `prefix` + items joined by `separator`, as many as fit, then `<separator>+N more`. */
export function fitList(
  prefix: string,
  items: readonly string[],
  separator = '; ',
  limit = MAX_ANNOTATION,
): string {
  for (let shown = items.length; shown >= 1; shown--) {
    const more = shown < items.length ? `${separator}+${items.length - shown} more` : '';
    const text = `${prefix}${items.slice(0, shown).join(separator)}${more}`;
    if (text.length <= limit) return text;
  }
  const more = items.length > 1 ? `${separator}+${items.length - 1} more` : '';
  return cutToLimit(`${prefix}${items[0] ?? ''}${more}`, limit);
}
