import { describe, expect, it } from 'vitest';
import { cutToLimit, fitList } from '../../../../lib/engine/annotation';

describe('fitList', () => {
  it('joins every item when they fit', () => {
    expect(fitList('gaps: ', ['a', 'b', 'c'])).toBe('gaps: a; b; c');
  });

  it('shows as many items as fit in the limit, then counts the rest', () => {
    // Prepare
    const items = Array.from({ length: 30 }, (_, i) => `subnet-${String(i).padStart(17, '0')}`);

    // Act
    const text = fitList('unresolved: ', items, ', ');

    // Assess
    expect(text.length).toBeLessThanOrEqual(256);
    expect(text).toBe(`unresolved: ${items.slice(0, 9).join(', ')}, +21 more`);
  });

  it('cuts a single item that is too long on its own, keeping the count of the others', () => {
    const text = fitList('p: ', ['x'.repeat(300), 'y']);
    expect(text).toHaveLength(256);
    expect(text.endsWith('…')).toBe(true);
  });
});

describe('cutToLimit', () => {
  it('leaves short text alone', () => {
    expect(cutToLimit('short')).toBe('short');
  });

  it('never cuts inside a surrogate pair', () => {
    const text = cutToLimit(`${'a'.repeat(254)}😀😀`);
    expect(text).toBe(`${'a'.repeat(254)}…`);
  });
});
