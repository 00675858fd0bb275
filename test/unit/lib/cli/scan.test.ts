import { describe, expect, it } from 'vitest';
import { mergeErrors, runScan, type ScanDeps, type ScanStep } from '../../../../lib/cli/scan';
import { type AnyRule, defineRule } from '../../../../lib/engine/rule';
import { parseRuleParameters } from '../../../../lib/engine/run';
import { ResourceReadError } from '../../../../lib/resources/errors';
import noInternetEgress from '../../../../rules/codebuild-project-no-internet-egress';
import { codeBuildProject, ecrRepository } from '../../../fixtures/models';
import { facts, privateVpc, RTB_PRIVATE, route, withRoutes } from '../../../fixtures/network';
import { projectInVpc, repositoryPrivate, TEST_RULES } from './fixtures';
import { awsError, denied, type FakeReaders, fakeReaders, networkError } from './support';

const NOW = new Date('2026-11-25T12:00:00Z');

/** Projects as the Describe APIs give them: resourceId is the name. */
const project = (name: string, overrides: Parameters<typeof codeBuildProject>[0] = {}) => {
  const region = overrides.region ?? 'eu-west-1';
  return codeBuildProject({
    name,
    resourceId: name,
    resourceName: name,
    region,
    arn: `arn:aws:codebuild:${region}:123456789012:project/${name}`,
    ...overrides,
  });
};

function request(rules: readonly AnyRule[] = TEST_RULES, regions = ['eu-west-1']) {
  return { regions, rules, params: new Map(rules.map((rule) => [rule.id, parseRuleParameters(rule, {})])) };
}

function deps(readers: Record<string, FakeReaders>, overrides: Partial<ScanDeps> = {}): ScanDeps {
  return {
    callerAccount: async () => '123456789012',
    readers: (region) => {
      const found = readers[region];
      if (!found) throw new Error(`no readers for ${region}`);
      return found;
    },
    now: () => NOW,
    ...overrides,
  };
}

describe('runScan', () => {
  it('evaluates every rule over the listed resources, with exemptions listed as exempt and ARNs kept', async () => {
    // Prepare
    const readers = fakeReaders({
      'AWS::CodeBuild::Project': [
        project('app-build'),
        project('leaky', { vpcConfig: undefined }),
        project('legacy', {
          vpcConfig: undefined,
          tags: { 'ppg:exempt': 'RISK-42', 'ppg:exempt-until': '2026-12-31' },
        }),
      ],
      'AWS::ECR::Repository': [ecrRepository({ name: 'builder' })],
    });

    // Act
    const result = await runScan(request(), deps({ 'eu-west-1': readers }));

    // Assess
    expect(result.account).toBe('123456789012');
    expect(result.errors).toEqual([]);
    expect(result.findings).toEqual([
      {
        rule: 'test-project-in-vpc',
        resourceType: 'AWS::CodeBuild::Project',
        resourceId: 'leaky',
        resourceName: 'leaky',
        region: 'eu-west-1',
        compliance: 'NON_COMPLIANT',
        annotation: 'leaky has no vpcConfig',
        arn: 'arn:aws:codebuild:eu-west-1:123456789012:project/leaky',
        severity: 'high',
        title: 'Project runs in a VPC',
        remediation: 'Attach a vpcConfig.',
        evaluatedAt: '2026-11-25T12:00:00.000Z',
      },
      {
        rule: 'test-project-in-vpc',
        resourceType: 'AWS::CodeBuild::Project',
        resourceId: 'app-build',
        resourceName: 'app-build',
        region: 'eu-west-1',
        compliance: 'COMPLIANT',
        annotation: 'runs in vpc-0a1b',
        arn: 'arn:aws:codebuild:eu-west-1:123456789012:project/app-build',
        severity: 'high',
        title: 'Project runs in a VPC',
        remediation: 'Attach a vpcConfig.',
        evaluatedAt: '2026-11-25T12:00:00.000Z',
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
        exemption: { source: 'tag', applied: true, reason: 'RISK-42', until: '2026-12-31' },
        arn: 'arn:aws:codebuild:eu-west-1:123456789012:project/legacy',
        severity: 'high',
        title: 'Project runs in a VPC',
        remediation: 'Attach a vpcConfig.',
        evaluatedAt: '2026-11-25T12:00:00.000Z',
      },
      {
        rule: 'test-repository-private',
        resourceType: 'AWS::ECR::Repository',
        resourceId: 'builder',
        resourceName: 'builder',
        region: 'eu-west-1',
        compliance: 'COMPLIANT',
        annotation: '',
        arn: 'arn:aws:ecr:eu-west-1:123456789012:repository/builder',
        severity: 'medium',
        title: 'Repository is private',
        remediation: 'Remove the public statement.',
        evaluatedAt: '2026-11-25T12:00:00.000Z',
      },
    ]);
  });

  it("uses each rule's parameters, validated with the Lambda path's schema", async () => {
    // Prepare
    const readers = fakeReaders({
      'AWS::ECR::Repository': [ecrRepository({ name: 'web', policy: { kind: 'document', document: {} } })],
    });
    const req = request([repositoryPrivate]);
    req.params.set(repositoryPrivate.id, parseRuleParameters(repositoryPrivate, { allowedNames: 'web' }));

    // Act
    const result = await runScan(req, deps({ 'eu-west-1': readers }));

    // Assess
    expect(result.findings.map((f) => `${f.compliance} ${f.annotation}`)).toEqual(['COMPLIANT allowed']);
  });

  it('lists each type once per Region, whatever the number of rules reading it', async () => {
    // Prepare
    const twin = { ...projectInVpc, id: 'test-project-in-vpc-twin' };
    const readers = fakeReaders({ 'AWS::CodeBuild::Project': [project('app-build')] });

    // Act
    await runScan(request([projectInVpc, twin]), deps({ 'eu-west-1': readers }));

    // Assess
    expect(readers.calls).toEqual(['list AWS::CodeBuild::Project']);
  });

  it('loads the network of the VPCs a rule reads, once, with the same facts the Lambda path gives it', async () => {
    // Prepare
    const readers = fakeReaders(
      { 'AWS::CodeBuild::Project': [project('app-build')] },
      { network: facts(privateVpc()) },
    );

    // Act
    const result = await runScan(request([noInternetEgress]), deps({ 'eu-west-1': readers }));

    // Assess
    expect(result.errors).toEqual([]);
    expect(result.findings.map((f) => f.compliance)).toEqual(['COMPLIANT']);
    expect(readers.calls).toEqual(['list AWS::CodeBuild::Project', 'network vpc-0a1b']);
  });

  it("with buildPaths, derives each project's build path from the same reads, with the rules' parameters", async () => {
    // Prepare
    const readers = fakeReaders(
      {
        'AWS::CodeBuild::Project': [project('app-build'), project('leaky', { vpcConfig: undefined })],
      },
      { network: facts(withRoutes(privateVpc(), RTB_PRIVATE, route('10.9.0.0/16', 'tgw-01'))) },
    );
    const scanRequest = request([noInternetEgress]);
    scanRequest.params.set(
      noInternetEgress.id,
      parseRuleParameters(noInternetEgress, { allowedEgressTargets: 'tgw-' }),
    );

    // Act
    const result = await runScan({ ...scanRequest, buildPaths: true }, deps({ 'eu-west-1': readers }));

    // Assess
    expect(result.errors).toEqual([]);
    expect(
      result.buildPaths?.map((p) => [p.project, p.vpcId, p.subnets.map((s) => s.egress.length)]),
    ).toEqual([
      ['app-build', 'vpc-0a1b', [0]],
      ['leaky', undefined, []],
    ]);
    expect(result.buildPaths?.[0]?.needs.map((n) => `${n.service} ${n.status}`)).toEqual([
      's3 present',
      'ecr.api present',
      'ecr.dkr present',
      'logs present',
      'codecommit present',
      'git-codecommit present',
    ]);
  });

  it("with buildPaths, a network read that fails is one report error (merged with the rule's) and no path", async () => {
    // Prepare
    const readers = fakeReaders(
      { 'AWS::CodeBuild::Project': [project('app-build')] },
      { network: awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.') },
    );

    // Act
    const result = await runScan(
      { ...request([noInternetEgress]), buildPaths: true },
      deps({ 'eu-west-1': readers }),
    );

    // Assess
    expect(result.buildPaths).toEqual([]);
    expect(result.errors.map((e) => [e.code, e.rules])).toEqual([
      ['UnauthorizedOperation', ['codebuild-project-no-internet-egress']],
    ]);
  });

  it('without buildPaths, reads nothing more and returns none', async () => {
    // Prepare
    const readers = fakeReaders({ 'AWS::CodeBuild::Project': [project('app-build')] });

    // Act
    const result = await runScan(request([projectInVpc]), deps({ 'eu-west-1': readers }));

    // Assess
    expect(result).not.toHaveProperty('buildPaths');
    expect(readers.calls).toEqual(['list AWS::CodeBuild::Project']);
  });

  it('reports AccessDenied with Region, service, operation, the denied permission and every rule it blocked', async () => {
    // Prepare
    const readers = fakeReaders({
      'AWS::CodeBuild::Project': denied('codebuild:ListProjects'),
      'AWS::ECR::Repository': [ecrRepository()],
    });
    const twin = { ...projectInVpc, id: 'test-project-in-vpc-twin' };

    // Act
    const result = await runScan(
      request([projectInVpc, twin, repositoryPrivate]),
      deps({ 'eu-west-1': readers }),
    );

    // Assess
    expect(result.errors).toEqual([
      {
        region: 'eu-west-1',
        service: 'codebuild',
        operation: 'ListProjects',
        permission: 'codebuild:ListProjects',
        code: 'AccessDeniedException',
        message:
          'listing AWS::CodeBuild::Project: User: arn:aws:sts::123456789012:assumed-role/ci/scan is not authorized to perform: codebuild:ListProjects because no identity-based policy allows the codebuild:ListProjects action',
        rules: ['test-project-in-vpc', 'test-project-in-vpc-twin'],
      },
    ]);
    // What could be evaluated still is.
    expect(result.findings.map((f) => f.rule)).toEqual(['test-repository-private']);
  });

  it('names the permissions a read needs when AccessDenied does not say which action was denied', async () => {
    // Prepare
    const readers = fakeReaders(
      { 'AWS::CodeBuild::Project': [project('app-build')] },
      { network: awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.') },
    );

    // Act
    const result = await runScan(request([noInternetEgress]), deps({ 'eu-west-1': readers }));

    // Assess
    expect(result.errors).toEqual([
      {
        region: 'eu-west-1',
        service: 'ec2',
        code: 'UnauthorizedOperation',
        message:
          'loading the network of vpc-0a1b: You are not authorized to perform this operation. (needs ec2:DescribeVpcs, ec2:DescribeVpcAttribute, ec2:DescribeRouteTables, ec2:DescribeSubnets, ec2:DescribeVpcEndpoints, ec2:DescribeSecurityGroups, ec2:DescribeDhcpOptions)',
        rules: ['codebuild-project-no-internet-egress'],
      },
    ]);
  });

  it('skips a Region whose STS call fails, with one error, and scans the others', async () => {
    // Prepare
    const readers = {
      'us-east-1': fakeReaders({
        'AWS::CodeBuild::Project': [project('app-build', { region: 'us-east-1' })],
      }),
    };
    const callerAccount = async (region: string) => {
      if (region === 'eu-nowhere-1') {
        throw networkError('ENOTFOUND', 'getaddrinfo ENOTFOUND sts.eu-nowhere-1.amazonaws.com');
      }
      return '123456789012';
    };

    // Act
    const result = await runScan(
      request([projectInVpc], ['eu-nowhere-1', 'us-east-1']),
      deps(readers, { callerAccount }),
    );

    // Assess
    expect(result.regions).toEqual(['eu-nowhere-1', 'us-east-1']);
    expect(result.errors).toEqual([
      {
        region: 'eu-nowhere-1',
        service: 'sts',
        operation: 'GetCallerIdentity',
        code: 'ENOTFOUND',
        message:
          'could not reach the service: getaddrinfo ENOTFOUND sts.eu-nowhere-1.amazonaws.com (is the Region name right, and is the network reachable?); Region eu-nowhere-1 was not scanned',
        rules: ['test-project-in-vpc'],
      },
    ]);
    expect(result.findings.map((f) => `${f.region} ${f.resourceId}`)).toEqual(['us-east-1 app-build']);
  });

  it('returns a null account when no Region could be reached', async () => {
    // Act
    const result = await runScan(
      request([projectInVpc]),
      deps(
        {},
        {
          callerAccount: async () => {
            throw awsError('CredentialsProviderError', 'Could not load credentials from any providers');
          },
        },
      ),
    );

    // Assess
    expect(result.account).toBeNull();
    expect(result.errors).toMatchObject([
      {
        service: 'sts',
        code: 'CredentialsProviderError',
        message:
          'Could not load credentials from any providers: check the credentials (AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, aws sso login); Region eu-west-1 was not scanned',
      },
    ]);
  });

  it('reports a rule that throws on one resource, and still evaluates the others', async () => {
    // Prepare
    const fragile = defineRule({
      ...projectInVpc,
      id: 'test-fragile',
      evaluate(resource, context, params) {
        if (resource.resourceName === 'boom') throw new TypeError('cannot read vpcConfig');
        return projectInVpc.evaluate(resource, context, params);
      },
    });
    const readers = fakeReaders({ 'AWS::CodeBuild::Project': [project('boom'), project('app-build')] });

    // Act
    const result = await runScan(request([fragile]), deps({ 'eu-west-1': readers }));

    // Assess
    expect(result.findings.map((f) => f.resourceId)).toEqual(['app-build']);
    expect(result.errors).toEqual([
      {
        region: 'eu-west-1',
        code: 'RuleEvaluationError',
        message: 'rule test-fragile failed on resource boom: cannot read vpcConfig',
        resourceId: 'boom',
        rules: ['test-fragile'],
      },
    ]);
  });

  it('reports each resource that could not be read as an error naming it, and still evaluates the others', async () => {
    // Prepare: one project listed but denied on its own read, one deleted meanwhile (not listed).
    const failure = new ResourceReadError(
      'AWS::CodeBuild::Project',
      'locked',
      denied('codebuild:BatchGetProjects'),
    );
    const readers = fakeReaders({
      'AWS::CodeBuild::Project': { resources: [project('app-build')], failures: [failure] },
    });

    // Act
    const result = await runScan(request([projectInVpc]), deps({ 'eu-west-1': readers }));

    // Assess
    expect(result.findings.map((f) => f.resourceId)).toEqual(['app-build']);
    expect(result.errors).toEqual([
      {
        region: 'eu-west-1',
        service: 'codebuild',
        operation: 'BatchGetProjects',
        permission: 'codebuild:BatchGetProjects',
        code: 'AccessDeniedException',
        message: `could not read AWS::CodeBuild::Project locked: AccessDeniedException: ${denied('codebuild:BatchGetProjects').message}`,
        resourceId: 'locked',
        rules: [projectInVpc.id],
      },
    ]);
  });

  it('orders findings by rule, then Region, then verdict, and reports progress per Region and rule', async () => {
    // Prepare
    const steps: ScanStep[] = [];
    const readers = {
      'eu-west-1': fakeReaders({ 'AWS::CodeBuild::Project': [project('b')] }),
      'us-east-1': fakeReaders({
        'AWS::CodeBuild::Project': [project('a', { region: 'us-east-1', vpcConfig: undefined })],
      }),
    };

    // Act
    const result = await runScan(
      request(TEST_RULES, ['us-east-1', 'eu-west-1']),
      deps(readers, { onProgress: (step) => steps.push(step) }),
    );

    // Assess
    expect(result.findings.map((f) => `${f.rule} ${f.region} ${f.compliance} ${f.resourceId}`)).toEqual([
      'test-project-in-vpc us-east-1 NON_COMPLIANT a',
      'test-project-in-vpc eu-west-1 COMPLIANT b',
    ]);
    expect(
      steps.map(
        (s) =>
          `${s.regionIndex + 1}/${s.regionCount} ${s.region} ${s.ruleIndex + 1}/${s.ruleCount} ${s.rule}`,
      ),
    ).toEqual([
      '1/2 us-east-1 1/2 test-project-in-vpc',
      '1/2 us-east-1 2/2 test-repository-private',
      '2/2 eu-west-1 1/2 test-project-in-vpc',
      '2/2 eu-west-1 2/2 test-repository-private',
    ]);
  });
});

describe('mergeErrors', () => {
  it('merges errors that differ only by rule, keeping first-seen order', () => {
    expect(
      mergeErrors([
        { region: 'r', service: 's', code: 'C', message: 'm', rules: ['a'] },
        { region: 'r', service: 's', code: 'D', message: 'm', rules: ['a'] },
        { region: 'r', service: 's', code: 'C', message: 'm', rules: ['b', 'a'] },
      ]),
    ).toEqual([
      { region: 'r', service: 's', code: 'C', message: 'm', rules: ['a', 'b'] },
      { region: 'r', service: 's', code: 'D', message: 'm', rules: ['a'] },
    ]);
  });
});
