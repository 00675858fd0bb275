import { describe, expect, it } from 'vitest';
import { defineRule, nonCompliant } from '../../../../lib/engine/rule';
import {
  contextFor,
  evaluateResource,
  parseRuleParameters,
  RuleEvaluationError,
} from '../../../../lib/engine/run';
import { parseSuppressions, Suppressions } from '../../../../lib/engine/suppressions';
import inVpc from '../../../../rules/codebuild-project-in-vpc';
import notPublic from '../../../../rules/ecr-repository-not-public';
import { codeBuildProject, ecrRepository } from '../../../fixtures/models';

const now = new Date('2026-11-25T12:00:00Z');

const throwingRule = defineRule({
  id: 'test-throwing',
  title: 'A rule that fails',
  severity: 'low',
  resourceTypes: ['AWS::CodeBuild::Project'],
  rationale: 'Exercises error reporting.',
  remediation: 'None.',
  parameters: {},
  evaluate(project) {
    if (project.name === 'boom') throw new TypeError('cannot read vpcConfig');
    return nonCompliant('never');
  },
});

const suppressionsOf = (entries: string) =>
  new Suppressions(parseSuppressions(`suppressions:\n${entries}`, 'sup.yaml', [inVpc.id]));

describe('evaluateResource', () => {
  it('reports a resource a suppression file entry matches as NOT_APPLICABLE: suppressed, with owner and expiry', () => {
    // Prepare
    const params = parseRuleParameters(inVpc, {});
    const project = codeBuildProject({ name: 'legacy', vpcConfig: undefined });
    const suppressions = suppressionsOf(
      '  - {rule: codebuild-project-in-vpc, resource: leg*, reason: RISK-42, owner: platform, expires: 2026-12-31}\n',
    );

    // Act
    const evaluation = evaluateResource(
      inVpc,
      project,
      contextFor('123456789012', 'eu-west-1', params.common, now),
      params,
      suppressions,
    );

    // Assess
    expect(evaluation).toEqual({
      ruleId: 'codebuild-project-in-vpc',
      resourceType: 'AWS::CodeBuild::Project',
      resourceId: project.resourceId,
      resourceName: 'legacy',
      compliance: 'NOT_APPLICABLE',
      annotation: 'project legacy: suppressed: RISK-42 (platform, until 2026-12-31)',
      exempt: true,
      exemption: {
        source: 'file',
        applied: true,
        reason: 'RISK-42',
        owner: 'platform',
        until: '2026-12-31',
        entry: 1,
      },
    });
  });

  it('evaluates a resource whose matching entry is beyond exemptMaxDays, saying so within 256 characters', () => {
    // Prepare
    const params = parseRuleParameters(inVpc, { exemptMaxDays: '30' });
    const project = codeBuildProject({ name: 'l'.repeat(250), vpcConfig: undefined });
    const suppressions = suppressionsOf(
      '  - {rule: "*", resource: "l*", reason: RISK-42, owner: platform, expires: 2026-12-31}\n',
    );

    // Act
    const evaluation = evaluateResource(
      inVpc,
      project,
      contextFor('123456789012', 'eu-west-1', params.common, now),
      params,
      suppressions,
    );

    // Assess
    expect(evaluation.compliance).toBe('NON_COMPLIANT');
    expect(evaluation.annotation).toHaveLength(256);
    expect(
      evaluation.annotation?.endsWith('… (suppression entry 1 until 2026-12-31 is beyond exemptMaxDays)'),
    ).toBe(true);
    expect(evaluation.exemption).toEqual({
      source: 'file',
      applied: false,
      why: 'beyond-max-lifetime',
      reason: 'RISK-42',
      owner: 'platform',
      until: '2026-12-31',
      entry: 1,
    });
  });

  it('prefers an applied file entry to a refused tag, and a refused tag to a refused entry', () => {
    // Prepare
    const params = parseRuleParameters(inVpc, {});
    const context = contextFor('123456789012', 'eu-west-1', params.common, now);
    const tags = { 'ppg:exempt': 'RISK-1' };
    const project = codeBuildProject({ name: 'legacy', vpcConfig: undefined, tags });
    const live = suppressionsOf(
      '  - {rule: "*", resource: legacy, reason: R, owner: o, expires: 2026-12-01}\n',
    );
    const old = suppressionsOf(
      '  - {rule: "*", resource: legacy, reason: R, owner: o, expires: 2026-01-01}\n',
    );

    // Act
    const byFile = evaluateResource(inVpc, project, context, params, live);
    const byTag = evaluateResource(inVpc, project, context, params, old);

    // Assess
    expect(byFile.exemption).toMatchObject({ source: 'file', applied: true });
    expect(byTag.exemption).toEqual({ source: 'tag', applied: false, why: 'no-expiry' });
    expect(byTag.annotation?.endsWith(' (exemption tag has no -until date)')).toBe(true);
  });

  it('reports an exempt resource as NOT_APPLICABLE with the reason, without running the rule', () => {
    // Prepare
    const params = parseRuleParameters(inVpc, {});
    const project = codeBuildProject({
      name: 'legacy',
      vpcConfig: undefined,
      tags: { 'ppg:exempt': 'RISK-42', 'ppg:exempt-until': '2026-12-31' },
    });

    // Act
    const evaluation = evaluateResource(
      inVpc,
      project,
      contextFor('123456789012', 'eu-west-1', params.common, now),
      params,
    );

    // Assess
    expect(evaluation).toEqual({
      ruleId: 'codebuild-project-in-vpc',
      resourceType: 'AWS::CodeBuild::Project',
      resourceId: project.resourceId,
      resourceName: 'legacy',
      compliance: 'NOT_APPLICABLE',
      annotation: 'project legacy: exempt: RISK-42',
      exempt: true,
      exemption: { source: 'tag', applied: true, reason: 'RISK-42', until: '2026-12-31' },
    });
  });

  it('evaluates normally once the exemption has expired', () => {
    // Prepare
    const params = parseRuleParameters(inVpc, {});
    const project = codeBuildProject({
      name: 'legacy',
      vpcConfig: undefined,
      tags: { 'ppg:exempt': 'RISK-42', 'ppg:exempt-until': '2026-01-31' },
    });

    // Act
    const evaluation = evaluateResource(
      inVpc,
      project,
      contextFor('123456789012', 'eu-west-1', params.common, now),
      params,
    );

    // Assess
    expect(evaluation.compliance).toBe('NON_COMPLIANT');
    expect(evaluation.exempt).toBeUndefined();
    expect(evaluation.annotation).toBe(
      'project legacy: no vpcConfig: builds run outside any VPC with direct internet access; to pass, set vpcConfig to private subnets and a security group (exemption tag expired 2026-01-31)',
    );
    expect(evaluation.exemption).toEqual({
      source: 'tag',
      applied: false,
      why: 'expired',
      until: '2026-01-31',
    });
  });

  it('evaluates normally when the exemption ends later than exemptMaxDays allows', () => {
    // Prepare: 2026-11-25 + 30 days = 2026-12-25; the tag says 2026-12-31.
    const params = parseRuleParameters(inVpc, { exemptMaxDays: '30' });
    const project = codeBuildProject({
      vpcConfig: undefined,
      tags: { 'ppg:exempt': 'RISK-42', 'ppg:exempt-until': '2026-12-31' },
    });

    // Act
    const evaluation = evaluateResource(
      inVpc,
      project,
      contextFor('123456789012', 'eu-west-1', params.common, now),
      params,
    );

    // Assess
    expect(evaluation.compliance).toBe('NON_COMPLIANT');
    expect(evaluation.exempt).toBeUndefined();
  });

  it('honours a custom exemption tag key', () => {
    // Prepare
    const params = parseRuleParameters(inVpc, { exemptTagKey: 'sec:waiver' });
    const project = codeBuildProject({
      vpcConfig: undefined,
      tags: { 'sec:waiver': 'CAB-7', 'sec:waiver-until': '2026-12-31', 'ppg:exempt': 'ignored' },
    });

    // Act
    const evaluation = evaluateResource(
      inVpc,
      project,
      contextFor('123456789012', 'eu-west-1', params.common, now),
      params,
    );

    // Assess
    expect(evaluation.annotation).toBe('project app-build: exempt: CAB-7');
  });

  it('names a CodeBuild project by name in every verdict, not only by the UUID Config shows', () => {
    // Prepare
    const params = parseRuleParameters(inVpc, {});
    const uuid = 'c49fea74-25fa-4f86-a989-7a97c159c669';
    const outside = codeBuildProject({ name: 'app-build', resourceId: uuid, vpcConfig: undefined });
    const inside = codeBuildProject({ name: 'app-build', resourceId: uuid });
    const context = contextFor('123456789012', 'eu-west-1', params.common, now);

    // Act
    const verdicts = [outside, inside].map((p) => evaluateResource(inVpc, p, context, params));

    // Assess
    expect(verdicts.map((e) => [e.resourceId, e.compliance, e.annotation])).toEqual([
      [
        uuid,
        'NON_COMPLIANT',
        'project app-build: no vpcConfig: builds run outside any VPC with direct internet access; to pass, ' +
          'set vpcConfig to private subnets and a security group',
      ],
      [uuid, 'COMPLIANT', 'project app-build: runs in vpc-0a1b (1 subnet, 1 security group)'],
    ]);
  });

  it('does not repeat the name of a project reported under its name (the CLI)', () => {
    // Prepare
    const params = parseRuleParameters(inVpc, {});
    const project = codeBuildProject({ name: 'app-build', resourceId: 'app-build', vpcConfig: undefined });

    // Act
    const evaluation = evaluateResource(
      inVpc,
      project,
      contextFor('123456789012', 'eu-west-1', params.common, now),
      params,
    );

    // Assess
    expect(evaluation.annotation).toBe(
      'no vpcConfig: builds run outside any VPC with direct internet access; to pass, set vpcConfig to ' +
        'private subnets and a security group',
    );
  });

  it('turns a rule that throws into a RuleEvaluationError naming rule and resource', () => {
    // Prepare
    const params = parseRuleParameters(throwingRule, {});
    const project = codeBuildProject({ name: 'boom', resourceId: 'uuid-1' });

    // Act
    const act = () =>
      evaluateResource(
        throwingRule,
        project,
        contextFor('123456789012', 'eu-west-1', params.common, now),
        params,
      );

    // Assess
    expect(act).toThrowError(RuleEvaluationError);
    expect(act).toThrowError('rule test-throwing failed on resource uuid-1: cannot read vpcConfig');
  });
});

describe('contextFor', () => {
  it('always trusts the own account, plus the trusted accounts and organizations', () => {
    // Prepare
    const params = parseRuleParameters(inVpc, {
      trustedAccounts: '111111111111',
      trustedOrgIds: 'o-abcdefghij',
    });

    // Act
    const context = contextFor('123456789012', 'eu-west-1', params.common, now);

    // Assess
    expect([...context.trust.accounts]).toEqual(['123456789012', '111111111111']);
    expect([...context.trust.orgIds]).toEqual(['o-abcdefghij']);
  });
});

describe('evaluateResource on a resource still lacking recorded fields', () => {
  it('throws naming the keys instead of judging the defaults', () => {
    // Prepare
    const repository = ecrRepository({
      policy: { kind: 'none' },
      unrecorded: { policy: { key: 'configuration.RepositoryPolicyText', read: 'ecr:GetRepositoryPolicy' } },
    });
    const params = parseRuleParameters(notPublic, {});
    const context = contextFor('123456789012', 'eu-west-1', params.common, now);

    // Act
    const act = () => evaluateResource(notPublic, repository, context, params);

    // Assess
    expect(act).toThrow(
      `rule ecr-repository-not-public failed on resource builder: configuration.RepositoryPolicyText not recorded and not read from the service API`,
    );
  });
});
