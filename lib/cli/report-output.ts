/**
 * From one scan to the reports asked for: the filters (lib/cli/report-filter.ts), each format's
 * renderer, and where it goes: stdout (one format), or with --output-dir one file per format,
 * named as FILE_NAMES says (README "Formats"); the paths written are then listed on stdout.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AnyRule } from '../engine/rule';
import type { AccountsScanResult } from './accounts';
import type { FailOn, ScanFormat, StatusFilter } from './args';
import { type OutputStream, UsageError } from './io';
import { renderAccountsJson, renderAccountsTable } from './report-accounts';
import { renderAsff } from './report-asff';
import { renderCsv } from './report-csv';
import { defaultStatus, failsOn, filterResult } from './report-filter';
import { renderHtml } from './report-html';
import { renderJson } from './report-json';
import { renderJunit } from './report-junit';
import { renderOcsf } from './report-ocsf';
import { renderSarif } from './report-sarif';
import { renderTable } from './report-table';
import type { ScanResult } from './scan';

export const FILE_NAMES: Record<ScanFormat, string> = {
  table: 'ppguard-scan.txt',
  json: 'ppguard-scan.json',
  sarif: 'ppguard-scan.sarif',
  csv: 'ppguard-scan.csv',
  junit: 'ppguard-scan.junit.xml',
  ocsf: 'ppguard-scan.ocsf.json',
  asff: 'ppguard-scan.asff.json',
  html: 'ppguard-scan.html',
};

export interface ReportRequest {
  formats: readonly ScanFormat[];
  outputDir?: string;
  status?: StatusFilter;
  resources?: readonly string[];
  failOn: FailOn;
  rules: readonly AnyRule[];
}

export interface ReportContext {
  toolVersion: string;
  now: Date;
}

/** The verdicts of the resources --resource names (all of them without it); errors all kept. */
export function scopeOf(result: ScanResult, resources: readonly string[] | undefined): ScanResult {
  return resources === undefined ? result : filterResult(result, { status: 'all', resources });
}

/** One format of a scoped result, with --status (or the format's default) applied. */
export function renderReport(
  format: ScanFormat,
  scoped: ScanResult,
  request: Pick<ReportRequest, 'status' | 'rules'>,
  context: ReportContext,
): string {
  const status = request.status ?? defaultStatus(format);
  // The table counts every verdict and lists the chosen ones; the others contain only those.
  if (format === 'table') return renderTable(scoped, request.rules, status);
  const shown = filterResult(scoped, { status });
  switch (format) {
    case 'json':
      return renderJson(shown);
    case 'sarif':
      return renderSarif(shown, request.rules, context.toolVersion);
    case 'csv':
      return renderCsv(shown);
    case 'junit':
      return renderJunit(shown, request.rules);
    case 'ocsf':
      return renderOcsf(shown, request.rules, context.toolVersion, context.now);
    case 'asff':
      return renderAsff(shown, request.rules, context.now);
    case 'html':
      return renderHtml(shown, request.rules, context.toolVersion, context.now);
  }
}

async function writeAll(
  dir: string,
  documents: readonly { format: ScanFormat; text: string }[],
  stdout: OutputStream,
): Promise<void> {
  const reason = (error: unknown) =>
    String((error as { code?: unknown }).code ?? (error instanceof Error ? error.message : error));
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw new UsageError(`--output-dir ${dir}: cannot create the directory (${reason(error)})`);
  }
  for (const { format, text } of documents) {
    const path = join(dir, FILE_NAMES[format]);
    try {
      await writeFile(path, text, 'utf8');
    } catch (error) {
      throw new UsageError(`--output-dir ${dir}: cannot write ${FILE_NAMES[format]} (${reason(error)})`);
    }
    stdout.write(`${path}\n`);
  }
}

/**
 * Writes the reports of one account's scan and says whether its findings fail the run
 * (--fail-on over the verdicts --resource keeps; --status changes only what is listed).
 */
export async function emitScanReports(
  result: ScanResult,
  request: ReportRequest,
  context: ReportContext,
  stdout: OutputStream,
): Promise<{ fails: boolean }> {
  const scoped = scopeOf(result, request.resources);
  const documents = request.formats.map((format) => ({
    format,
    text: renderReport(format, scoped, request, context),
  }));
  if (request.outputDir === undefined) for (const { text } of documents) stdout.write(text);
  else await writeAll(request.outputDir, documents, stdout);
  return { fails: failsOn(scoped.findings, request.failOn) };
}

/** The same for a scan across accounts (json and table only: lib/cli/args.ts refuses the others). */
export async function emitAccountsReports(
  result: AccountsScanResult,
  request: ReportRequest,
  stdout: OutputStream,
): Promise<{ fails: boolean }> {
  const scoped = result.accounts.map((scanned) => ({
    ...scopeOf(scanned, request.resources),
    account: scanned.account,
  }));
  const documents = request.formats.map((format) => {
    const status = request.status ?? defaultStatus(format);
    if (format === 'table')
      return { format, text: renderAccountsTable({ ...result, accounts: scoped }, request.rules, status) };
    if (format !== 'json') throw new UsageError(`--format ${format} reports one account`);
    const accounts = scoped.map((a) => ({ ...filterResult(a, { status }), account: a.account }));
    return { format, text: renderAccountsJson({ ...result, accounts }) };
  });
  if (request.outputDir === undefined) for (const { text } of documents) stdout.write(text);
  else await writeAll(request.outputDir, documents, stdout);
  return { fails: scoped.some((a) => failsOn(a.findings, request.failOn)) };
}
