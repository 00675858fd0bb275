/**
 * OCSF output: a JSON array of Compliance Finding events (class_uid 2003, OCSF 1.3.0), one per
 * evaluation and one per error and rule it blocked, the shape Prowler writes and Security Hub's
 * OCSF-based API reads. Mapping (docs/report-formats.md): compliance.status_id Pass (COMPLIANT),
 * Fail (NON_COMPLIANT), Other "Not Applicable" (NOT_APPLICABLE), Warning (could not evaluate:
 * "did not yield a result due to missing information"); severity_id from the rule's severity;
 * finding_info.uid the SARIF fingerprint (stable across scans).
 */
import { createHash } from 'node:crypto';
import type { Severity } from '../engine/rule';
import { formatReportError, type ReportError } from './aws-errors';
import { partitionOfRegion } from './report-asff';
import { exemptionJson, exemptionText } from './report-exemption';
import { fingerprintOf } from './report-sarif';
import type { Finding, ScanResult } from './scan';

export const OCSF_VERSION = '1.3.0';
export const OCSF_COMPLIANCE_FINDING = 2003;
const CREATE = 1;

const SEVERITY_ID: Record<Severity, number> = { low: 2, medium: 3, high: 4, critical: 5 };
const SEVERITY_NAME: Record<Severity, string> = {
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  critical: 'Critical',
};

/** compliance.status_id and status; finding status_id: New, Suppressed (exempt) or Resolved. */
function statusOf(f: Finding) {
  if (f.compliance === 'NON_COMPLIANT') return { id: 3, name: 'Fail', finding: 1, findingName: 'New' };
  if (f.exempt) return { id: 99, name: 'Not Applicable', finding: 3, findingName: 'Suppressed' };
  if (f.compliance === 'COMPLIANT') return { id: 1, name: 'Pass', finding: 4, findingName: 'Resolved' };
  return { id: 99, name: 'Not Applicable', finding: 4, findingName: 'Resolved' };
}

function base(toolVersion: string, time: number) {
  return {
    activity_id: CREATE,
    activity_name: 'Create',
    category_uid: 2,
    category_name: 'Findings',
    class_uid: OCSF_COMPLIANCE_FINDING,
    class_name: 'Compliance Finding',
    type_uid: OCSF_COMPLIANCE_FINDING * 100 + CREATE,
    type_name: 'Compliance Finding: Create',
    time,
    metadata: {
      version: OCSF_VERSION,
      profiles: ['cloud'],
      product: { name: 'ppguard', vendor_name: 'ppguard', version: toolVersion },
    },
  };
}

function cloud(account: string | null, region: string | undefined) {
  return {
    provider: 'AWS',
    ...(region === undefined ? {} : { region }),
    ...(account === null ? {} : { account: { uid: account, type_id: 10, type: 'AWS Account' } }),
  };
}

export function ocsfFinding(f: Finding, account: string | null, toolVersion: string) {
  const status = statusOf(f);
  const time = Date.parse(f.evaluatedAt);
  return {
    ...base(toolVersion, time),
    message: f.annotation === '' ? `${f.compliance}: ${f.title}` : f.annotation,
    severity_id: SEVERITY_ID[f.severity],
    severity: SEVERITY_NAME[f.severity],
    status_id: status.finding,
    status: status.findingName,
    finding_info: {
      uid: fingerprintOf(f, account),
      title: f.title,
      ...(f.annotation === '' ? {} : { desc: f.annotation }),
      created_time: time,
      types: [f.rule],
    },
    compliance: {
      standards: ['ppguard'],
      control: f.rule,
      status_id: status.id,
      status: status.name,
      ...(f.annotation === '' ? {} : { status_detail: f.annotation }),
    },
    remediation: { desc: f.remediation },
    resources: [
      {
        uid: f.arn === '' ? f.resourceId : f.arn,
        name: f.resourceName === '' ? f.resourceId : f.resourceName,
        type: f.resourceType,
        region: f.region,
        cloud_partition: (f.arn.startsWith('arn:') && f.arn.split(':')[1]) || partitionOfRegion(f.region),
      },
    ],
    cloud: cloud(account, f.region),
    // OCSF has no exemption object: ppguard's own fields go where the schema keeps unmapped data.
    ...(f.exemption
      ? { unmapped: { exemption: { ...exemptionJson(f.exemption), text: exemptionText(f.exemption) } } }
      : {}),
  };
}

/** A rule that could not be evaluated: compliance Warning, severity from the rule when known. */
export function ocsfError(
  error: ReportError,
  rule: { id: string; title: string; severity: Severity } | undefined,
  account: string | null,
  toolVersion: string,
  time: number,
) {
  const text = formatReportError(error);
  const uid = createHash('sha256')
    .update(
      ['error', account ?? '', error.region ?? '', rule?.id ?? '', error.code, error.resourceId ?? ''].join(
        '\n',
      ),
    )
    .digest('hex');
  return {
    ...base(toolVersion, time),
    message: text,
    severity_id: rule === undefined ? 0 : SEVERITY_ID[rule.severity],
    severity: rule === undefined ? 'Unknown' : SEVERITY_NAME[rule.severity],
    status_id: 1,
    status: 'New',
    finding_info: {
      uid,
      title: `Could not evaluate${rule === undefined ? '' : `: ${rule.title}`}`,
      desc: text,
      created_time: time,
      types: ['could-not-evaluate'],
    },
    compliance: {
      standards: ['ppguard'],
      ...(rule === undefined ? {} : { control: rule.id }),
      status_id: 2,
      status: 'Warning',
      status_code: error.code,
      status_detail: error.message,
    },
    ...(error.resourceId === undefined
      ? {}
      : { resources: [{ uid: error.resourceId, ...(error.region ? { region: error.region } : {}) }] }),
    cloud: cloud(account, error.region),
  };
}

export function ocsfFindings(
  result: ScanResult,
  rules: readonly { id: string; title: string; severity: Severity }[],
  toolVersion: string,
  now: Date,
) {
  const errors = result.errors.flatMap((error) => {
    const blocked = (error.rules ?? []).map((id) => rules.find((rule) => rule.id === id));
    return (blocked.length === 0 ? [undefined] : blocked).map((rule) =>
      ocsfError(error, rule, result.account, toolVersion, now.getTime()),
    );
  });
  return [...result.findings.map((f) => ocsfFinding(f, result.account, toolVersion)), ...errors];
}

export function renderOcsf(
  result: ScanResult,
  rules: readonly { id: string; title: string; severity: Severity }[],
  toolVersion: string,
  now: Date,
): string {
  return `${JSON.stringify(ocsfFindings(result, rules, toolVersion, now), null, 2)}\n`;
}
