/**
 * A loopback front for the emulator: requests reach `answer` first, which may answer them itself
 * (an error the emulator cannot produce) or leave them to be proxied to the emulator unchanged.
 * The deniers in cli.ts and role-front.ts are built on it.
 */
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

export abstract class ProxyFront {
  private server: Server | undefined;
  endpoint = '';

  constructor(private readonly upstream: string) {}

  /** Answers the request and returns true, or returns false to proxy it to the emulator. */
  protected abstract answer(req: IncomingMessage, body: Buffer, res: ServerResponse): boolean;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        res.writeHead(500);
        res.end(String(error));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.endpoint = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.endpoint;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    if (this.answer(req, body, res)) return;
    await new Promise<void>((resolve, reject) => {
      const target = new URL(req.url ?? '/', this.upstream);
      const headers = { ...req.headers, host: target.host, 'content-length': String(body.length) };
      const upstream = httpRequest(target, { method: req.method, headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.on('end', resolve);
      });
      upstream.on('error', reject);
      upstream.end(body);
    });
  }
}
