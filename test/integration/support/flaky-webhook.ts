/**
 * A flaky Slack incoming-webhook stand-in on 127.0.0.1: each request draws from a seeded PRNG
 * (emulator/faults.ts) and is answered 500, 429 (Retry-After), dropped without an answer, or
 * 200 `ok`; an optional outage window answers a run of consecutive requests with 500. Requests
 * are drawn in arrival order, so a sequential sender sees the same answers for the same seed.
 *
 * Like the emulator's faults, a failure happens BEFORE the message would be posted: only a 200
 * means Slack showed it. (Slack could also post a message and lose the 200 on the way back; the
 * sender would then post it again. Webhooks have no idempotency key, so nothing can prevent that.)
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mulberry32 } from '../../../emulator/faults';

export interface FlakyWebhookRates {
  /** HTTP 500 `rollup_error`. */
  error500: number;
  /** HTTP 429 `rate_limited` with `Retry-After: 1`. */
  rateLimited: number;
  /** The socket is destroyed without an answer. */
  drop: number;
}

export type WebhookAnswer = 200 | 429 | 500 | 'drop';

export class FlakyWebhook {
  readonly requests: { body: string; answer: WebhookAnswer }[] = [];
  private readonly random: () => number;
  private server: Server | undefined;
  /** Requests [start, start + length) (0-based, in arrival order) answer 500: Slack is down. */
  outage: { start: number; length: number } | undefined;
  port = 0;

  constructor(
    seed: number,
    private readonly rates: FlakyWebhookRates,
  ) {
    this.random = mulberry32(seed);
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return `http://127.0.0.1:${this.port}/services/T0000/B0000/FLAKYFLAKYFLAKYFLAKY`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = undefined;
  }

  /** Bodies Slack accepted (answered 200), in order. */
  get delivered(): string[] {
    return this.requests.filter((r) => r.answer === 200).map((r) => r.body);
  }

  count(answer: WebhookAnswer): number {
    return this.requests.filter((r) => r.answer === answer).length;
  }

  private answerFor(index: number): WebhookAnswer {
    const draw = this.random();
    if (this.outage && index >= this.outage.start && index < this.outage.start + this.outage.length)
      return 500;
    if (draw < this.rates.error500) return 500;
    if (draw < this.rates.error500 + this.rates.rateLimited) return 429;
    if (draw < this.rates.error500 + this.rates.rateLimited + this.rates.drop) return 'drop';
    return 200;
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const answer = this.answerFor(this.requests.length);
    this.requests.push({ body: Buffer.concat(chunks).toString('utf8'), answer });
    if (answer === 'drop') {
      req.socket.destroy();
      return;
    }
    const [body, headers] =
      answer === 200
        ? ['ok', {}]
        : answer === 429
          ? ['rate_limited', { 'retry-after': '1' }]
          : ['rollup_error', {}];
    res.writeHead(answer, { 'content-type': 'text/plain', ...headers });
    res.end(body);
  }
}
