/**
 * Posts a message to a Slack incoming webhook (aws-facts.md §5). Success is HTTP 200 with body
 * `ok`; anything else is a failure. Retries are bounded:
 * - 429: waits `Retry-After` seconds when that is within `maxRetryAfterMs`; a longer wait is not
 *   sat out in the function (Slack may disable an app that keeps sending) but ends the attempt, so
 *   Lambda's own retries, then the dead-letter queue, take over.
 * - 5xx, network errors, timeouts and a 200 with another body: exponential backoff.
 * - other 4xx (invalid_payload, channel_not_found, ...) and redirects: no retry, they will not heal.
 * The webhook URL is a secret: it never appears in an error or a log line, not even through an
 * error's cause (errors carry only the HTTP status, Slack's error code or a network error code).
 */
import type { Log } from '../log';
import type { SlackMessage } from './slack';

export interface DeliveryPolicy {
  /** Attempts including the first. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** The longest Retry-After the function waits. */
  maxRetryAfterMs: number;
  /** Per request. */
  timeoutMs: number;
}

export const DEFAULT_DELIVERY_POLICY: DeliveryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 4000,
  maxRetryAfterMs: 10_000,
  timeoutMs: 5000,
};

export interface DeliveryDeps {
  fetch: typeof fetch;
  sleep: (ms: number) => Promise<void>;
  log: Log;
  policy?: Partial<DeliveryPolicy>;
}

export class SlackDeliveryError extends Error {
  override name = 'SlackDeliveryError';
  constructor(
    message: string,
    readonly attempts: number,
    readonly status: number | undefined,
  ) {
    super(message);
  }
}

export const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Failure {
  reason: string;
  status?: number;
  retry: boolean;
  waitMs?: number;
}

/** Slack's error strings are short snake_case codes; anything else is not echoed. */
function slackCode(body: string): string {
  const text = body.trim();
  return /^[a-z_]{1,64}$/.test(text) ? text : 'unexpected body';
}

/** A network error's code (ECONNREFUSED, UND_ERR_...), never its message (which may name the host). */
function networkCode(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
    return 'timeout';
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  const code = cause?.code;
  return typeof code === 'string' && /^[A-Z_]{1,40}$/.test(code) ? code : 'network error';
}

/** Retry-After in ms (1 s when absent or not delta-seconds, Slack's documented pace); undefined: too long. */
function retryAfterMs(header: string | null, policy: DeliveryPolicy): number | undefined {
  if (header === null || !/^\d{1,6}$/.test(header.trim())) return Math.min(1000, policy.maxRetryAfterMs);
  const ms = Number(header.trim()) * 1000;
  return ms <= policy.maxRetryAfterMs ? ms : undefined;
}

async function attempt(
  url: string,
  body: string,
  deps: DeliveryDeps,
  policy: DeliveryPolicy,
): Promise<Failure | undefined> {
  let response: Response;
  try {
    response = await deps.fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body,
      // A webhook never redirects; following one would send the alert elsewhere.
      redirect: 'manual',
      signal: AbortSignal.timeout(policy.timeoutMs),
    });
  } catch (error) {
    return { reason: networkCode(error), retry: true };
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    return {
      reason: `HTTP ${response.status}, body unreadable (${networkCode(error)})`,
      status: response.status,
      retry: true,
    };
  }
  if (response.status === 200 && text.trim() === 'ok') return undefined;
  const reason = `HTTP ${response.status} ${slackCode(text)}`;
  if (response.status === 429) {
    const waitMs = retryAfterMs(response.headers.get('retry-after'), policy);
    return waitMs === undefined
      ? {
          reason: `${reason}, Retry-After ${response.headers.get('retry-after')}s exceeds ${policy.maxRetryAfterMs} ms`,
          status: 429,
          retry: false,
        }
      : { reason, status: 429, retry: true, waitMs };
  }
  const retry = response.status === 200 || response.status >= 500;
  return { reason, status: response.status, retry };
}

/** Delivers one message; resolves with the number of attempts, or throws SlackDeliveryError. */
export async function postToSlack(url: string, message: SlackMessage, deps: DeliveryDeps): Promise<number> {
  const policy = { ...DEFAULT_DELIVERY_POLICY, ...deps.policy };
  const body = JSON.stringify(message);
  for (let n = 1; ; n++) {
    const failure = await attempt(url, body, deps, policy);
    if (!failure) return n;
    const last = n >= policy.maxAttempts || !failure.retry;
    deps.log.warn('Slack delivery attempt failed', { attempt: n, reason: failure.reason, willRetry: !last });
    if (last) {
      throw new SlackDeliveryError(
        `Slack webhook delivery failed after ${n} attempt(s): ${failure.reason}`,
        n,
        failure.status,
      );
    }
    await deps.sleep(failure.waitMs ?? Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (n - 1)));
  }
}
