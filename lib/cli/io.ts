/**
 * What a command may touch besides AWS: its output streams and environment, injected so the
 * commands run the same from bin/ppguard.ts, a unit test or the demo.
 */

export interface OutputStream {
  write(text: string): void;
  /** True when the stream is a terminal: progress is drawn only there. */
  isTTY?: boolean;
  /** Terminal width in characters, when the stream is a terminal. */
  columns?: number;
}

export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  env: Readonly<Record<string, string | undefined>>;
  /** Reads a file named on the command line (the --config file). */
  readFile(path: string): Promise<string>;
  now(): Date;
  /**
   * Calls `listener` on Ctrl-C (SIGINT) instead of the default exit; returns the unsubscribe.
   * Absent (tests, the demo): Ctrl-C keeps its default.
   */
  onInterrupt?(listener: () => void): () => void;
}

/** Exit codes, the same for every command. */
export const EXIT = {
  /** Nothing non-compliant (scan), healthy (doctor), done (rules, --help). */
  ok: 0,
  /** Something non-compliant (scan), something to fix (doctor). */
  findings: 1,
  /** Could not evaluate or check: bad usage, bad parameters, an AWS call that failed. */
  error: 2,
  /** Interrupted by Ctrl-C (SIGINT), as shells report it (128 + 2): the caller must exit now. */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A mistake on the command line (option, value, parameter, config file): exit 2, nothing on stdout. */
export class UsageError extends Error {
  override name = 'UsageError';
}
