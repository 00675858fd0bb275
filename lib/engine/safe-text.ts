/**
 * The one sanitiser for text that reaches people (alerts, annotations, the terminal). Resource
 * names, tag values and policy text come from the account, so they may hold characters that
 * change what a reader sees rather than what is written: terminal escapes (ESC, CSI), NUL, BEL,
 * bidirectional overrides that reorder a line (U+202E shows "gpj.exe" as "exe.jpg"), invisible
 * direction marks, and lone surrogates that some encoders reject. Pure; a leaf module.
 *
 * - line breaks, tabs and the other whitespace controls (\t \n \v \f \r, U+0085, U+2028, U+2029)
 *   become a space, so words stay apart;
 * - every other C0 and C1 control and DEL is removed (NUL, BEL, ESC, CSI, ...);
 * - bidirectional embeddings, overrides, isolates and marks are removed (U+202A-U+202E,
 *   U+2066-U+2069, U+200E, U+200F, U+061C);
 * - a lone surrogate becomes U+FFFD, what `String.prototype.toWellFormed` does.
 */

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const SPACE_LIKE = /[\t\n\v\f\r\u0085\u2028\u2029]/g;
const REMOVED = /[\p{Cc}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu;

/** Replaces lone surrogates with U+FFFD (what `String.prototype.toWellFormed` does). */
export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD');
}

/** The text with controls, bidirectional controls and lone surrogates made harmless (see above). */
export function safeText(text: string): string {
  return wellFormed(text).replace(SPACE_LIKE, ' ').replace(REMOVED, '');
}

/** `safeText` on one line: runs of spaces collapse to one, no leading or trailing space. */
export function safeLine(text: string): string {
  return safeText(text).replace(/ {2,}/g, ' ').trim();
}
