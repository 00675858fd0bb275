/**
 * A Slack incoming-webhook stand-in on 127.0.0.1 (node:http): answers from a script (then 200 `ok`)
 * and records every request. It can be stopped and started again on the same port, so a webhook
 * URL can point at a receiver that is down (connection refused) and later back.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Reply {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

export interface ReceivedRequest {
  path: string;
  contentType: string;
  body: string;
  answered: number;
}

export class SlackReceiver {
  readonly requests: ReceivedRequest[] = [];
  script: Reply[] = [];
  port = 0;
  private server: Server | undefined;

  async start(port = this.port): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = undefined;
  }

  /** Bodies of the requests answered 200. */
  get delivered(): string[] {
    return this.requests.filter((r) => r.answered === 200).map((r) => r.body);
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const reply = this.script.shift() ?? { status: 200, body: 'ok' };
    this.requests.push({
      path: req.url ?? '',
      contentType: String(req.headers['content-type']),
      body: Buffer.concat(chunks).toString('utf8'),
      answered: reply.status,
    });
    res.writeHead(reply.status, { 'content-type': 'text/plain', ...reply.headers });
    res.end(reply.body);
  }
}
