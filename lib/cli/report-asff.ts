/**
 * AWS Security Finding Format (ASFF, SchemaVersion 2018-10-08): a JSON array of findings that
 * Security Hub BatchImportFindings accepts (at most 100 per call), under the account's default
 * product ARN, one per evaluation and one per error and rule it blocked. Mapping and limits in
 * docs/report-formats.md: Compliance.Status PASSED, FAILED, NOT_AVAILABLE (NOT_APPLICABLE) or
 * WARNING (could not evaluate); Severity.Label the rule's severity when FAILED, else
 * INFORMATIONAL, as Security Hub's own controls do; Id stable across scans (the SARIF fingerprint).
 * Without an account (no Region could tell it) there is nothing to import under: the array is empty.
 */
import { createHash } from 'node:crypto';
import type { Severity } from '../engine/rule';
import { formatReportError, type ReportError } from './aws-errors';
import { exemptionText } from './report-exemption';
import { fingerprintOf } from './report-sarif';
import type { Finding, ScanResult } from './scan';

export const ASFF_SCHEMA_VERSION = '2018-10-08';
/** The finding type namespace/category/classifier for configuration checks. */
export const ASFF_TYPE = 'Software and Configuration Checks/AWS Security Best Practices';
/** Title, Description and Recommendation.Text limits of BatchImportFindings. */
const MAX_TITLE = 256;
const MAX_DESCRIPTION = 1024;
const MAX_RECOMMENDATION = 512;
/** ASFF ProductFields: a value holds at most 2048 characters. */
const MAX_PRODUCT_FIELD = 2048;

/** ASFF resource types for the CloudFormation types the rules evaluate; the rest are Other. */
const RESOURCE_TYPE: Record<string, string> = {
  'AWS::CodeBuild::Project': 'AwsCodeBuildProject',
  'AWS::ECR::Repository': 'AwsEcrRepository',
  'AWS::EC2::VPC': 'AwsEc2Vpc',
};

function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** The partition of the Region's name: cn-* aws-cn, us-gov-* aws-us-gov, the rest aws. */
export function partitionOfRegion(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

const partitionOf = (arn: string, region: string) =>
  arn.startsWith('arn:') ? arn.split(':')[1] || partitionOfRegion(region) : partitionOfRegion(region);

/** Region, like ProductName, is set by Security Hub on import; only the product ARN names it. */
function common(account: string, region: string, partition: string, time: string) {
  return {
    SchemaVersion: ASFF_SCHEMA_VERSION,
    ProductArn: `arn:${partition}:securityhub:${region}:${account}:product/${account}/default`,
    AwsAccountId: account,
    Types: [ASFF_TYPE],
    CreatedAt: time,
    UpdatedAt: time,
    ProductName: 'ppguard',
    CompanyName: 'ppguard',
    RecordState: 'ACTIVE',
  };
}

function compliance(f: Finding): 'PASSED' | 'FAILED' | 'NOT_AVAILABLE' {
  return f.compliance === 'NON_COMPLIANT'
    ? 'FAILED'
    : f.compliance === 'COMPLIANT'
      ? 'PASSED'
      : 'NOT_AVAILABLE';
}

export function asffFinding(f: Finding, account: string) {
  const partition = partitionOf(f.arn, f.region);
  const status = compliance(f);
  return {
    ...common(account, f.region, partition, f.evaluatedAt),
    Id: `ppguard/${f.rule}/${fingerprintOf(f, account)}`,
    GeneratorId: `ppguard/${f.rule}`,
    Severity: {
      Label: status === 'FAILED' ? f.severity.toUpperCase() : 'INFORMATIONAL',
      Original: f.severity,
    },
    Title: clip(f.title, MAX_TITLE),
    Description: clip(f.annotation === '' ? `${f.compliance}: ${f.title}` : f.annotation, MAX_DESCRIPTION),
    Remediation: { Recommendation: { Text: clip(f.remediation, MAX_RECOMMENDATION) } },
    ProductFields: {
      'ppguard/rule': f.rule,
      'ppguard/compliance': f.compliance,
      ...(f.exempt ? { 'ppguard/exempt': 'true' } : {}),
      ...(f.exemption
        ? {
            'ppguard/exemption/source': f.exemption.source,
            'ppguard/exemption/applied': String(f.exemption.applied),
            'ppguard/exemption': clip(exemptionText(f.exemption), MAX_PRODUCT_FIELD),
          }
        : {}),
    },
    Resources: [
      {
        Type: RESOURCE_TYPE[f.resourceType] ?? 'Other',
        Id: f.arn === '' ? f.resourceId : f.arn,
        Partition: partition,
        Region: f.region,
        Details: { Other: { resourceType: f.resourceType, resourceId: f.resourceId } },
      },
    ],
    Compliance: { Status: status },
    Workflow: { Status: f.exempt ? 'SUPPRESSED' : status === 'FAILED' ? 'NEW' : 'RESOLVED' },
  };
}

/** A rule that could not be evaluated (Compliance WARNING), on the resource or the Region. */
export function asffError(
  error: ReportError,
  rule: { id: string; title: string; severity: Severity } | undefined,
  account: string,
  region: string,
  time: string,
) {
  const id = createHash('sha256')
    .update(['error', account, region, rule?.id ?? '', error.code, error.resourceId ?? ''].join('\n'))
    .digest('hex');
  const generator = `ppguard/${rule?.id ?? 'scan'}`;
  return {
    ...common(account, region, partitionOfRegion(region), time),
    Id: `${generator}/error/${id}`,
    GeneratorId: generator,
    Severity: { Label: 'INFORMATIONAL', Original: 'error' },
    Title: clip(`Could not evaluate${rule === undefined ? '' : `: ${rule.title}`}`, MAX_TITLE),
    Description: clip(formatReportError(error), MAX_DESCRIPTION),
    ProductFields: { 'ppguard/error': error.code },
    Resources: [
      error.resourceId === undefined
        ? {
            Type: 'AwsAccount',
            Id: `AWS::::Account:${account}`,
            Partition: partitionOfRegion(region),
            Region: region,
          }
        : { Type: 'Other', Id: error.resourceId, Partition: partitionOfRegion(region), Region: region },
    ],
    Compliance: { Status: 'WARNING' },
    Workflow: { Status: 'NEW' },
  };
}

export function asffFindings(
  result: ScanResult,
  rules: readonly { id: string; title: string; severity: Severity }[],
  now: Date,
) {
  const { account } = result;
  if (account === null) return [];
  const time = now.toISOString();
  const errors = result.errors.flatMap((error) => {
    const region = error.region ?? result.regions[0];
    if (region === undefined) return [];
    const blocked = (error.rules ?? []).map((id) => rules.find((rule) => rule.id === id));
    return (blocked.length === 0 ? [undefined] : blocked).map((rule) =>
      asffError(error, rule, account, region, time),
    );
  });
  return [...result.findings.map((f) => asffFinding(f, account)), ...errors];
}

export function renderAsff(
  result: ScanResult,
  rules: readonly { id: string; title: string; severity: Severity }[],
  now: Date,
): string {
  return `${JSON.stringify(asffFindings(result, rules, now), null, 2)}\n`;
}
