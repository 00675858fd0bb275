import { describe, expect, it } from 'vitest';
import type { Log } from '../../../../lib/log';
import {
  parseHttpDate,
  parseRetryAfter,
  postToSlack,
  SlackDeliveryError,
} from '../../../../lib/notify/deliver';
import { renderSlack } from '../../../../lib/notify/slack';
import { SlackConfigError } from '../../../../lib/notify/webhook';
import { alertFor, VIOLATION } from './support';

const URL = 'https://hooks.slack.com/services/T0000/B0000/SECRETTOKEN';

type Answer = Response | Error;

/** A stand-in for Slack's webhook endpoint (not our code): answers in turn, records requests. */
function fakeSlack(answers: Answer[]) {
  const requests: { url: string; init: RequestInit | undefined }[] = [];
  const fetch = (async (url: string, init?: RequestInit) => {
    requests.push({ url, init });
    const answer = answers.shift() ?? new Response('ok', { status: 200 });
    if (answer instanceof Error) throw answer;
    return answer;
  }) as typeof globalThis.fetch;
  return { fetch, requests };
}

class CapturingLog implements Log {
  readonly lines: string[] = [];
  info(message: string, extra?: Record<string, unknown>) {
    this.lines.push(`${message} ${JSON.stringify(extra ?? {})}`);
  }
  warn(message: string, extra?: Record<string, unknown>) {
    this.lines.push(`${message} ${JSON.stringify(extra ?? {})}`);
  }
  error(message: string, extra?: Record<string, unknown>) {
    this.lines.push(`${message} ${JSON.stringify(extra ?? {})}`);
  }
}

function setup(answers: Answer[]) {
  const slack = fakeSlack(answers);
  const sleeps: number[] = [];
  const log = new CapturingLog();
  const deps = { fetch: slack.fetch, sleep: async (ms: number) => void sleeps.push(ms), log };
  return { slack, sleeps, log, deps };
}

const message = renderSlack(alertFor(VIOLATION));
const text = (body: string, status: number, headers?: Record<string, string>) =>
  new Response(body, { status, ...(headers ? { headers } : {}) });

async function failure(promise: Promise<unknown>): Promise<SlackDeliveryError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SlackDeliveryError) return error;
    throw error;
  }
  throw new Error('expected a SlackDeliveryError');
}

describe('postToSlack', () => {
  it('posts the Block Kit JSON once when Slack answers 200 ok', async () => {
    // Prepare
    const { slack, sleeps, deps } = setup([text('ok', 200)]);

    // Act
    const attempts = await postToSlack(URL, message, deps);

    // Assess
    expect(attempts).toBe(1);
    expect(sleeps).toEqual([]);
    expect(slack.requests).toHaveLength(1);
    expect(slack.requests[0]?.init?.method).toBe('POST');
    expect(slack.requests[0]?.init?.headers).toEqual({ 'content-type': 'application/json; charset=utf-8' });
    expect(slack.requests[0]?.init?.body).toBe(JSON.stringify(message));
  });

  it('waits Retry-After on 429, backs off on 500, and delivers on 200', async () => {
    // Prepare
    const { slack, sleeps, deps } = setup([
      text('rate_limited', 429, { 'retry-after': '1' }),
      text('rollup_error', 500),
      text('ok', 200),
    ]);

    // Act
    const attempts = await postToSlack(URL, message, deps);

    // Assess
    expect(attempts).toBe(3);
    expect(sleeps).toEqual([1000, 1000]);
    expect(slack.requests).toHaveLength(3);
  });

  it('waits one second on a 429 without a usable Retry-After', async () => {
    const { sleeps, deps } = setup([
      text('', 429),
      text('', 429, { 'retry-after': 'soon' }),
      text('ok', 200),
    ]);
    await postToSlack(URL, message, deps);
    expect(sleeps).toEqual([1000, 1000]);
  });

  it('does not sit out a Retry-After beyond the bound: it fails so Lambda retries later', async () => {
    // Prepare
    const { slack, sleeps, deps } = setup([text('rate_limited', 429, { 'retry-after': '60' })]);

    // Act
    const error = await failure(postToSlack(URL, message, deps));

    // Assess
    expect(error.message).toBe(
      'Slack webhook delivery failed after 1 attempt(s): HTTP 429 rate_limited, Retry-After 60 s exceeds 10000 ms',
    );
    expect(error.status).toBe(429);
    expect(sleeps).toEqual([]);
    expect(slack.requests).toHaveLength(1);
  });

  it('reads a 7-digit Retry-After as 1,000,000 s and gives up at once instead of retrying after 1 s', async () => {
    // Prepare
    const { slack, sleeps, deps } = setup([text('rate_limited', 429, { 'retry-after': '1000000' })]);

    // Act
    const error = await failure(postToSlack(URL, message, deps));

    // Assess
    expect(error.message).toBe(
      'Slack webhook delivery failed after 1 attempt(s): HTTP 429 rate_limited, Retry-After 1000000 s exceeds 10000 ms',
    );
    expect(sleeps).toEqual([]);
    expect(slack.requests).toHaveLength(1);
  });

  it('waits until an HTTP-date Retry-After, and gives up when the date is beyond the bound', async () => {
    // Prepare
    const now = Date.UTC(2026, 11, 4, 10, 0, 0);
    const { slack, sleeps, deps } = setup([
      text('', 429, { 'retry-after': 'Fri, 04 Dec 2026 10:00:03 GMT' }),
      text('', 429, { 'retry-after': 'Fri, 04 Dec 2026 11:00:00 GMT' }),
    ]);

    // Act
    const error = await failure(postToSlack(URL, message, { ...deps, now: () => now }));

    // Assess
    expect(sleeps).toEqual([3000]);
    expect(error.message).toBe(
      'Slack webhook delivery failed after 2 attempt(s): HTTP 429 unexpected body, Retry-After 3600 s exceeds 10000 ms',
    );
    expect(slack.requests).toHaveLength(2);
  });

  it('does not wait past the invocation deadline: it ends the delivery so Lambda retries', async () => {
    // Prepare: 8 s left; a 5 s Retry-After plus one more 5 s request does not fit.
    const { slack, sleeps, deps } = setup([text('', 429, { 'retry-after': '5' })]);

    // Act
    const error = await failure(postToSlack(URL, message, { ...deps, remainingMs: () => 8000 }));

    // Assess
    expect(error.message).toBe(
      'Slack webhook delivery failed after 1 attempt(s): HTTP 429 unexpected body; a wait of 5000 ms does not fit the 2000 ms left in this invocation',
    );
    expect(sleeps).toEqual([]);
    expect(slack.requests).toHaveLength(1);
  });

  it.each([
    [
      'credentials',
      'https://user:SECRETPASS@hooks.slack.com/services/T0000/B0000/SECRETTOKEN',
      'holds a URL with credentials (user:password@); remove them',
    ],
    ['plain http', 'http://hooks.slack.com/services/T0000/B0000/SECRETTOKEN', 'does not hold an https URL'],
    ['no URL', 'SECRETTOKEN', 'does not hold a URL'],
  ])(
    'refuses a webhook URL with %s as a configuration error, before any request and without the URL',
    async (_n, url, problem) => {
      // Prepare
      const { slack, sleeps, deps } = setup([]);

      // Act
      const error = await postToSlack(url, message, deps).catch((e: unknown) => e);

      // Assess
      expect(error).toBeInstanceOf(SlackConfigError);
      expect((error as Error).message).toBe(`the Slack webhook setting ${problem}`);
      expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toMatch(/SECRET/);
      expect(slack.requests).toHaveLength(0);
      expect(sleeps).toEqual([]);
    },
  );

  it('backs off exponentially on server errors and throws after the last attempt', async () => {
    // Prepare
    const { slack, sleeps, deps } = setup([500, 502, 503, 500].map((s) => text('rollup_error', s)));

    // Act
    const error = await failure(postToSlack(URL, message, deps));

    // Assess
    expect(error.message).toBe('Slack webhook delivery failed after 4 attempt(s): HTTP 500 rollup_error');
    expect(error.attempts).toBe(4);
    expect(sleeps).toEqual([500, 1000, 2000]);
    expect(slack.requests).toHaveLength(4);
  });

  it.each([
    [400, 'invalid_payload'],
    [403, 'action_prohibited'],
    [404, 'channel_not_found'],
    [410, 'channel_is_archived'],
  ])('does not retry HTTP %i %s (it will not heal)', async (status, body) => {
    const { slack, deps } = setup([text(body, status)]);
    const error = await failure(postToSlack(URL, message, deps));
    expect(error.message).toBe(`Slack webhook delivery failed after 1 attempt(s): HTTP ${status} ${body}`);
    expect(slack.requests).toHaveLength(1);
  });

  it('treats a 200 with a body other than ok as a failure', async () => {
    const { deps } = setup([200, 200, 200, 200].map((s) => text('<html>captive portal</html>', s)));
    const error = await failure(postToSlack(URL, message, deps));
    expect(error.message).toBe('Slack webhook delivery failed after 4 attempt(s): HTTP 200 unexpected body');
  });

  it('never puts the webhook URL in an error, its cause or a log line', async () => {
    // Prepare
    const leaky = new TypeError(`fetch failed for ${URL}`, { cause: { code: 'ECONNREFUSED', url: URL } });
    const { log, deps } = setup([leaky, text(`error at ${URL}`, 500), leaky, leaky]);

    // Act
    const error = await failure(postToSlack(URL, message, deps));

    // Assess
    expect(error.message).toBe('Slack webhook delivery failed after 4 attempt(s): ECONNREFUSED');
    expect(error.cause).toBeUndefined();
    expect(JSON.stringify({ ...error, message: error.message, stack: error.stack })).not.toContain(
      'SECRETTOKEN',
    );
    expect(log.lines).toEqual([
      'Slack delivery attempt failed {"attempt":1,"reason":"ECONNREFUSED","willRetry":true}',
      'Slack delivery attempt failed {"attempt":2,"reason":"HTTP 500 unexpected body","willRetry":true}',
      'Slack delivery attempt failed {"attempt":3,"reason":"ECONNREFUSED","willRetry":true}',
      'Slack delivery attempt failed {"attempt":4,"reason":"ECONNREFUSED","willRetry":false}',
    ]);
  });

  it('reports a timeout as such', async () => {
    const timeout = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    const { deps } = setup([timeout, timeout]);
    const error = await failure(postToSlack(URL, message, { ...deps, policy: { maxAttempts: 2 } }));
    expect(error.message).toBe('Slack webhook delivery failed after 2 attempt(s): timeout');
  });
});

describe('parseRetryAfter', () => {
  const now = Date.UTC(1994, 10, 6, 8, 49, 30);

  it.each([
    ['delta-seconds', '120', 120_000],
    ['a 7-digit delta', '1000000', 1_000_000_000],
    ['IMF-fixdate', 'Sun, 06 Nov 1994 08:49:37 GMT', 7000],
    ['RFC 850 date', 'Sunday, 06-Nov-94 08:49:37 GMT', 7000],
    ['asctime date', 'Sun Nov  6 08:49:37 1994', 7000],
    ['a date in the past', 'Sun, 06 Nov 1994 08:00:00 GMT', 0],
  ])('reads %s', (_name, header, ms) => {
    expect(parseRetryAfter(header, now)).toBe(ms);
  });

  it.each([[null], [''], ['soon'], ['-1'], ['1.5'], ['Sun, 06 Foo 1994 08:49:37 GMT']])(
    'gives undefined for %j',
    (header) => {
      expect(parseRetryAfter(header, now)).toBeUndefined();
    },
  );

  it('puts a two-digit RFC 850 year more than 50 years ahead in the past century', () => {
    expect(parseHttpDate('Friday, 04-Dec-98 10:00:00 GMT', Date.UTC(2026, 0, 1))).toBe(
      Date.UTC(1998, 11, 4, 10),
    );
    expect(parseHttpDate('Friday, 04-Dec-26 10:00:00 GMT', Date.UTC(2026, 0, 1))).toBe(
      Date.UTC(2026, 11, 4, 10),
    );
  });
});
