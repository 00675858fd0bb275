/**
 * A one-line progress indicator on stderr, drawn only when stderr is a terminal and the scan has
 * run for more than a second; it is erased before the report is written. Never on stdout, never
 * in a pipe or a CI log.
 */
import type { OutputStream } from './io';
import type { ScanStep } from './scan';

export interface Progress {
  step(step: ScanStep): void;
  done(): void;
}

const SILENT: Progress = { step() {}, done() {} };
const CLEAR_LINE = '\r\u001b[2K';

export function progressOn(stream: OutputStream, delayMs = 1000): Progress {
  if (!stream.isTTY) return SILENT;
  const started = Date.now();
  let current: ScanStep | undefined;
  let drawn = false;
  const draw = () => {
    if (!current) return;
    const seconds = Math.round((Date.now() - started) / 1000);
    const where = current.regionCount > 1 ? ` (${current.regionIndex + 1}/${current.regionCount})` : '';
    const text = `scanning ${current.region}${where}: rule ${current.ruleIndex + 1}/${current.ruleCount} ${current.rule} ${seconds}s`;
    const width = Math.max(20, (stream.columns ?? 80) - 1);
    stream.write(`${CLEAR_LINE}${text.slice(0, width)}`);
    drawn = true;
  };
  let timer: ReturnType<typeof setInterval> | undefined;
  const start = setTimeout(() => {
    draw();
    timer = setInterval(draw, 500);
    timer.unref?.();
  }, delayMs);
  start.unref?.();
  return {
    step(step) {
      current = step;
      if (drawn) draw();
    },
    done() {
      clearTimeout(start);
      if (timer) clearInterval(timer);
      if (drawn) stream.write(CLEAR_LINE);
    },
  };
}
