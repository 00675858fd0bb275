/**
 * The one place that fits annotations into the 256 characters AWS Config stores. Every rule builds
 * its annotation here, so a reviewer sees one truncation mark (`…`), one count of what did not
 * fit (`and N more`), and the cause always kept: names taken from the account (project,
 * repository, host) are cut before the sentence that says what is wrong. Text is never cut inside
 * a surrogate pair. Pure; a leaf module.
 */
export const MAX_ANNOTATION = 256;

/** The one truncation mark. */
export const CUT_MARK = '…';

/** Room a name gets inside a list's prefix, so the findings after it still fit. */
export const NAME_ROOM = 64;

/** A name shorter than this is not worth cutting further: the whole text is cut instead. */
const MIN_NAME = 16;

/** Cuts text to the limit with the visible mark. */
export function cutToLimit(text: string, limit = MAX_ANNOTATION): string {
  if (text.length <= limit) return text;
  let kept = '';
  for (const char of text) {
    if (kept.length + char.length > limit - CUT_MARK.length) break;
    kept += char;
  }
  return `${kept}${CUT_MARK}`;
}

/** A name from the account cut to `room` characters (default NAME_ROOM), for use inside a prefix. */
export function cutName(name: string, room = NAME_ROOM): string {
  return cutToLimit(name, room);
}

/** The one phrasing for what did not fit: `and 3 more`. */
export function andMore(count: number): string {
  return `and ${count} more`;
}

/**
 * `before + name + after` within the limit, keeping the cause: the name (taken from the account)
 * is cut first so that `after`, which says what is wrong, stays whole; only when the name is
 * already down to a few characters is the whole text cut at its end.
 */
export function keepCause(before: string, name: string, after: string, limit = MAX_ANNOTATION): string {
  const room = limit - before.length - after.length;
  if (name.length <= room) return `${before}${name}${after}`;
  if (room >= MIN_NAME) return `${before}${cutToLimit(name, room)}${after}`;
  return cutToLimit(`${before}${cutToLimit(name, MIN_NAME)}${after}`, limit);
}

export interface FitOptions {
  /** Between items; default `; `. */
  separator?: string;
  /** An explanation after the items, dropped first when everything does not fit. */
  suffix?: string;
  limit?: number;
}

/**
 * `prefix` + items joined by the separator (+ suffix), as many items as fit, then
 * `<separator>and N more`. The prefix (which names the cause) and the count are always kept: a
 * single item too long on its own is cut, not the count after it.
 */
export function fitList(prefix: string, items: readonly string[], options: FitOptions = {}): string {
  const { separator = '; ', suffix = '', limit = MAX_ANNOTATION } = options;
  const all = `${prefix}${items.join(separator)}`;
  if (suffix !== '' && all.length + suffix.length <= limit) return `${all}${suffix}`;
  for (let shown = items.length; shown >= 1; shown--) {
    const more = shown < items.length ? `${separator}${andMore(items.length - shown)}` : '';
    const text = `${prefix}${items.slice(0, shown).join(separator)}${more}`;
    if (text.length <= limit) return text;
  }
  const more = items.length > 1 ? `${separator}${andMore(items.length - 1)}` : '';
  return keepCause(prefix, items[0] ?? '', more, limit);
}

/** Least of a rule's text kept after a very long project name; the name is cut instead. */
const MIN_PROJECT_CAUSE = 160;

/**
 * What a CodeBuild rule's own text may take so that the engine's `project <name>: ` still fits
 * before it: a rule that lists findings fits them in this, so namingProject never cuts its
 * `and N more`.
 */
export function projectTextRoom(name: string): number {
  return Math.max(MAX_ANNOTATION - 'project : '.length - name.length, MIN_PROJECT_CAUSE);
}

/**
 * The annotation of a CodeBuild verdict, naming the project: AWS Config shows a project by its
 * UUID, so every verdict starts with `project <name>` (the whole annotation when the rule gave
 * none). Text that already starts with it is kept. The rule's text is cut to fit, never below
 * MIN_PROJECT_CAUSE characters; only a name too long for that (CodeBuild allows 255) is cut.
 */
export function namingProject(name: string, text: string | undefined): string {
  const label = `project ${name}`;
  if (text === undefined || text === '') return cutToLimit(label);
  if (text === label || text.startsWith(`${label}:`) || text.startsWith(`${label} `)) return cutToLimit(text);
  const before = `${label}: `;
  if (before.length + text.length <= MAX_ANNOTATION) return `${before}${text}`;
  const room = MAX_ANNOTATION - before.length;
  if (room >= MIN_PROJECT_CAUSE) return `${before}${cutToLimit(text, room)}`;
  const cause = cutToLimit(text, MIN_PROJECT_CAUSE);
  const nameRoom = MAX_ANNOTATION - 'project : '.length - cause.length;
  return `project ${cutToLimit(name, nameRoom)}: ${cause}`;
}
