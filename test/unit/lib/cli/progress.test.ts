import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { progressOn } from '../../../../lib/cli/progress';
import type { ScanStep } from '../../../../lib/cli/scan';

const step = (ruleIndex: number): ScanStep => ({
  region: 'eu-west-1',
  regionIndex: 0,
  regionCount: 1,
  rule: `rule-${ruleIndex + 1}`,
  ruleIndex,
  ruleCount: 3,
});

function stream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { write: (text: string) => void writes.push(text), isTTY, columns: 80 } };
}

describe('progress on stderr', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('draws nothing when stderr is not a terminal', () => {
    const { writes, stream: err } = stream(false);
    const progress = progressOn(err);
    progress.step(step(0));
    vi.advanceTimersByTime(5000);
    progress.done();
    expect(writes).toEqual([]);
  });

  it('draws nothing for a scan shorter than a second, even on a terminal', () => {
    const { writes, stream: err } = stream(true);
    const progress = progressOn(err);
    progress.step(step(0));
    vi.advanceTimersByTime(900);
    progress.done();
    vi.advanceTimersByTime(5000);
    expect(writes).toEqual([]);
  });

  it('draws one updating line after a second on a terminal, and erases it when done', () => {
    const { writes, stream: err } = stream(true);
    const progress = progressOn(err);
    progress.step(step(0));
    vi.advanceTimersByTime(1000);
    progress.step(step(1));
    progress.done();
    expect(writes).toEqual([
      '\r\u001b[2Kscanning eu-west-1: rule 1/3 rule-1 1s',
      '\r\u001b[2Kscanning eu-west-1: rule 2/3 rule-2 1s',
      '\r\u001b[2K',
    ]);
  });
});
