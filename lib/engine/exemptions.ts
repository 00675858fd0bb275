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

export type Exemption =
  | { exempt: true; reason: string; until?: string }
  | {
      exempt: false;
      why?: 'expired' | 'invalid-expiry' | 'no-reason' | 'no-expiry' | 'beyond-max-lifetime';
    };

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
  const end = endOfDayUtc(until);
  if (end === undefined) return { exempt: false, why: 'invalid-expiry' };
  if (now.getTime() > end) return { exempt: false, why: 'expired' };
  // The last day allowed is today (UTC) plus maxDays; an end after that day is too far.
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  if (end > today + (maxDays + 1) * DAY_MS - 1) return { exempt: false, why: 'beyond-max-lifetime' };
  return { exempt: true, reason, until };
}
