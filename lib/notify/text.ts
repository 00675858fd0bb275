/**
 * Text hygiene for alerts. Everything that reaches an alert comes from an event we do not control
 * (resource ids, annotations, rule names), so every string is made well-formed, stripped of
 * control and bidirectional-override characters (lib/engine/safe-text.ts) and cut at a grapheme
 * boundary: a cut never splits a surrogate pair, a combining sequence or an emoji ZWJ sequence.
 * `defangLinks` keeps such text from becoming a clickable link in Slack or a mail client.
 */
import { safeLine, wellFormed } from '../engine/safe-text';

export { wellFormed };

export const ELLIPSIS = '…';

const ASTRAL = /[\uD800-\uDBFF][\uDC00-\uDFFF]/g;

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * One line of safe text: line breaks become spaces, other controls and bidirectional overrides
 * are removed, runs of spaces collapse (`safeLine`).
 */
export function oneLine(text: string): string {
  return safeLine(text);
}

const SCHEME = /([A-Za-z][A-Za-z0-9+.-]{0,31}):\/\//g;
// A dotted run of letters, digits, `_` and `-` (a host name, an e-mail domain, a file name).
const HOST_LIKE = /[\p{L}\p{N}_-]+(?:\.[\p{L}\p{N}_-]+)+/gu;
// Its last label could be a top-level domain: a letter, then at least one more character.
const TOP_LEVEL = /\.\p{L}[\p{L}\p{N}-]+$/u;

/**
 * Defangs links in untrusted text, the way incident reports quote hostile URLs:
 * `https://evil.example/signin` -> `hxxps://evil[.]example/signin`, `ftp://` -> `ftp[:]//`, and
 * every dot of a host-like word whose last label could be a top-level domain becomes `[.]`
 * (`www.evil.example`, `a@evil.example`, also `policy.json`: `.json` is not a domain today, but
 * `.zip` is). Slack and mail clients auto-link schemes and bare domains; neither links these.
 * Version numbers (`1.2.3`) and timestamps stay as they are.
 */
export function defangLinks(text: string): string {
  const schemes = text.replace(SCHEME, (_match, scheme: string) => {
    const lower = scheme.toLowerCase();
    if (lower === 'hxxp' || lower === 'hxxps') return `${scheme}://`; // already defanged
    return lower === 'http' || lower === 'https' ? `hxxp${scheme.slice(4)}://` : `${scheme}[:]//`;
  });
  return schemes.replace(HOST_LIKE, (word) => (TOP_LEVEL.test(word) ? word.replaceAll('.', '[.]') : word));
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
