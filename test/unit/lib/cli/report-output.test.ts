import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../../lib/cli/io';
import {
  emitAccountsReports,
  emitScanReports,
  FILE_NAMES,
  type ReportRequest,
} from '../../../../lib/cli/report-output';
import { RESULT, TEST_RULES } from './fixtures';

const CONTEXT = { toolVersion: '1.2.3', now: new Date('2026-12-04T10:00:05.000Z') };

function stdout() {
  const chunks: string[] = [];
  return { write: (text: string) => void chunks.push(text), text: () => chunks.join('') };
}

const request = (overrides: Partial<ReportRequest>): ReportRequest => ({
  formats: ['json'],
  failOn: 'non-compliant',
  rules: TEST_RULES,
  ...overrides,
});

describe('report output', () => {
  it('writes one format to stdout, with the format default status (json: every verdict)', async () => {
    // Prepare
    const out = stdout();

    // Act
    const { fails } = await emitScanReports(RESULT, request({}), CONTEXT, out);

    // Assess
    expect(fails).toBe(true);
    expect(JSON.parse(out.text()).evaluations).toHaveLength(4);
  });

  it('--status applies to machine formats when given', async () => {
    // Prepare
    const out = stdout();

    // Act
    await emitScanReports(RESULT, request({ status: 'fail' }), CONTEXT, out);

    // Assess
    expect(JSON.parse(out.text()).evaluations.map((e: { resourceId: string }) => e.resourceId)).toEqual([
      'leaky',
      'legacy',
      'builder',
    ]);
  });

  it('--output-dir writes every format from the one result, each to its documented file, and lists them', async () => {
    // Prepare
    const dir = join(await mkdtemp(join(tmpdir(), 'ppguard-out-')), 'nested');
    const out = stdout();
    const formats = ['table', 'json', 'sarif', 'csv', 'junit', 'ocsf', 'asff', 'html'] as const;

    // Act
    await emitScanReports(RESULT, request({ formats: [...formats], outputDir: dir }), CONTEXT, out);

    // Assess
    expect((await readdir(dir)).sort()).toEqual(Object.values(FILE_NAMES).sort());
    expect(out.text()).toBe(formats.map((f) => `${join(dir, FILE_NAMES[f])}\n`).join(''));
    expect(await readFile(join(dir, 'ppguard-scan.txt'), 'utf8')).toContain('(1 COMPLIANT not listed');
    expect(JSON.parse(await readFile(join(dir, 'ppguard-scan.json'), 'utf8')).evaluations).toHaveLength(4);
    expect(await readFile(join(dir, 'ppguard-scan.junit.xml'), 'utf8')).toMatch(/^<\?xml /);
    expect(await readFile(join(dir, 'ppguard-scan.csv'), 'utf8')).toMatch(/^account,region,rule,/);
    expect(await readFile(join(dir, 'ppguard-scan.html'), 'utf8')).toMatch(/^<!DOCTYPE html>\n/);
  });

  it('fails on what --resource keeps, not on what --status hides', async () => {
    // Act
    const onlyCompliant = await emitScanReports(
      RESULT,
      request({ resources: ['app-build'] }),
      CONTEXT,
      stdout(),
    );
    const hiddenFailure = await emitScanReports(RESULT, request({ status: 'pass' }), CONTEXT, stdout());
    const belowThreshold = await emitScanReports(
      RESULT,
      request({ resources: ['builder'], failOn: 'high' }),
      CONTEXT,
      stdout(),
    );

    // Assess
    expect(onlyCompliant.fails).toBe(false);
    expect(hiddenFailure.fails).toBe(true);
    expect(belowThreshold.fails).toBe(false);
  });

  it('a directory that cannot be written is a usage error naming it', async () => {
    // Prepare: a file where the directory should be.
    const file = join(await mkdtemp(join(tmpdir(), 'ppguard-out-')), 'taken');
    await writeFile(file, 'x');

    // Act
    const attempt = emitScanReports(RESULT, request({ outputDir: file }), CONTEXT, stdout());

    // Assess
    await expect(attempt).rejects.toThrow(UsageError);
    await expect(attempt).rejects.toThrow(`--output-dir ${file}: cannot create the directory (EEXIST)`);
  });
});

describe('report output across accounts', () => {
  const accounts = {
    accounts: [
      { ...RESULT, account: '111111111111' },
      {
        ...RESULT,
        account: '222222222222',
        findings: RESULT.findings.filter((f) => f.compliance !== 'NON_COMPLIANT'),
        errors: [],
      },
    ],
    errors: [],
  };

  it('applies --status and --resource per account and fails on what --resource keeps in any account', async () => {
    // Prepare
    const out = stdout();

    // Act
    const { fails } = await emitAccountsReports(
      accounts,
      request({ status: 'fail', resources: ['l*'] }),
      out,
    );

    // Assess
    expect(fails).toBe(true);
    const json = JSON.parse(out.text());
    expect(
      json.accounts.map((a: { account: string; evaluations: { resourceId: string }[] }) => [
        a.account,
        a.evaluations.map((e) => e.resourceId),
      ]),
    ).toEqual([
      ['111111111111', ['leaky', 'legacy']],
      ['222222222222', ['legacy']],
    ]);
  });

  it('the table lists each account with the status default (failures) and the counts', async () => {
    // Prepare
    const out = stdout();

    // Act
    const { fails } = await emitAccountsReports(
      accounts,
      request({ formats: ['table'], failOn: 'critical' }),
      out,
    );

    // Assess
    expect(fails).toBe(false);
    expect(out.text()).toContain('Account 222222222222\n');
    expect(out.text()).toContain('  (1 COMPLIANT not listed: --status all lists them)');
  });
});
