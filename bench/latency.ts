/**
 * Change-event latency: one AWS Config change notification end to end (event parsing, the reads
 * the rule needs, evaluation, PutEvaluations), in-process against the emulator on loopback, for
 * each rule family. Reports p50 / p99 over repeated events.
 *
 *   npm run bench:latency [-- --events 100]
 */
import { BatchGetProjectsCommand, CodeBuildClient } from '@aws-sdk/client-codebuild';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { DescribeVpcEndpointsCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DescribeRepositoriesCommand, ECRClient } from '@aws-sdk/client-ecr';
import { ConfigEmulator } from '../emulator/config-emulator';
import { codeBuildItem, ecrItem, vpcEndpointItem, vpcItem } from '../emulator/config-items';
import { changeEvent } from '../emulator/lambda-events';
import { startMoto } from '../emulator/moto';
import { buildReferencePipeline } from '../emulator/reference-pipeline';
import { createHandler } from '../handlers/evaluate';
import { RETRY } from '../lib/aws/clients';
import { describeSource } from '../lib/collect/source';
import type { Log } from '../lib/log';
import { ruleForConfigRuleName } from '../rules/index';

const index = process.argv.indexOf('--events');
const events = index > 0 ? Number(process.argv[index + 1]) : 60;
const silent: Log = { info() {}, warn() {}, error() {} };

const moto = await startMoto();
const emulator = new ConfigEmulator(moto.endpoint);
const endpoint = await emulator.start();
const options = {
  region: 'eu-west-1',
  endpoint,
  credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
};
const settings = { ...RETRY, ...options };
const aws = {
  emulator,
  options,
  config: new ConfigServiceClient(settings),
  codebuild: new CodeBuildClient(settings),
  ecr: new ECRClient(settings),
  ec2: new EC2Client(settings),
  close: async () => undefined,
};

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};

try {
  const pipeline = await buildReferencePipeline(aws);
  const { projects } = await aws.codebuild.send(
    new BatchGetProjectsCommand({ names: [pipeline.projectName] }),
  );
  const { repositories } = await aws.ecr.send(
    new DescribeRepositoriesCommand({ repositoryNames: [pipeline.repositoryName] }),
  );
  const { VpcEndpoints } = await aws.ec2.send(
    new DescribeVpcEndpointsCommand({ VpcEndpointIds: [pipeline.endpoints['ecr.dkr']] }),
  );
  const { Vpcs } = await aws.ec2.send(new DescribeVpcsCommand({ VpcIds: [pipeline.vpcId] }));
  const project = codeBuildItem(projects?.[0] ?? {}, 'uuid-app-build');
  const families: [string, string, Record<string, unknown>][] = [
    ['CodeBuild, pure (codebuild-project-source-private)', 'codebuild-project-source-private', project],
    ['CodeBuild, visibility fetched (codebuild-project-not-public)', 'codebuild-project-not-public', project],
    ['CodeBuild, network path (codebuild-project-vpc-endpoints)', 'codebuild-project-vpc-endpoints', project],
    [
      'ECR repository policy (ecr-repository-not-public)',
      'ecr-repository-not-public',
      ecrItem(repositories?.[0] ?? {}),
    ],
    [
      'VPC endpoint (vpc-endpoint-policy-restricted)',
      'vpc-endpoint-policy-restricted',
      vpcEndpointItem(VpcEndpoints?.[0] ?? {}),
    ],
    ['VPC, network + projects (vpc-required-endpoints)', 'vpc-required-endpoints', vpcItem(Vpcs?.[0] ?? {})],
  ];
  console.log(
    `node ${process.version}, ${new Date().toISOString()}, ${events} change events per family, emulator on loopback`,
  );
  console.log('family                                                          p50 ms   p99 ms');
  for (const [label, ruleId, item] of families) {
    const handler = createHandler({
      config: aws.config,
      aws: describeSource(options),
      findRule: ruleForConfigRuleName,
      log: silent,
      region: 'eu-west-1',
    });
    const samples: number[] = [];
    for (let i = 0; i < events + 5; i++) {
      const started = performance.now();
      await handler(changeEvent(item, { configRuleName: `ppguard-${ruleId}` }));
      if (i >= 5) samples.push(performance.now() - started); // the first five warm the clients
    }
    console.log(
      `${label.padEnd(62)} ${percentile(samples, 50).toFixed(1).padStart(7)} ${percentile(samples, 99).toFixed(1).padStart(8)}`,
    );
  }
} finally {
  await emulator.stop();
  await moto.stop();
}
