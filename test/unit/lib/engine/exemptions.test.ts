import { describe, expect, it } from 'vitest';
import { exemptionOf } from '../../../../lib/engine/exemptions';

const now = new Date('2026-11-25T12:00:00Z');

describe('exemptionOf', () => {
  it('exempts a resource whose exemption tag has a reason and an end within the lifetime', () => {
    const tags = { 'ppg:exempt': 'RISK-42 legacy build', 'ppg:exempt-until': '2026-12-31' };
    expect(exemptionOf(tags, 'ppg:exempt', now)).toEqual({
      exempt: true,
      reason: 'RISK-42 legacy build',
      until: '2026-12-31',
    });
  });

  it('does not honour an exemption without an end date (it would be forever)', () => {
    expect(exemptionOf({ 'ppg:exempt': 'RISK-42 legacy build' }, 'ppg:exempt', now)).toEqual({
      exempt: false,
      why: 'no-expiry',
    });
  });

  it('does not honour 9999-12-31: beyond the default 90-day lifetime', () => {
    const tags = { 'ppg:exempt': 'RISK-42', 'ppg:exempt-until': '9999-12-31' };
    expect(exemptionOf(tags, 'ppg:exempt', now)).toEqual({ exempt: false, why: 'beyond-max-lifetime' });
  });

  it('honours an end exactly exemptMaxDays days after today (UTC) and not one day later', () => {
    // 2026-11-25 + 90 days = 2027-02-23.
    const until = (date: string) => ({ 'ppg:exempt': 'RISK-42', 'ppg:exempt-until': date });
    expect(exemptionOf(until('2027-02-23'), 'ppg:exempt', now, 90)).toEqual({
      exempt: true,
      reason: 'RISK-42',
      until: '2027-02-23',
    });
    expect(exemptionOf(until('2027-02-24'), 'ppg:exempt', now, 90)).toEqual({
      exempt: false,
      why: 'beyond-max-lifetime',
    });
    expect(exemptionOf(until('2026-11-26'), 'ppg:exempt', now, 1).exempt).toBe(true);
    expect(exemptionOf(until('2026-11-27'), 'ppg:exempt', now, 1).exempt).toBe(false);
  });

  it('does not exempt without the tag', () => {
    expect(exemptionOf({ team: 'x' }, 'ppg:exempt', now)).toEqual({ exempt: false });
  });

  it('does not exempt when the reason is empty or blank', () => {
    expect(exemptionOf({ 'ppg:exempt': '  ' }, 'ppg:exempt', now)).toEqual({
      exempt: false,
      why: 'no-reason',
    });
  });

  it('keeps the exemption through the whole expiry day (UTC)', () => {
    const tags = { 'ppg:exempt': 'RISK-42', 'ppg:exempt-until': '2026-11-25' };
    expect(exemptionOf(tags, 'ppg:exempt', new Date('2026-11-25T23:59:59Z'))).toEqual({
      exempt: true,
      reason: 'RISK-42',
      until: '2026-11-25',
    });
  });

  it('ends the exemption after the expiry day', () => {
    const tags = { 'ppg:exempt': 'RISK-42', 'ppg:exempt-until': '2026-11-24' };
    expect(exemptionOf(tags, 'ppg:exempt', now)).toEqual({ exempt: false, why: 'expired' });
  });

  it.each(['2026-02-30', 'tomorrow', '25/11/2026', ''])(
    'ends the exemption when the expiry %j is not a date',
    (until) => {
      const tags = { 'ppg:exempt': 'RISK-42', 'ppg:exempt-until': until };
      expect(exemptionOf(tags, 'ppg:exempt', now)).toEqual({ exempt: false, why: 'invalid-expiry' });
    },
  );

  it('derives the expiry tag from a custom exemption tag key', () => {
    const tags = { 'sec:waiver': 'CAB-7', 'sec:waiver-until': '2020-01-01' };
    expect(exemptionOf(tags, 'sec:waiver', now)).toEqual({ exempt: false, why: 'expired' });
  });
});
