/**
 * What a terminal or CI user sees from `ppguard` as a real child process (bin/ppguard.mjs) against
 * the emulated account: errors on stderr in table mode, Ctrl-C (a real SIGINT) while a call hangs
 * (a front that never answers ecr.DescribeRepositories), the CI progress line, `ppguard` alone,
 * -V anywhere and "did you mean". The terminal progress line needs a terminal, which a child
 * process here does not get: it is covered in test/unit/lib/cli/main.test.ts.
 */
import { spawn } from 'node:child_process';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { PROJECT_ROOT, resetMoto } from '../../emulator/moto';
import { buildReferencePipeline } from '../../emulator/reference-pipeline';
import { MAIN_HELP } from '../../lib/cli/args';
import type { ResourceType } from '../../lib/resources/model';
import { RULES } from '../../rules/index';
import { startTestAws, type TestAws } from './support/aws';
import { CLI, type CliRun, cliEnv, DenyingFront, operationOf, runCli } from './support/cli';
import { ProxyFront } from './support/front';

/** The rules over resource types moto can list (see test/integration/cli.test.ts). */
const EMULATED_TYPES = new Set<ResourceType>([
  'AWS::CodeBuild::Project',
  'AWS::ECR::Repository',
  'AWS::EC2::VPCEndpoint',
  'AWS::EC2::VPC',
]);
const EMULATED_RULES = RULES.filter((rule) => rule.resourceTypes.every((type) => EMULATED_TYPES.has(type)));
const RULES_OPTION = `--rules=${EMULATED_RULES.map((rule) => rule.id).join(',')}`;
const FIRST_ECR = EMULATED_RULES.findIndex((rule) => rule.resourceTypes.includes('AWS::ECR::Repository'));

/** Never answers the chosen operation; calls `onStall` when a request for it arrives. */
class StallingFront extends ProxyFront {
  private readonly stalled: ServerResponse[] = [];
  onStall: () => void = () => {};

  constructor(
    upstream: string,
    private readonly operation: string,
  ) {
    super(upstream);
  }

  protected answer(req: IncomingMessage, body: Buffer, res: ServerResponse): boolean {
    if (operationOf(req, body) !== this.operation) return false;
    this.stalled.push(res);
    this.onStall();
    return true;
  }

  override async stop(): Promise<void> {
    for (const res of this.stalled) res.destroy();
    await super.stop();
  }
}

/** Runs the CLI, sends SIGINT once `ready(stderr)` holds after the front stalled, and collects the run. */
function interruptWhen(
  args: readonly string[],
  front: StallingFront,
  env: Record<string, string>,
  ready: (stderr: string) => boolean,
): Promise<CliRun & { signalled: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: cliEnv(front.endpoint, env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let stalled = false;
    let signalled = false;
    const maybeInterrupt = () => {
      if (!stalled || signalled || !ready(stderr)) return;
      signalled = true;
      child.kill('SIGINT');
    };
    front.onStall = () => {
      stalled = true;
      maybeInterrupt();
    };
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      maybeInterrupt();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, signalled }));
  });
}

let aws: TestAws;

beforeAll(async () => {
  aws = await startTestAws();
});

afterAll(async () => {
  await aws?.close();
});

describe('ppguard scan in a terminal or CI', () => {
  let front: StallingFront;

  beforeEach(async () => {
    await resetMoto(inject('motoEndpoint'));
    await buildReferencePipeline(aws);
    front = new StallingFront(aws.emulator.endpoint, 'ecr.DescribeRepositories');
    await front.start();
    return () => front.stop();
  });

  it('on Ctrl-C prints what was evaluated so far on stderr, nothing on stdout, and exits 130', async () => {
    // Act
    const run = await interruptWhen(['scan', RULES_OPTION], front, {}, () => true);

    // Assess
    expect(run.signalled).toBe(true);
    expect(run.code).toBe(130);
    expect(run.stdout).toBe('');
    const [first, second, ...rest] = run.stderr.split('\n');
    expect(first).toBe(
      `ppguard: interrupted after ${FIRST_ECR} rule evaluations (stopped at rule ${FIRST_ECR + 1}/${EMULATED_RULES.length} ecr-repository-not-public in eu-west-1); no report written`,
    );
    // The reference pipeline: every rule evaluated so far is COMPLIANT or NOT_APPLICABLE.
    expect(second).toMatch(
      /^ppguard: evaluated so far: 0 NON_COMPLIANT, [1-9]\d* COMPLIANT, \d+ NOT_APPLICABLE; 0 errors$/,
    );
    expect(rest).toEqual(['']);
  });

  it('in CI, with stderr not a terminal, writes a progress line every few seconds', async () => {
    // Act
    const run = await interruptWhen(['scan', RULES_OPTION], front, { CI: 'true' }, (stderr) =>
      stderr.includes('\n'),
    );

    // Assess
    expect(run.code).toBe(130);
    const [line = ''] = run.stderr.split('\n');
    const prefix = `ppguard: scanning eu-west-1: rule ${FIRST_ECR + 1}/${EMULATED_RULES.length} ecr-repository-not-public `;
    expect(line.startsWith(prefix)).toBe(true);
    expect(['5s', '6s']).toContain(line.slice(prefix.length));
  }, 30_000);
});

describe('ppguard messages', () => {
  it('prints could-not-evaluate errors on stderr in table mode too', async () => {
    // Prepare
    const front = new DenyingFront(aws.emulator.endpoint, new Set(['codebuild.ListProjects']));
    const endpoint = await front.start();

    try {
      // Act
      const run = await runCli(['scan', RULES_OPTION], endpoint);

      // Assess
      expect(run.code).toBe(2);
      expect(run.stdout).toContain('AccessDeniedException');
      expect(run.stderr).toMatch(
        /^ppguard: could not evaluate: eu-west-1 codebuild ListProjects: AccessDeniedException \(missing permission codebuild:ListProjects\): /,
      );
    } finally {
      await front.stop();
    }
  });

  it('prints the help on stderr and exits 2 without a command', async () => {
    // Act
    const run = await runCli([], aws.emulator.endpoint);

    // Assess
    expect(run).toEqual({ code: 2, stdout: '', stderr: MAIN_HELP });
  });

  it('prints the version for -V or --version anywhere on the command line', async () => {
    // Prepare
    const { version } = (await import(`${PROJECT_ROOT}/package.json`, { with: { type: 'json' } }))
      .default as {
      version: string;
    };

    // Act
    const runs = await Promise.all([
      runCli(['-V'], aws.emulator.endpoint),
      runCli(['scan', '--region', 'eu-west-1', '--version'], aws.emulator.endpoint),
    ]);

    // Assess
    for (const run of runs) expect(run).toEqual({ code: 0, stdout: `ppguard ${version}\n`, stderr: '' });
  });

  it('suggests the closest command, option and rule id for a misspelled one', async () => {
    // Act
    const command = await runCli(['sacn'], aws.emulator.endpoint);
    const option = await runCli(['scan', '--regoin', 'eu-west-1'], aws.emulator.endpoint);
    const rule = await runCli(['scan', '--rules', 'codebuild-project-in-vcp'], aws.emulator.endpoint);

    // Assess
    expect(command).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ppguard: unknown command "sacn"; did you mean "scan"? (commands: scan, doctor, rules)\n',
    });
    expect(option.stderr).toBe(
      'ppguard: unknown option --regoin; did you mean "--region"? (see "ppguard scan --help")\n',
    );
    expect(rule.stderr).toContain(
      'ppguard: --rules: unknown rule "codebuild-project-in-vcp"; did you mean "codebuild-project-in-vpc"? (known: ',
    );
    expect([option.code, rule.code]).toEqual([2, 2]);
  });
});
