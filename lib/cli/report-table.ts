/**
 * The scan's human output: one group per rule (registry order) with a line per resource
 * (verdict, resource, annotation), NON_COMPLIANT first, then a summary and what could not be
 * evaluated. Exempt resources are listed as EXEMPT with their reason. Plain text, no colour.
 */
import type { AnyRule, Severity } from '../engine/rule';
import { safeLine, safeText } from '../engine/safe-text';
import type { StatusFilter } from './args';
import { formatReportError } from './aws-errors';
import { exemptionText, suppressionEntryText } from './report-exemption';
import { statusOf } from './report-filter';
import type { Finding, ScanResult } from './scan';

const VERDICT_WIDTH = 'NOT_APPLICABLE'.length;
const MAX_RESOURCE_WIDTH = 48;

function verdictOf(finding: Finding): string {
  return finding.exempt ? 'EXEMPT' : finding.compliance;
}

/** The annotation, with why an exemption did not apply when the annotation does not say it already. */
function annotationOf(finding: Finding): string {
  const { exemption } = finding;
  if (exemption === undefined || exemption.applied || finding.compliance === 'NON_COMPLIANT')
    return finding.annotation;
  const note = `(${exemptionText(exemption)})`;
  return finding.annotation === '' ? note : `${finding.annotation} ${note}`;
}

function resourceOf(finding: Finding, multiRegion: boolean): string {
  const name =
    finding.resourceId === finding.resourceName || finding.resourceName === ''
      ? finding.resourceId
      : `${finding.resourceName} (${finding.resourceId})`;
  // Names come from the account: no terminal escapes, controls or bidirectional overrides.
  return safeLine(multiRegion ? `${finding.region} ${name}` : name);
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

export function summaryOf(result: ScanResult): string {
  const count = (predicate: (f: Finding) => boolean) => result.findings.filter(predicate).length;
  const nonCompliant = count((f) => f.compliance === 'NON_COMPLIANT');
  const compliant = count((f) => f.compliance === 'COMPLIANT');
  const notApplicable = count((f) => f.compliance === 'NOT_APPLICABLE');
  const exempt = count((f) => f.exempt === true);
  const errors = result.errors.length;
  return (
    `${nonCompliant} NON_COMPLIANT, ${compliant} COMPLIANT, ${notApplicable} NOT_APPLICABLE` +
    `${exempt > 0 ? ` (${exempt} exempt)` : ''}; ${plural(errors, 'error')}`
  );
}

const SEVERITY_ORDER: readonly Severity[] = ['critical', 'high', 'medium', 'low'];

/** NON_COMPLIANT counts by severity and by rule (exempt resources are not NON_COMPLIANT). */
export function countsOf(result: ScanResult, rules: readonly AnyRule[]): string[] {
  const failing = result.findings.filter((f) => f.compliance === 'NON_COMPLIANT');
  const bySeverity = SEVERITY_ORDER.map(
    (severity) => `${severity} ${failing.filter((f) => f.severity === severity).length}`,
  );
  const byRule = rules.map((rule) => `${rule.id} ${failing.filter((f) => f.rule === rule.id).length}`);
  return [
    `NON_COMPLIANT by severity: ${bySeverity.join(', ')}`,
    `NON_COMPLIANT by rule: ${byRule.join(', ')}`,
  ];
}

function notListed(hidden: readonly Finding[]): string {
  const count = (compliance: Finding['compliance']) =>
    hidden.filter((f) => f.compliance === compliance && !f.exempt).length;
  const parts = (['NON_COMPLIANT', 'COMPLIANT', 'NOT_APPLICABLE'] as const)
    .map((compliance) => [count(compliance), compliance] as const)
    .filter(([n]) => n > 0)
    .map(([n, compliance]) => `${n} ${compliance}`);
  const exempt = hidden.filter((f) => f.exempt).length;
  if (exempt > 0) parts.push(`${exempt} EXEMPT`);
  return `  (${parts.join(', ')} not listed: --status all lists them)`;
}

/**
 * The table of `result`, listing the verdicts `status` selects (fail: NON_COMPLIANT and exempt);
 * the counts and summary cover every verdict of the result.
 */
export function renderTable(
  result: ScanResult,
  rules: readonly AnyRule[],
  status: StatusFilter = 'all',
): string {
  const multiRegion = result.regions.length > 1;
  const listed = (f: Finding) => status === 'all' || statusOf(f) === status;
  const width = Math.min(
    MAX_RESOURCE_WIDTH,
    Math.max(8, ...result.findings.filter(listed).map((f) => resourceOf(f, multiRegion).length)),
  );
  const lines: string[] = [
    `ppguard scan of account ${result.account ?? '(unknown)'} in ${result.regions.join(', ')}: ${plural(rules.length, 'rule')}`,
    '',
  ];
  for (const rule of rules) {
    lines.push(`${rule.id} [${rule.severity}] ${rule.title}`);
    const findings = result.findings.filter((f) => f.rule === rule.id);
    for (const finding of findings.filter(listed)) {
      const resource = resourceOf(finding, multiRegion);
      const line = `  ${verdictOf(finding).padEnd(VERDICT_WIDTH)}  ${resource.padEnd(width)}  ${safeLine(annotationOf(finding))}`;
      lines.push(line.trimEnd());
    }
    if (findings.length === 0) {
      const failed = result.errors.some((e) => e.rules?.includes(rule.id));
      lines.push(
        failed
          ? '  (not evaluated: see the errors below)'
          : `  (no ${rule.resourceTypes.join(' or ')} resources found)`,
      );
    }
    const hidden = findings.filter((f) => !listed(f));
    if (hidden.length > 0) lines.push(notListed(hidden));
    lines.push('');
  }
  lines.push(`Result: ${summaryOf(result)}`, ...countsOf(result, rules));
  if (result.suppressions) {
    lines.push('', `Suppression file ${result.suppressions.file}:`);
    for (const use of result.suppressions.entries) lines.push(`  ${suppressionEntryText(use)}`);
  }
  if (result.errors.length > 0) {
    lines.push('', 'Could not evaluate:');
    for (const error of result.errors) lines.push(`  ${formatReportError(error)}`);
  }
  // Error texts may quote names too; every line is made safe for a terminal.
  return `${lines.map(safeText).join('\n')}\n`;
}
