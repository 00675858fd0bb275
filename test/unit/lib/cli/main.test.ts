import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../../../lib/cli/io';
import { type CliDeps, main } from '../../../../lib/cli/main';
import type { ScanDeps } from '../../../../lib/cli/scan';
import { codeBuildProject } from '../../../fixtures/models';
import { TEST_RULES } from './fixtures';
import { denied, type FakeReaders, fakeReaders } from './support';

interface Captured {
  io: CliIo;
  stdout: () => string;
  stderr: () => string;
}

function capture(files: Record<string, string> = {}, stderrIsTTY = false): Captured {
  let out = '';
  let err = '';
  return {
    io: {
      stdout: {
        write: (text) => {
          out += text;
        },
      },
      stderr: {
        write: (text) => {
          err += text;
        },
        isTTY: stderrIsTTY,
      },
      env: {},
      readFile: async (path) => {
        const text = files[path];
        if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
        return text;
      },
      now: () => new Date('2026-11-25T12:00:00Z'),
    },
    stdout: () => out,
    stderr: () => err,
  };
}

const project = (name: string, inVpc = true) =>
  codeBuildProject({
    name,
    resourceId: name,
    resourceName: name,
    ...(inVpc ? {} : { vpcConfig: undefined }),
  });

function cliDeps(readers: FakeReaders, overrides: Partial<Omit<ScanDeps, 'onProgress'>> = {}): CliDeps {
  return {
    registry: TEST_RULES,
    version: '9.9.9',
    defaultRegion: async () => 'eu-west-1',
    scan: async () => ({
      callerAccount: async () => '123456789012',
      readers: () => readers,
      now: () => new Date('2026-11-25T12:00:00Z'),
      ...overrides,
    }),
    doctor: async () => {
      throw new Error('doctor is not used here');
    },
  };
}

const clean = () => fakeReaders({ 'AWS::CodeBuild::Project': [project('app-build')] });
const leaky = () =>
  fakeReaders({ 'AWS::CodeBuild::Project': [project('app-build'), project('leaky', false)] });

describe('ppguard exit codes', () => {
  it('exits 0 when nothing is NON_COMPLIANT', async () => {
    const run = capture();
    expect(await main(['scan'], run.io, cliDeps(clean()))).toBe(0);
    expect(run.stdout()).toContain('Result: 0 NON_COMPLIANT, 1 COMPLIANT, 0 NOT_APPLICABLE; 0 errors');
    expect(run.stderr()).toBe('');
  });

  it('exits 1 when something is NON_COMPLIANT, and 0 with --fail-on never', async () => {
    const failing = capture();
    const lenient = capture();
    expect(await main(['scan'], failing.io, cliDeps(leaky()))).toBe(1);
    expect(await main(['scan', '--fail-on', 'never'], lenient.io, cliDeps(leaky()))).toBe(0);
    expect(lenient.stdout()).toBe(failing.stdout());
  });

  it('exits 2 when anything could not be evaluated, even with NON_COMPLIANT findings and --fail-on never', async () => {
    // Prepare
    const readers = fakeReaders({
      'AWS::CodeBuild::Project': [project('leaky', false)],
      'AWS::ECR::Repository': denied('ecr:DescribeRepositories'),
    });
    const run = capture();

    // Act
    const code = await main(['scan', '--format', 'json', '--fail-on', 'never'], run.io, cliDeps(readers));

    // Assess
    expect(code).toBe(2);
    const json = JSON.parse(run.stdout());
    expect(json.errors).toHaveLength(1);
    expect(run.stderr()).toBe(
      'ppguard: could not evaluate: eu-west-1 ecr DescribeRepositories: AccessDeniedException (missing permission ecr:DescribeRepositories): listing AWS::ECR::Repository: User: arn:aws:sts::123456789012:assumed-role/ci/scan is not authorized to perform: ecr:DescribeRepositories because no identity-based policy allows the ecr:DescribeRepositories action [rules: test-repository-private]\n',
    );
  });

  it('exits 2 on a usage or parameter error, saying which, with nothing on stdout', async () => {
    for (const argv of [
      ['scan', '--format', 'xml'],
      ['scan', '--param', 'trustedAccounts=1'],
      ['scan', '--config', 'missing.json'],
      ['deploy'],
    ]) {
      const run = capture();
      expect(await main(argv, run.io, cliDeps(clean()))).toBe(2);
      expect(run.stdout()).toBe('');
      expect(run.stderr()).toMatch(/^ppguard: .+\n$/);
    }
    const missing = capture();
    await main(['scan', '--config', 'missing.json'], missing.io, cliDeps(clean()));
    expect(missing.stderr()).toBe('ppguard: --config missing.json: cannot read the file (ENOENT)\n');
  });

  it('exits 2 without a Region to scan', async () => {
    const run = capture();
    const deps = { ...cliDeps(clean()), defaultRegion: async () => undefined };
    expect(await main(['scan'], run.io, deps)).toBe(2);
    expect(run.stderr()).toBe(
      'ppguard: no Region: pass --region <name> or set AWS_REGION (or a region in your AWS profile)\n',
    );
  });

  it('exits 2 on an unexpected failure instead of crashing with exit 1', async () => {
    const run = capture();
    const deps = {
      ...cliDeps(clean()),
      scan: async () => {
        throw new Error('bug');
      },
    };
    expect(await main(['scan'], run.io, deps)).toBe(2);
    expect(run.stderr()).toMatch(/^ppguard: unexpected error \(please report it\): Error: bug/);
  });
});

describe('ppguard output streams', () => {
  it('writes exactly one JSON document on stdout in json mode, and one SARIF log in sarif mode', async () => {
    const json = capture({}, true);
    const sarif = capture({}, true);
    expect(await main(['scan', '--format', 'json'], json.io, cliDeps(leaky()))).toBe(1);
    expect(await main(['scan', '--format', 'sarif'], sarif.io, cliDeps(leaky()))).toBe(1);
    expect(JSON.parse(json.stdout()).version).toBe(1);
    expect(JSON.parse(sarif.stdout()).runs[0].tool.driver.version).toBe('9.9.9');
    // A fast scan draws no progress, even on a terminal.
    expect(json.stderr()).toBe('');
    expect(sarif.stderr()).toBe('');
  });

  it('reads parameters from the --config file', async () => {
    const run = capture({ 'ppguard.json': JSON.stringify({ parameters: { exemptTagKey: 'skip-me' } }) });
    const readers = fakeReaders({
      'AWS::CodeBuild::Project': [
        codeBuildProject({
          name: 'x',
          resourceId: 'x',
          vpcConfig: undefined,
          tags: { 'skip-me': 'legacy', 'skip-me-until': '2026-12-31' },
        }),
      ],
    });
    expect(
      await main(['scan', '--format', 'json', '--config', 'ppguard.json'], run.io, cliDeps(readers)),
    ).toBe(0);
    expect(JSON.parse(run.stdout()).evaluations[0]).toMatchObject({
      exempt: true,
      annotation: 'exempt: legacy',
    });
  });

  it('prints help and the version on stdout, exit 0', async () => {
    for (const argv of [
      [],
      ['--help'],
      ['scan', '--help'],
      ['doctor', '-h'],
      ['rules', '--help'],
      ['help', 'scan'],
    ]) {
      const run = capture();
      expect(await main(argv, run.io, cliDeps(clean()))).toBe(0);
      expect(run.stdout()).toMatch(/Usage: ppguard/);
    }
    const version = capture();
    expect(await main(['--version'], version.io, cliDeps(clean()))).toBe(0);
    expect(version.stdout()).toBe('ppguard 9.9.9\n');
  });

  it('lists the catalog without touching AWS', async () => {
    const run = capture();
    const deps = {
      ...cliDeps(clean()),
      scan: async () => {
        throw new Error('AWS must not be touched');
      },
    };
    expect(await main(['rules', '--format', 'json'], run.io, deps)).toBe(0);
    expect(JSON.parse(run.stdout()).rules.map((r: { id: string }) => r.id)).toEqual(
      TEST_RULES.map((r) => r.id),
    );
  });
});
