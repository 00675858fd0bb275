/**
 * What a report lists (--status, --resource) and when findings fail the run (--fail-on). The
 * rules themselves are narrowed before the scan (--rules, --exclude-rules, --severity: see
 * lib/cli/args.ts). Errors are never filtered: what could not be evaluated is always reported.
 */
import type { Severity } from '../engine/rule';
import { starMatch } from '../policy/wildcard';
import type { FailOn, ScanFormat, StatusFilter } from './args';
import type { Finding, ScanResult } from './scan';

/** The table lists what needs attention; machine formats keep every verdict unless asked. */
export function defaultStatus(format: ScanFormat): StatusFilter {
  return format === 'table' ? 'fail' : 'all';
}

/** fail: NON_COMPLIANT and exempt (an exemption is a failure someone accepted); pass: the rest. */
export function statusOf(finding: Finding): 'fail' | 'pass' {
  return finding.compliance === 'NON_COMPLIANT' || finding.exempt === true ? 'fail' : 'pass';
}

/**
 * Whether the finding's resource id, name or ARN matches one of the patterns (`*`: any run of
 * characters, matched linearly by starMatch; no RegExp is built from the command line).
 */
export function matchesResource(finding: Finding, patterns: readonly string[]): boolean {
  const names = [finding.resourceId, finding.resourceName, finding.arn].filter((name) => name !== '');
  return patterns.some((pattern) => names.some((name) => starMatch(pattern, name)));
}

export interface FindingFilter {
  status: StatusFilter;
  resources?: readonly string[];
}

/** The result with only the listed findings; account, Regions and errors unchanged. */
export function filterResult(result: ScanResult, filter: FindingFilter): ScanResult {
  const { resources } = filter;
  return {
    ...result,
    findings: result.findings.filter(
      (f) =>
        (filter.status === 'all' || statusOf(f) === filter.status) &&
        (resources === undefined || matchesResource(f, resources)),
    ),
  };
}

const RANK: Record<Severity, number> = { critical: 3, high: 2, medium: 1, low: 0 };

/**
 * Whether the findings fail the run: a NON_COMPLIANT verdict of a rule at or above the threshold
 * (non-compliant: any severity). Exempt resources are NOT_APPLICABLE and never fail it.
 */
export function failsOn(findings: readonly Finding[], failOn: FailOn): boolean {
  if (failOn === 'never') return false;
  const threshold = failOn === 'non-compliant' ? RANK.low : RANK[failOn];
  return findings.some((f) => f.compliance === 'NON_COMPLIANT' && RANK[f.severity] >= threshold);
}
