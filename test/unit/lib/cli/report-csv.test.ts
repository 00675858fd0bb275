import { describe, expect, it } from 'vitest';
import { csvField, renderCsv } from '../../../../lib/cli/report-csv';
import { RESULT } from './fixtures';

describe('CSV output', () => {
  it('writes a header, one row per evaluation and one per error, CRLF line ends', () => {
    // Act
    const text = renderCsv(RESULT);

    // Assess
    expect(text.split('\r\n')).toEqual([
      'account,region,rule,severity,title,resourceType,resourceId,resourceName,arn,compliance,exempt,annotation,remediation,evaluatedAt,exemptionSource,exemptionApplied,exemptionWhy,exemptionReason,exemptionOwner,exemptionUntil',
      '123456789012,eu-west-1,test-project-in-vpc,high,Project runs in a VPC,AWS::CodeBuild::Project,leaky,leaky,arn:aws:codebuild:eu-west-1:123456789012:project/leaky,NON_COMPLIANT,false,leaky has no vpcConfig,Attach a vpcConfig.,2026-12-04T10:00:00.000Z,,,,,,',
      '123456789012,eu-west-1,test-project-in-vpc,high,Project runs in a VPC,AWS::CodeBuild::Project,app-build,app-build,arn:aws:codebuild:eu-west-1:123456789012:project/app-build,COMPLIANT,false,runs in vpc-0a1b,Attach a vpcConfig.,2026-12-04T10:00:00.000Z,,,,,,',
      '123456789012,eu-west-1,test-project-in-vpc,high,Project runs in a VPC,AWS::CodeBuild::Project,legacy,legacy,arn:aws:codebuild:eu-west-1:123456789012:project/legacy,NOT_APPLICABLE,true,exempt: RISK-42,Attach a vpcConfig.,2026-12-04T10:00:00.000Z,,,,,,',
      '123456789012,eu-west-1,test-repository-private,medium,Repository is private,AWS::ECR::Repository,builder,builder,arn:aws:ecr:eu-west-1:123456789012:repository/builder,NON_COMPLIANT,false,builder has a policy,Remove the public statement.,2026-12-04T10:00:00.000Z,,,,,,',
      '123456789012,eu-west-1,test-repository-private,,,,cache,,,ERROR,false,eu-west-1: RuleEvaluationError: rule test-repository-private failed on resource cache: boom [resource: cache] [rules: test-repository-private],,,,,,,,',
      '',
    ]);
  });

  it('quotes fields with commas, quotes or line breaks (RFC 4180), after removing controls', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('two lines');
    expect(csvField('plain')).toBe('plain');
  });

  it('prefixes cells a spreadsheet would run as a formula', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-cmd')).toBe("'-cmd");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    // A leading tab becomes a space, trimmed away: the formula behind it is still guarded.
    expect(csvField('\t=1')).toBe("'=1");
  });

  it('guards a resource name from the account that starts a formula', () => {
    // Prepare
    const [first] = RESULT.findings;
    if (!first) throw new Error('no finding');
    const result = { ...RESULT, errors: [], findings: [{ ...first, resourceName: '=cmd|"/c calc"!A1' }] };

    // Act
    const row = renderCsv(result).split('\r\n')[1];

    // Assess
    expect(row).toContain(`,leaky,"'=cmd|""/c calc""!A1",arn:`);
  });
});
