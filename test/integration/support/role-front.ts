/**
 * A loopback front that refuses STS AssumeRole into the roles of chosen accounts the way STS does
 * when a role's trust policy does not allow the caller (403 AccessDenied, query-protocol XML), and
 * proxies everything else: the emulator lets any role be assumed.
 */
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

export class RoleDenyingFront {
  private server: Server | undefined;
  endpoint = '';
  /** AssumeRole requests refused, by role ARN. */
  readonly refused: string[] = [];

  constructor(
    private readonly upstream: string,
    private readonly deniedAccounts: ReadonlySet<string>,
  ) {}

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
    const form = new URLSearchParams(body.toString('utf8'));
    const roleArn = form.get('Action') === 'AssumeRole' ? (form.get('RoleArn') ?? '') : '';
    const account = roleArn.split(':')[4] ?? '';
    if (roleArn !== '' && this.deniedAccounts.has(account)) {
      this.refused.push(roleArn);
      res.writeHead(403, { 'content-type': 'text/xml' });
      res.end(
        `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User: arn:aws:sts::123456789012:assumed-role/ci-scanner/session is not authorized to perform: sts:AssumeRole on resource: ${roleArn}</Message></Error><RequestId>00000000-0000-4000-8000-000000000000</RequestId></ErrorResponse>`,
      );
      return;
    }
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
