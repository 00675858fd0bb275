/**
 * Exemptions: a resource tagged `<exemptTagKey>` with a non-empty reason is NOT_APPLICABLE with
 * annotation `exempt: <reason>`. `<exemptTagKey>-until` (by default `ppg:exempt-until`) holding
 * YYYY-MM-DD ends the exemption after that day (UTC). An expiry that is not a real date ends the
 * exemption too: an exemption we cannot bound is not granted.
 *
 * Maximum lifetime (parameter exemptMaxDays, default 90): an exemption is honoured only while its
 * end lies at most that many days after today (UTC), so `9999-12-31` is not forever. For the same
 * reason an exemption without an `-until` date is not honoured (`no-expiry`): it would be the
 * forever the limit exists to prevent, and a tag does not say when it was set. The resource is then
 * evaluated normally; renewing means writing a new date, a deliberate act each time.
 */

/** Why an exemption (tag or suppression file entry) was found but not honoured. */
export type ExemptionWhy = 'expired' | 'invalid-expiry' | 'no-reason' | 'no-expiry' | 'beyond-max-lifetime';

export type Exemption =
  | { exempt: true; reason: string; until?: string }
  | { exempt: false; why?: ExemptionWhy };

/** exemptMaxDays when none is given (the parameter's default). */
export const DEFAULT_EXEMPT_MAX_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function endOfDayUtc(text: string): number | undefined {
  const match = DATE.exec(text.trim());
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const start = Date.UTC(year, month - 1, day);
  const check = new Date(start);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    return undefined;
  }
  return start + DAY_MS - 1;
}

/**
 * Whether an exemption ending on `until` (YYYY-MM-DD, last day included, UTC) is honoured `now`
 * under a lifetime of `maxDays`: the one expiry check of tags and of the suppression file.
 */
export function expiryCheck(
  until: string,
  now: Date,
  maxDays: number = DEFAULT_EXEMPT_MAX_DAYS,
): 'ok' | 'invalid-expiry' | 'expired' | 'beyond-max-lifetime' {
  const end = endOfDayUtc(until);
  if (end === undefined) return 'invalid-expiry';
  if (now.getTime() > end) return 'expired';
  // The last day allowed is today (UTC) plus maxDays; an end after that day is too far.
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  if (end > today + (maxDays + 1) * DAY_MS - 1) return 'beyond-max-lifetime';
  return 'ok';
}

/** Whether `text` is a real calendar date written YYYY-MM-DD. */
export function isIsoDate(text: string): boolean {
  return endOfDayUtc(text) !== undefined && text === text.trim();
}

export function exemptionOf(
  tags: Readonly<Record<string, string>>,
  exemptTagKey: string,
  now: Date,
  maxDays: number = DEFAULT_EXEMPT_MAX_DAYS,
): Exemption {
  if (!Object.hasOwn(tags, exemptTagKey)) return { exempt: false };
  const reason = (tags[exemptTagKey] ?? '').trim();
  if (reason === '') return { exempt: false, why: 'no-reason' };
  const untilKey = `${exemptTagKey}-until`;
  if (!Object.hasOwn(tags, untilKey)) return { exempt: false, why: 'no-expiry' };
  const until = (tags[untilKey] ?? '').trim();
  const check = expiryCheck(until, now, maxDays);
  if (check !== 'ok') return { exempt: false, why: check };
  return { exempt: true, reason, until };
}

/**
 * Why an exemption did or did not apply to one evaluation, carried to every report format: from
 * the resource's tags or from a suppression file entry (lib/engine/suppressions.ts).
 */
export interface ExemptionState {
  source: 'tag' | 'file';
  applied: boolean;
  /** Set when not applied. */
  why?: ExemptionWhy;
  reason?: string;
  /** File entries only. */
  owner?: string;
  until?: string;
  /** File entries only: the entry's 1-based position in the file. */
  entry?: number;
}

function sourceName(state: ExemptionState): string {
  return state.source === 'tag' ? 'exemption tag' : `suppression entry ${state.entry ?? '?'}`;
}

/** Why an exemption did not apply, in a few words: `exemption tag expired 2026-10-01`. */
export function exemptionNote(state: ExemptionState): string {
  const name = sourceName(state);
  // A tag's date comes from the account: at most a date's length of it is quoted.
  const until = (state.until ?? '').slice(0, 10);
  switch (state.why) {
    case 'expired':
      return `${name} expired ${until}`;
    case 'beyond-max-lifetime':
      return `${name} until ${until} is beyond exemptMaxDays`;
    case 'invalid-expiry':
      return `${name} has an invalid expiry date`;
    case 'no-reason':
      return `${name} has no reason`;
    case 'no-expiry':
      return `${name} has no -until date`;
    case undefined:
      return state.source === 'tag'
        ? `exempt by tag until ${until}`
        : `suppressed by entry ${state.entry ?? '?'} (${state.owner ?? ''}, until ${until})`;
  }
}
