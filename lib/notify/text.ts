/**
 * Text hygiene for alerts. Everything that reaches an alert comes from an event we do not control
 * (resource ids, annotations, rule names), so every string is made well-formed, stripped of
 * control characters and cut at a grapheme boundary: a cut never splits a surrogate pair, a
 * combining sequence or an emoji ZWJ sequence.
 */

export const ELLIPSIS = '…';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// C0 and C1 controls, DEL, and the Unicode line/paragraph separators: all become a space.
const CONTROL = /[\p{Cc}\u2028\u2029]/gu;
const ASTRAL = /[\uD800-\uDBFF][\uDC00-\uDFFF]/g;

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** Replaces lone surrogates with U+FFFD (what `String.prototype.toWellFormed` does). */
export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD');
}

/** One line of well-formed text: controls and line breaks become spaces, runs of spaces collapse. */
export function oneLine(text: string): string {
  return wellFormed(text).replace(CONTROL, ' ').replace(/ {2,}/g, ' ').trim();
}

/** Only Basic Multilingual Plane characters (SNS rejects surrogate pairs in attribute values). */
export function bmpOnly(text: string, replacement = '?'): string {
  return wellFormed(text).replace(ASTRAL, replacement);
}

export interface FitOptions {
  /** Appended when the text is cut; counted within `max`. */
  marker?: string;
  /** Applied to each grapheme before measuring (e.g. mrkdwn escaping); its output is what is kept. */
  transform?: (grapheme: string) => string;
}

/**
 * The longest prefix of `text` (whole graphemes, each transformed) whose length in UTF-16 code
 * units is at most `max`; when something is cut, the prefix is shortened further to make room for
 * the marker. Deterministic: the same input always gives the same output.
 */
export function fitText(text: string, max: number, options: FitOptions = {}): string {
  const marker = options.marker ?? ELLIPSIS;
  const transform = options.transform ?? ((g: string) => g);
  // Only a prefix can be kept: a text far over the limit is cut for certain, so segment just enough
  // of it (the partial grapheme at the slice's end lies beyond the limit and is never kept).
  const source = text.length > max + 64 ? text.slice(0, max + 64) : text;
  const parts: string[] = [];
  let length = 0;
  for (const { segment } of graphemes.segment(source)) {
    const part = transform(segment);
    parts.push(part);
    length += part.length;
  }
  if (length <= max) return parts.join('');
  const budget = max - marker.length;
  let kept = '';
  for (const part of parts) {
    if (kept.length + part.length > budget) break;
    kept += part;
  }
  return `${kept.trimEnd()}${marker}`;
}

/** `oneLine` then `fitText`: the form every untrusted string takes in an alert. */
export function clean(text: string, max: number): string {
  return fitText(oneLine(text), max);
}
