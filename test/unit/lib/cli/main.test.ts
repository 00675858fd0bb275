import { describe, expect, it, vi } from 'vitest';
import { MAIN_HELP } from '../../../../lib/cli/args';
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
    const formats = ['json', 'table', 'sarif'];
    const runs = formats.map(() => capture());

    // Act
    const codes = [];
    for (const [index, format] of formats.entries())
      codes.push(
        await main(
          ['scan', '--format', format, '--fail-on', 'never'],
          runs[index]?.io as CliIo,
          cliDeps(readers),
        ),
      );

    // Assess
    expect(codes).toEqual([2, 2, 2]);
    const json = JSON.parse(runs[0]?.stdout() ?? '');
    expect(json.errors).toHaveLength(1);
    // On stderr in every format, the table's own errors section notwithstanding.
    for (const run of runs)
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

  it('suppresses with --suppressions, exit 0 once the only failure is suppressed, stale entries on stderr', async () => {
    // Prepare
    const run = capture({
      'sup.yaml': [
        'suppressions:',
        '  - {rule: test-project-in-vpc, resource: leaky, reason: RISK-1, owner: ops, expires: 2026-12-01}',
        '  - {rule: "*", resource: gone-*, reason: old, owner: ops, expires: 2026-12-01}',
      ].join('\n'),
    });

    // Act
    const code = await main(['scan', '--suppressions', 'sup.yaml'], run.io, cliDeps(leaky()));

    // Assess
    expect(code).toBe(0);
    expect(run.stdout()).toContain(
      '  EXEMPT          leaky     suppressed: RISK-1 (ops, until 2026-12-01)\n',
    );
    expect(run.stderr()).toBe(
      'ppguard: suppressions sup.yaml: entry 2 (line 3, rule *, resource gone-*, owner ops) matched nothing: remove it if it is stale\n',
    );
  });

  it.each([
    ['missing.yaml', {}, 'ppguard: --suppressions missing.yaml: cannot read the file (ENOENT)\n'],
    [
      'bad.yaml',
      {
        'bad.yaml':
          'suppressions:\n  - {rule: nope, resource: x, reason: r, owner: o, expires: 2026-12-01}\n',
      },
      'ppguard: --suppressions bad.yaml: entry 1 (line 2): unknown rule "nope" (a rule id or *)\n',
    ],
  ])('exits 2 before scanning when --suppressions %s cannot be used', async (file, files, message) => {
    // Prepare
    const run = capture(files);
    const readers = leaky();

    // Act
    const code = await main(['scan', '--suppressions', file], run.io, cliDeps(readers));

    // Assess
    expect(code).toBe(2);
    expect(run.stdout()).toBe('');
    expect(run.stderr()).toBe(message);
    expect(readers.calls).toEqual([]);
  });

  it('prints help and the version on stdout, exit 0', async () => {
    for (const argv of [
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
    expect(await main(['scan', '--region', 'eu-west-1', '-V'], version.io, cliDeps(clean()))).toBe(0);
    expect(version.stdout()).toBe('ppguard 9.9.9\n');
  });

  it('prints the help on stderr and exits 2 when no command is given', async () => {
    // Prepare
    const run = capture();

    // Act
    const code = await main([], run.io, cliDeps(clean()));

    // Assess
    expect(code).toBe(2);
    expect(run.stdout()).toBe('');
    expect(run.stderr()).toBe(MAIN_HELP);
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

describe('ppguard on Ctrl-C', () => {
  /** Readers whose ECR listing never answers, and signal Ctrl-C when it is asked for. */
  function hangingAtEcr(projects: ReturnType<typeof project>[], io: { interrupt?: () => void }) {
    const readers = fakeReaders({ 'AWS::CodeBuild::Project': projects });
    const list = readers.list.bind(readers);
    readers.list = (type) => {
      if (type !== 'AWS::ECR::Repository') return list(type);
      io.interrupt?.();
      return new Promise(() => {});
    };
    return readers;
  }

  function interruptible(run: Captured, at: { interrupt?: () => void }) {
    let subscribed = 0;
    run.io.onInterrupt = (listener) => {
      subscribed++;
      at.interrupt = listener;
      return () => {
        subscribed--;
      };
    };
    return () => subscribed;
  }

  it('stops the scan, reports what was evaluated so far on stderr only, and exits 130', async () => {
    // Prepare
    const run = capture();
    const at: { interrupt?: () => void } = {};
    const subscribed = interruptible(run, at);

    // Act
    const code = await main(['scan'], run.io, cliDeps(hangingAtEcr([project('leaky', false)], at)));

    // Assess
    expect(code).toBe(130);
    expect(run.stdout()).toBe('');
    expect(run.stderr()).toBe(
      'ppguard: interrupted after 1 rule evaluation (stopped at rule 2/2 test-repository-private in eu-west-1); no report written\n' +
        'ppguard: evaluated so far: 1 NON_COMPLIANT, 0 COMPLIANT, 0 NOT_APPLICABLE; 0 errors\n' +
        '  NON_COMPLIANT test-project-in-vpc leaky (eu-west-1): leaky has no vpcConfig\n',
    );
    expect(subscribed()).toBe(0);
  });

  it('says nothing was evaluated when Ctrl-C comes before the first rule finished', async () => {
    // Prepare
    const run = capture();
    const at: { interrupt?: () => void } = {};
    interruptible(run, at);
    const deps = cliDeps(clean(), {
      callerAccount: () => {
        at.interrupt?.();
        return new Promise(() => {});
      },
    });

    // Act
    const code = await main(['scan'], run.io, deps);

    // Assess
    expect(code).toBe(130);
    expect(run.stdout()).toBe('');
    expect(run.stderr()).toBe('ppguard: interrupted: nothing was evaluated yet; no report written\n');
  });

  it('erases the progress line on a terminal before the summary', async () => {
    // Prepare
    vi.useFakeTimers();
    try {
      const run = capture({}, true);
      const at: { interrupt?: () => void } = {};
      interruptible(run, at);
      const readers = hangingAtEcr([project('app-build')], {
        interrupt: () => {
          // Ctrl-C once the progress line has been drawn.
          vi.advanceTimersByTime(1000);
          at.interrupt?.();
        },
      });

      // Act
      const code = await main(['scan'], run.io, cliDeps(readers));

      // Assess
      expect(code).toBe(130);
      expect(run.stderr()).toBe(
        '\r\u001b[2Kscanning eu-west-1: rule 2/2 test-repository-private 1s' +
          '\r\u001b[2K' +
          'ppguard: interrupted after 1 rule evaluation (stopped at rule 2/2 test-repository-private in eu-west-1); no report written\n' +
          'ppguard: evaluated so far: 0 NON_COMPLIANT, 1 COMPLIANT, 0 NOT_APPLICABLE; 0 errors\n',
      );
    } finally {
      vi.useRealTimers();
    }
  });
});
