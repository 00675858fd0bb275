/**
 * Runs the `ppguard` CLI as a real child process (bin/ppguard.mjs, the package's bin) with an
 * isolated AWS environment, and a loopback front that denies chosen operations the way IAM does,
 * for the AccessDenied paths the emulator cannot produce.
 */
import { spawn } from 'node:child_process';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../../emulator/moto';
import { ProxyFront } from './front';

export const CLI = join(PROJECT_ROOT, 'bin/ppguard.mjs');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `ppguard <args>` against `endpoint` with test credentials and eu-west-1, nothing else from the
 * caller's AWS setup (no profile, no shared config files).
 */
export function runCli(
  args: readonly string[],
  endpoint: string,
  env: Record<string, string> = {},
): Promise<CliRun> {
  return runProgram(process.execPath, [CLI, ...args], endpoint, env);
}

/** The AWS environment runCli gives the CLI: the emulator, test keys, no profile or config files. */
export function cliEnv(endpoint: string, env: Record<string, string> = {}): Record<string, string> {
  const home = tmpdir();
  return {
    PATH: process.env.PATH ?? '',
    HOME: home,
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_REGION: 'eu-west-1',
    AWS_CONFIG_FILE: join(home, 'ppguard-test-no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'ppguard-test-no-aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    ...env,
  };
}

/** `program <args>` (e.g. an installed `ppguard` bin) in the environment of cliEnv. */
export function runProgram(
  program: string,
  args: readonly string[],
  endpoint: string,
  env: Record<string, string> = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, {
      env: cliEnv(endpoint, env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** `<service>.<Operation>` of a JSON-protocol request (X-Amz-Target), else of a query-protocol one. */
export function operationOf(req: IncomingMessage, body: Buffer): string {
  const authorization = String(req.headers.authorization ?? '');
  const service = /Credential=[^/]+\/[^/]+\/[^/]+\/([^/]+)\//.exec(authorization)?.[1] ?? 'unknown';
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string') return `${service}.${target.split('.').pop()}`;
  const action = /(?:^|&)Action=([A-Za-z0-9]+)/.exec(body.toString('utf8'))?.[1];
  return `${service}.${action ?? req.method}`;
}

/**
 * A front that answers the listed JSON-protocol operations (e.g. `codebuild.ListProjects`) with
 * IAM's AccessDeniedException, naming the action as AWS does, and proxies everything else.
 */
export class DenyingFront extends ProxyFront {
  constructor(
    upstream: string,
    private readonly denied: ReadonlySet<string>,
  ) {
    super(upstream);
  }

  protected answer(req: IncomingMessage, body: Buffer, res: ServerResponse): boolean {
    const operation = operationOf(req, body);
    if (!this.denied.has(operation)) return false;
    const action = operation.replace('.', ':');
    res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
    res.end(
      JSON.stringify({
        __type: 'AccessDeniedException',
        message: `User: arn:aws:sts::123456789012:assumed-role/ci-scanner/session is not authorized to perform: ${action} because no identity-based policy allows the ${action} action`,
      }),
    );
    return true;
  }
}
