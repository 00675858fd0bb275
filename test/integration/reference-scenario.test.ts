/**
 * The reference private pipeline (emulator/reference-pipeline.ts) in the emulated account: every
 * rule is swept as AWS Config's periodic trigger would, the pipeline is then broken one way at a
 * time, and the test asserts exactly which verdicts change, on which resource, with which
 * annotation. Cross-resource triggers (a route table or endpoint change re-evaluating the
 * projects of its VPC) are exercised with the change events Config would send.
 */
import {
  BatchGetProjectsCommand,
  DeleteProjectCommand,
  ListProjectsCommand,
} from '@aws-sdk/client-codebuild';
import {
  AssociateDhcpOptionsCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateDhcpOptionsCommand,
  CreateRouteCommand,
  DeleteVpcEndpointsCommand,
  DescribeRouteTablesCommand,
  DisassociateRouteTableCommand,
  ModifyVpcEndpointCommand,
  RevokeSecurityGroupIngressCommand,
} from '@aws-sdk/client-ec2';
import { SetRepositoryPolicyCommand } from '@aws-sdk/client-ecr';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { codeBuildItem, routeTableItem, toWireItem } from '../../emulator/config-items';
import { resetMoto } from '../../emulator/moto';
import {
  buildReferencePipeline,
  createNatGateway,
  createProject,
  createVpcEndpoint,
  type ReferencePipeline,
} from '../../emulator/reference-pipeline';
import { createHandler } from '../../handlers/evaluate';
import { describeSource } from '../../lib/collect/source';
import type { Log } from '../../lib/log';
import type { ResourceType } from '../../lib/resources/model';
import { RULES, ruleForConfigRuleName } from '../../rules/index';
import { changeEvent, deletedItem, scheduledEvent } from '../fixtures/events';
import { startTestAws, type TestAws } from './support/aws';

const SWEPT_TYPES = new Set<ResourceType>([
  'AWS::CodeBuild::Project',
  'AWS::ECR::Repository',
  'AWS::EC2::VPCEndpoint',
  'AWS::EC2::VPC',
]);
/** Every rule over resource types the emulator holds. */
const SWEPT_RULES = RULES.filter((rule) => rule.resourceTypes.every((type) => SWEPT_TYPES.has(type)));

const silent: Log = { info() {}, warn() {}, error() {} };

interface Verdict {
  compliance: string;
  annotation?: string;
}
type Snapshot = Map<string, Verdict>;
interface Change {
  rule: string;
  resource: string;
  before?: string;
  after?: string;
  annotation?: string;
}

let aws: TestAws;
let pipeline: ReferencePipeline;
let handler: ReturnType<typeof createHandler>;
const configId = (projectName: string) => `uuid-${projectName}`;

/** Config has discovered every project: seed the Config ids the sweep maps names to. */
async function discoverProjects() {
  aws.emulator.unseedAll();
  const names = (await aws.codebuild.send(new ListProjectsCommand({}))).projects ?? [];
  const { projects } = await aws.codebuild.send(new BatchGetProjectsCommand({ names }));
  for (const project of projects ?? [])
    aws.emulator.seed(toWireItem(codeBuildItem(project, configId(project.name ?? ''))));
}

/** Sweeps every rule; keys are `<rule> <resource id>`. */
async function sweepAll(): Promise<Snapshot> {
  await discoverProjects();
  const snapshot: Snapshot = new Map();
  for (const rule of SWEPT_RULES) {
    aws.emulator.clear();
    await handler(scheduledEvent({ configRuleName: `ppguard-${rule.id}` }));
    for (const e of aws.emulator.evaluations) {
      snapshot.set(`${rule.id} ${e.ComplianceResourceId}`, {
        compliance: e.ComplianceType,
        ...(e.Annotation === undefined ? {} : { annotation: e.Annotation }),
      });
    }
  }
  return snapshot;
}

function changes(before: Snapshot, after: Snapshot): Change[] {
  const keys = [...new Set([...before.keys(), ...after.keys()])].sort();
  const result: Change[] = [];
  for (const key of keys) {
    const [rule = '', resource = ''] = key.split(' ');
    const was = before.get(key);
    const now = after.get(key);
    // A flip is a change of verdict (or a resource appearing or disappearing), not of wording.
    if (was?.compliance === now?.compliance) continue;
    result.push({
      rule,
      resource,
      ...(was ? { before: was.compliance } : {}),
      ...(now ? { after: now.compliance } : {}),
      ...(now?.annotation === undefined ? {} : { annotation: now.annotation }),
    });
  }
  return result;
}

beforeAll(async () => {
  aws = await startTestAws();
});

afterAll(async () => {
  await aws?.close();
});

beforeEach(async () => {
  await resetMoto(inject('motoEndpoint'));
  pipeline = await buildReferencePipeline(aws);
  handler = createHandler({
    config: aws.config,
    aws: describeSource(aws.options),
    findRule: ruleForConfigRuleName,
    log: silent,
    region: pipeline.region,
    now: () => new Date('2026-11-25T12:00:00Z'),
  });
});

describe('the reference private pipeline', () => {
  it('is COMPLIANT under every rule (NOT_APPLICABLE only where a rule does not apply)', async () => {
    // Act
    const snapshot = await sweepAll();

    // Assess
    const verdicts = [...snapshot.entries()].map(([key, v]) => `${key} ${v.compliance}`);
    expect(verdicts.filter((v) => v.endsWith('NON_COMPLIANT'))).toEqual([]);
    const project = configId(pipeline.projectName);
    for (const rule of SWEPT_RULES.filter((r) => r.resourceTypes.includes('AWS::CodeBuild::Project'))) {
      expect(snapshot.get(`${rule.id} ${project}`)?.compliance).toBe('COMPLIANT');
    }
    expect(snapshot.get(`ecr-repository-not-public ${pipeline.repositoryName}`)?.compliance).toBe(
      'COMPLIANT',
    );
    expect(snapshot.get(`vpc-required-endpoints ${pipeline.vpcId}`)?.compliance).toBe('COMPLIANT');
    for (const service of ['ecr.api', 'ecr.dkr', 'logs', 'codecommit', 'git-codecommit'] as const) {
      expect(snapshot.get(`vpc-endpoint-private-dns ${pipeline.endpoints[service]}`)?.compliance).toBe(
        'COMPLIANT',
      );
    }
    expect(snapshot.get(`vpc-endpoint-private-dns ${pipeline.endpoints.s3}`)?.compliance).toBe(
      'NOT_APPLICABLE',
    );
  });
});

describe('breaking the reference pipeline one way at a time', () => {
  it('a NAT default route on the private route table flips only the egress rule for the project', async () => {
    // Prepare
    const baseline = await sweepAll();
    const nat = await createNatGateway(aws, pipeline);

    // Act
    await aws.ec2.send(
      new CreateRouteCommand({
        RouteTableId: pipeline.privateRouteTableId,
        DestinationCidrBlock: '0.0.0.0/0',
        NatGatewayId: nat,
      }),
    );
    const after = await sweepAll();

    // Assess
    const [a, b] = pipeline.privateSubnetIds;
    expect(changes(baseline, after)).toEqual([
      {
        rule: 'codebuild-project-no-internet-egress',
        resource: configId(pipeline.projectName),
        before: 'COMPLIANT',
        after: 'NON_COMPLIANT',
        annotation: `project ${pipeline.projectName}: ${a}, ${b} route 0.0.0.0/0 to ${nat} (${pipeline.privateRouteTableId}): builds can reach the internet; to pass, remove these routes`,
      },
    ]);
  });

  it('a subnet without an association falls back to the main table, whose internet route and missing S3 association flip two rules', async () => {
    // Prepare
    const baseline = await sweepAll();
    const [a, b] = pipeline.privateSubnetIds;
    const { RouteTables } = await aws.ec2.send(
      new DescribeRouteTablesCommand({ RouteTableIds: [pipeline.privateRouteTableId] }),
    );
    const association = RouteTables?.[0]?.Associations?.find(
      (x) => x.SubnetId === b,
    )?.RouteTableAssociationId;

    // Act
    await aws.ec2.send(new DisassociateRouteTableCommand({ AssociationId: association }));
    await aws.ec2.send(
      new CreateRouteCommand({
        RouteTableId: pipeline.mainRouteTableId,
        DestinationCidrBlock: '0.0.0.0/0',
        GatewayId: pipeline.internetGatewayId,
      }),
    );
    const after = await sweepAll();

    // Assess
    expect(a).not.toBe(b);
    expect(changes(baseline, after)).toEqual([
      {
        rule: 'codebuild-project-no-internet-egress',
        resource: configId(pipeline.projectName),
        before: 'COMPLIANT',
        after: 'NON_COMPLIANT',
        annotation: `project ${pipeline.projectName}: ${b} routes 0.0.0.0/0 to ${pipeline.internetGatewayId} (${pipeline.mainRouteTableId}, main table): builds can reach the internet; to pass, remove these routes`,
      },
      {
        rule: 'codebuild-project-vpc-endpoints',
        resource: configId(pipeline.projectName),
        before: 'COMPLIANT',
        after: 'NON_COMPLIANT',
        annotation: `project ${pipeline.projectName}: ${pipeline.vpcId}: s3 (${pipeline.endpoints.s3}) is not associated with the route table of ${b} (${pipeline.mainRouteTableId}, main table)`,
      },
    ]);
  });

  it('removing the S3 gateway association flips only the endpoints rule for the project', async () => {
    // Prepare
    const baseline = await sweepAll();

    // Act
    await aws.ec2.send(
      new ModifyVpcEndpointCommand({
        VpcEndpointId: pipeline.endpoints.s3,
        RemoveRouteTableIds: [pipeline.privateRouteTableId],
      }),
    );
    const after = await sweepAll();

    // Assess
    const [a, b] = pipeline.privateSubnetIds;
    expect(changes(baseline, after)).toEqual([
      {
        rule: 'codebuild-project-vpc-endpoints',
        resource: configId(pipeline.projectName),
        before: 'COMPLIANT',
        after: 'NON_COMPLIANT',
        annotation: `project ${pipeline.projectName}: ${pipeline.vpcId}: s3 (${pipeline.endpoints.s3}) is not associated with the route table of ${a}, ${b} (${pipeline.privateRouteTableId})`,
      },
    ]);
  });

  it('an ecr.dkr endpoint with private DNS disabled flips the private-DNS rule on it and the endpoints rule on the project', async () => {
    // Prepare: the emulator cannot modify private DNS, so the endpoint is replaced by one without it.
    const baseline = await sweepAll();

    // Act
    await aws.ec2.send(new DeleteVpcEndpointsCommand({ VpcEndpointIds: [pipeline.endpoints['ecr.dkr']] }));
    const replacement = await createVpcEndpoint(aws, pipeline, 'ecr.dkr', false);
    const after = await sweepAll();

    // Assess
    const old = pipeline.endpoints['ecr.dkr'];
    expect(changes(baseline, after)).toEqual(
      [
        {
          rule: 'codebuild-project-vpc-endpoints',
          resource: configId(pipeline.projectName),
          before: 'COMPLIANT',
          after: 'NON_COMPLIANT',
          annotation: `project ${pipeline.projectName}: ${pipeline.vpcId}: ecr.dkr (${replacement}) has private DNS disabled`,
        },
        { rule: 'vpc-endpoint-policy-restricted', resource: old, before: 'COMPLIANT' },
        { rule: 'vpc-endpoint-policy-restricted', resource: replacement, after: 'COMPLIANT' },
        { rule: 'vpc-endpoint-private-dns', resource: old, before: 'COMPLIANT' },
        {
          rule: 'vpc-endpoint-private-dns',
          resource: replacement,
          after: 'NON_COMPLIANT',
          annotation: `${replacement} (ecr.dkr in ${pipeline.vpcId}) has private DNS disabled: clients resolve the public ecr.dkr endpoint and bypass the VPC endpoint`,
        },
      ].sort((x, y) => `${x.rule} ${x.resource}`.localeCompare(`${y.rule} ${y.resource}`)),
    );
  });

  it('an endpoints group that stops admitting HTTPS from private subnet b flips only the endpoints rule, naming the inbound rule to add', async () => {
    // Prepare
    const baseline = await sweepAll();
    const group = pipeline.endpointSecurityGroupId;
    const https = (cidrs: string[]) => ({
      GroupId: group,
      IpPermissions: [
        { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: cidrs.map((CidrIp) => ({ CidrIp })) },
      ],
    });

    // Act: the rule is narrowed to subnet a (10.0.1.0/24)
    await aws.ec2.send(new RevokeSecurityGroupIngressCommand(https(['10.0.1.0/24', '10.0.2.0/24'])));
    await aws.ec2.send(new AuthorizeSecurityGroupIngressCommand(https(['10.0.1.0/24'])));
    const after = await sweepAll();

    // Assess
    const b = pipeline.privateSubnetIds[1];
    const unusable = (service: 'ecr.api') =>
      `${service} (${pipeline.endpoints[service]}) ${group} admits no TCP 443 from ${b}: add inbound TCP 443 from 10.0.2.0/24 to ${group}`;
    expect(changes(baseline, after)).toEqual([
      {
        rule: 'codebuild-project-vpc-endpoints',
        resource: configId(pipeline.projectName),
        before: 'COMPLIANT',
        after: 'NON_COMPLIANT',
        // Real ids are long: one endpoint fits the 256 characters, the four others are counted.
        annotation: `project ${pipeline.projectName}: ${pipeline.vpcId}: ${unusable('ecr.api')}; and 4 more`,
      },
    ]);
  });

  it('DHCP options sending DNS to a corporate server flip the endpoints rule and the private-DNS rule of every interface endpoint', async () => {
    // Prepare
    const baseline = await sweepAll();

    // Act
    const { DhcpOptions } = await aws.ec2.send(
      new CreateDhcpOptionsCommand({
        DhcpConfigurations: [{ Key: 'domain-name-servers', Values: ['10.0.0.10'] }],
      }),
    );
    const set = DhcpOptions?.DhcpOptionsId ?? '';
    await aws.ec2.send(new AssociateDhcpOptionsCommand({ DhcpOptionsId: set, VpcId: pipeline.vpcId }));
    const after = await sweepAll();

    // Assess
    const cause = `${pipeline.vpcId}'s DHCP options ${set} send DNS to 10.0.0.10, not only AmazonProvidedDNS, so clients may resolve the public endpoint`;
    const interfaces = (['ecr.api', 'ecr.dkr', 'logs', 'codecommit', 'git-codecommit'] as const).map(
      (service) => ({
        rule: 'vpc-endpoint-private-dns',
        resource: pipeline.endpoints[service],
        before: 'COMPLIANT',
        after: 'NON_COMPLIANT',
        annotation: `${pipeline.endpoints[service]} (${service}) has private DNS, but ${cause}`,
      }),
    );
    expect(changes(baseline, after)).toEqual(
      [
        {
          rule: 'codebuild-project-vpc-endpoints',
          resource: configId(pipeline.projectName),
          before: 'COMPLIANT',
          after: 'NON_COMPLIANT',
          annotation: `project ${pipeline.projectName}: ${pipeline.vpcId}: interface endpoints' private DNS does not serve the build: ${cause}`,
        },
        ...interfaces,
      ].sort((x, y) => `${x.rule} ${x.resource}`.localeCompare(`${y.rule} ${y.resource}`)),
    );
  });

  it('deleting the logs endpoint flips the projects of its VPC through the endpoint change alone', async () => {
    // Prepare
    await discoverProjects();
    const logs = pipeline.endpoints.logs;

    // Act: Config reports the endpoint deleted; no project changed.
    await aws.ec2.send(new DeleteVpcEndpointsCommand({ VpcEndpointIds: [logs] }));
    aws.emulator.clear();
    await handler(
      changeEvent(deletedItem('AWS::EC2::VPCEndpoint', logs), {
        configRuleName: 'ppguard-codebuild-project-vpc-endpoints',
      }),
    );

    // Assess
    expect(aws.emulator.evaluations).toEqual([
      {
        ComplianceResourceType: 'AWS::CodeBuild::Project',
        ComplianceResourceId: configId(pipeline.projectName),
        ComplianceType: 'NON_COMPLIANT',
        Annotation: `project ${pipeline.projectName}: ${pipeline.vpcId} lacks an endpoint for logs`,
        OrderingTimestamp: Date.parse('2026-11-25T10:00:00.000Z') / 1000,
      },
    ]);
  });

  it('deleting the logs endpoint also flips the required-endpoints rule on the VPC in a sweep', async () => {
    // Prepare
    const baseline = await sweepAll();

    // Act
    await aws.ec2.send(new DeleteVpcEndpointsCommand({ VpcEndpointIds: [pipeline.endpoints.logs] }));
    const after = await sweepAll();

    // Assess
    const logs = pipeline.endpoints.logs;
    expect(changes(baseline, after)).toEqual([
      {
        rule: 'codebuild-project-vpc-endpoints',
        resource: configId(pipeline.projectName),
        before: 'COMPLIANT',
        after: 'NON_COMPLIANT',
        annotation: `project ${pipeline.projectName}: ${pipeline.vpcId} lacks an endpoint for logs`,
      },
      { rule: 'vpc-endpoint-policy-restricted', resource: logs, before: 'COMPLIANT' },
      { rule: 'vpc-endpoint-private-dns', resource: logs, before: 'COMPLIANT' },
      {
        rule: 'vpc-required-endpoints',
        resource: pipeline.vpcId,
        before: 'COMPLIANT',
        after: 'NON_COMPLIANT',
        annotation: `${pipeline.vpcId} lacks available endpoints for logs`,
      },
    ]);
  });

  it('a route table change re-evaluates the projects of its VPC in the same run', async () => {
    // Prepare
    await discoverProjects();
    const nat = await createNatGateway(aws, pipeline);
    await aws.ec2.send(
      new CreateRouteCommand({
        RouteTableId: pipeline.privateRouteTableId,
        DestinationCidrBlock: '0.0.0.0/0',
        NatGatewayId: nat,
      }),
    );
    const { RouteTables } = await aws.ec2.send(
      new DescribeRouteTablesCommand({ RouteTableIds: [pipeline.privateRouteTableId] }),
    );
    const table = RouteTables?.[0];
    if (!table) throw new Error('route table vanished');

    // Act
    aws.emulator.clear();
    await handler(
      changeEvent(routeTableItem(table), { configRuleName: 'ppguard-codebuild-project-no-internet-egress' }),
    );

    // Assess
    const [a, b] = pipeline.privateSubnetIds;
    expect(aws.emulator.evaluations).toEqual([
      {
        ComplianceResourceType: 'AWS::CodeBuild::Project',
        ComplianceResourceId: configId(pipeline.projectName),
        ComplianceType: 'NON_COMPLIANT',
        Annotation: `project ${pipeline.projectName}: ${a}, ${b} route 0.0.0.0/0 to ${nat} (${pipeline.privateRouteTableId}): builds can reach the internet; to pass, remove these routes`,
        OrderingTimestamp: Date.parse('2026-11-25T10:00:00.000Z') / 1000,
      },
    ]);
  });

  it('moving the project to the public subnet flips the egress and endpoints rules for it', async () => {
    // Prepare: the emulator has no UpdateProject, so the project is recreated under the same name.
    const baseline = await sweepAll();

    // Act
    await aws.codebuild.send(new DeleteProjectCommand({ name: pipeline.projectName }));
    await createProject(aws, pipeline.projectName, {
      vpcId: pipeline.vpcId,
      subnetIds: [pipeline.publicSubnetId],
      securityGroupId: pipeline.securityGroupId,
    });
    const after = await sweepAll();

    // Assess
    const subnet = pipeline.publicSubnetId;
    expect(changes(baseline, after)).toEqual([
      {
        rule: 'codebuild-project-no-internet-egress',
        resource: configId(pipeline.projectName),
        before: 'COMPLIANT',
        after: 'NON_COMPLIANT',
        annotation: `project ${pipeline.projectName}: ${subnet} routes 0.0.0.0/0 to ${pipeline.internetGatewayId} (${pipeline.publicRouteTableId}): builds can reach the internet; to pass, remove these routes`,
      },
      {
        rule: 'codebuild-project-vpc-endpoints',
        resource: configId(pipeline.projectName),
        before: 'COMPLIANT',
        after: 'NON_COMPLIANT',
        // The five interface endpoints follow: their group admits HTTPS from the private subnets only.
        annotation: `project ${pipeline.projectName}: ${pipeline.vpcId}: s3 (${pipeline.endpoints.s3}) is not associated with the route table of ${subnet} (${pipeline.publicRouteTableId}); and 5 more`,
      },
    ]);
  });

  it('opening the ECR repository to every AWS account flips only the repository rule', async () => {
    // Prepare
    const baseline = await sweepAll();

    // Act
    await aws.ecr.send(
      new SetRepositoryPolicyCommand({
        repositoryName: pipeline.repositoryName,
        policyText: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Sid: 'PublicPull', Effect: 'Allow', Principal: '*', Action: ['ecr:BatchGetImage'] }],
        }),
      }),
    );
    const after = await sweepAll();

    // Assess
    expect(changes(baseline, after)).toEqual([
      {
        rule: 'ecr-repository-not-public',
        resource: pipeline.repositoryName,
        before: 'COMPLIANT',
        after: 'NON_COMPLIANT',
        annotation: `repository policy exposes ${pipeline.repositoryName}: statement "PublicPull" allows any AWS account (Principal "*"); to pass, limit callers to trusted accounts/orgs or own VPCs/endpoints`,
      },
    ]);
  });
});
