/**
 * handlers/evaluate end to end: real SDK clients over HTTP against moto (through the Config
 * emulator front), real Config event shapes, evaluations checked at the wire.
 */
import { BatchGetProjectsCommand, CreateProjectCommand, type Project } from '@aws-sdk/client-codebuild';
import { CreateVpcEndpointCommand, DescribeVpcEndpointsCommand } from '@aws-sdk/client-ec2';
import { CreateRepositoryCommand, SetRepositoryPolicyCommand } from '@aws-sdk/client-ecr';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { codeBuildItem, ecrItem, toWireItem, vpcEndpointItem } from '../../emulator/config-items';
import { createBuildNetwork } from '../../emulator/reference-pipeline';
import { createHandler } from '../../handlers/evaluate';
import { describeSource } from '../../lib/collect/source';
import { InvalidEventError } from '../../lib/config/event';
import { ConfigurationItemNotFoundError } from '../../lib/config/history';
import { InvalidParameterError } from '../../lib/engine/params';
import type { Log } from '../../lib/log';
import { ruleForConfigRuleName } from '../../rules/index';
import { changeEvent, deletedItem, oversizedEvent, scheduledEvent } from '../fixtures/events';
import { REGION, startTestAws, type TestAws } from './support/aws';

const CAPTURE_SECONDS = Date.parse('2026-11-25T10:00:00.000Z') / 1000;

class CapturingLog implements Log {
  readonly lines: { level: string; message: string; extra?: Record<string, unknown> }[] = [];
  info(message: string, extra?: Record<string, unknown>) {
    this.lines.push({ level: 'info', message, ...(extra ? { extra } : {}) });
  }
  warn(message: string, extra?: Record<string, unknown>) {
    this.lines.push({ level: 'warn', message, ...(extra ? { extra } : {}) });
  }
  error(message: string, extra?: Record<string, unknown>) {
    this.lines.push({ level: 'error', message, ...(extra ? { extra } : {}) });
  }
}

let aws: TestAws;
let log: CapturingLog;
let handler: ReturnType<typeof createHandler>;
const network = { vpcId: '', subnetId: '', securityGroupId: '' };

async function createProject(name: string, inVpc: boolean): Promise<Project> {
  await aws.codebuild.send(
    new CreateProjectCommand({
      name,
      source: {
        type: 'CODECOMMIT',
        location: `https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/${name}`,
      },
      artifacts: { type: 'NO_ARTIFACTS' },
      environment: {
        type: 'LINUX_CONTAINER',
        image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/builder:1',
        computeType: 'BUILD_GENERAL1_SMALL',
      },
      serviceRole: 'arn:aws:iam::123456789012:role/codebuild-app-role',
      ...(inVpc
        ? {
            vpcConfig: {
              vpcId: network.vpcId,
              subnets: [network.subnetId],
              securityGroupIds: [network.securityGroupId],
            },
          }
        : {}),
    }),
  );
  const { projects } = await aws.codebuild.send(new BatchGetProjectsCommand({ names: [name] }));
  const project = projects?.[0];
  if (!project) throw new Error(`project ${name} not found after creation`);
  return project;
}

async function createRepository(name: string, policy?: object) {
  const { repository } = await aws.ecr.send(new CreateRepositoryCommand({ repositoryName: name }));
  if (!repository) throw new Error(`repository ${name} not created`);
  const policyText = policy ? JSON.stringify(policy) : undefined;
  if (policyText) await aws.ecr.send(new SetRepositoryPolicyCommand({ repositoryName: name, policyText }));
  return { repository, policyText };
}

async function createEndpoint(service: string, privateDns: boolean) {
  const { VpcEndpoint } = await aws.ec2.send(
    new CreateVpcEndpointCommand({
      VpcId: network.vpcId,
      ServiceName: `com.amazonaws.${REGION}.${service}`,
      VpcEndpointType: 'Interface',
      SubnetIds: [network.subnetId],
      SecurityGroupIds: [network.securityGroupId],
      PrivateDnsEnabled: privateDns,
    }),
  );
  const { VpcEndpoints } = await aws.ec2.send(
    new DescribeVpcEndpointsCommand({ VpcEndpointIds: [VpcEndpoint?.VpcEndpointId ?? ''] }),
  );
  const endpoint = VpcEndpoints?.[0];
  if (!endpoint) throw new Error(`endpoint for ${service} not found after creation`);
  return endpoint;
}

beforeAll(async () => {
  aws = await startTestAws();
  Object.assign(network, await createBuildNetwork(aws, REGION));
});

afterAll(async () => {
  await aws?.close();
});

beforeEach(() => {
  aws.emulator.clear();
  aws.emulator.unseedAll();
  log = new CapturingLog();
  handler = createHandler({
    config: aws.config,
    aws: describeSource(aws.options),
    findRule: ruleForConfigRuleName,
    log,
    region: REGION,
    now: () => new Date('2026-11-25T12:00:00Z'),
  });
});

describe('codebuild-project-in-vpc', () => {
  const rule = { configRuleName: 'ppguard-codebuild-project-in-vpc' };

  it('reports a project in the VPC COMPLIANT and one outside NON_COMPLIANT, under Config ids, naming each project', async () => {
    // Prepare
    const inside = codeBuildItem(
      await createProject('private-build', true),
      '3f2b7c1e-0000-4e8b-a1c2-000000000001',
    );
    const outside = codeBuildItem(
      await createProject('leaky-build', false),
      '3f2b7c1e-0000-4e8b-a1c2-000000000002',
    );

    // Act
    await handler(changeEvent(inside, rule));
    await handler(changeEvent(outside, rule));

    // Assess
    expect(aws.emulator.violations).toEqual([]);
    expect(aws.emulator.evaluations).toEqual([
      {
        ComplianceResourceType: 'AWS::CodeBuild::Project',
        ComplianceResourceId: '3f2b7c1e-0000-4e8b-a1c2-000000000001',
        ComplianceType: 'COMPLIANT',
        Annotation: `project private-build: runs in ${network.vpcId} (1 subnet, 1 security group)`,
        OrderingTimestamp: CAPTURE_SECONDS,
      },
      {
        ComplianceResourceType: 'AWS::CodeBuild::Project',
        ComplianceResourceId: '3f2b7c1e-0000-4e8b-a1c2-000000000002',
        ComplianceType: 'NON_COMPLIANT',
        Annotation:
          'project leaky-build: no vpcConfig: builds run outside any VPC with direct internet access; to pass, ' +
          'set vpcConfig to private subnets and a security group',
        OrderingTimestamp: CAPTURE_SECONDS,
      },
    ]);
  });

  it('writes one structured log line per evaluated resource', async () => {
    // Prepare
    const item = codeBuildItem(await createProject('logged-build', false), 'uuid-logged');

    // Act
    await handler(changeEvent(item, rule));

    // Assess
    expect(log.lines).toEqual([
      {
        level: 'info',
        message: 'evaluated',
        extra: {
          rule: 'codebuild-project-in-vpc',
          resourceType: 'AWS::CodeBuild::Project',
          resourceId: 'uuid-logged',
          resourceName: 'logged-build',
          compliance: 'NON_COMPLIANT',
        },
      },
    ]);
  });

  it('fetches an oversized item with GetResourceConfigHistory and evaluates it like a change', async () => {
    // Prepare
    const item = codeBuildItem(await createProject('huge-build', false), 'uuid-huge');
    aws.emulator.seed(toWireItem(item));

    // Act
    await handler(oversizedEvent(item, rule));

    // Assess
    expect(aws.emulator.count('config.GetResourceConfigHistory')).toBe(1);
    expect(aws.emulator.evaluations).toEqual([
      {
        ComplianceResourceType: 'AWS::CodeBuild::Project',
        ComplianceResourceId: 'uuid-huge',
        ComplianceType: 'NON_COMPLIANT',
        Annotation:
          'project huge-build: no vpcConfig: builds run outside any VPC with direct internet access; to pass, ' +
          'set vpcConfig to private subnets and a security group',
        OrderingTimestamp: CAPTURE_SECONDS,
      },
    ]);
  });

  it('throws, sending nothing, when the history has no item at the capture time', async () => {
    // Prepare: Config's only item is newer than the notification's capture time.
    const item = codeBuildItem(await createProject('racing-build', false), 'uuid-racing');
    aws.emulator.seed({ ...toWireItem(item), configurationItemCaptureTime: CAPTURE_SECONDS + 60 });

    // Act
    const act = handler(oversizedEvent(item, rule));

    // Assess
    await expect(act).rejects.toThrowError(ConfigurationItemNotFoundError);
    expect(aws.emulator.putRequests).toEqual([]);
  });

  it('reports a deleted project NOT_APPLICABLE', async () => {
    // Act
    await handler(changeEvent(deletedItem('AWS::CodeBuild::Project', 'uuid-gone', 'gone-build'), rule));

    // Assess
    expect(aws.emulator.evaluations).toEqual([
      {
        ComplianceResourceType: 'AWS::CodeBuild::Project',
        ComplianceResourceId: 'uuid-gone',
        ComplianceType: 'NOT_APPLICABLE',
        Annotation: 'configuration item status is ResourceDeleted',
        OrderingTimestamp: CAPTURE_SECONDS,
      },
    ]);
  });

  it('reports a project that left the rule scope NOT_APPLICABLE', async () => {
    // Prepare
    const item = codeBuildItem(await createProject('scoped-out', false), 'uuid-scoped-out');

    // Act
    await handler(changeEvent(item, { ...rule, eventLeftScope: true }));

    // Assess
    expect(aws.emulator.evaluations).toEqual([
      {
        ComplianceResourceType: 'AWS::CodeBuild::Project',
        ComplianceResourceId: 'uuid-scoped-out',
        ComplianceType: 'NOT_APPLICABLE',
        Annotation: 'resource left the scope of the rule',
        OrderingTimestamp: CAPTURE_SECONDS,
      },
    ]);
  });

  it('sweeps every project on a schedule, reporting under Config ids and skipping undiscovered ones', async () => {
    // Prepare: Config has discovered two of the three projects.
    const discovered = [
      codeBuildItem(await createProject('sweep-a', true), 'uuid-sweep-a'),
      codeBuildItem(await createProject('sweep-b', false), 'uuid-sweep-b'),
    ];
    await createProject('sweep-undiscovered', false);
    for (const item of discovered) aws.emulator.seed(toWireItem(item));

    // Act
    const summary = await handler(scheduledEvent(rule));

    // Assess
    const sent = aws.emulator.evaluations.filter((e) => e.ComplianceResourceId.startsWith('uuid-sweep'));
    expect(sent.map((e) => [e.ComplianceResourceId, e.ComplianceType])).toEqual([
      ['uuid-sweep-a', 'COMPLIANT'],
      ['uuid-sweep-b', 'NON_COMPLIANT'],
    ]);
    expect(summary.undiscovered).toContain('AWS::CodeBuild::Project sweep-undiscovered');
    expect(aws.emulator.evaluations.map((e) => e.ComplianceResourceId)).not.toContain('sweep-undiscovered');
    expect(log.lines.find((l) => l.level === 'warn')?.message).toBe(
      'resources not discovered by AWS Config were not reported',
    );
  });
});

describe('ecr-repository-not-public', () => {
  const rule = { configRuleName: 'ppguard-ecr-repository-not-public' };

  it('reports private, shared-with-trusted and public repositories with exact annotations', async () => {
    // Prepare
    const privateRepo = await createRepository('builder');
    const shared = await createRepository('shared', {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'TrustedPull',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::111111111111:root' },
          Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
        },
      ],
    });
    const open = await createRepository('open', {
      Version: '2012-10-17',
      Statement: [{ Sid: 'PublicPull', Effect: 'Allow', Principal: '*', Action: ['ecr:BatchGetImage'] }],
    });
    const ruleParameters = { trustedAccounts: '111111111111' };

    // Act
    for (const { repository, policyText } of [privateRepo, shared, open]) {
      await handler(
        changeEvent(ecrItem(repository, policyText ? { policyText } : {}), { ...rule, ruleParameters }),
      );
    }

    // Assess
    expect(aws.emulator.evaluations.map((e) => [e.ComplianceResourceId, e.ComplianceType])).toEqual([
      ['builder', 'COMPLIANT'],
      ['shared', 'COMPLIANT'],
      ['open', 'NON_COMPLIANT'],
    ]);
    expect(aws.emulator.evaluations[2]?.Annotation).toMatch(/PublicPull/);
  });

  it('sweeps 260 repositories into PutEvaluations chunks of 100, each repository exactly once', async () => {
    // Prepare
    const names = Array.from({ length: 260 }, (_, i) => `sweep-${String(i).padStart(3, '0')}`);
    for (const name of names) await createRepository(name);

    // Act
    const summary = await handler(
      scheduledEvent({ ...rule, notificationCreationTime: '2026-11-25T11:00:00.000Z' }),
    );

    // Assess
    const sizes = aws.emulator.putRequests.map((request) => request.Evaluations.length);
    expect(sizes.every((size) => size <= 100)).toBe(true);
    expect(summary.putCalls).toBe(Math.ceil(summary.evaluations / 100));
    const swept = aws.emulator.evaluations.filter((e) => e.ComplianceResourceId.startsWith('sweep-'));
    expect(swept.map((e) => e.ComplianceResourceId).sort()).toEqual(names);
    expect(new Set(aws.emulator.evaluations.map((e) => e.ComplianceResourceId)).size).toBe(
      summary.evaluations,
    );
    expect(new Set(aws.emulator.evaluations.map((e) => e.OrderingTimestamp))).toEqual(
      new Set([Date.parse('2026-11-25T11:00:00.000Z') / 1000]),
    );
    expect(aws.emulator.violations).toEqual([]);
  });

  it('retries evaluations Config reports as failed and delivers each exactly once', async () => {
    // Prepare
    const { repository } = await createRepository('flaky');
    aws.emulator.injectFailedEvaluations(1, ['flaky']);

    // Act
    await handler(changeEvent(ecrItem(repository), rule));

    // Assess
    expect(aws.emulator.count('config.PutEvaluations')).toBe(2);
    expect(aws.emulator.evaluations.map((e) => e.ComplianceResourceId)).toEqual(['flaky']);
  });
});

describe('throttling', () => {
  it('backs off and delivers when PutEvaluations and ListDiscoveredResources are throttled', async () => {
    // Prepare
    const item = codeBuildItem(await createProject('throttled-build', false), 'uuid-throttled');
    aws.emulator.seed(toWireItem(item));
    aws.emulator.throttle('config.ListDiscoveredResources', 1);
    aws.emulator.throttle('config.PutEvaluations', 2);

    // Act
    await handler(scheduledEvent({ configRuleName: 'ppguard-codebuild-project-in-vpc' }));

    // Assess
    expect(aws.emulator.count('config.ListDiscoveredResources')).toBe(2);
    expect(aws.emulator.count('config.PutEvaluations')).toBe(3);
    expect(aws.emulator.evaluations.map((e) => e.ComplianceResourceId)).toEqual(['uuid-throttled']);
  });
});

describe('vpc-endpoint-private-dns', () => {
  const rule = { configRuleName: 'ppguard-vpc-endpoint-private-dns' };

  it('reports an endpoint with private DNS COMPLIANT and one without NON_COMPLIANT', async () => {
    // Prepare
    const withDns = await createEndpoint('ecr.dkr', true);
    const withoutDns = await createEndpoint('logs', false);

    // Act
    await handler(changeEvent(vpcEndpointItem(withDns), rule));
    await handler(changeEvent(vpcEndpointItem(withoutDns), rule));

    // Assess
    expect(aws.emulator.evaluations).toEqual([
      {
        ComplianceResourceType: 'AWS::EC2::VPCEndpoint',
        ComplianceResourceId: withDns.VpcEndpointId,
        ComplianceType: 'COMPLIANT',
        OrderingTimestamp: CAPTURE_SECONDS,
      },
      {
        ComplianceResourceType: 'AWS::EC2::VPCEndpoint',
        ComplianceResourceId: withoutDns.VpcEndpointId,
        ComplianceType: 'NON_COMPLIANT',
        Annotation:
          `${withoutDns.VpcEndpointId} (logs in ${network.vpcId}) has private DNS disabled: ` +
          'clients resolve the public logs endpoint and bypass the VPC endpoint',
        OrderingTimestamp: CAPTURE_SECONDS,
      },
    ]);
  });
});

describe('bad input', () => {
  it('throws on a malformed event and sends nothing', async () => {
    await expect(handler({ invokingEvent: '{not json', resultToken: 't' })).rejects.toThrowError(
      InvalidEventError,
    );
    expect(aws.emulator.putRequests).toEqual([]);
  });

  it('throws on an invalid rule parameter, naming it, and sends nothing', async () => {
    // Prepare
    const { repository } = await createRepository('param-check');
    const event = changeEvent(ecrItem(repository), {
      configRuleName: 'ppguard-ecr-repository-not-public',
      ruleParameters: { trustedAccounts: 'everyone' },
    });

    // Act
    const act = handler(event);

    // Assess
    await expect(act).rejects.toThrowError(InvalidParameterError);
    await expect(handler(event)).rejects.toThrowError(/"trustedAccounts"/);
    expect(aws.emulator.putRequests).toEqual([]);
  });

  it('throws for a Config rule name no ppguard rule matches, and sends nothing', async () => {
    const event = scheduledEvent({ configRuleName: 'someone-elses-rule' });
    await expect(handler(event)).rejects.toThrowError(
      'no ppguard rule matches Config rule someone-elses-rule',
    );
    expect(aws.emulator.putRequests).toEqual([]);
  });
});
