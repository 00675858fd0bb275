/**
 * The package as a user gets it: `npm pack` (prepack builds dist/cli with scripts/build-cli.ts),
 * then the tarball installed into an empty prefix, offline (the package has no dependencies: the
 * bundle holds everything it runs), and the installed `ppguard` bin run as a child process on the
 * Node that runs the tests: --version, rules, and a scan of the reference pipeline in the emulated
 * account, whose report must equal the one of the CLI run from source (bin/ppguard.mjs).
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PROJECT_ROOT, resetMoto } from '../../emulator/moto';
import { buildReferencePipeline, type ReferencePipeline } from '../../emulator/reference-pipeline';
import type { JsonReport } from '../../lib/cli/report-json';
import { RULES } from '../../rules/index';
import { startTestAws, type TestAws } from './support/aws';
import { type CliRun, runCli, runProgram } from './support/cli';

const run = promisify(execFile);

/** The rules over resource types moto can list (see test/integration/cli.test.ts). */
const EMULATED_RULES = RULES.filter((rule) =>
  rule.resourceTypes.every((type) =>
    ['AWS::CodeBuild::Project', 'AWS::ECR::Repository', 'AWS::EC2::VPCEndpoint', 'AWS::EC2::VPC'].includes(
      type,
    ),
  ),
);
const RULES_OPTION = `--rules=${EMULATED_RULES.map((rule) => rule.id).join(',')}`;

interface PackResult {
  filename: string;
  files: { path: string }[];
}

let work: string;
let pack: PackResult;
let installed: string;
let aws: TestAws;
let pipeline: ReferencePipeline;

/** The installed bin, through its shebang, with the tests' Node first on PATH. */
function ppguard(args: readonly string[]): Promise<CliRun> {
  return runProgram(installed, args, aws.endpoint, {
    PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`,
  });
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'ppguard-package-'));
  const packed = await run('npm', ['pack', '--json', '--pack-destination', work], { cwd: PROJECT_ROOT });
  const [result] = JSON.parse(packed.stdout) as PackResult[];
  if (result === undefined) throw new Error(`npm pack printed no result: ${packed.stdout}`);
  pack = result;
  const prefix = join(work, 'prefix');
  await mkdir(prefix);
  await run(
    'npm',
    ['install', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', join(work, pack.filename)],
    { cwd: work },
  );
  installed = join(prefix, 'node_modules/.bin/ppguard');
  aws = await startTestAws();
}, 120_000);

afterAll(async () => {
  await aws?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('the npm package', () => {
  it('holds only the built CLI, its licence notices, package.json and the README', async () => {
    // Act
    const paths = pack.files.map((file) => file.path);
    const manifest = JSON.parse(
      await readFile(join(work, 'prefix/node_modules/ppguard/package.json'), 'utf8'),
    ) as Record<string, unknown>;

    // Assess
    expect(paths.filter((path) => !path.startsWith('dist/cli/')).sort()).toEqual([
      'README.md',
      'package.json',
    ]);
    expect(paths).toContain('dist/cli/ppguard.mjs');
    expect(paths).toContain('dist/cli/THIRD-PARTY-NOTICES.txt');
    expect(paths.filter((path) => !/\.(mjs|txt)$/.test(path) && path.startsWith('dist/'))).toEqual([]);
    expect(manifest.bin).toEqual({ ppguard: 'dist/cli/ppguard.mjs' });
    expect(manifest.dependencies).toBeUndefined();
  });

  it('prints the package version with --version', async () => {
    // Prepare
    const { version } = JSON.parse(await readFile(join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
      version: string;
    };

    // Act
    const result = await ppguard(['--version']);

    // Assess
    expect(result).toEqual({ code: 0, stdout: `ppguard ${version}\n`, stderr: '' });
  });

  it('lists the rule catalog', async () => {
    // Act
    const result = await ppguard(['rules', '--format', 'json']);

    // Assess
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const catalog = JSON.parse(result.stdout) as { rules: { id: string }[] };
    expect(catalog.rules.map((rule) => rule.id)).toEqual(RULES.map((rule) => rule.id));
  });

  it('scans the reference pipeline in the emulated account exactly as the CLI from source does', async () => {
    // Prepare
    await resetMoto(inject('motoEndpoint'));
    pipeline = await buildReferencePipeline(aws);

    // Act
    const result = await ppguard(['scan', '--format', 'json', RULES_OPTION]);
    const fromSource = await runCli(['scan', '--format', 'json', RULES_OPTION], aws.endpoint);

    // Assess
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(report.errors).toEqual([]);
    expect(report.evaluations).toContainEqual(
      expect.objectContaining({
        rule: 'codebuild-project-in-vpc',
        resourceId: pipeline.projectName,
        compliance: 'COMPLIANT',
      }),
    );
    expect(report.evaluations.filter((e) => e.compliance === 'NON_COMPLIANT')).toEqual([]);
    // Equal but for the time each scan evaluated at.
    const timeless = (stdout: string) => stdout.replaceAll(/"evaluatedAt": "[^"]+"/g, '"evaluatedAt": "…"');
    expect(timeless(result.stdout)).toBe(timeless(fromSource.stdout));
  });
});
