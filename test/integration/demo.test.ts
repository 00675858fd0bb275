/**
 * `npm run demo` is the README's first command: it must run end to end on a fresh clone and show
 * the compliance table, both alerts and the scan. Run as a real child process.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules';

const run = promisify(execFile);
const root = join(import.meta.dirname, '../..');

describe('npm run demo', () => {
  it('provisions the emulated account, evaluates, alerts and scans, then exits 0', async () => {
    // Act
    const { stdout } = await run(join(root, 'node_modules/.bin/tsx'), ['scripts/demo.ts'], {
      cwd: root,
      timeout: 240_000,
      maxBuffer: 16 * 1024 * 1024,
    });

    // Assess
    expect(stdout).toContain(
      'rule                                    compliant  non-compliant  not applicable',
    );
    expect(stdout).toMatch(/codebuild-project-no-internet-egress\s+1\s+1\s+1/);
    expect(stdout).toMatch(
      /PutEvaluations: NON_COMPLIANT \S+: project \S+: subnet-\S+ routes 0\.0\.0\.0\/0 to igw-/,
    );
    expect(stdout).toContain('--- email ---');
    expect(stdout).toContain('CRITICAL violation');
    expect(stdout).toContain('"type": "header"');
    expect(stdout).toContain('ppguard scan exited with 1');
    // The rules the emulator cannot run are named with the reason, not dropped silently.
    expect(stdout).toContain(
      `${RULES.length - 3} of ${RULES.length} rules run on the emulated account; 3 cannot`,
    );
    expect(stdout).toContain('  ecr-public-repository-absent          moto has no ECR Public API\n');
    expect(stdout).toContain(
      '  codecommit-repository-private-access  moto has no CodeCommit ListRepositories\n',
    );
  }, 300_000);
});
