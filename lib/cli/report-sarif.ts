/**
 * SARIF 2.1.0 output for code-scanning dashboards: the chosen rules from the registry (with their
 * rationale and remediation as help), one result per NON_COMPLIANT evaluation, and what could
 * not be evaluated as tool execution notifications. A cloud resource has no file: its location
 * is its ARN (artifact URI and logical location). Fingerprints hash rule, account, Region, type
 * and resource id, so a finding keeps its identity across scans while its wording changes.
 */
import { createHash } from 'node:crypto';
import type { AnyRule, Severity } from '../engine/rule';
import { formatReportError } from './aws-errors';
import { exemptionJson, suppressionEntryText, suppressionsJson } from './report-exemption';
import type { Finding, ScanResult } from './scan';

export const SARIF_SCHEMA =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
export const FINGERPRINT_KEY = 'ppguardResource/v1';

type SarifLevel = 'error' | 'warning' | 'note';

const LEVEL: Record<Severity, SarifLevel> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
};
/** GitHub code scanning maps security-severity to critical (>= 9), high (7-8.9), medium (4-6.9), low. */
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
};

/** codebuild-project-in-vpc -> CodebuildProjectInVpc */
const pascal = (id: string) =>
  id
    .split('-')
    .map((part) => (part === '' ? '' : `${part[0]?.toUpperCase() ?? ''}${part.slice(1)}`))
    .join('');

export function fingerprintOf(finding: Finding, account: string | null): string {
  return createHash('sha256')
    .update(
      [finding.rule, account ?? '', finding.region, finding.resourceType, finding.resourceId].join('\n'),
    )
    .digest('hex');
}

function locationUri(finding: Finding, account: string | null): string {
  if (finding.arn !== '') return finding.arn;
  const path = [account ?? 'unknown', finding.region, finding.resourceType, finding.resourceId].map(
    encodeURIComponent,
  );
  return `ppguard:${path.join('/')}`;
}

function sarifRule(rule: AnyRule) {
  const parameters = Object.keys(rule.parameters);
  return {
    id: rule.id,
    name: pascal(rule.id),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.rationale },
    help: {
      text: `${rule.rationale}\n\nFix: ${rule.remediation}`,
      markdown: `${rule.rationale}\n\n**Fix:** ${rule.remediation}${
        parameters.length > 0 ? `\n\nParameters: ${parameters.map((p) => `\`${p}\``).join(', ')}` : ''
      }`,
    },
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: {
      tags: ['security', 'aws', ...rule.resourceTypes],
      precision: 'very-high',
      'security-severity': SECURITY_SEVERITY[rule.severity],
      severity: rule.severity,
    },
  };
}

export function sarifLog(result: ScanResult, rules: readonly AnyRule[], toolVersion: string) {
  const index = new Map(rules.map((rule, i) => [rule.id, i]));
  // Exempt resources are results too, suppressed with the exemption as justification, so a code
  // scanning view shows what was accepted and by whom instead of hiding it.
  const results = result.findings
    .filter((f) => f.compliance === 'NON_COMPLIANT' || f.exempt === true)
    .map((f) => {
      const rule = rules[index.get(f.rule) ?? -1];
      const uri = locationUri(f, result.account);
      return {
        ruleId: f.rule,
        ruleIndex: index.get(f.rule) ?? -1,
        kind: 'fail',
        level: rule ? LEVEL[rule.severity] : 'error',
        message: { text: `${f.resourceName}: ${f.annotation}` },
        locations: [
          {
            physicalLocation: { artifactLocation: { uri } },
            logicalLocations: [{ name: f.resourceName, fullyQualifiedName: uri, kind: 'resource' }],
          },
        ],
        partialFingerprints: { [FINGERPRINT_KEY]: fingerprintOf(f, result.account) },
        ...(f.exempt
          ? { suppressions: [{ kind: 'external', status: 'accepted', justification: f.annotation }] }
          : {}),
        properties: {
          account: result.account,
          region: f.region,
          resourceType: f.resourceType,
          resourceId: f.resourceId,
          ...(f.exemption ? { exemption: exemptionJson(f.exemption) } : {}),
        },
      };
    });
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'ppguard',
            version: toolVersion,
            semanticVersion: toolVersion,
            rules: rules.map(sarifRule),
          },
        },
        automationDetails: { id: `ppguard/scan/${result.account ?? 'unknown'}/${result.regions.join(',')}/` },
        invocations: [
          {
            executionSuccessful: result.errors.length === 0,
            toolExecutionNotifications: [
              ...result.errors.map((e) => ({
                level: 'error',
                message: { text: formatReportError(e) },
              })),
              // Suppression file entries that need attention: expired, unused, beyond the lifetime.
              ...(result.suppressions?.entries ?? [])
                .filter((use) => use.state !== 'used')
                .map((use) => ({
                  level: 'warning',
                  message: {
                    text: `suppressions ${result.suppressions?.file}: ${suppressionEntryText(use)}`,
                  },
                })),
            ],
          },
        ],
        results,
        properties: {
          account: result.account,
          regions: result.regions,
          ...(result.suppressions ? { suppressions: suppressionsJson(result.suppressions) } : {}),
        },
      },
    ],
  };
}

export function renderSarif(result: ScanResult, rules: readonly AnyRule[], toolVersion: string): string {
  return `${JSON.stringify(sarifLog(result, rules, toolVersion), null, 2)}\n`;
}
