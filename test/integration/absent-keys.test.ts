/**
 * Absent is not empty, end to end (issue 15 §1): a Config change event whose item lacks a key the
 * rule needs is completed from the service API, through the real handler, real SDK clients over
 * HTTP against moto and the Config front; a completion read that fails is an error naming the
 * key, never a verdict; the Lambda sweep reads a recorded item lacking the policy key from ECR.
 *
 * Where moto falls short: it has no DescribePullThroughCacheRules, so for that type the reader's
 * describe answers the model of the Describe fixture (the collector and adapter are unit-tested,
 * test/unit/lib/collect/ecr-registry.test.ts); the handler, completion and rule are real.
 */
import { BatchGetProjectsCommand, CreateProjectCommand } from '@aws-sdk/client-codebuild';
import { CreateVpcCommand, CreateVpcEndpointCommand, DescribeVpcEndpointsCommand } from '@aws-sdk/client-ec2';
import {
  CreateRepositoryCommand,
  DeleteRegistryPolicyCommand,
  PutRegistryPolicyCommand,
  PutReplicationConfigurationCommand,
  type Repository,
  SetRepositoryPolicyCommand,
} from '@aws-sdk/client-ecr';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { codeBuildItem, ecrItem, toWireItem, vpcEndpointItem } from '../../emulator/config-items';
import { projectInput } from '../../emulator/reference-pipeline';
import { createHandler } from '../../handlers/evaluate';
import { collectRecordedEcrRepositories } from '../../lib/collect/ecr-recorded';
import { describeSource } from '../../lib/collect/source';
import type { AwsReaders } from '../../lib/config/evaluate-event';
import type { Log } from '../../lib/log';
import { fromDescribe as pullThroughCacheRuleFrom } from '../../lib/resources/ecr-pull-through-cache-rule';
import { ruleForConfigRuleName } from '../../rules/index';
import { describedPullThroughCacheRules, invocationItem } from '../fixtures/config';
import { changeEvent } from '../fixtures/events';
import { ACCOUNT_ID, REGION, startTestAws, type TestAws } from './support/aws';

const silent: Log = { info() {}, warn() {}, error() {} };
const PUBLIC = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Sid: 'Anyone', Effect: 'Allow', Principal: '*', Action: ['ecr:BatchGetImage'] }],
});

let aws: TestAws;

beforeAll(async () => {
  aws = await startTestAws();
});

afterAll(async () => {
  await aws?.close();
});

beforeEach(() => {
  aws.emulator.clear();
  aws.emulator.unseedAll();
});

/** moto has no DescribePullThroughCacheRules: that type is described from the Describe fixture. */
function readers(): AwsReaders {
  const real = describeSource(aws.options);
  const [rule] = describedPullThroughCacheRules();
  if (!rule) throw new Error('fixture has no pull-through cache rule');
  const cached = pullThroughCacheRuleFrom(rule, { region: REGION });
  return {
    ...real,
    list: (type) => (type === 'AWS::ECR::PullThroughCacheRule' ? Promise.resolve([cached]) : real.list(type)),
    describe: (type, names) =>
      type === 'AWS::ECR::PullThroughCacheRule'
        ? Promise.resolve({ resources: names.includes(cached.resourceName) ? [cached] : [], failures: [] })
        : real.describe(type, names),
  };
}

async function evaluate(rule: string, item: Record<string, unknown>, ruleParameters = {}) {
  const handler = createHandler({
    config: aws.config,
    aws: readers(),
    findRule: ruleForConfigRuleName,
    log: silent,
    region: REGION,
  });
  let error: Error | undefined;
  try {
    await handler(changeEvent(item, { configRuleName: `ppguard-${rule}`, ruleParameters }));
  } catch (thrown) {
    error = thrown as Error;
  }
  expect(aws.emulator.violations).toEqual([]);
  return { error, evaluations: aws.emulator.evaluations };
}

/** A copy of `item` whose configuration lacks `keys`. */
function without(item: Record<string, unknown>, ...keys: string[]): Record<string, unknown> {
  const configuration = { ...(item.configuration as Record<string, unknown>) };
  for (const key of keys) delete configuration[key];
  return { ...item, configuration };
}

async function publicRepository(name: string): Promise<Repository> {
  const { repository } = await aws.ecr.send(new CreateRepositoryCommand({ repositoryName: name }));
  if (!repository) throw new Error(`repository ${name} not created`);
  await aws.ecr.send(new SetRepositoryPolicyCommand({ repositoryName: name, policyText: PUBLIC }));
  return repository;
}

describe('AWS::ECR::Repository without RepositoryPolicyText', () => {
  it('reads the policy with GetRepositoryPolicy: a public repository is NON_COMPLIANT, not "no policy"', async () => {
    // Prepare
    const repository = await publicRepository('absent-public');
    const item = without(ecrItem(repository), 'RepositoryPolicyText');

    // Act
    const { error, evaluations } = await evaluate('ecr-repository-not-public', item);

    // Assess
    expect(error).toBeUndefined();
    expect(evaluations.map((e) => [e.ComplianceResourceId, e.ComplianceType])).toEqual([
      ['absent-public', 'NON_COMPLIANT'],
    ]);
    expect(aws.emulator.count('ecr.GetRepositoryPolicy')).toBe(1);
  });

  it('fails naming the missing key and the read when GetRepositoryPolicy is denied, and reports no verdict', async () => {
    // Prepare
    const repository = await publicRepository('absent-denied');
    const item = without(ecrItem(repository), 'RepositoryPolicyText');
    aws.emulator.injectFaults({ seed: 1, operations: { 'ecr.GetRepositoryPolicy': { denied: 1 } } });

    // Act
    const { error, evaluations } = await evaluate('ecr-repository-not-public', item);

    // Assess
    expect(error?.message).toBe(
      'could not read AWS::ECR::Repository absent-denied: configuration.RepositoryPolicyText is not in the ' +
        'configuration item and reading it (ecr:GetRepositoryPolicy) failed: AccessDeniedException: User: ' +
        'arn:aws:sts::123456789012:assumed-role/ppguard/test is not authorized to perform this operation (injected fault)',
    );
    expect(evaluations).toEqual([]);
    expect(aws.emulator.faults?.summary()).toEqual({ 'ecr.GetRepositoryPolicy': { denied: 1 } });
  });
});

describe('a recorded item of a resource deleted since', () => {
  it('gets no verdict and no error: the resource vanished (Config reports the deletion)', async () => {
    // Prepare: recorded, then deleted before the event is handled.
    const repository: Repository = {
      repositoryName: 'gone-since',
      repositoryArn: `arn:aws:ecr:${REGION}:${ACCOUNT_ID}:repository/gone-since`,
      registryId: ACCOUNT_ID,
    };
    const item = without(ecrItem(repository), 'RepositoryPolicyText');

    // Act
    const { error, evaluations } = await evaluate('ecr-repository-not-public', item);

    // Assess
    expect(error).toBeUndefined();
    expect(evaluations).toEqual([]);
    expect(aws.emulator.count('ecr.DescribeRepositories')).toBe(1);
  });
});

describe('AWS::ECR::RegistryPolicy without PolicyText', () => {
  it('reads the policy with GetRegistryPolicy: sharing with an untrusted account is NON_COMPLIANT', async () => {
    // Prepare
    await aws.ecr.send(
      new PutRegistryPolicyCommand({
        policyText: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'ReplicateFromPartner',
              Effect: 'Allow',
              Principal: { AWS: 'arn:aws:iam::333333333333:root' },
              Action: ['ecr:CreateRepository', 'ecr:ReplicateImage'],
              Resource: `arn:aws:ecr:${REGION}:${ACCOUNT_ID}:repository/*`,
            },
          ],
        }),
      }),
    );
    const item = without(
      invocationItem('ecr-registry-policy') as unknown as Record<string, unknown>,
      'PolicyText',
    );

    try {
      // Act
      const { error, evaluations } = await evaluate('ecr-registry-no-external-sharing', item);

      // Assess
      expect(error).toBeUndefined();
      expect(evaluations.map((e) => [e.ComplianceResourceType, e.ComplianceType])).toEqual([
        ['AWS::ECR::RegistryPolicy', 'NON_COMPLIANT'],
      ]);
      expect(aws.emulator.count('ecr.GetRegistryPolicy')).toBe(1);
    } finally {
      await aws.ecr.send(new DeleteRegistryPolicyCommand({}));
    }
  });
});

describe('AWS::ECR::ReplicationConfiguration whose rule lacks Destinations', () => {
  it('reads the rules with DescribeRegistry: replication to an untrusted account is NON_COMPLIANT, not []', async () => {
    // Prepare
    await aws.ecr.send(
      new PutReplicationConfigurationCommand({
        replicationConfiguration: {
          rules: [{ destinations: [{ region: 'eu-central-1', registryId: '444444444444' }] }],
        },
      }),
    );
    const item = {
      ...invocationItem('ecr-replication-configuration'),
      configuration: { RegistryId: ACCOUNT_ID, ReplicationConfiguration: { Rules: [{}] } },
    };

    // Act
    const { error, evaluations } = await evaluate('ecr-registry-no-external-sharing', item);

    // Assess
    expect(error).toBeUndefined();
    expect(evaluations).toEqual([
      {
        ComplianceResourceType: 'AWS::ECR::ReplicationConfiguration',
        ComplianceResourceId: ACCOUNT_ID,
        ComplianceType: 'NON_COMPLIANT',
        Annotation:
          'replication copies images to untrusted accounts: rule #1 copies all repositories to account ' +
          '444444444444 (eu-central-1)',
        OrderingTimestamp: Date.parse(String(item.configurationItemCaptureTime)) / 1000,
      },
    ]);
    expect(aws.emulator.count('ecr.DescribeRegistry')).toBe(1);
  });
});

describe('AWS::ECR::PullThroughCacheRule without UpstreamRegistry', () => {
  it('judges the upstream kind DescribePullThroughCacheRules gives, as the sweep does', async () => {
    // Prepare: docker-hub is allowed by kind; the item alone names only the host.
    const item = without(
      invocationItem('ecr-pull-through-cache-rule') as unknown as Record<string, unknown>,
      'UpstreamRegistry',
    );
    const allowed = { allowedUpstreams: 'docker-hub' };

    // Act
    const { error, evaluations } = await evaluate('ecr-registry-no-external-sharing', item, allowed);

    // Assess
    expect(error).toBeUndefined();
    expect(evaluations.map((e) => [e.ComplianceResourceId, e.ComplianceType, e.Annotation])).toEqual([
      [
        'docker-hub',
        'COMPLIANT',
        'pull-through cache rule docker-hub caches registry-1.docker.io (docker-hub), listed in allowedUpstreams',
      ],
    ]);
  });
});

describe('the Lambda sweep over a recorded item lacking the policy key', () => {
  it('reads the policy from ECR instead of reading "no policy"', async () => {
    // Prepare
    const repository = await publicRepository('recorded-without-policy');
    const item = without(ecrItem(repository), 'RepositoryPolicyText');
    aws.emulator.seed(toWireItem(item as ReturnType<typeof ecrItem>));
    aws.emulator.clear();

    // Act
    const listing = await collectRecordedEcrRepositories(aws.ecr, aws.config);

    // Assess
    expect(listing.failures).toEqual([]);
    const read = listing.resources.find((r) => r.name === 'recorded-without-policy');
    expect(read?.policy).toStrictEqual({ kind: 'document', document: JSON.parse(PUBLIC) });
    expect(read).not.toHaveProperty('unrecorded');
    expect(aws.emulator.count('config.BatchGetResourceConfig')).toBe(1);
  });
});

describe('AWS::EC2::VPCEndpoint without policyDocument', () => {
  it('reads the policy with DescribeVpcEndpoints: an open endpoint policy is NON_COMPLIANT, not "no policy"', async () => {
    // Prepare
    const { Vpc } = await aws.ec2.send(new CreateVpcCommand({ CidrBlock: '10.40.0.0/16' }));
    const open = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }],
    });
    const { VpcEndpoint } = await aws.ec2.send(
      new CreateVpcEndpointCommand({
        VpcId: Vpc?.VpcId,
        ServiceName: `com.amazonaws.${REGION}.s3`,
        VpcEndpointType: 'Gateway',
        PolicyDocument: open,
      }),
    );
    const { VpcEndpoints } = await aws.ec2.send(
      new DescribeVpcEndpointsCommand({ VpcEndpointIds: [VpcEndpoint?.VpcEndpointId ?? ''] }),
    );
    const [endpoint] = VpcEndpoints ?? [];
    if (!endpoint) throw new Error('endpoint not created');
    const item = without(vpcEndpointItem(endpoint), 'policyDocument');
    aws.emulator.clear();

    // Act
    const { error, evaluations } = await evaluate('vpc-endpoint-policy-restricted', item);

    // Assess
    expect(error).toBeUndefined();
    expect(evaluations.map((e) => [e.ComplianceResourceId, e.ComplianceType])).toEqual([
      [endpoint.VpcEndpointId, 'NON_COMPLIANT'],
    ]);
    expect(aws.emulator.count('ec2.DescribeVpcEndpoints')).toBeGreaterThan(0);
  });
});

describe('AWS::CodeBuild::Project without logsConfig (and, as every item, without projectVisibility)', () => {
  it('reads the project with BatchGetProjects: logging switched off is NON_COMPLIANT, not the default "on"', async () => {
    // Prepare
    await aws.codebuild.send(
      new CreateProjectCommand({
        ...projectInput('silent-build', undefined),
        logsConfig: { cloudWatchLogs: { status: 'DISABLED' }, s3Logs: { status: 'DISABLED' } },
      }),
    );
    const { projects } = await aws.codebuild.send(new BatchGetProjectsCommand({ names: ['silent-build'] }));
    const [project] = projects ?? [];
    if (!project) throw new Error('project not created');
    const item = without(codeBuildItem(project, 'uuid-silent-build'), 'logsConfig');
    aws.emulator.clear();

    // Act
    const { error, evaluations } = await evaluate('codebuild-project-logging', item);

    // Assess
    expect(error).toBeUndefined();
    expect(evaluations.map((e) => [e.ComplianceResourceId, e.ComplianceType])).toEqual([
      ['uuid-silent-build', 'NON_COMPLIANT'],
    ]);
    expect(aws.emulator.count('codebuild.BatchGetProjects')).toBe(1);
  });
});
