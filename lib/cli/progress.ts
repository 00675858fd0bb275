/**
 * Progress on stderr, never on stdout. On a terminal: one line, drawn once the scan has run for
 * more than a second, redrawn in place and erased before the report is written. Not on a terminal
 * but in CI (the CI variable set, as CI services do): a plain line every few seconds, so a long
 * scan shows it is alive in the job log. Otherwise (a pipe, a file): nothing.
 */
import type { OutputStream } from './io';
import type { ScanStep } from './scan';

export interface Progress {
  step(step: ScanStep): void;
  /** Stops drawing and erases the terminal line (also on Ctrl-C). */
  done(): void;
}

const SILENT: Progress = { step() {}, done() {} };
const CLEAR_LINE = '\r\u001b[2K';
/** How often a CI log gets a progress line. */
export const CI_INTERVAL_MS = 5_000;

function describe(step: ScanStep, seconds: number): string {
  const where = step.regionCount > 1 ? ` (${step.regionIndex + 1}/${step.regionCount})` : '';
  return `scanning ${step.region}${where}: rule ${step.ruleIndex + 1}/${step.ruleCount} ${step.rule} ${seconds}s`;
}

/** CI is set to something other than empty, "0" or "false" (GitHub, GitLab, CodeBuild's own CI=true...). */
export function inCi(env: Readonly<Record<string, string | undefined>>): boolean {
  const value = env.CI?.trim().toLowerCase();
  return value !== undefined && value !== '' && value !== '0' && value !== 'false';
}

function ciProgress(stream: OutputStream, intervalMs: number): Progress {
  const started = Date.now();
  let current: ScanStep | undefined;
  const timer = setInterval(() => {
    if (current) stream.write(`ppguard: ${describe(current, Math.round((Date.now() - started) / 1000))}\n`);
  }, intervalMs);
  timer.unref?.();
  return {
    step(step) {
      current = step;
    },
    done() {
      clearInterval(timer);
    },
  };
}

export function progressOn(
  stream: OutputStream,
  env: Readonly<Record<string, string | undefined>> = {},
  delayMs = 1000,
): Progress {
  if (!stream.isTTY) return inCi(env) ? ciProgress(stream, CI_INTERVAL_MS) : SILENT;
  const started = Date.now();
  let current: ScanStep | undefined;
  let drawn = false;
  const draw = () => {
    if (!current) return;
    const text = describe(current, Math.round((Date.now() - started) / 1000));
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
      drawn = false;
    },
  };
}
