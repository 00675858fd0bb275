/** `ppguard scan` with the filters and --output-dir, through main() with fake AWS readers. */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../../../lib/cli/io';
import { type CliDeps, main } from '../../../../lib/cli/main';
import { codeBuildProject } from '../../../fixtures/models';
import { TEST_RULES } from './fixtures';
import { denied, type FakeReaders, fakeReaders } from './support';

function capture() {
  let out = '';
  let err = '';
  const io: CliIo = {
    stdout: {
      write: (text) => {
        out += text;
      },
    },
    stderr: {
      write: (text) => {
        err += text;
      },
      isTTY: false,
    },
    env: {},
    readFile: async () => {
      throw new Error('no files here');
    },
    now: () => new Date('2026-11-25T12:00:00Z'),
  };
  return { io, stdout: () => out, stderr: () => err };
}

function cliDeps(readers: FakeReaders): CliDeps {
  return {
    registry: TEST_RULES,
    version: '9.9.9',
    defaultRegion: async () => 'eu-west-1',
    scan: async () => ({
      callerAccount: async () => '123456789012',
      readers: () => readers,
      now: () => new Date('2026-11-25T12:00:00Z'),
    }),
    doctor: async () => {
      throw new Error('doctor is not used here');
    },
  };
}

const project = (name: string, inVpc = true) =>
  codeBuildProject({
    name,
    resourceId: name,
    resourceName: name,
    ...(inVpc ? {} : { vpcConfig: undefined }),
  });

describe('ppguard scan reports', () => {
  it('with --output-dir, the table goes to its file and the errors to stderr; exit 2', async () => {
    // Prepare
    const dir = await mkdtemp(join(tmpdir(), 'ppguard-main-'));
    const readers = fakeReaders({
      'AWS::CodeBuild::Project': [project('leaky', false)],
      'AWS::ECR::Repository': denied('ecr:DescribeRepositories'),
    });
    const run = capture();

    // Act
    const code = await main(['scan', '--output-dir', dir, '--format', 'table,csv'], run.io, cliDeps(readers));

    // Assess
    expect(code).toBe(2);
    expect(run.stdout()).toBe(`${join(dir, 'ppguard-scan.txt')}\n${join(dir, 'ppguard-scan.csv')}\n`);
    expect(run.stderr()).toMatch(/^ppguard: could not evaluate: eu-west-1 ecr DescribeRepositories: /);
    expect(await readFile(join(dir, 'ppguard-scan.txt'), 'utf8')).toContain('Could not evaluate:');
  });

  it('--fail-on high exits 1 for a high rule failing, --fail-on critical exits 0', async () => {
    // Prepare
    const readers = () => fakeReaders({ 'AWS::CodeBuild::Project': [project('leaky', false)] });
    const high = capture();
    const critical = capture();

    // Act
    const highCode = await main(['scan', '--fail-on', 'high'], high.io, cliDeps(readers()));
    const criticalCode = await main(['scan', '--fail-on', 'critical'], critical.io, cliDeps(readers()));

    // Assess
    expect(highCode).toBe(1);
    expect(criticalCode).toBe(0);
    expect(critical.stdout()).toContain('  NON_COMPLIANT   leaky');
  });
});
