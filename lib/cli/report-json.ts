/**
 * The scan's JSON output, a versioned contract (README "CLI"): consumers may rely on every field
 * below; a breaking change bumps `version`. Keys are written in this order, two-space indented.
 */
import type { ReportError } from './aws-errors';
import { exemptionJson, type JsonExemption, suppressionsJson } from './report-exemption';
import type { ScanResult } from './scan';

export const JSON_REPORT_VERSION = 1;

export interface JsonEvaluation {
  rule: string;
  resourceType: string;
  /** For CodeBuild the project name: outside AWS Config there is no Config resource id. */
  resourceId: string;
  resourceName: string;
  region: string;
  compliance: 'COMPLIANT' | 'NON_COMPLIANT' | 'NOT_APPLICABLE';
  /** Why; empty when the rule gave no explanation. */
  annotation: string;
  /** Present (true) when an exemption (tag or suppression file entry) made the resource NOT_APPLICABLE. */
  exempt?: true;
  /** An exemption found for the resource, applied or not, and why not (README "Exemptions"). */
  exemption?: JsonExemption;
  /** The rule's severity, title and fix, as `ppguard rules` lists them. */
  severity: 'critical' | 'high' | 'medium' | 'low';
  title: string;
  remediation: string;
  /** The resource's ARN; absent when the Describe API did not give one. */
  arn?: string;
  /** When the Region's evaluation started (ISO 8601, UTC). */
  evaluatedAt: string;
}

export interface JsonReport {
  version: typeof JSON_REPORT_VERSION;
  /** null when the account could not be determined (see errors). */
  account: string | null;
  regions: string[];
  evaluations: JsonEvaluation[];
  errors: ReportError[];
  /** With --suppressions: each entry's state (used, unused, expired, beyond-max-lifetime). */
  suppressions?: ReturnType<typeof suppressionsJson>;
}

function error(e: ReportError): ReportError {
  // A fixed key order, whatever order the error was built in.
  return {
    ...(e.region === undefined ? {} : { region: e.region }),
    ...(e.service === undefined ? {} : { service: e.service }),
    ...(e.operation === undefined ? {} : { operation: e.operation }),
    ...(e.permission === undefined ? {} : { permission: e.permission }),
    code: e.code,
    message: e.message,
    ...(e.resourceId === undefined ? {} : { resourceId: e.resourceId }),
    ...(e.rules === undefined ? {} : { rules: e.rules }),
  };
}

export function jsonReport(result: ScanResult): JsonReport {
  return {
    version: JSON_REPORT_VERSION,
    account: result.account,
    regions: result.regions,
    evaluations: result.findings.map((f) => ({
      rule: f.rule,
      resourceType: f.resourceType,
      resourceId: f.resourceId,
      resourceName: f.resourceName,
      region: f.region,
      compliance: f.compliance,
      annotation: f.annotation,
      ...(f.exempt ? { exempt: true as const } : {}),
      ...(f.exemption ? { exemption: exemptionJson(f.exemption) } : {}),
      severity: f.severity,
      title: f.title,
      remediation: f.remediation,
      ...(f.arn === '' ? {} : { arn: f.arn }),
      evaluatedAt: f.evaluatedAt,
    })),
    errors: result.errors.map(error),
    ...(result.suppressions ? { suppressions: suppressionsJson(result.suppressions) } : {}),
  };
}

export function renderJson(result: ScanResult): string {
  return `${JSON.stringify(jsonReport(result), null, 2)}\n`;
}
