/**
 * Posts a message to a Slack incoming webhook (docs/aws-data.md §5). Success is HTTP 200 with body
 * `ok`; anything else is a failure. Retries are bounded:
 * - 429: waits `Retry-After` (delta-seconds of any length, or an HTTP-date: RFC 9110 §10.2.3;
 *   1 s when absent or unreadable, Slack's documented pace) when that is within
 *   `maxRetryAfterMs` and leaves the function time to send again; a longer wait is not sat out
 *   (Slack may disable an app that keeps sending) but ends the delivery with an error, so
 *   Lambda's own retries, then the dead-letter queue, take over.
 * - No wait (Retry-After or backoff) runs past the invocation's deadline: when the remaining time
 *   (`remainingMs`, the Lambda context's) minus one more request's timeout and a margin is
 *   shorter than the wait, the delivery ends with an error naming the last failure.
 * - An invalid webhook URL (not https, with credentials) is a SlackConfigError before any request.
 * - 5xx, network errors, timeouts and a 200 with another body: exponential backoff.
 * - other 4xx (invalid_payload, channel_not_found, ...) and redirects: no retry, they will not heal.
 * The webhook URL is a secret: it never appears in an error or a log line, not even through an
 * error's cause (errors carry only the HTTP status, Slack's error code or a network error code).
 */
import type { Log } from '../log';
import type { SlackMessage } from './slack';
import { checkedWebhookUrl } from './webhook';

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
  /** Milliseconds left in this invocation (Lambda's `getRemainingTimeInMillis`); unbounded if absent. */
  remainingMs?: () => number;
  /** The clock for HTTP-date Retry-After values. */
  now?: () => number;
}

/** Kept free after a wait: one more request's timeout plus this, for logging and the error. */
export const DEADLINE_MARGIN_MS = 1000;

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

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
// RFC 9110 §5.6.7: IMF-fixdate, and the obsolete RFC 850 and asctime forms a recipient must accept.
const IMF_FIXDATE = /^[A-Z][a-z]{2}, (\d{2}) ([A-Z][a-z]{2}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const RFC_850 = /^[A-Z][a-z]{5,8}, (\d{2})-([A-Z][a-z]{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const ASCTIME = /^[A-Z][a-z]{2} ([A-Z][a-z]{2}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/;

/** An HTTP-date in ms since the epoch; undefined when the text is not one. */
export function parseHttpDate(text: string, nowMs: number): number | undefined {
  const utc = (year: number, month: string, day: string, h: string, m: string, s: string) => {
    const index = MONTHS.indexOf(month);
    if (index < 0) return undefined;
    const at = Date.UTC(year, index, Number(day), Number(h), Number(m), Number(s));
    return Number.isNaN(at) ? undefined : at;
  };
  let match = IMF_FIXDATE.exec(text);
  if (match)
    return utc(
      Number(match[3]),
      match[2] ?? '',
      match[1] ?? '',
      match[4] ?? '',
      match[5] ?? '',
      match[6] ?? '',
    );
  match = RFC_850.exec(text);
  if (match) {
    // A two-digit year more than 50 years in the future is in the past century (RFC 9110).
    const thisYear = new Date(nowMs).getUTCFullYear();
    let year = Math.floor(thisYear / 100) * 100 + Number(match[3]);
    if (year > thisYear + 50) year -= 100;
    return utc(year, match[2] ?? '', match[1] ?? '', match[4] ?? '', match[5] ?? '', match[6] ?? '');
  }
  match = ASCTIME.exec(text);
  if (match) {
    return utc(
      Number(match[6]),
      match[1] ?? '',
      (match[2] ?? '').trim(),
      match[3] ?? '',
      match[4] ?? '',
      match[5] ?? '',
    );
  }
  return undefined;
}

/**
 * Retry-After in ms: delta-seconds (any number of digits: a 7-digit value is 1,000,000 s, not
 * "unreadable") or an HTTP-date (its distance from now, 0 if past). Undefined when absent or
 * neither form: the caller then waits Slack's documented 1 s.
 */
export function parseRetryAfter(header: string | null, nowMs: number): number | undefined {
  const text = header?.trim() ?? '';
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = parseHttpDate(text, nowMs);
  return at === undefined ? undefined : Math.max(0, at - nowMs);
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
    const asked = parseRetryAfter(response.headers.get('retry-after'), (deps.now ?? Date.now)());
    const waitMs = asked ?? Math.min(1000, policy.maxRetryAfterMs);
    return waitMs > policy.maxRetryAfterMs
      ? {
          reason: `${reason}, Retry-After ${Math.ceil(waitMs / 1000)} s exceeds ${policy.maxRetryAfterMs} ms`,
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
  const target = checkedWebhookUrl(url, 'the Slack webhook setting');
  const body = JSON.stringify(message);
  for (let n = 1; ; n++) {
    const failure = await attempt(target, body, deps, policy);
    if (!failure) return n;
    const waitMs = failure.waitMs ?? Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (n - 1));
    const left = deps.remainingMs ? deps.remainingMs() - policy.timeoutMs - DEADLINE_MARGIN_MS : Infinity;
    const outOfTime = failure.retry && n < policy.maxAttempts && waitMs > left;
    const reason = outOfTime
      ? `${failure.reason}; a wait of ${waitMs} ms does not fit the ${Math.max(0, Math.floor(left))} ms left in this invocation`
      : failure.reason;
    const last = n >= policy.maxAttempts || !failure.retry || outOfTime;
    deps.log.warn('Slack delivery attempt failed', { attempt: n, reason, willRetry: !last });
    if (last) {
      throw new SlackDeliveryError(
        `Slack webhook delivery failed after ${n} attempt(s): ${reason}`,
        n,
        failure.status,
      );
    }
    await deps.sleep(waitMs);
  }
}
