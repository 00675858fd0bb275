/**
 * Regions and FIPS hosts (docs/rule-semantics.md "Endpoints, hosts, Regions and FIPS") on the
 * reference private pipeline in moto, through the evaluate handler as AWS Config's periodic
 * trigger would run it: a build image in another Region of the own account, cross-Region
 * endpoints for it, and a FIPS-only git-codecommit endpoint for a project cloning the plain host.
 *
 * moto has no CodeCommit repository listing that the sweep could use, so the repositories of the
 * codecommit-repository-private-access sweep are stubbed models (as in ecr-registry.test.ts);
 * projects, VPCs and endpoints are moto's.
 */
import {
  BatchGetProjectsCommand,
  CreateProjectCommand,
  ListProjectsCommand,
} from '@aws-sdk/client-codebuild';
import { CreateVpcEndpointCommand, DeleteVpcEndpointsCommand } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { codeBuildItem, toWireItem } from '../../emulator/config-items';
import { resetMoto } from '../../emulator/moto';
import {
  buildReferencePipeline,
  projectInput,
  type ReferencePipeline,
  restrictedEndpointPolicy,
} from '../../emulator/reference-pipeline';
import { createHandler } from '../../handlers/evaluate';
import { describeSource } from '../../lib/collect/source';
import type { AwsReaders } from '../../lib/config/evaluate-event';
import type { Log } from '../../lib/log';
import type { Resource, ResourceType } from '../../lib/resources/model';
import { ruleForConfigRuleName } from '../../rules/index';
import { scheduledEvent } from '../fixtures/events';
import { codeCommitRepository } from '../fixtures/models';
import { startTestAws, type TestAws } from './support/aws';

const SWEEP_TIME = '2026-11-25T11:00:00.000Z';
const SWEEP_SECONDS = Date.parse(SWEEP_TIME) / 1000;
const REMOTE_PROJECT = 'remote-image-build';
const REMOTE_IMAGE = '123456789012.dkr.ecr.eu-central-1.amazonaws.com/builder:1';
const silent: Log = { info() {}, warn() {}, error() {} };
const configId = (projectName: string) => `uuid-${projectName}`;

let aws: TestAws;
let pipeline: ReferencePipeline;

/** Config has discovered every project: seed the Config ids the sweep maps names to. */
async function discoverProjects() {
  aws.emulator.unseedAll();
  const names = (await aws.codebuild.send(new ListProjectsCommand({}))).projects ?? [];
  const { projects } = await aws.codebuild.send(new BatchGetProjectsCommand({ names }));
  for (const project of projects ?? [])
    aws.emulator.seed(toWireItem(codeBuildItem(project, configId(project.name ?? ''))));
}

/** The reader over moto, with the lists moto cannot produce replaced by `stubbed` models. */
function readers(stubbed: Partial<Record<ResourceType, Resource[]>>): AwsReaders {
  const real = describeSource(aws.options);
  return {
    ...real,
    list: (type) => {
      const models = stubbed[type];
      return models ? Promise.resolve(models) : real.list(type);
    },
  };
}

/** Sweeps one rule; returns its evaluations by resource id. */
async function sweep(
  rule: string,
  parameters: Record<string, string> = {},
  stubbed: Partial<Record<ResourceType, Resource[]>> = {},
) {
  await discoverProjects();
  aws.emulator.clear();
  const handler = createHandler({
    config: aws.config,
    aws: readers(stubbed),
    findRule: ruleForConfigRuleName,
    log: silent,
    region: pipeline.region,
    now: () => new Date('2026-11-25T12:00:00Z'),
  });
  await handler(
    scheduledEvent({
      configRuleName: `ppguard-${rule}`,
      notificationCreationTime: SWEEP_TIME,
      ruleParameters: parameters,
    }),
  );
  expect(aws.emulator.violations).toEqual([]);
  return new Map(aws.emulator.evaluations.map((e) => [e.ComplianceResourceId, e]));
}

/** An interface endpoint in the reference VPC for `com.amazonaws.<region>.<service>`. */
async function interfaceEndpoint(service: string, region = pipeline.region): Promise<string> {
  const { VpcEndpoint } = await aws.ec2.send(
    new CreateVpcEndpointCommand({
      VpcId: pipeline.vpcId,
      ServiceName: `com.amazonaws.${region}.${service}`,
      VpcEndpointType: 'Interface',
      SubnetIds: [...pipeline.privateSubnetIds],
      SecurityGroupIds: [pipeline.endpointSecurityGroupId ?? pipeline.securityGroupId],
      PrivateDnsEnabled: true,
      PolicyDocument: restrictedEndpointPolicy(),
    }),
  );
  const id = VpcEndpoint?.VpcEndpointId;
  if (id === undefined) throw new Error(`no endpoint id for ${service}`);
  return id;
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
});

describe('a build image in the own account ECR of another Region', () => {
  beforeEach(async () => {
    const input = projectInput(
      REMOTE_PROJECT,
      {
        vpcId: pipeline.vpcId,
        subnetIds: [...pipeline.privateSubnetIds],
        securityGroupId: pipeline.securityGroupId,
      },
      pipeline.region,
    );
    await aws.codebuild.send(
      new CreateProjectCommand({
        ...input,
        environment: { type: 'LINUX_CONTAINER', image: REMOTE_IMAGE, computeType: 'BUILD_GENERAL1_SMALL' },
      }),
    );
  });

  it('is NON_COMPLIANT under the image rule naming both Regions, while the reference project stays COMPLIANT', async () => {
    // Act
    const verdicts = await sweep('codebuild-project-image-private');

    // Assess
    expect(verdicts.get(configId(REMOTE_PROJECT))).toEqual({
      ComplianceResourceType: 'AWS::CodeBuild::Project',
      ComplianceResourceId: configId(REMOTE_PROJECT),
      ComplianceType: 'NON_COMPLIANT',
      Annotation:
        `project ${REMOTE_PROJECT}: build image ${REMOTE_IMAGE} is in Region eu-central-1, not the project's Region eu-west-1: the pull ` +
        "leaves the VPC's endpoints (allowedRegions lists accepted Regions)",
      OrderingTimestamp: SWEEP_SECONDS,
    });
    expect(verdicts.get(configId(pipeline.projectName))?.ComplianceType).toBe('COMPLIANT');
  });

  it('is COMPLIANT under the image rule when allowedRegions lists the Region', async () => {
    // Act
    const verdicts = await sweep('codebuild-project-image-private', { allowedRegions: 'eu-central-1' });

    // Assess
    expect(verdicts.get(configId(REMOTE_PROJECT))).toMatchObject({
      ComplianceType: 'COMPLIANT',
      Annotation: `project ${REMOTE_PROJECT}: private ECR image of this account 123456789012 in allowed Region eu-central-1`,
    });
  });

  it("needs that Region's ecr.api, ecr.dkr and s3 endpoints, which cross-Region endpoints in the VPC provide", async () => {
    // Act
    const missing = await sweep('codebuild-project-vpc-endpoints');
    for (const service of ['ecr.api', 'ecr.dkr', 's3']) await interfaceEndpoint(service, 'eu-central-1');
    const served = await sweep('codebuild-project-vpc-endpoints');

    // Assess
    expect(missing.get(configId(REMOTE_PROJECT))).toMatchObject({
      ComplianceType: 'NON_COMPLIANT',
      Annotation: `project ${REMOTE_PROJECT}: ${pipeline.vpcId} lacks endpoints for ecr.api of eu-central-1, ecr.dkr of eu-central-1, s3 of eu-central-1`,
    });
    expect(served.get(configId(REMOTE_PROJECT))).toMatchObject({
      ComplianceType: 'COMPLIANT',
      Annotation:
        `project ${REMOTE_PROJECT}: ${pipeline.vpcId} has usable endpoints for s3, ecr.api, ecr.dkr, ecr.api of eu-central-1, ` +
        'ecr.dkr of eu-central-1, s3 of eu-central-1, logs, codecommit, git-codecommit',
    });
  });
});

describe('a FIPS-only git-codecommit endpoint for a project cloning the plain host', () => {
  it('flips the endpoints rule on the project and the private-access rule on the repository, naming the FIPS endpoint', async () => {
    // Prepare
    const repositories = [codeCommitRepository({ name: 'app', region: pipeline.region })];
    const before = await sweep(
      'codecommit-repository-private-access',
      {},
      {
        'AWS::CodeCommit::Repository': repositories,
      },
    );

    // Act
    await aws.ec2.send(
      new DeleteVpcEndpointsCommand({ VpcEndpointIds: [pipeline.endpoints['git-codecommit']] }),
    );
    const fips = await interfaceEndpoint('git-codecommit-fips');
    const endpoints = await sweep('codebuild-project-vpc-endpoints');
    const access = await sweep(
      'codecommit-repository-private-access',
      {},
      {
        'AWS::CodeCommit::Repository': repositories,
      },
    );

    // Assess
    expect(before.get('app')?.ComplianceType).toBe('COMPLIANT');
    expect(endpoints.get(configId(pipeline.projectName))).toMatchObject({
      ComplianceType: 'NON_COMPLIANT',
      Annotation: `project ${pipeline.projectName}: ${pipeline.vpcId} lacks an endpoint for git-codecommit (${fips} serves only the FIPS host)`,
    });
    expect(access.get('app')).toMatchObject({
      ComplianceType: 'NON_COMPLIANT',
      Annotation:
        `repository app is cloned from VPCs without a usable git-codecommit endpoint: ${pipeline.vpcId} ` +
        `(${pipeline.projectName}): no git-codecommit endpoint (${fips} serves only the FIPS host)`,
    });
  });
});
