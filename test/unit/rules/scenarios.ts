/**
 * Table-driven rule scenarios. Each row is one test: its name (`Given ..., then ...`), the resource
 * it prepares, and the exact verdict the rule must give (verdict and annotation text). The rule is
 * called once per row through `act`, so a file states its Act once instead of once per scenario.
 */
import { expect, it } from 'vitest';
import type { Verdict } from '../../../lib/engine/rule';

export type Scenario<R> = readonly [given: string, resource: R, expected: Verdict];

export function scenarios<R>(act: (resource: R) => Verdict, rows: readonly Scenario<R>[]): void {
  it.each(rows.map((row): [string, R, Verdict] => [...row]))('%s', (_given, resource, expected) => {
    // Act
    const verdict = act(resource);

    // Assess
    expect(verdict).toEqual(expected);
  });
}
