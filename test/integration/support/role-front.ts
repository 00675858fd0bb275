/**
 * A loopback front that refuses STS AssumeRole into the roles of chosen accounts the way STS does
 * when a role's trust policy does not allow the caller (403 AccessDenied, query-protocol XML), and
 * proxies everything else: the emulator lets any role be assumed.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ProxyFront } from './front';

export class RoleDenyingFront extends ProxyFront {
  /** AssumeRole requests refused, by role ARN. */
  readonly refused: string[] = [];

  constructor(
    upstream: string,
    private readonly deniedAccounts: ReadonlySet<string>,
  ) {
    super(upstream);
  }

  protected answer(_req: IncomingMessage, body: Buffer, res: ServerResponse): boolean {
    const form = new URLSearchParams(body.toString('utf8'));
    const roleArn = form.get('Action') === 'AssumeRole' ? (form.get('RoleArn') ?? '') : '';
    const account = roleArn.split(':')[4] ?? '';
    if (roleArn === '' || !this.deniedAccounts.has(account)) return false;
    this.refused.push(roleArn);
    res.writeHead(403, { 'content-type': 'text/xml' });
    res.end(
      `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User: arn:aws:sts::123456789012:assumed-role/ci-scanner/session is not authorized to perform: sts:AssumeRole on resource: ${roleArn}</Message></Error><RequestId>00000000-0000-4000-8000-000000000000</RequestId></ErrorResponse>`,
    );
    return true;
  }
}
