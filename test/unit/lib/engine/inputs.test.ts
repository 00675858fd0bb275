/**
 * The inputs both the Lambda pipeline and the CLI scan give a rule (lib/engine/inputs.ts): each
 * type listed once per run, network facts of the VPCs networkOf() names (a list of VPCs, or VPCs
 * read from every project), project visibility filled in, the registry's scanning configuration
 * read once, and a rule that throws reported per resource.
 */
import { describe, expect, it } from 'vitest';
import { evaluateResources, networksOf, RunInputs } from '../../../../lib/engine/inputs';
import { compliant, defineRule, nonCompliant } from '../../../../lib/engine/rule';
import { parseRuleParameters } from '../../../../lib/engine/run';
import type { Resource, ResourceType } from '../../../../lib/resources/model';
import {
  codeBuildProject,
  codeCommitRepository,
  ecrRepository,
  vpc,
  vpcEndpoint,
} from '../../../fixtures/models';
import { facts, privateVpc } from '../../../fixtures/network';
import { fakeReaders } from '../cli/support';

const scope = { accountId: '123456789012', region: 'eu-west-1', now: new Date('2026-11-25T12:00:00Z') };

const visibilityRule = defineRule({
  id: 'test-visibility',
  title: 't',
  severity: 'low',
  resourceTypes: ['AWS::CodeBuild::Project'],
  rationale: 'r',
  remediation: 'f',
  parameters: {},
  needs: ['projectVisibility'],
  evaluate: (project) => compliant(project.visibility ?? 'missing'),
});

/** A repository rule reading the VPCs of every project that uses it (a list, from inputs). */
const repositoryRule = defineRule({
  id: 'test-repository-vpcs',
  title: 't',
  severity: 'low',
  resourceTypes: ['AWS::CodeCommit::Repository'],
  rationale: 'r',
  remediation: 'f',
  parameters: {},
  needs: ['codeBuildProjects', 'network'],
  networkOf: (_repository, inputs) => inputs.codeBuildProjects.flatMap((p) => p.vpcConfig?.vpcId ?? []),
  evaluate: (repository, context) =>
    context.network.vpc('vpc-0a1b').exists && context.codeBuildProjects.length === 2
      ? compliant(`${repository.name}: ${context.codeBuildProjects.length} projects`)
      : nonCompliant('inputs missing'),
});

const scanningRule = defineRule({
  id: 'test-scanning',
  title: 't',
  severity: 'low',
  resourceTypes: ['AWS::ECR::Repository'],
  rationale: 'r',
  remediation: 'f',
  parameters: {},
  needs: ['ecrRegistryScanning'],
  evaluate: (_repository, context) => compliant(context.ecrRegistryScanning.scanType),
});

const params = (rule: Parameters<typeof parseRuleParameters>[0]) => parseRuleParameters(rule, {});

describe('RunInputs', () => {
  it('lists each type once, whatever the number of rules and calls', async () => {
    // Prepare
    const aws = fakeReaders({ 'AWS::ECR::Repository': [ecrRepository()] });
    const inputs = new RunInputs(aws);

    // Act
    await Promise.all([inputs.list('AWS::ECR::Repository'), inputs.resourcesOf(scanningRule)]);
    await inputs.list('AWS::ECR::Repository');

    // Assess
    expect(aws.calls).toEqual(['list AWS::ECR::Repository']);
  });
});

describe('evaluateResources', () => {
  it('fills in project visibility from the Describe view when the resource lacks it (a Config item)', async () => {
    // Prepare
    const described = codeBuildProject({ name: 'app', visibility: 'PUBLIC_READ' });
    const fromConfig = codeBuildProject({
      name: 'app',
      visibility: undefined,
      unrecorded: {
        visibility: { key: 'configuration.projectVisibility', read: 'codebuild:BatchGetProjects' },
      },
    });
    const aws = fakeReaders({ 'AWS::CodeBuild::Project': [described] });

    // Act
    const outcome = await evaluateResources(
      visibilityRule,
      params(visibilityRule),
      [fromConfig],
      new RunInputs(aws),
      scope,
    );

    // Assess
    expect(outcome.evaluations.map((e) => e.annotation)).toEqual(['project app: PUBLIC_READ']);
    expect(aws.calls).toEqual(['describe AWS::CodeBuild::Project app']);
  });

  it('loads the network of every VPC networkOf() names from the projects, once, and passes the projects', async () => {
    // Prepare
    const projects: Partial<Record<ResourceType, Resource[]>> = {
      'AWS::CodeBuild::Project': [
        codeBuildProject({ name: 'a' }),
        codeBuildProject({
          name: 'b',
          vpcConfig: { vpcId: 'vpc-0a1b', subnetIds: ['subnet-0c1d'], securityGroupIds: ['sg-0e1f'] },
        }),
      ],
    };
    const aws = fakeReaders(projects, { network: facts(privateVpc()) });
    const repositories = [codeCommitRepository({ name: 'app' }), codeCommitRepository({ name: 'lib' })];

    // Act
    const outcome = await evaluateResources(
      repositoryRule,
      params(repositoryRule),
      repositories,
      new RunInputs(aws),
      scope,
    );

    // Assess
    expect(outcome.evaluations.map((e) => `${e.compliance} ${e.annotation}`)).toEqual([
      'COMPLIANT app: 2 projects',
      'COMPLIANT lib: 2 projects',
    ]);
    expect(aws.calls).toEqual(['list AWS::CodeBuild::Project', 'network vpc-0a1b']);
    expect(networksOf(repositoryRule, repositories[0] as Resource, { codeBuildProjects: [] })).toEqual([]);
  });

  it('reads the registry scanning configuration once per run, for every rule that needs it', async () => {
    // Prepare
    const aws = fakeReaders({});
    const inputs = new RunInputs(aws);

    // Act
    const first = await evaluateResources(
      scanningRule,
      params(scanningRule),
      [ecrRepository()],
      inputs,
      scope,
    );
    await evaluateResources(
      scanningRule,
      params(scanningRule),
      [ecrRepository({ name: 'other' })],
      inputs,
      scope,
    );

    // Assess
    expect(first.evaluations.map((e) => e.annotation)).toEqual(['BASIC']);
    expect(aws.calls).toEqual(['ecrRegistryScanning']);
  });

  it("trusts each resource's own account, not the scope's", async () => {
    // Prepare
    const trustRule = defineRule({
      id: 'test-trust',
      title: 't',
      severity: 'low',
      resourceTypes: ['AWS::ECR::Repository'],
      rationale: 'r',
      remediation: 'f',
      parameters: {},
      evaluate: (repository, context) =>
        compliant(`${repository.accountId}: ${[...context.trust.accounts].sort().join(', ')}`),
    });
    const foreign = ecrRepository({ name: 'other', accountId: '210987654321' });

    // Act
    const outcome = await evaluateResources(
      trustRule,
      parseRuleParameters(trustRule, { trustedAccounts: '111122223333' }),
      [ecrRepository(), foreign],
      new RunInputs(fakeReaders({})),
      scope,
    );

    // Assess
    expect(outcome.evaluations.map((e) => e.annotation)).toEqual([
      '123456789012: 111122223333, 123456789012',
      '210987654321: 111122223333, 210987654321',
    ]);
  });

  it("fills each resource's trusted network ids with the VPCs and endpoints its account owns in its Region", async () => {
    // Prepare
    const networkTrustRule = defineRule({
      id: 'test-own-networks',
      title: 't',
      severity: 'low',
      resourceTypes: ['AWS::ECR::Repository'],
      rationale: 'r',
      remediation: 'f',
      parameters: {},
      needs: ['ownNetworks'],
      evaluate: (repository, context) =>
        compliant(`${repository.name}: ${[...context.trust.networkIds].sort().join(', ') || 'none'}`),
    });
    const aws = fakeReaders({
      'AWS::EC2::VPC': [
        vpc(),
        // Shared with the account through AWS RAM: its owner's traffic passes through it too.
        vpc({ vpcId: 'vpc-0shared', ownerId: '444455556666' }),
        vpc({ vpcId: 'vpc-0other', accountId: '210987654321' }),
      ],
      'AWS::EC2::VPCEndpoint': [
        vpcEndpoint(),
        // The own account's endpoint in another Region serves that Region only.
        vpcEndpoint({ endpointId: 'vpce-0eucentral', region: 'eu-central-1' }),
      ],
    });
    const repositories = [ecrRepository(), ecrRepository({ name: 'other', accountId: '210987654321' })];

    // Act
    const outcome = await evaluateResources(
      networkTrustRule,
      params(networkTrustRule),
      repositories,
      new RunInputs(aws),
      scope,
    );

    // Assess
    expect(outcome.evaluations.map((e) => e.annotation)).toEqual([
      'builder: vpc-0a1b, vpce-0123456789abcdef0',
      'other: vpc-0other',
    ]);
    expect(aws.calls.sort()).toEqual(['list AWS::EC2::VPC', 'list AWS::EC2::VPCEndpoint']);
  });

  it('trusts no network id for a rule that does not declare ownNetworks, and lists no network', async () => {
    // Prepare
    const plainRule = defineRule({
      id: 'test-no-own-networks',
      title: 't',
      severity: 'low',
      resourceTypes: ['AWS::ECR::Repository'],
      rationale: 'r',
      remediation: 'f',
      parameters: {},
      evaluate: (_repository, context) => compliant(`networks: ${context.trust.networkIds.size}`),
    });
    const aws = fakeReaders({ 'AWS::EC2::VPC': [vpc()], 'AWS::EC2::VPCEndpoint': [vpcEndpoint()] });

    // Act
    const outcome = await evaluateResources(
      plainRule,
      params(plainRule),
      [ecrRepository()],
      new RunInputs(aws),
      scope,
    );

    // Assess
    expect(outcome.evaluations.map((e) => e.annotation)).toEqual(['networks: 0']);
    expect(aws.calls).toEqual([]);
  });

  it('gives a network rule whose networkOf() names no VPC facts that fail on use, without reading the network', async () => {
    // Prepare
    const networkRule = defineRule({
      id: 'test-network',
      title: 't',
      severity: 'low',
      resourceTypes: ['AWS::ECR::Repository'],
      rationale: 'r',
      remediation: 'f',
      parameters: {},
      needs: ['network'],
      networkOf: () => undefined,
      evaluate: (repository, context) =>
        compliant(`${repository.name}: ${context.network.vpc('vpc-0a1b').vpcId}`),
    });
    const aws = fakeReaders({});

    // Act
    const outcome = await evaluateResources(
      networkRule,
      params(networkRule),
      [ecrRepository()],
      new RunInputs(aws),
      scope,
    );

    // Assess
    expect(outcome.evaluations).toEqual([]);
    expect(outcome.failures.map((f) => f.message)).toEqual([
      'rule test-network failed on resource builder: network facts of "vpc-0a1b" were not loaded: networkOf() named no VPC',
    ]);
    expect(aws.calls).toEqual([]);
  });

  it('throws when a declared input comes back absent: no rule reads an input that is not there', async () => {
    // Prepare
    const aws = { ...fakeReaders({}), ecrRegistryScanning: async () => undefined as never };

    // Act
    const evaluating = evaluateResources(
      scanningRule,
      params(scanningRule),
      [ecrRepository()],
      new RunInputs(aws),
      scope,
    );

    // Assess
    await expect(evaluating).rejects.toThrow('rule test-scanning: input ecrRegistryScanning was not loaded');
  });

  it('throws when an input cannot be read: nothing is evaluated on partial inputs', async () => {
    // Prepare
    const aws = fakeReaders({ 'AWS::CodeBuild::Project': new Error('AccessDenied') });

    // Act
    const evaluating = evaluateResources(
      repositoryRule,
      params(repositoryRule),
      [codeCommitRepository()],
      new RunInputs(aws),
      scope,
    );

    // Assess
    await expect(evaluating).rejects.toThrow('AccessDenied');
  });
});
