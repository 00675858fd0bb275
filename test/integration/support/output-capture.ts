/**
 * Captures every byte a run puts out in this process - process.stdout / process.stderr writes
 * (where Powertools Logger prints its JSON lines) and console.* calls - plus whatever a test adds
 * by hand (child-process output, thrown errors, alert bodies), and finds planted secrets in it.
 * Captured output is swallowed, not echoed, so a leak never reaches the CI log through the capture.
 */
import { format, inspect } from 'node:util';

export interface CapturedText {
  /** Where the text came from, e.g. `stdout`, `console.error`, `error: evaluate`, `cli scan --format json`. */
  source: string;
  text: string;
}

export interface Secret {
  label: string;
  value: string;
  /**
   * Also look for every `window`-character substring of the value (a secret cut short is still a
   * leak). Off for composite values (a whole URL) whose parts are not secret on their own.
   */
  windows: boolean;
}

export interface Leak {
  secret: string;
  source: string;
  found: string;
  context: string;
}

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir'] as const;
type ConsoleMethod = (typeof CONSOLE_METHODS)[number];
type WriteCallback = (error?: Error | null) => void;

export class OutputCapture {
  readonly captured: CapturedText[] = [];
  private restore: (() => void)[] = [];

  add(source: string, text: string): void {
    this.captured.push({ source, text });
  }

  /** Everything an error could show anywhere: name, message, stack, cause, inner errors, own fields. */
  addError(source: string, error: unknown): void {
    this.add(source, inspect(error, { depth: 8, breakLength: Number.POSITIVE_INFINITY }));
  }

  /** Starts capturing this process's stdout, stderr and console; idempotent. */
  start(): void {
    if (this.restore.length > 0) return;
    for (const [name, stream] of [
      ['stdout', process.stdout],
      ['stderr', process.stderr],
    ] as const) {
      const original = stream.write;
      stream.write = ((chunk: unknown, ...rest: unknown[]) => {
        const text =
          typeof chunk === 'string'
            ? chunk
            : chunk instanceof Uint8Array
              ? Buffer.from(chunk).toString('utf8')
              : String(chunk);
        this.add(name, text);
        const callback = rest.find((arg): arg is WriteCallback => typeof arg === 'function');
        if (callback) queueMicrotask(() => callback(null));
        return true;
      }) as typeof stream.write;
      this.restore.push(() => {
        stream.write = original;
      });
    }
    for (const method of CONSOLE_METHODS) this.patchConsole(method);
  }

  stop(): void {
    for (const undo of this.restore.splice(0).reverse()) undo();
  }

  /** All captured text from sources whose name starts with `prefix`. */
  textOf(prefix: string): string {
    return this.captured
      .filter((c) => c.source.startsWith(prefix))
      .map((c) => c.text)
      .join('\n');
  }

  private patchConsole(method: ConsoleMethod): void {
    const original = console[method];
    console[method] = (...args: unknown[]) => {
      this.add(`console.${method}`, method === 'dir' ? inspect(args[0]) : format(...args));
    };
    this.restore.push(() => {
      console[method] = original;
    });
  }
}

/** Every place where a secret, or any `window`-character piece of one, appears in the captured text. */
export function findLeaks(captured: readonly CapturedText[], secrets: readonly Secret[], window = 8): Leak[] {
  const pieces = new Map<string, string>();
  for (const secret of secrets) {
    if (!secret.windows || secret.value.length <= window) continue;
    for (let i = 0; i + window <= secret.value.length; i++) {
      pieces.set(secret.value.slice(i, i + window), secret.label);
    }
  }
  const leaks: Leak[] = [];
  const report = (secret: string, source: string, found: string, text: string, at: number) => {
    const context = text.slice(Math.max(0, at - 60), at + found.length + 60);
    leaks.push({ secret, source, found, context });
  };
  for (const { source, text } of captured) {
    for (const secret of secrets) {
      const whole = secret.windows && secret.value.length > window ? -1 : text.indexOf(secret.value);
      if (whole >= 0) report(secret.label, source, secret.value, text, whole);
    }
    // Windows: one hash lookup per position; a leak is reported once per secret and source.
    const seen = new Set<string>();
    for (let i = 0; i + window <= text.length; i++) {
      const piece = text.slice(i, i + window);
      const label = pieces.get(piece);
      if (label !== undefined && !seen.has(label)) {
        seen.add(label);
        report(label, source, piece, text, i);
      }
    }
  }
  return leaks;
}
