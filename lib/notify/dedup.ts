/**
 * Per-container memory that keeps redelivered and out-of-order compliance-change events from
 * publishing twice. EventBridge and Lambda's asynchronous invocation are at-least-once: a retried
 * event keeps its id and usually lands on a warm container, which this catches. It is memory only,
 * bounded, and lost when the container ends; what that leaves open is listed in the README
 * ("Alerts" > "Duplicates").
 *
 * - duplicate: the same event id, or the same evaluation (rule, resource, ordering timestamp,
 *   recorded time, compliance) under another id, was already published.
 * - stale: a newer evaluation of the same rule and resource was already seen. AWS Config keeps the
 *   result with the latest ordering timestamp, so an older one arriving late no longer describes
 *   the resource (a late "violation" after "resolved" would be a false alarm).
 */
import type { ComplianceChange } from './event';

export type Freshness = 'new' | 'duplicate' | 'stale';

const resourceKey = (c: ComplianceChange) => JSON.stringify([c.configRuleName, c.resourceType, c.resourceId]);
const evaluationKey = (c: ComplianceChange) =>
  JSON.stringify([
    c.configRuleName,
    c.resourceType,
    c.resourceId,
    c.current.orderingTimestamp,
    c.current.resultRecordedTime,
    c.current.compliance,
  ]);

/** A Map that forgets its oldest entries beyond `capacity`. */
class Bounded<V> {
  private readonly entries = new Map<string, V>();
  constructor(private readonly capacity: number) {}
  get(key: string): V | undefined {
    return this.entries.get(key);
  }
  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }
}

export class RecentAlerts {
  private readonly sent: Bounded<true>;
  private readonly latest: Bounded<number>;

  constructor(capacity = 10_000) {
    this.sent = new Bounded(capacity);
    this.latest = new Bounded(capacity);
  }

  freshness(change: ComplianceChange): Freshness {
    if (this.sent.get(`id:${change.eventId}`) || this.sent.get(evaluationKey(change))) return 'duplicate';
    const newest = this.latest.get(resourceKey(change));
    return newest !== undefined && Date.parse(change.current.orderingTimestamp) < newest ? 'stale' : 'new';
  }

  /** Records that the event's evaluation was seen (whether or not it produced a message). */
  observe(change: ComplianceChange): void {
    const key = resourceKey(change);
    const at = Date.parse(change.current.orderingTimestamp);
    const newest = this.latest.get(key);
    if (newest === undefined || at > newest) this.latest.set(key, at);
  }

  /** Records a successful publish: the same event or evaluation will not publish again here. */
  markPublished(change: ComplianceChange): void {
    this.sent.set(`id:${change.eventId}`, true);
    this.sent.set(evaluationKey(change), true);
  }
}
