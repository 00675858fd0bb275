/** Fixed rules and a fixed scan result for the CLI's unit tests (metadata that never drifts). */

import type { Finding, ScanResult } from '../../../../lib/cli/scan';
import { compliant, defineRule, nonCompliant } from '../../../../lib/engine/rule';

export const projectInVpc = defineRule({
  id: 'test-project-in-vpc',
  title: 'Project runs in a VPC',
  severity: 'high',
  resourceTypes: ['AWS::CodeBuild::Project'],
  rationale: 'Builds outside a VPC reach the internet.',
  remediation: 'Attach a vpcConfig.',
  parameters: {},
  evaluate(project) {
    return project.vpcConfig
      ? compliant(`runs in ${project.vpcConfig.vpcId}`)
      : nonCompliant(`${project.name} has no vpcConfig`);
  },
});

export const repositoryPrivate = defineRule({
  id: 'test-repository-private',
  title: 'Repository is private',
  severity: 'medium',
  resourceTypes: ['AWS::ECR::Repository'],
  rationale: 'A public repository leaks images.',
  remediation: 'Remove the public statement.',
  parameters: {
    allowedNames: {
      type: 'list',
      default: [],
      description: 'Repositories allowed to be public.',
    },
  },
  evaluate(repository, _context, params) {
    if (params.allowedNames.includes(repository.name)) return compliant('allowed');
    return repository.policy.kind === 'none' ? compliant() : nonCompliant(`${repository.name} has a policy`);
  },
});

export const TEST_RULES = [projectInVpc, repositoryPrivate];

function finding(overrides: Partial<Finding>): Finding {
  const rule = overrides.rule === repositoryPrivate.id ? repositoryPrivate : projectInVpc;
  return {
    severity: rule.severity,
    title: rule.title,
    remediation: rule.remediation,
    evaluatedAt: '2026-12-04T10:00:00.000Z',
    rule: projectInVpc.id,
    resourceType: 'AWS::CodeBuild::Project',
    resourceId: 'app-build',
    resourceName: 'app-build',
    region: 'eu-west-1',
    compliance: 'COMPLIANT',
    annotation: '',
    arn: 'arn:aws:codebuild:eu-west-1:123456789012:project/app-build',
    ...overrides,
  };
}

/** Two rules, four verdicts (one exempt), one resource a rule failed on. */
export const RESULT: ScanResult = {
  account: '123456789012',
  regions: ['eu-west-1'],
  findings: [
    finding({
      compliance: 'NON_COMPLIANT',
      resourceId: 'leaky',
      resourceName: 'leaky',
      annotation: 'leaky has no vpcConfig',
      arn: 'arn:aws:codebuild:eu-west-1:123456789012:project/leaky',
    }),
    finding({ annotation: 'runs in vpc-0a1b' }),
    finding({
      compliance: 'NOT_APPLICABLE',
      resourceId: 'legacy',
      resourceName: 'legacy',
      annotation: 'exempt: RISK-42',
      exempt: true,
      arn: 'arn:aws:codebuild:eu-west-1:123456789012:project/legacy',
    }),
    finding({
      rule: repositoryPrivate.id,
      resourceType: 'AWS::ECR::Repository',
      resourceId: 'builder',
      resourceName: 'builder',
      compliance: 'NON_COMPLIANT',
      annotation: 'builder has a policy',
      arn: 'arn:aws:ecr:eu-west-1:123456789012:repository/builder',
    }),
  ],
  errors: [
    {
      region: 'eu-west-1',
      code: 'RuleEvaluationError',
      message: 'rule test-repository-private failed on resource cache: boom',
      resourceId: 'cache',
      rules: [repositoryPrivate.id],
    },
  ],
};
