import { Logger } from '@aws-lambda-powertools/logger';

/** The subset of a logger the library needs, so tests can capture log lines. */
export interface Log {
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
}

let shared: Logger | undefined;

/** One structured (JSON) logger per container; level from POWERTOOLS_LOG_LEVEL. */
export function sharedLogger(): Logger {
  shared ??= new Logger({ serviceName: 'ppguard' });
  return shared;
}

/** Adapts Powertools' logger to the library's Log: extra keys become top-level JSON fields. */
export function asLog(logger: Logger): Log {
  return {
    info: (message, extra) => logger.info(message, extra ?? {}),
    warn: (message, extra) => logger.warn(message, extra ?? {}),
    error: (message, extra) => logger.error(message, extra ?? {}),
  };
}
