import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { inCi, progressOn } from '../../../../lib/cli/progress';
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

  it('writes a plain line every 5 seconds in CI when stderr is not a terminal, and stops when done', () => {
    const { writes, stream: err } = stream(false);
    const progress = progressOn(err, { CI: 'true' });
    progress.step(step(0));
    vi.advanceTimersByTime(4999);
    expect(writes).toEqual([]);
    vi.advanceTimersByTime(1);
    progress.step(step(2));
    vi.advanceTimersByTime(5000);
    progress.done();
    vi.advanceTimersByTime(20_000);
    expect(writes).toEqual([
      'ppguard: scanning eu-west-1: rule 1/3 rule-1 5s\n',
      'ppguard: scanning eu-west-1: rule 3/3 rule-3 10s\n',
    ]);
  });

  it('treats CI as set unless it is empty, 0 or false', () => {
    expect([{}, { CI: '' }, { CI: '0' }, { CI: 'false' }, { CI: ' FALSE ' }].map(inCi)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
    expect([{ CI: 'true' }, { CI: '1' }, { CI: 'woodpecker' }].map(inCi)).toEqual([true, true, true]);
  });

  it('draws the terminal line, not CI lines, when stderr is a terminal in CI', () => {
    const { writes, stream: err } = stream(true);
    const progress = progressOn(err, { CI: 'true' });
    progress.step(step(0));
    vi.advanceTimersByTime(1000);
    progress.done();
    expect(writes).toEqual(['\r\u001b[2Kscanning eu-west-1: rule 1/3 rule-1 1s', '\r\u001b[2K']);
  });
});
