import { describe, expect, it } from 'vitest';
import { mapLimit } from '../../../../lib/collect/util';

describe('mapLimit', () => {
  it('runs at most `limit` at a time and keeps the order of the items', async () => {
    // Prepare
    let running = 0;
    let peak = 0;
    const work = async (n: number) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 5 * ((n * 7) % 3)));
      running--;
      return n * 10;
    };

    // Act
    const results = await mapLimit([1, 2, 3, 4, 5, 6, 7], 3, work);

    // Assess
    expect(results).toEqual([10, 20, 30, 40, 50, 60, 70]);
    expect(peak).toBe(3);
  });
});
