/**
 * CSV output (RFC 4180): a header, one row per evaluation, then one row per error (compliance
 * `ERROR`), CRLF line ends, a field quoted when it holds a comma, quote or line break. Text from
 * the account goes through safeLine (no controls), and a cell that a spreadsheet would run as a
 * formula (starting with = + - @, or a tab or carriage return) is prefixed with `'`.
 */
import { safeLine } from '../engine/safe-text';
import { formatReportError } from './aws-errors';
import type { ScanResult } from './scan';

export const CSV_COLUMNS = [
  'account',
  'region',
  'rule',
  'severity',
  'title',
  'resourceType',
  'resourceId',
  'resourceName',
  'arn',
  'compliance',
  'exempt',
  'annotation',
  'remediation',
  'evaluatedAt',
  // Added with the suppression file: why an exemption did or did not apply.
  'exemptionSource',
  'exemptionApplied',
  'exemptionWhy',
  'exemptionReason',
  'exemptionOwner',
  'exemptionUntil',
] as const;

type Row = Record<(typeof CSV_COLUMNS)[number], string>;

/** One CSV field: formula guard, then RFC 4180 quoting. */
export function csvField(value: string): string {
  const text = safeLine(value);
  const guarded = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(guarded) ? `"${guarded.replaceAll('"', '""')}"` : guarded;
}

function line(row: Row): string {
  return CSV_COLUMNS.map((column) => csvField(row[column])).join(',');
}

export function renderCsv(result: ScanResult): string {
  const account = result.account ?? '';
  const rows: Row[] = result.findings.map((f) => ({
    account,
    region: f.region,
    rule: f.rule,
    severity: f.severity,
    title: f.title,
    resourceType: f.resourceType,
    resourceId: f.resourceId,
    resourceName: f.resourceName,
    arn: f.arn,
    compliance: f.compliance,
    exempt: f.exempt ? 'true' : 'false',
    annotation: f.annotation,
    remediation: f.remediation,
    evaluatedAt: f.evaluatedAt,
    exemptionSource: f.exemption?.source ?? '',
    exemptionApplied: f.exemption === undefined ? '' : String(f.exemption.applied),
    exemptionWhy: f.exemption?.why ?? '',
    exemptionReason: f.exemption?.reason ?? '',
    exemptionOwner: f.exemption?.owner ?? '',
    exemptionUntil: f.exemption?.until ?? '',
  }));
  for (const error of result.errors) {
    rows.push({
      account,
      region: error.region ?? '',
      rule: (error.rules ?? []).join(' '),
      severity: '',
      title: '',
      resourceType: '',
      resourceId: error.resourceId ?? '',
      resourceName: '',
      arn: '',
      compliance: 'ERROR',
      exempt: 'false',
      annotation: formatReportError(error),
      remediation: '',
      evaluatedAt: '',
      exemptionSource: '',
      exemptionApplied: '',
      exemptionWhy: '',
      exemptionReason: '',
      exemptionOwner: '',
      exemptionUntil: '',
    });
  }
  return `${[CSV_COLUMNS.join(','), ...rows.map(line)].join('\r\n')}\r\n`;
}
