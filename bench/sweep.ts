/**
 * Sweep-scale benchmark: a periodic run (ScheduledNotification) over synthetic accounts in the
 * emulator with 100, 1,000 and 5,000 resources, through the real handler and SDK clients.
 * Reports wall time, peak memory (RSS) and the AWS API calls by operation (counted at the wire by
 * the emulator front), per resource and per VPC, and extrapolates the run to real AWS latencies.
 *
 * ECR repositories are swept twice over the same account: the Lambda path (what evaluator-deps
 * wires: BatchGetResourceConfig over the items AWS Config recorded, seeded in the front for every
 * repository) and the Describe path (the CLI's, three calls per repository). moto answers
 * DescribeRepositories in one page whatever its size; AWS pages at most 1,000 (5 calls for 5,000).
 *
 *   npm run bench:sweep [-- --sizes 100,1000] [-- --vpcs 1,10,50]
 */
import { CodeBuildClient, CreateProjectCommand } from '@aws-sdk/client-codebuild';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import {
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { CreateRepositoryCommand, ECRClient, SetRepositoryPolicyCommand } from '@aws-sdk/client-ecr';
import { ConfigEmulator } from '../emulator/config-emulator';
import { ecrItem, toWireItem } from '../emulator/config-items';
import { scheduledEvent } from '../emulator/lambda-events';
import { resetMoto, startMoto } from '../emulator/moto';
import { createHandler } from '../handlers/evaluate';
import { RETRY } from '../lib/aws/clients';
import { describeSource } from '../lib/collect/source';
import type { AwsReaders } from '../lib/config/evaluate-event';
import type { Log } from '../lib/log';
import { ruleForConfigRuleName } from '../rules/index';

const arg = (name: string, fallback: string) => {
  const index = process.argv.indexOf(`--${name}`);
  return (index > 0 ? process.argv[index + 1] : undefined) ?? fallback;
};
const sizes = arg('sizes', '100,1000,5000').split(',').map(Number);
const vpcCounts = arg('vpcs', '1,10,50').split(',').map(Number);
const silent: Log = { info() {}, warn() {}, error() {} };
/** Assumed real-AWS latency per call, for the extrapolation (sequential calls). */
const REAL_CALL_MS = 60;

async function mapLimit<T>(items: T[], limit: number, fn: (item: T) => Promise<unknown>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await fn(items[next++] as T);
    }),
  );
}

const moto = await startMoto();
const emulator = new ConfigEmulator(moto.endpoint);
const endpoint = await emulator.start();
const options = {
  region: 'eu-west-1',
  endpoint,
  credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
};
const settings = { ...RETRY, ...options };
const config = new ConfigServiceClient(settings);
const ecr = new ECRClient(settings);
const codebuild = new CodeBuildClient(settings);
const ec2 = new EC2Client(settings);

interface Row {
  scenario: string;
  resources: number;
  vpcs: number;
  seconds: number;
  peakRssMb: number;
  calls: Map<string, number>;
}
const rows: Row[] = [];

async function measure(
  scenario: string,
  resources: number,
  vpcs: number,
  ruleId: string,
  aws: AwsReaders = describeSource(options),
) {
  emulator.clear();
  const handler = createHandler({
    config,
    aws,
    findRule: ruleForConfigRuleName,
    log: silent,
    region: 'eu-west-1',
  });
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const started = performance.now();
  await handler(scheduledEvent({ configRuleName: `ppguard-${ruleId}` }));
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  rows.push({
    scenario,
    resources,
    vpcs,
    seconds,
    peakRssMb: peak / 2 ** 20,
    calls: new Map(emulator.calls),
  });
}

try {
  for (const size of sizes) {
    // ECR: half the repositories carry a policy; AWS Config has recorded every one of them.
    await resetMoto(moto.endpoint);
    emulator.unseedAll();
    await mapLimit(
      Array.from({ length: size }, (_, i) => i),
      16,
      async (i) => {
        const repositoryName = `repo-${String(i).padStart(5, '0')}`;
        const { repository } = await ecr.send(new CreateRepositoryCommand({ repositoryName }));
        const policyText =
          i % 2 === 0
            ? JSON.stringify({
                Statement: [
                  { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'ecr:*' },
                ],
              })
            : undefined;
        if (policyText) await ecr.send(new SetRepositoryPolicyCommand({ repositoryName, policyText }));
        if (repository) emulator.seed(toWireItem(ecrItem(repository, policyText ? { policyText } : {})));
      },
    );
    await measure(
      'ecr-repository-not-public, Lambda path (Config batch)',
      size,
      0,
      'ecr-repository-not-public',
      describeSource({ ...options, recordedEcrRepositories: config }),
    );
    await measure('ecr-repository-not-public, Describe path (CLI)', size, 0, 'ecr-repository-not-public');

    for (const vpcCount of vpcCounts) {
      await resetMoto(moto.endpoint);
      emulator.unseedAll();
      const networks: { vpcId: string; subnetId: string; groupId: string }[] = [];
      for (let v = 0; v < vpcCount; v++) {
        const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }));
        const vpcId = Vpc?.VpcId ?? '';
        const { Subnet } = await ec2.send(
          new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.0.1.0/24' }),
        );
        const { GroupId } = await ec2.send(
          new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: 'b', Description: 'b' }),
        );
        networks.push({ vpcId, subnetId: Subnet?.SubnetId ?? '', groupId: GroupId ?? '' });
      }
      await mapLimit(
        Array.from({ length: size }, (_, i) => i),
        16,
        async (i) => {
          const name = `build-${String(i).padStart(5, '0')}`;
          const net = networks[i % networks.length];
          await codebuild.send(
            new CreateProjectCommand({
              name,
              source: {
                type: 'CODECOMMIT',
                location: 'https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/app',
              },
              artifacts: { type: 'NO_ARTIFACTS' },
              environment: {
                type: 'LINUX_CONTAINER',
                image: 'aws/codebuild/standard:7.0',
                computeType: 'BUILD_GENERAL1_SMALL',
              },
              serviceRole: 'arn:aws:iam::123456789012:role/build',
              vpcConfig: {
                vpcId: net?.vpcId,
                subnets: [net?.subnetId ?? ''],
                securityGroupIds: [net?.groupId ?? ''],
              },
            }),
          );
          emulator.seed({
            version: '1.3',
            accountId: '123456789012',
            configurationItemCaptureTime: 0,
            configurationItemStatus: 'OK',
            configurationStateId: '1',
            arn: `arn:aws:codebuild:eu-west-1:123456789012:project/${name}`,
            resourceType: 'AWS::CodeBuild::Project',
            resourceId: `uuid-${name}`,
            resourceName: name,
            awsRegion: 'eu-west-1',
            tags: {},
            relatedEvents: [],
            relationships: [],
            configuration: '{}',
            supplementaryConfiguration: {},
          });
        },
      );
      await measure(
        'codebuild-project-no-internet-egress',
        size,
        vpcCount,
        'codebuild-project-no-internet-egress',
      );
    }
  }
} finally {
  await emulator.stop();
  await moto.stop();
}

console.log(`node ${process.version}, ${new Date().toISOString()}, emulator on loopback`);
for (const row of rows) {
  const total = [...row.calls.values()].reduce((a, b) => a + b, 0);
  const byOp = [...row.calls.entries()]
    .sort()
    .map(([op, n]) => `${op}=${n}`)
    .join(' ');
  console.log(
    `\n${row.scenario}: ${row.resources} resources${row.vpcs ? ` over ${row.vpcs} VPCs` : ''}: ` +
      `${row.seconds.toFixed(2)} s, peak RSS ${row.peakRssMb.toFixed(0)} MB, ${total} calls ` +
      `(${(total / row.resources).toFixed(3)} per resource), ~${((total * REAL_CALL_MS) / 1000).toFixed(0)} s at ${REAL_CALL_MS} ms/call sequential`,
  );
  console.log(`  ${byOp}`);
}
