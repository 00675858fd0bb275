/**
 * Registry-level ECR rules and the CodeCommit rule through the real handler (createHandler) with
 * scheduled events, real SDK clients over HTTP against moto (through the Config emulator front).
 *
 * What moto checks end to end: the registry policy (PutRegistryPolicy / GetRegistryPolicy),
 * replication (PutReplicationConfiguration / DescribeRegistry), registry scanning
 * (Put/GetRegistryScanningConfiguration), ECR repositories, CodeBuild projects and the VPC facts.
 *
 * What moto lacks, and how it is covered instead:
 *  - Pull-through cache rules (no DescribePullThroughCacheRules): here the reader's list for that
 *    type returns the model of the Describe fixture; the collector and adapter are unit-tested
 *    against Describe-shaped fixtures (test/unit/lib/collect/ecr-registry.test.ts,
 *    test/unit/lib/resources/ecr-pull-through-cache-rule.test.ts).
 *  - ECR Public (no API): only the us-east-1 gate is checked here (nothing is called from
 *    eu-west-1); collector and adapter are unit-tested (test/unit/lib/collect/ecr-public.test.ts).
 *  - CodeCommit ListRepositories: the reader's list for AWS::CodeCommit::Repository returns
 *    builder models, while projects and networks are real; the collector is unit-tested
 *    (test/unit/lib/collect/codecommit.test.ts).
 */
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  ModifyVpcAttributeCommand,
} from '@aws-sdk/client-ec2';
import {
  CreateRepositoryCommand,
  DeleteRegistryPolicyCommand,
  PutLifecyclePolicyCommand,
  PutRegistryPolicyCommand,
  PutRegistryScanningConfigurationCommand,
  PutReplicationConfigurationCommand,
  type Repository,
} from '@aws-sdk/client-ecr';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ecrItem } from '../../emulator/config-items';
import { createProject, createVpcEndpoint, LIFECYCLE_POLICY } from '../../emulator/reference-pipeline';
import { createHandler } from '../../handlers/evaluate';
import { describeSource } from '../../lib/collect/source';
import type { AwsReaders } from '../../lib/config/evaluate-event';
import type { Log } from '../../lib/log';
import { fromDescribe as pullThroughCacheRuleFrom } from '../../lib/resources/ecr-pull-through-cache-rule';
import type { Resource, ResourceType } from '../../lib/resources/model';
import { ruleForConfigRuleName } from '../../rules/index';
import { describedPullThroughCacheRules } from '../fixtures/config';
import { changeEvent, scheduledEvent } from '../fixtures/events';
import { codeCommitRepository } from '../fixtures/models';
import { ACCOUNT_ID, REGION, startTestAws, type TestAws } from './support/aws';

const SWEEP_TIME = '2026-11-25T11:00:00.000Z';
const SWEEP_SECONDS = Date.parse(SWEEP_TIME) / 1000;
const CAPTURE_SECONDS = Date.parse('2026-11-25T10:00:00.000Z') / 1000;
const silent: Log = { info() {}, warn() {}, error() {} };

let aws: TestAws;

/** The reader over moto, with the lists moto cannot produce replaced by `stubbed` models. */
function readers(stubbed: Partial<Record<ResourceType, Resource[]>> = {}): AwsReaders {
  const real = describeSource(aws.options);
  return {
    ...real,
    list: (type) => {
      const models = stubbed[type];
      return models ? Promise.resolve(models) : real.list(type);
    },
  };
}

/** The pull-through cache rule `docker-hub` of the Describe fixture (moto has none). */
const dockerHubCache = () => {
  const [rule] = describedPullThroughCacheRules();
  if (!rule) throw new Error('fixture has no pull-through cache rule');
  return pullThroughCacheRuleFrom(rule, { region: REGION });
};

async function sweep(rule: string, stubbed: Partial<Record<ResourceType, Resource[]>> = {}, parameters = {}) {
  aws.emulator.clear();
  const handler = createHandler({
    config: aws.config,
    aws: readers(stubbed),
    findRule: ruleForConfigRuleName,
    log: silent,
    region: REGION,
    now: () => new Date('2026-11-25T12:00:00Z'),
  });
  const summary = await handler(
    scheduledEvent({
      configRuleName: `ppguard-${rule}`,
      notificationCreationTime: SWEEP_TIME,
      ruleParameters: parameters,
    }),
  );
  expect(aws.emulator.violations).toEqual([]);
  return summary;
}

async function createRepository(
  name: string,
  options: { scanOnPush: boolean; immutable: boolean; lifecycle: boolean },
) {
  const { repository } = await aws.ecr.send(
    new CreateRepositoryCommand({
      repositoryName: name,
      imageTagMutability: options.immutable ? 'IMMUTABLE' : 'MUTABLE',
      imageScanningConfiguration: { scanOnPush: options.scanOnPush },
    }),
  );
  if (options.lifecycle) {
    await aws.ecr.send(
      new PutLifecyclePolicyCommand({ repositoryName: name, lifecyclePolicyText: LIFECYCLE_POLICY }),
    );
  }
  if (!repository) throw new Error(`repository ${name} not created`);
  return repository;
}

const registryPolicy = (account: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'ReplicateFromPartner',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${account}:root` },
        Action: ['ecr:CreateRepository', 'ecr:ReplicateImage'],
        Resource: `arn:aws:ecr:${REGION}:${ACCOUNT_ID}:repository/*`,
      },
    ],
  });

beforeAll(async () => {
  aws = await startTestAws();
});

afterAll(async () => {
  await aws?.close();
});

beforeEach(() => {
  aws.emulator.unseedAll();
});

describe('ecr-registry-no-external-sharing', () => {
  const rule = 'ecr-registry-no-external-sharing';

  it('reports the registry policy, replication and a pull-through cache rule that share outside the trusted accounts', async () => {
    // Prepare
    await aws.ecr.send(new PutRegistryPolicyCommand({ policyText: registryPolicy('333333333333') }));
    await aws.ecr.send(
      new PutReplicationConfigurationCommand({
        replicationConfiguration: {
          rules: [
            {
              destinations: [{ region: 'eu-central-1', registryId: '444444444444' }],
              repositoryFilters: [{ filter: 'prod', filterType: 'PREFIX_MATCH' }],
            },
          ],
        },
      }),
    );

    // Act
    const summary = await sweep(
      rule,
      { 'AWS::ECR::PullThroughCacheRule': [dockerHubCache()] },
      { trustedAccounts: '111111111111' },
    );

    // Assess
    expect(summary.evaluations).toBe(3);
    expect(aws.emulator.evaluations).toEqual([
      {
        ComplianceResourceType: 'AWS::ECR::PullThroughCacheRule',
        ComplianceResourceId: 'docker-hub',
        ComplianceType: 'NON_COMPLIANT',
        Annotation:
          'pull-through cache rule docker-hub caches registry-1.docker.io (docker-hub): a registry outside AWS, ' +
          'pulled over the internet; not listed in allowedUpstreams',
        OrderingTimestamp: SWEEP_SECONDS,
      },
      {
        ComplianceResourceType: 'AWS::ECR::RegistryPolicy',
        ComplianceResourceId: ACCOUNT_ID,
        ComplianceType: 'NON_COMPLIANT',
        Annotation:
          `registry policy of ${ACCOUNT_ID} shares the registry: statement "ReplicateFromPartner" allows account ` +
          '333333333333; to pass, limit callers to trusted accounts/orgs or own VPCs/endpoints',
        OrderingTimestamp: SWEEP_SECONDS,
      },
      {
        ComplianceResourceType: 'AWS::ECR::ReplicationConfiguration',
        ComplianceResourceId: ACCOUNT_ID,
        ComplianceType: 'NON_COMPLIANT',
        Annotation:
          'replication copies images to untrusted accounts: rule #1 copies repositories prefixed prod to account ' +
          '444444444444 (eu-central-1)',
        OrderingTimestamp: SWEEP_SECONDS,
      },
    ]);
    expect(aws.emulator.count('ecr.GetRegistryPolicy')).toBe(1);
    expect(aws.emulator.count('ecr.DescribeRegistry')).toBe(1);
  });

  it('reports sharing with trusted accounts and an allowed upstream COMPLIANT', async () => {
    // Prepare
    await aws.ecr.send(new PutRegistryPolicyCommand({ policyText: registryPolicy('111111111111') }));
    await aws.ecr.send(
      new PutReplicationConfigurationCommand({
        replicationConfiguration: {
          rules: [{ destinations: [{ region: 'eu-central-1', registryId: ACCOUNT_ID }] }],
        },
      }),
    );

    // Act
    await sweep(
      rule,
      { 'AWS::ECR::PullThroughCacheRule': [dockerHubCache()] },
      { trustedAccounts: '111111111111', allowedUpstreams: 'registry-1.docker.io' },
    );

    // Assess
    expect(
      aws.emulator.evaluations.map((e) => [e.ComplianceResourceType, e.ComplianceType, e.Annotation]),
    ).toEqual([
      [
        'AWS::ECR::PullThroughCacheRule',
        'COMPLIANT',
        'pull-through cache rule docker-hub caches registry-1.docker.io (docker-hub), listed in allowedUpstreams',
      ],
      [
        'AWS::ECR::RegistryPolicy',
        'COMPLIANT',
        `registry policy of ${ACCOUNT_ID} grants only trusted principals`,
      ],
      [
        'AWS::ECR::ReplicationConfiguration',
        'COMPLIANT',
        'replication copies images only to trusted accounts',
      ],
    ]);
  });

  it('reports nothing for a registry without policy, replication or cache rules', async () => {
    // Prepare
    await aws.ecr.send(new DeleteRegistryPolicyCommand({}));
    await aws.ecr.send(new PutReplicationConfigurationCommand({ replicationConfiguration: { rules: [] } }));

    // Act
    const summary = await sweep(rule, { 'AWS::ECR::PullThroughCacheRule': [] });

    // Assess
    expect(summary.evaluations).toBe(0);
    expect(aws.emulator.evaluations).toEqual([]);
  });
});

describe('ecr-repository-hygiene', () => {
  const rule = 'ecr-repository-hygiene';
  let prodApi: Repository;

  beforeAll(async () => {
    prodApi = await createRepository('prod-api', { scanOnPush: false, immutable: false, lifecycle: false });
    await createRepository('builder', { scanOnPush: true, immutable: true, lifecycle: true });
  });

  it('reads the registry scanning configuration once per sweep: BASIC without rules leaves prod-api unscanned', async () => {
    // Prepare
    await aws.ecr.send(new PutRegistryScanningConfigurationCommand({ scanType: 'BASIC', rules: [] }));

    // Act
    await sweep(rule);

    // Assess
    const verdicts = aws.emulator.evaluations.filter((e) =>
      ['prod-api', 'builder'].includes(e.ComplianceResourceId),
    );
    expect(verdicts).toEqual([
      {
        ComplianceResourceType: 'AWS::ECR::Repository',
        ComplianceResourceId: 'builder',
        ComplianceType: 'COMPLIANT',
        OrderingTimestamp: SWEEP_SECONDS,
      },
      {
        ComplianceResourceType: 'AWS::ECR::Repository',
        ComplianceResourceId: 'prod-api',
        ComplianceType: 'NON_COMPLIANT',
        Annotation:
          'repository prod-api: images are not scanned (scanOnPush off, no registry scan-on-push filter matches); ' +
          'tags are mutable (MUTABLE); no lifecycle policy; to pass, enable scanning, make tags IMMUTABLE, add a ' +
          'lifecycle policy',
        OrderingTimestamp: SWEEP_SECONDS,
      },
    ]);
    expect(aws.emulator.count('ecr.GetRegistryScanningConfiguration')).toBe(1);
  });

  it('with ENHANCED continuous scanning of prod*, scans prod-api and no longer builder (its scanOnPush is ignored)', async () => {
    // Prepare
    await aws.ecr.send(
      new PutRegistryScanningConfigurationCommand({
        scanType: 'ENHANCED',
        rules: [
          {
            scanFrequency: 'CONTINUOUS_SCAN',
            repositoryFilters: [{ filter: 'prod*', filterType: 'WILDCARD' }],
          },
        ],
      }),
    );

    // Act
    await sweep(rule);

    // Assess
    const verdicts = aws.emulator.evaluations
      .filter((e) => ['prod-api', 'builder'].includes(e.ComplianceResourceId))
      .map((e) => [e.ComplianceResourceId, e.ComplianceType, e.Annotation]);
    expect(verdicts).toEqual([
      [
        'builder',
        'NON_COMPLIANT',
        'repository builder: images are not scanned (ENHANCED registry scanning ignores scanOnPush and no ' +
          'scanning filter matches); to pass, enable scanning',
      ],
      [
        'prod-api',
        'NON_COMPLIANT',
        'repository prod-api: tags are mutable (MUTABLE); no lifecycle policy; to pass, make tags IMMUTABLE, ' +
          'add a lifecycle policy',
      ],
    ]);
  });

  it('loads the registry scanning configuration for a change-triggered evaluation too', async () => {
    // Prepare
    await aws.ecr.send(
      new PutRegistryScanningConfigurationCommand({
        scanType: 'BASIC',
        rules: [
          { scanFrequency: 'SCAN_ON_PUSH', repositoryFilters: [{ filter: '*', filterType: 'WILDCARD' }] },
        ],
      }),
    );
    aws.emulator.clear();
    const handler = createHandler({
      config: aws.config,
      aws: readers(),
      findRule: ruleForConfigRuleName,
      log: silent,
      region: REGION,
    });

    // Act
    await handler(changeEvent(ecrItem(prodApi), { configRuleName: `ppguard-${rule}` }));

    // Assess
    expect(aws.emulator.evaluations).toEqual([
      {
        ComplianceResourceType: 'AWS::ECR::Repository',
        ComplianceResourceId: 'prod-api',
        ComplianceType: 'NON_COMPLIANT',
        Annotation:
          'repository prod-api: tags are mutable (MUTABLE); no lifecycle policy; to pass, make tags IMMUTABLE, ' +
          'add a lifecycle policy',
        OrderingTimestamp: CAPTURE_SECONDS,
      },
    ]);
    expect(aws.emulator.count('ecr.GetRegistryScanningConfiguration')).toBe(1);
  });
});

describe('ecr-public-repository-absent', () => {
  it('lists nothing outside us-east-1 and never calls ECR Public', async () => {
    // Act
    const summary = await sweep('ecr-public-repository-absent');

    // Assess
    expect(summary.evaluations).toBe(0);
    expect([...aws.emulator.calls.keys()].filter((operation) => operation.startsWith('ecr-public.'))).toEqual(
      [],
    );
  });
});

describe('codecommit-repository-private-access', () => {
  const network = { endpointVpc: '', bareVpc: '' };

  /** A VPC with DNS attributes on, one subnet and a security group; optionally a git-codecommit endpoint. */
  async function createVpc(cidr: string, withEndpoint: boolean) {
    const { Vpc } = await aws.ec2.send(new CreateVpcCommand({ CidrBlock: cidr }));
    const vpcId = Vpc?.VpcId ?? '';
    await aws.ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsSupport: { Value: true } }));
    await aws.ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsHostnames: { Value: true } }));
    const { Subnet } = await aws.ec2.send(
      new CreateSubnetCommand({
        VpcId: vpcId,
        CidrBlock: cidr.replace('0.0/16', '1.0/24'),
        AvailabilityZone: `${REGION}a`,
      }),
    );
    const { GroupId } = await aws.ec2.send(
      new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: `builds-${cidr}`, Description: 'builds' }),
    );
    const subnetId = Subnet?.SubnetId ?? '';
    const securityGroupId = GroupId ?? '';
    // The group admits HTTPS from itself: the endpoint and the builds share it.
    await aws.ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: securityGroupId,
        IpPermissions: [
          { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, UserIdGroupPairs: [{ GroupId: securityGroupId }] },
        ],
      }),
    );
    if (withEndpoint) {
      await createVpcEndpoint(
        aws,
        { vpcId, region: REGION, privateSubnetIds: [subnetId, subnetId], securityGroupId },
        'git-codecommit',
      );
    }
    return { vpcId, subnetIds: [subnetId], securityGroupId };
  }

  beforeAll(async () => {
    const withEndpoint = await createVpc('10.10.0.0/16', true);
    const bare = await createVpc('10.20.0.0/16', false);
    network.endpointVpc = withEndpoint.vpcId;
    network.bareVpc = bare.vpcId;
    await createProject(aws, 'app-build', withEndpoint);
    await createProject(aws, 'lib-build', bare);
    await createProject(aws, 'open-build', undefined);
  });

  it('loads the network of every VPC whose projects clone a repository, in one load, and reports the VPC at fault', async () => {
    // Prepare
    const repositories = [codeCommitRepository({ name: 'app' }), codeCommitRepository({ name: 'unused' })];

    // Act
    const summary = await sweep('codecommit-repository-private-access', {
      'AWS::CodeCommit::Repository': repositories,
    });

    // Assess
    expect(summary.evaluations).toBe(2);
    expect(aws.emulator.evaluations).toEqual([
      {
        ComplianceResourceType: 'AWS::CodeCommit::Repository',
        ComplianceResourceId: 'app',
        ComplianceType: 'NON_COMPLIANT',
        Annotation: `repository app is cloned from VPCs without a usable git-codecommit endpoint: ${network.bareVpc} (lib-build): no git-codecommit endpoint`,
        OrderingTimestamp: SWEEP_SECONDS,
      },
      {
        ComplianceResourceType: 'AWS::CodeCommit::Repository',
        ComplianceResourceId: 'unused',
        ComplianceType: 'COMPLIANT',
        Annotation: 'repository unused is used by no CodeBuild project in a VPC',
        OrderingTimestamp: SWEEP_SECONDS,
      },
    ]);
    // Both VPCs came from one network load (one filtered call per Describe API).
    expect(aws.emulator.count('ec2.DescribeVpcEndpoints')).toBe(1);
    expect(aws.emulator.count('ec2.DescribeRouteTables')).toBe(1);
  });
});
