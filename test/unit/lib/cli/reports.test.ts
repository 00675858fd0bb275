import { describe, expect, it } from 'vitest';
import { renderJson } from '../../../../lib/cli/report-json';
import { FINGERPRINT_KEY, fingerprintOf, renderSarif, sarifLog } from '../../../../lib/cli/report-sarif';
import { renderTable } from '../../../../lib/cli/report-table';
import type { ScanResult } from '../../../../lib/cli/scan';
import { RESULT, TEST_RULES } from './fixtures';

describe('table output', () => {
  it('groups verdicts by rule, NON_COMPLIANT first, exempt resources as EXEMPT, then a summary and the errors', () => {
    // Act
    const text = renderTable(RESULT, TEST_RULES);

    // Assess
    expect(text).toBe(
      [
        'ppguard scan of account 123456789012 in eu-west-1: 2 rules',
        '',
        'test-project-in-vpc [high] Project runs in a VPC',
        '  NON_COMPLIANT   leaky      leaky has no vpcConfig',
        '  COMPLIANT       app-build  runs in vpc-0a1b',
        '  EXEMPT          legacy     exempt: RISK-42',
        '',
        'test-repository-private [medium] Repository is private',
        '  NON_COMPLIANT   builder    builder has a policy',
        '',
        'Result: 2 NON_COMPLIANT, 1 COMPLIANT, 1 NOT_APPLICABLE (1 exempt); 1 error',
        'NON_COMPLIANT by severity: critical 0, high 1, medium 1, low 0',
        'NON_COMPLIANT by rule: test-project-in-vpc 1, test-repository-private 1',
        '',
        'Could not evaluate:',
        '  eu-west-1: RuleEvaluationError: rule test-repository-private failed on resource cache: boom [resource: cache] [rules: test-repository-private]',
        '',
      ].join('\n'),
    );
  });

  it('adds the Region to each resource when several Regions were scanned, and says when a rule found nothing', () => {
    // Prepare
    const result: ScanResult = {
      account: '123456789012',
      regions: ['eu-west-1', 'us-east-1'],
      findings: RESULT.findings.filter((f) => f.rule === 'test-project-in-vpc' && !f.exempt),
      errors: [],
    };

    // Act
    const text = renderTable(result, TEST_RULES);

    // Assess
    expect(text).toBe(
      [
        'ppguard scan of account 123456789012 in eu-west-1, us-east-1: 2 rules',
        '',
        'test-project-in-vpc [high] Project runs in a VPC',
        '  NON_COMPLIANT   eu-west-1 leaky      leaky has no vpcConfig',
        '  COMPLIANT       eu-west-1 app-build  runs in vpc-0a1b',
        '',
        'test-repository-private [medium] Repository is private',
        '  (no AWS::ECR::Repository resources found)',
        '',
        'Result: 1 NON_COMPLIANT, 1 COMPLIANT, 0 NOT_APPLICABLE; 0 errors',
        'NON_COMPLIANT by severity: critical 0, high 1, medium 0, low 0',
        'NON_COMPLIANT by rule: test-project-in-vpc 1, test-repository-private 0',
        '',
      ].join('\n'),
    );
  });

  it('with --status fail lists NON_COMPLIANT and exempt rows, says what it left out, and still counts everything', () => {
    // Act
    const text = renderTable(RESULT, TEST_RULES, 'fail');

    // Assess
    expect(text).toBe(
      [
        'ppguard scan of account 123456789012 in eu-west-1: 2 rules',
        '',
        'test-project-in-vpc [high] Project runs in a VPC',
        '  NON_COMPLIANT   leaky     leaky has no vpcConfig',
        '  EXEMPT          legacy    exempt: RISK-42',
        '  (1 COMPLIANT not listed: --status all lists them)',
        '',
        'test-repository-private [medium] Repository is private',
        '  NON_COMPLIANT   builder   builder has a policy',
        '',
        'Result: 2 NON_COMPLIANT, 1 COMPLIANT, 1 NOT_APPLICABLE (1 exempt); 1 error',
        'NON_COMPLIANT by severity: critical 0, high 1, medium 1, low 0',
        'NON_COMPLIANT by rule: test-project-in-vpc 1, test-repository-private 1',
        '',
        'Could not evaluate:',
        '  eu-west-1: RuleEvaluationError: rule test-repository-private failed on resource cache: boom [resource: cache] [rules: test-repository-private]',
        '',
      ].join('\n'),
    );
  });

  it('with --status pass lists the passing rows and names the failures it left out', () => {
    // Act
    const text = renderTable(RESULT, TEST_RULES, 'pass');

    // Assess
    expect(text.split('\n').slice(2, 9)).toEqual([
      'test-project-in-vpc [high] Project runs in a VPC',
      '  COMPLIANT       app-build  runs in vpc-0a1b',
      '  (1 NON_COMPLIANT, 1 EXEMPT not listed: --status all lists them)',
      '',
      'test-repository-private [medium] Repository is private',
      '  (1 NON_COMPLIANT not listed: --status all lists them)',
      '',
    ]);
  });
});

describe('JSON output (contract version 1)', () => {
  it('writes exactly the documented fields, in order, exempt only where true', () => {
    // Act
    const text = renderJson(RESULT);

    // Assess
    expect(JSON.parse(text)).toEqual({
      version: 1,
      account: '123456789012',
      regions: ['eu-west-1'],
      evaluations: [
        {
          rule: 'test-project-in-vpc',
          resourceType: 'AWS::CodeBuild::Project',
          resourceId: 'leaky',
          resourceName: 'leaky',
          region: 'eu-west-1',
          compliance: 'NON_COMPLIANT',
          annotation: 'leaky has no vpcConfig',
          severity: 'high',
          title: 'Project runs in a VPC',
          remediation: 'Attach a vpcConfig.',
          arn: 'arn:aws:codebuild:eu-west-1:123456789012:project/leaky',
          evaluatedAt: '2026-12-04T10:00:00.000Z',
        },
        {
          rule: 'test-project-in-vpc',
          resourceType: 'AWS::CodeBuild::Project',
          resourceId: 'app-build',
          resourceName: 'app-build',
          region: 'eu-west-1',
          compliance: 'COMPLIANT',
          annotation: 'runs in vpc-0a1b',
          severity: 'high',
          title: 'Project runs in a VPC',
          remediation: 'Attach a vpcConfig.',
          arn: 'arn:aws:codebuild:eu-west-1:123456789012:project/app-build',
          evaluatedAt: '2026-12-04T10:00:00.000Z',
        },
        {
          rule: 'test-project-in-vpc',
          resourceType: 'AWS::CodeBuild::Project',
          resourceId: 'legacy',
          resourceName: 'legacy',
          region: 'eu-west-1',
          compliance: 'NOT_APPLICABLE',
          annotation: 'exempt: RISK-42',
          exempt: true,
          severity: 'high',
          title: 'Project runs in a VPC',
          remediation: 'Attach a vpcConfig.',
          arn: 'arn:aws:codebuild:eu-west-1:123456789012:project/legacy',
          evaluatedAt: '2026-12-04T10:00:00.000Z',
        },
        {
          rule: 'test-repository-private',
          resourceType: 'AWS::ECR::Repository',
          resourceId: 'builder',
          resourceName: 'builder',
          region: 'eu-west-1',
          compliance: 'NON_COMPLIANT',
          annotation: 'builder has a policy',
          severity: 'medium',
          title: 'Repository is private',
          remediation: 'Remove the public statement.',
          arn: 'arn:aws:ecr:eu-west-1:123456789012:repository/builder',
          evaluatedAt: '2026-12-04T10:00:00.000Z',
        },
      ],
      errors: [
        {
          region: 'eu-west-1',
          code: 'RuleEvaluationError',
          message: 'rule test-repository-private failed on resource cache: boom',
          resourceId: 'cache',
          rules: ['test-repository-private'],
        },
      ],
    });
    expect(text.startsWith('{\n  "version": 1,\n  "account": "123456789012",\n  "regions": [')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
    expect(Object.keys(JSON.parse(text).evaluations[0])).toEqual([
      'rule',
      'resourceType',
      'resourceId',
      'resourceName',
      'region',
      'compliance',
      'annotation',
      'severity',
      'title',
      'remediation',
      'arn',
      'evaluatedAt',
    ]);
  });

  it('leaves out the ARN when the Describe API gave none (absent, not empty)', () => {
    // Prepare
    const [first] = RESULT.findings;
    if (!first) throw new Error('the fixture has no findings');

    // Act
    const json = JSON.parse(renderJson({ ...RESULT, findings: [{ ...first, arn: '' }] }));

    // Assess
    expect(json.evaluations[0]).not.toHaveProperty('arn');
    expect(json.evaluations[0]).toMatchObject({ severity: 'high', evaluatedAt: '2026-12-04T10:00:00.000Z' });
  });

  it('writes the account as null when it could not be determined', () => {
    // Act
    const json = JSON.parse(renderJson({ account: null, regions: ['eu-west-1'], findings: [], errors: [] }));

    // Assess
    expect(json).toEqual({ version: 1, account: null, regions: ['eu-west-1'], evaluations: [], errors: [] });
  });
});

type Json = Record<string, unknown>;

function firstFinding() {
  const [first] = RESULT.findings;
  if (!first) throw new Error('the fixture has no findings');
  return first;
}
const asObject = (value: unknown): Json => {
  expect(value, 'expected an object').toBeTypeOf('object');
  expect(value).not.toBeNull();
  expect(Array.isArray(value)).toBe(false);
  return value as Json;
};
const asArray = (value: unknown): unknown[] => {
  expect(Array.isArray(value), 'expected an array').toBe(true);
  return value as unknown[];
};
const message = (value: unknown) => {
  const m = asObject(value);
  expect(typeof m.text === 'string' && m.text !== '', 'message.text is a non-empty string').toBe(true);
};

/**
 * The SARIF 2.1.0 schema's requirements for what ppguard writes: sarifLog (version, runs), run
 * (tool), toolComponent (name), reportingDescriptor (id), result (message, with ruleId/ruleIndex
 * pointing into the driver's rules), location, artifactLocation (uri), the level enum.
 */
function assertSarif21(log: unknown) {
  const root = asObject(log);
  expect(root.version).toBe('2.1.0');
  expect(root.$schema).toMatch(/sarif-schema-2\.1\.0\.json$/);
  const runs = asArray(root.runs);
  expect(runs.length).toBeGreaterThan(0);
  for (const runValue of runs) {
    const run = asObject(runValue);
    const driver = asObject(asObject(run.tool).driver);
    expect(typeof driver.name).toBe('string');
    const rules = asArray(driver.rules).map(asObject);
    for (const rule of rules) {
      expect(typeof rule.id).toBe('string');
      message(rule.shortDescription);
      message(rule.fullDescription);
      message(rule.help);
      expect(['none', 'note', 'warning', 'error']).toContain(asObject(rule.defaultConfiguration).level);
    }
    for (const resultValue of asArray(run.results)) {
      const result = asObject(resultValue);
      message(result.message);
      expect(['none', 'note', 'warning', 'error']).toContain(result.level);
      expect(['notApplicable', 'pass', 'fail', 'review', 'open', 'informational']).toContain(result.kind);
      const index = result.ruleIndex as number;
      expect(Number.isInteger(index) && index >= 0).toBe(true);
      expect(rules[index]?.id).toBe(result.ruleId);
      for (const locationValue of asArray(result.locations)) {
        const location = asObject(locationValue);
        const uri = asObject(asObject(location.physicalLocation).artifactLocation).uri;
        expect(() => new URL(String(uri))).not.toThrow();
        for (const logical of asArray(location.logicalLocations))
          expect(typeof asObject(logical).name).toBe('string');
      }
      for (const value of Object.values(asObject(result.partialFingerprints)))
        expect(typeof value).toBe('string');
    }
    for (const invocationValue of asArray(run.invocations)) {
      const invocation = asObject(invocationValue);
      expect(typeof invocation.executionSuccessful).toBe('boolean');
      for (const notification of asArray(invocation.toolExecutionNotifications))
        message(asObject(notification).message);
    }
  }
}

describe('SARIF output', () => {
  it('is structurally valid SARIF 2.1.0: the registry rules with help, one result per NON_COMPLIANT', () => {
    // Act
    const log = JSON.parse(renderSarif(RESULT, TEST_RULES, '1.2.3'));

    // Assess
    assertSarif21(log);
    const [run] = log.runs;
    expect(run.tool.driver).toMatchObject({ name: 'ppguard', version: '1.2.3' });
    expect(run.tool.driver.rules.map((r: Json) => r.id)).toEqual([
      'test-project-in-vpc',
      'test-repository-private',
    ]);
    expect(run.tool.driver.rules[0]).toEqual({
      id: 'test-project-in-vpc',
      name: 'TestProjectInVpc',
      shortDescription: { text: 'Project runs in a VPC' },
      fullDescription: { text: 'Builds outside a VPC reach the internet.' },
      help: {
        text: 'Builds outside a VPC reach the internet.\n\nFix: Attach a vpcConfig.',
        markdown: 'Builds outside a VPC reach the internet.\n\n**Fix:** Attach a vpcConfig.',
      },
      defaultConfiguration: { level: 'error' },
      properties: {
        tags: ['security', 'aws', 'AWS::CodeBuild::Project'],
        precision: 'very-high',
        'security-severity': '8.0',
        severity: 'high',
      },
    });
    // The two NON_COMPLIANT, and the exempt one as a suppressed result.
    expect(run.results).toHaveLength(3);
    expect(run.results[0]).toEqual({
      ruleId: 'test-project-in-vpc',
      ruleIndex: 0,
      kind: 'fail',
      level: 'error',
      message: { text: 'leaky: leaky has no vpcConfig' },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'arn:aws:codebuild:eu-west-1:123456789012:project/leaky' },
          },
          logicalLocations: [
            {
              name: 'leaky',
              fullyQualifiedName: 'arn:aws:codebuild:eu-west-1:123456789012:project/leaky',
              kind: 'resource',
            },
          ],
        },
      ],
      partialFingerprints: { [FINGERPRINT_KEY]: fingerprintOf(firstFinding(), '123456789012') },
      properties: {
        account: '123456789012',
        region: 'eu-west-1',
        resourceType: 'AWS::CodeBuild::Project',
        resourceId: 'leaky',
      },
    });
    expect(run.results[1]).toMatchObject({
      ruleId: 'test-project-in-vpc',
      message: { text: 'legacy: exempt: RISK-42' },
      suppressions: [{ kind: 'external', status: 'accepted', justification: 'exempt: RISK-42' }],
    });
    expect(run.results[2]).toMatchObject({
      ruleId: 'test-repository-private',
      ruleIndex: 1,
      level: 'warning',
    });
    expect(run.invocations).toEqual([
      {
        executionSuccessful: false,
        toolExecutionNotifications: [
          {
            level: 'error',
            message: {
              text: 'eu-west-1: RuleEvaluationError: rule test-repository-private failed on resource cache: boom [resource: cache] [rules: test-repository-private]',
            },
          },
        ],
      },
    ]);
  });

  it('keeps fingerprints stable when the wording changes, and distinct per rule and resource', () => {
    // Prepare
    const first = firstFinding();

    // Act
    const base = fingerprintOf(first, '123456789012');
    const reworded = fingerprintOf({ ...first, annotation: 'different words' }, '123456789012');
    const otherRule = fingerprintOf({ ...first, rule: 'test-repository-private' }, '123456789012');
    const otherAccount = fingerprintOf(first, '111122223333');

    // Assess
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(reworded).toBe(base);
    expect(new Set([base, otherRule, otherAccount]).size).toBe(3);
  });

  it('falls back to a ppguard: URI for a resource without an ARN', () => {
    // Prepare
    const result: ScanResult = {
      ...RESULT,
      findings: [{ ...firstFinding(), arn: '' }],
      errors: [],
    };

    // Act
    const log = sarifLog(result, TEST_RULES, '1.2.3');

    // Assess
    assertSarif21(log);
    expect(log.runs[0]?.results[0]?.locations[0]?.physicalLocation.artifactLocation.uri).toBe(
      'ppguard:123456789012/eu-west-1/AWS%3A%3ACodeBuild%3A%3AProject/leaky',
    );
    expect(log.runs[0]?.invocations[0]?.executionSuccessful).toBe(true);
  });
});
