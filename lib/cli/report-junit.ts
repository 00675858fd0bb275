/**
 * JUnit XML output for CI test reports: one <testsuite> per chosen rule, one <testcase> per
 * evaluation (NON_COMPLIANT a <failure>, NOT_APPLICABLE and exempt <skipped>, COMPLIANT passes)
 * and one <testcase> with an <error> per error and rule it blocked (an error that names no rule
 * goes to a suite of its own). Text from the account goes through safeLine and is escaped for
 * XML attributes and content; characters XML 1.0 forbids are removed.
 */
import type { AnyRule } from '../engine/rule';
import { safeLine } from '../engine/safe-text';
import { formatReportError, type ReportError } from './aws-errors';
import { exemptionText } from './report-exemption';
import type { Finding, ScanResult } from './scan';

/** Escaped for XML content and attribute values; U+FFFE and U+FFFF (not XML characters) removed. */
export function xmlText(value: string): string {
  return safeLine(value)
    .replace(/[\uFFFE\uFFFF]/g, '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

const attributes = (values: Record<string, string | number>) =>
  Object.entries(values)
    .map(([name, value]) => ` ${name}="${xmlText(String(value))}"`)
    .join('');

function caseName(f: Finding, multiRegion: boolean): string {
  const name =
    f.resourceName === '' || f.resourceName === f.resourceId
      ? f.resourceId
      : `${f.resourceName} (${f.resourceId})`;
  return multiRegion ? `${f.region} ${name}` : name;
}

function findingCase(f: Finding, multiRegion: boolean): string {
  const open = `    <testcase${attributes({ classname: `ppguard.${f.rule}`, name: caseName(f, multiRegion) })}`;
  if (f.compliance === 'NON_COMPLIANT')
    return `${open}>\n      <failure${attributes({ type: 'NON_COMPLIANT', message: f.annotation })}>${xmlText(
      `${f.annotation} Fix: ${f.remediation}`,
    )}</failure>\n    </testcase>`;
  // Why an exemption did not apply (a NON_COMPLIANT annotation already says it).
  const note =
    f.exemption && !f.exemption.applied
      ? `\n      <system-out>${xmlText(exemptionText(f.exemption))}</system-out>`
      : '';
  if (f.compliance === 'NOT_APPLICABLE')
    return `${open}>\n      <skipped${attributes({ message: f.exempt ? f.annotation : `NOT_APPLICABLE${f.annotation === '' ? '' : `: ${f.annotation}`}` })}/>${note}\n    </testcase>`;
  return note === '' ? `${open}/>` : `${open}>${note}\n    </testcase>`;
}

function errorCase(error: ReportError, suite: string): string {
  const name = `could not evaluate${error.resourceId === undefined ? '' : ` ${error.resourceId}`}${error.region === undefined ? '' : ` in ${error.region}`}`;
  return `    <testcase${attributes({ classname: `ppguard.${suite}`, name })}>\n      <error${attributes({ type: error.code, message: error.message })}>${xmlText(formatReportError(error))}</error>\n    </testcase>`;
}

interface Suite {
  name: string;
  cases: string[];
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

export function renderJunit(result: ScanResult, rules: readonly AnyRule[]): string {
  const multiRegion = result.regions.length > 1;
  const suites: Suite[] = rules.map((rule) => {
    const findings = result.findings.filter((f) => f.rule === rule.id);
    const errors = result.errors.filter((e) => e.rules?.includes(rule.id));
    return {
      name: rule.id,
      cases: [
        ...findings.map((f) => findingCase(f, multiRegion)),
        ...errors.map((e) => errorCase(e, rule.id)),
      ],
      tests: findings.length + errors.length,
      failures: findings.filter((f) => f.compliance === 'NON_COMPLIANT').length,
      errors: errors.length,
      skipped: findings.filter((f) => f.compliance === 'NOT_APPLICABLE').length,
    };
  });
  const unattached = result.errors.filter(
    (e) => e.rules === undefined || !e.rules.some((id) => rules.some((rule) => rule.id === id)),
  );
  if (unattached.length > 0)
    suites.push({
      name: 'ppguard',
      cases: unattached.map((e) => errorCase(e, 'ppguard')),
      tests: unattached.length,
      failures: 0,
      errors: unattached.length,
      skipped: 0,
    });
  const total = (key: 'tests' | 'failures' | 'errors' | 'skipped') =>
    suites.reduce((sum, suite) => sum + suite[key], 0);
  const name = `ppguard scan of ${result.account ?? '(unknown account)'} in ${result.regions.join(', ')}`;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attributes({ name, tests: total('tests'), failures: total('failures'), errors: total('errors'), skipped: total('skipped') })}>`,
    ...suites.map((suite) =>
      [
        `  <testsuite${attributes({ name: suite.name, tests: suite.tests, failures: suite.failures, errors: suite.errors, skipped: suite.skipped })}${suite.cases.length === 0 ? '/>' : '>'}`,
        ...(suite.cases.length === 0 ? [] : [...suite.cases, '  </testsuite>']),
      ].join('\n'),
    ),
    '</testsuites>',
  ];
  return `${lines.join('\n')}\n`;
}
