/**
 * Trust by network origin (issue 15) through the real handler (createHandler) with a scheduled
 * event, real SDK clients over HTTP against moto (through the Config emulator front): a repository
 * policy whose Principal "*" is pinned by aws:SourceVpce is trusted only when the endpoint is one
 * the account owns in the Region, which the engine learns from DescribeVpcs and
 * DescribeVpcEndpoints (moto implements both, and the endpoint is created in moto).
 */
import { CreateVpcEndpointCommand } from '@aws-sdk/client-ec2';
import { CreateRepositoryCommand, SetRepositoryPolicyCommand } from '@aws-sdk/client-ecr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBuildNetwork } from '../../emulator/reference-pipeline';
import { createHandler } from '../../handlers/evaluate';
import { describeSource } from '../../lib/collect/source';
import type { Log } from '../../lib/log';
import { ruleForConfigRuleName } from '../../rules/index';
import { scheduledEvent } from '../fixtures/events';
import { ACCOUNT_ID, REGION, startTestAws, type TestAws } from './support/aws';

const SWEEP_TIME = '2026-11-25T11:00:00.000Z';
const SWEEP_SECONDS = Date.parse(SWEEP_TIME) / 1000;
const silent: Log = { info() {}, warn() {}, error() {} };
/** An endpoint id no VPC of this account has: another account's, as far as the account can tell. */
const FOREIGN_ENDPOINT = 'vpce-0fff0000aaaa11112';

let aws: TestAws;

beforeAll(async () => {
  aws = await startTestAws();
});

afterAll(async () => {
  await aws?.close();
});

/** Pull for anyone, pinned only by the endpoint the request must come through. */
const pinnedTo = (endpointId: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'PullThroughEndpoint',
        Effect: 'Allow',
        Principal: '*',
        Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
        Condition: { StringEquals: { 'aws:SourceVpce': endpointId } },
      },
    ],
  });

async function repositoryWithPolicy(name: string, policyText: string): Promise<void> {
  await aws.ecr.send(new CreateRepositoryCommand({ repositoryName: name }));
  await aws.ecr.send(new SetRepositoryPolicyCommand({ repositoryName: name, policyText }));
}

describe('ecr-repository-not-public: trust by network origin', () => {
  it("trusts an aws:SourceVpce pin to the account's own endpoint and names one the account does not own", async () => {
    // Prepare
    const network = await createBuildNetwork(aws, REGION);
    const { VpcEndpoint } = await aws.ec2.send(
      new CreateVpcEndpointCommand({
        VpcId: network.vpcId,
        ServiceName: `com.amazonaws.${REGION}.ecr.dkr`,
        VpcEndpointType: 'Interface',
        SubnetIds: [network.subnetId],
        SecurityGroupIds: [network.securityGroupId],
      }),
    );
    const ownEndpoint = VpcEndpoint?.VpcEndpointId ?? '';
    expect(ownEndpoint).toMatch(/^vpce-/);
    await repositoryWithPolicy('via-own-endpoint', pinnedTo(ownEndpoint));
    await repositoryWithPolicy('via-foreign-endpoint', pinnedTo(FOREIGN_ENDPOINT));
    aws.emulator.clear();
    const handler = createHandler({
      config: aws.config,
      aws: describeSource(aws.options),
      findRule: ruleForConfigRuleName,
      log: silent,
      region: REGION,
      now: () => new Date('2026-11-25T12:00:00Z'),
    });

    // Act
    const summary = await handler(
      scheduledEvent({
        configRuleName: 'ppguard-ecr-repository-not-public',
        notificationCreationTime: SWEEP_TIME,
      }),
    );

    // Assess
    expect(aws.emulator.violations).toEqual([]);
    expect(summary.evaluations).toBe(2);
    expect(
      aws.emulator.evaluations.map((e) => [e.ComplianceResourceId, e.ComplianceType, e.Annotation]).sort(),
    ).toEqual([
      [
        'via-foreign-endpoint',
        'NON_COMPLIANT',
        'repository policy exposes via-foreign-endpoint: statement "PullThroughEndpoint" allows any AWS account ' +
          `(Principal "*"): aws:SourceVpce names ${FOREIGN_ENDPOINT}, not an endpoint of account ${ACCOUNT_ID} in ${REGION}`,
      ],
      ['via-own-endpoint', 'COMPLIANT', undefined],
    ]);
    expect(aws.emulator.evaluations.every((e) => e.OrderingTimestamp === SWEEP_SECONDS)).toBe(true);
    expect(aws.emulator.count('ec2.DescribeVpcs')).toBe(1);
    expect(aws.emulator.count('ec2.DescribeVpcEndpoints')).toBe(1);
  });
});
