import { describe, expect, it } from 'vitest';
import { RecentAlerts } from '../../../../lib/notify/dedup';
import { parseComplianceChangeEvent } from '../../../../lib/notify/event';
import { complianceChangeEvent } from '../../../fixtures/compliance-events';

const change = (id: string, resourceId: string, orderingTimestamp = '2025-05-01T10:00:00.000Z') =>
  parseComplianceChangeEvent(
    complianceChangeEvent({ id, resourceId, new: { compliance: 'NON_COMPLIANT', orderingTimestamp } }),
  );

describe('RecentAlerts', () => {
  it('knows published events and evaluations, and newer evaluations per rule and resource', () => {
    // Prepare
    const recent = new RecentAlerts();
    const first = change('e-1', 'repo-a', '2025-05-01T10:00:00.000Z');
    recent.observe(first);
    recent.markPublished(first);

    // Act
    const outcomes = [
      recent.freshness(first),
      recent.freshness({ ...first, eventId: 'e-2' }),
      recent.freshness(change('e-3', 'repo-a', '2025-05-01T09:00:00.000Z')),
      recent.freshness(change('e-4', 'repo-a', '2025-05-01T11:00:00.000Z')),
      recent.freshness(change('e-5', 'repo-b', '2025-05-01T09:00:00.000Z')),
    ];

    // Assess
    expect(outcomes).toEqual(['duplicate', 'duplicate', 'stale', 'new', 'new']);
  });

  it('forgets the oldest entries beyond its capacity (bounded memory)', () => {
    // Prepare
    const recent = new RecentAlerts(4);
    const changes = ['a', 'b', 'c'].map((id) => change(`e-${id}`, `repo-${id}`));
    for (const c of changes) recent.markPublished(c);

    // Act
    const outcomes = changes.map((c) => recent.freshness(c));

    // Assess: two keys per publish, so only the last two publishes are remembered.
    expect(outcomes).toEqual(['new', 'duplicate', 'duplicate']);
  });
});
