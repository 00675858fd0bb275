/**
 * Exemptions: a resource tagged `<exemptTagKey>` with a non-empty reason is NOT_APPLICABLE with
 * annotation `exempt: <reason>`. `<exemptTagKey>-until` (by default `ppg:exempt-until`) holding
 * YYYY-MM-DD ends the exemption after that day (UTC). An expiry that is not a real date ends the
 * exemption too: an exemption we cannot bound is not granted.
 */

export type Exemption =
  | { exempt: true; reason: string; until?: string }
  | { exempt: false; why?: 'expired' | 'invalid-expiry' | 'no-reason' };

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
  return start + 24 * 60 * 60 * 1000 - 1;
}

export function exemptionOf(
  tags: Readonly<Record<string, string>>,
  exemptTagKey: string,
  now: Date,
): Exemption {
  if (!Object.hasOwn(tags, exemptTagKey)) return { exempt: false };
  const reason = (tags[exemptTagKey] ?? '').trim();
  if (reason === '') return { exempt: false, why: 'no-reason' };
  const untilKey = `${exemptTagKey}-until`;
  if (!Object.hasOwn(tags, untilKey)) return { exempt: true, reason };
  const until = (tags[untilKey] ?? '').trim();
  const end = endOfDayUtc(until);
  if (end === undefined) return { exempt: false, why: 'invalid-expiry' };
  if (now.getTime() > end) return { exempt: false, why: 'expired' };
  return { exempt: true, reason, until };
}
