import { describe, expect, it } from 'vitest';
import { asffFindings } from '../../../../lib/cli/report-asff';
import { ocsfFindings } from '../../../../lib/cli/report-ocsf';
import { fingerprintOf } from '../../../../lib/cli/report-sarif';
import type { ScanResult } from '../../../../lib/cli/scan';
import { RESULT, TEST_RULES } from './fixtures';

const NOW = new Date('2026-12-04T10:00:05.000Z');
const EVALUATED = Date.parse('2026-12-04T10:00:00.000Z');

function first() {
  const [f] = RESULT.findings;
  if (!f) throw new Error('no finding');
  return f;
}

describe('OCSF output', () => {
  it('maps an evaluation to a Compliance Finding: class, status, severity, resource, stable uid', () => {
    // Act
    const [leaky, compliant, exempt, , error] = ocsfFindings(RESULT, TEST_RULES, '1.2.3', NOW);

    // Assess
    expect(leaky).toEqual({
      activity_id: 1,
      activity_name: 'Create',
      category_uid: 2,
      category_name: 'Findings',
      class_uid: 2003,
      class_name: 'Compliance Finding',
      type_uid: 200301,
      type_name: 'Compliance Finding: Create',
      time: EVALUATED,
      metadata: {
        version: '1.3.0',
        profiles: ['cloud'],
        product: { name: 'ppguard', vendor_name: 'ppguard', version: '1.2.3' },
      },
      message: 'leaky has no vpcConfig',
      severity_id: 4,
      severity: 'High',
      status_id: 1,
      status: 'New',
      finding_info: {
        uid: fingerprintOf(first(), '123456789012'),
        title: 'Project runs in a VPC',
        desc: 'leaky has no vpcConfig',
        created_time: EVALUATED,
        types: ['test-project-in-vpc'],
      },
      compliance: {
        standards: ['ppguard'],
        control: 'test-project-in-vpc',
        status_id: 3,
        status: 'Fail',
        status_detail: 'leaky has no vpcConfig',
      },
      remediation: { desc: 'Attach a vpcConfig.' },
      resources: [
        {
          uid: 'arn:aws:codebuild:eu-west-1:123456789012:project/leaky',
          name: 'leaky',
          type: 'AWS::CodeBuild::Project',
          region: 'eu-west-1',
          cloud_partition: 'aws',
        },
      ],
      cloud: {
        provider: 'AWS',
        region: 'eu-west-1',
        account: { uid: '123456789012', type_id: 10, type: 'AWS Account' },
      },
    });
    expect(compliant).toMatchObject({ compliance: { status_id: 1, status: 'Pass' }, status: 'Resolved' });
    expect(exempt).toMatchObject({
      compliance: { status_id: 99, status: 'Not Applicable' },
      status: 'Suppressed',
    });
    expect(error).toMatchObject({
      time: NOW.getTime(),
      severity: 'Medium',
      compliance: {
        control: 'test-repository-private',
        status_id: 2,
        status: 'Warning',
        status_code: 'RuleEvaluationError',
      },
      resources: [{ uid: 'cache', region: 'eu-west-1' }],
    });
  });
});

describe('ASFF output', () => {
  it('maps an evaluation to a finding under the default product of the account', () => {
    // Act
    const [leaky, compliant, exempt, , error] = asffFindings(RESULT, TEST_RULES, NOW);

    // Assess
    expect(leaky).toEqual({
      SchemaVersion: '2018-10-08',
      ProductArn: 'arn:aws:securityhub:eu-west-1:123456789012:product/123456789012/default',
      AwsAccountId: '123456789012',
      Types: ['Software and Configuration Checks/AWS Security Best Practices'],
      CreatedAt: '2026-12-04T10:00:00.000Z',
      UpdatedAt: '2026-12-04T10:00:00.000Z',
      ProductName: 'ppguard',
      CompanyName: 'ppguard',
      RecordState: 'ACTIVE',
      Id: `ppguard/test-project-in-vpc/${fingerprintOf(first(), '123456789012')}`,
      GeneratorId: 'ppguard/test-project-in-vpc',
      Severity: { Label: 'HIGH', Original: 'high' },
      Title: 'Project runs in a VPC',
      Description: 'leaky has no vpcConfig',
      Remediation: { Recommendation: { Text: 'Attach a vpcConfig.' } },
      ProductFields: { 'ppguard/rule': 'test-project-in-vpc', 'ppguard/compliance': 'NON_COMPLIANT' },
      Resources: [
        {
          Type: 'AwsCodeBuildProject',
          Id: 'arn:aws:codebuild:eu-west-1:123456789012:project/leaky',
          Partition: 'aws',
          Region: 'eu-west-1',
          Details: { Other: { resourceType: 'AWS::CodeBuild::Project', resourceId: 'leaky' } },
        },
      ],
      Compliance: { Status: 'FAILED' },
      Workflow: { Status: 'NEW' },
    });
    expect(compliant).toMatchObject({
      Severity: { Label: 'INFORMATIONAL' },
      Compliance: { Status: 'PASSED' },
      Workflow: { Status: 'RESOLVED' },
    });
    expect(exempt).toMatchObject({
      Compliance: { Status: 'NOT_AVAILABLE' },
      Workflow: { Status: 'SUPPRESSED' },
      ProductFields: { 'ppguard/exempt': 'true' },
    });
    expect(error).toMatchObject({
      GeneratorId: 'ppguard/test-repository-private',
      Title: 'Could not evaluate: Repository is private',
      Compliance: { Status: 'WARNING' },
      Resources: [{ Type: 'Other', Id: 'cache', Region: 'eu-west-1' }],
      CreatedAt: NOW.toISOString(),
    });
  });

  it('takes the partition from the ARN and clips texts to the import limits', () => {
    // Prepare
    const result: ScanResult = {
      ...RESULT,
      errors: [],
      findings: [
        {
          ...first(),
          region: 'cn-north-1',
          arn: 'arn:aws-cn:codebuild:cn-north-1:123456789012:project/leaky',
          annotation: 'x'.repeat(2000),
        },
      ],
    };

    // Act
    const [finding] = asffFindings(result, TEST_RULES, NOW);

    // Assess
    expect(finding?.ProductArn).toBe(
      'arn:aws-cn:securityhub:cn-north-1:123456789012:product/123456789012/default',
    );
    expect(finding?.Description).toBe(`${'x'.repeat(1023)}…`);
    expect(finding?.Resources[0]?.Partition).toBe('aws-cn');
  });

  it('names the partition of the Region when there is no ARN (errors, unknown ARNs)', () => {
    // Prepare
    const result: ScanResult = {
      ...RESULT,
      regions: ['us-gov-west-1'],
      findings: [{ ...first(), region: 'us-gov-west-1', arn: '' }],
      errors: [
        { region: 'us-gov-west-1', code: 'AccessDenied', message: 'denied', rules: ['test-project-in-vpc'] },
      ],
    };

    // Act
    const [finding, error] = asffFindings(result, TEST_RULES, NOW);

    // Assess
    expect(finding?.ProductArn).toBe(
      'arn:aws-us-gov:securityhub:us-gov-west-1:123456789012:product/123456789012/default',
    );
    expect(finding?.Resources[0]).toMatchObject({ Id: 'leaky', Partition: 'aws-us-gov' });
    expect(error?.ProductArn).toMatch(/^arn:aws-us-gov:securityhub:us-gov-west-1:/);
    expect(error?.Resources[0]).toEqual({
      Type: 'AwsAccount',
      Id: 'AWS::::Account:123456789012',
      Partition: 'aws-us-gov',
      Region: 'us-gov-west-1',
    });
  });

  it('writes nothing without an account to import under (the errors still fail the run)', () => {
    expect(asffFindings({ ...RESULT, account: null }, TEST_RULES, NOW)).toEqual([]);
  });
});
