/**
 * npm run demo: the whole product on an emulated AWS account, no AWS account needed.
 *
 *  1. starts the AWS emulator (moto) on 127.0.0.1, behind the AWS Config front the tests use;
 *  2. provisions the reference private pipeline and a leaky variant next to it;
 *  3. runs the Config rule handler as AWS Config would (a change notification, then the
 *     periodic run of every rule) and prints a console-like compliance table;
 *  4. runs the alert path: a compliance change -> notify -> SNS (email text) -> Slack handler ->
 *     a Slack stand-in on 127.0.0.1, and prints both alerts;
 *  5. runs `ppguard scan` against the same account.
 * Everything it started is stopped on exit, also on Ctrl-C.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { CodeBuildClient, CreateProjectCommand } from '@aws-sdk/client-codebuild';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import {
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { CreateRepositoryCommand, ECRClient, SetRepositoryPolicyCommand } from '@aws-sdk/client-ecr';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { complianceChangeEvent } from '../emulator/compliance-events';
import { ConfigEmulator } from '../emulator/config-emulator';
import { codeBuildItem, toWireItem } from '../emulator/config-items';
import { changeEvent, scheduledEvent } from '../emulator/lambda-events';
import { type RunningMoto, startMoto } from '../emulator/moto';
import { buildReferencePipeline } from '../emulator/reference-pipeline';
import { createHandler as createEvaluateHandler } from '../handlers/evaluate';
import { createHandler as createNotifyHandler } from '../handlers/notify';
import { createHandler as createSlackHandler } from '../handlers/slack';
import { RETRY } from '../lib/aws/clients';
import { describeSource } from '../lib/collect/source';
import type { Log } from '../lib/log';
import { RecentAlerts } from '../lib/notify/dedup';
import { realSleep } from '../lib/notify/deliver';
import { createWebhookUrlReader } from '../lib/notify/webhook';
import { RULES, ruleForConfigRuleName } from '../rules/index';
import { describeSkipped, emulatorCoverage } from './demo-coverage';

const REGION = 'eu-west-1';
const ACCOUNT = '123456789012';
const silent: Log = { info() {}, warn() {}, error() {} };
const bold = (text: string) => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text);
const step = (text: string) => console.log(`\n${bold(`== ${text}`)}`);

const stops: (() => Promise<void>)[] = [];
async function stopAll() {
  for (const stop of stops.reverse()) await stop().catch(() => undefined);
  stops.length = 0;
}
process.on('SIGINT', () => {
  console.error('\ninterrupted: stopping the emulator');
  void stopAll().then(() => process.exit(130));
});

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`the emulator returned no ${what}`);
  return value;
}

async function main() {
  step('Starting an emulated AWS account (moto) on 127.0.0.1');
  const moto: RunningMoto = await startMoto();
  stops.push(() => moto.stop());
  const emulator = new ConfigEmulator(moto.endpoint);
  const endpoint = await emulator.start();
  stops.push(() => emulator.stop());
  emulator.capture.add('sns.Publish');
  const options = {
    region: REGION,
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
  console.log(`account ${ACCOUNT}, region ${REGION}, endpoint ${endpoint}`);

  step('Provisioning the reference private pipeline and a leaky variant');
  const pipeline = await buildReferencePipeline(aws);
  console.log(
    `private: ${pipeline.vpcId} (private subnets, endpoints for ecr.api, ecr.dkr, s3, logs, codecommit, git-codecommit),`,
  );
  console.log(`         project ${pipeline.projectName}, repository ${pipeline.repositoryName}`);
  const leaky = await buildLeakyVariant(aws.ec2, aws.codebuild, aws.ecr);
  console.log(
    `leaky:   ${leaky.vpcId} (public subnet, internet gateway route, ecr.dkr endpoint without private DNS),`,
  );
  console.log(
    '         projects leaky-build (Docker Hub image, GitHub source, plaintext key) and outside-vpc-build,',
  );
  console.log('         repository leaky-images (open to every AWS account, mutable tags)');

  // AWS Config has discovered every project; it knows them by a UUID, not by name.
  const configIds = new Map<string, string>();
  const listed = await describeSource(options).list('AWS::CodeBuild::Project');
  const projects = (Array.isArray(listed) ? listed : listed.resources) as { name: string }[];
  for (const project of projects) {
    configIds.set(project.name, `3f2b7c1e-0000-4000-a000-${String(configIds.size + 1).padStart(12, '0')}`);
  }
  const { BatchGetProjectsCommand } = await import('@aws-sdk/client-codebuild');
  const described = await aws.codebuild.send(new BatchGetProjectsCommand({ names: [...configIds.keys()] }));
  for (const project of described.projects ?? []) {
    emulator.seed(toWireItem(codeBuildItem(project, configIds.get(project.name ?? '') ?? '')));
  }

  const evaluate = createEvaluateHandler({
    config: aws.config,
    aws: describeSource(options),
    findRule: ruleForConfigRuleName,
    log: silent,
    region: REGION,
  });

  step('AWS Config: a change notification for leaky-build (codebuild-project-no-internet-egress)');
  const leakyProject = described.projects?.find((p) => p.name === 'leaky-build');
  emulator.clear();
  await evaluate(
    changeEvent(codeBuildItem(required(leakyProject, 'leaky-build'), configIds.get('leaky-build')), {
      configRuleName: 'ppguard-codebuild-project-no-internet-egress',
    }),
  );
  for (const e of emulator.evaluations)
    console.log(`PutEvaluations: ${e.ComplianceType} ${e.ComplianceResourceId}: ${e.Annotation ?? ''}`);

  step('AWS Config: the periodic run of every rule');
  const names = new Map([...configIds].map(([name, id]) => [id, name]));
  const results: { rule: string; resource: string; compliance: string; annotation: string }[] = [];
  const coverage = emulatorCoverage(RULES);
  process.stdout.write(describeSkipped(coverage, RULES.length));
  const sweptRules = coverage.runnable;
  for (const rule of sweptRules) {
    emulator.clear();
    await evaluate(scheduledEvent({ configRuleName: `ppguard-${rule.id}` }));
    for (const e of emulator.evaluations) {
      results.push({
        rule: rule.id,
        resource: names.get(e.ComplianceResourceId) ?? e.ComplianceResourceId,
        compliance: e.ComplianceType,
        annotation: e.Annotation ?? '',
      });
    }
  }
  printComplianceTable(results);

  step('Alerts: a compliance change of codebuild-project-no-internet-egress on leaky-build');
  const violation = results.find(
    (r) => r.rule === 'codebuild-project-no-internet-egress' && r.resource === 'leaky-build',
  );
  await runAlertPath(options, emulator, configIds.get('leaky-build') ?? '', violation?.annotation ?? '');

  step('ppguard scan (the same rules from a terminal, against the same account)');
  // The rules the emulator can list resources for (the others are named above).
  await runScan(
    endpoint,
    sweptRules.map((rule) => rule.id),
  );
}

async function buildLeakyVariant(ec2: EC2Client, codebuild: CodeBuildClient, ecr: ECRClient) {
  const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.1.0.0/16' }));
  const vpcId = required(Vpc?.VpcId, 'vpc id');
  const { Subnet } = await ec2.send(
    new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.1.1.0/24', AvailabilityZone: `${REGION}a` }),
  );
  const subnetId = required(Subnet?.SubnetId, 'subnet id');
  const { RouteTable } = await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }));
  const routeTableId = required(RouteTable?.RouteTableId, 'route table id');
  await ec2.send(new AssociateRouteTableCommand({ RouteTableId: routeTableId, SubnetId: subnetId }));
  const { InternetGateway } = await ec2.send(new CreateInternetGatewayCommand({}));
  const igw = required(InternetGateway?.InternetGatewayId, 'internet gateway id');
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpcId }));
  await ec2.send(
    new CreateRouteCommand({ RouteTableId: routeTableId, DestinationCidrBlock: '0.0.0.0/0', GatewayId: igw }),
  );
  const { GroupId } = await ec2.send(
    new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: 'leaky', Description: 'leaky builds' }),
  );
  await ec2.send(
    new CreateVpcEndpointCommand({
      VpcId: vpcId,
      ServiceName: `com.amazonaws.${REGION}.ecr.dkr`,
      VpcEndpointType: 'Interface',
      SubnetIds: [subnetId],
      PrivateDnsEnabled: false,
    }),
  );
  const project = (name: string, inVpc: boolean) =>
    codebuild.send(
      new CreateProjectCommand({
        name,
        source: { type: 'GITHUB', location: 'https://github.com/example/app.git' },
        artifacts: { type: 'NO_ARTIFACTS' },
        environment: {
          type: 'LINUX_CONTAINER',
          image: 'node:22',
          computeType: 'BUILD_GENERAL1_SMALL',
          environmentVariables: [
            {
              name: 'AWS_SECRET_ACCESS_KEY',
              value: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
              type: 'PLAINTEXT',
            },
          ],
        },
        serviceRole: `arn:aws:iam::${ACCOUNT}:role/codebuild-leaky-role`,
        ...(inVpc ? { vpcConfig: { vpcId, subnets: [subnetId], securityGroupIds: [GroupId ?? ''] } } : {}),
      }),
    );
  await project('leaky-build', true);
  await project('outside-vpc-build', false);
  await ecr.send(new CreateRepositoryCommand({ repositoryName: 'leaky-images' }));
  await ecr.send(
    new SetRepositoryPolicyCommand({
      repositoryName: 'leaky-images',
      policyText: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Sid: 'AnyonePulls', Effect: 'Allow', Principal: '*', Action: ['ecr:BatchGetImage'] }],
      }),
    }),
  );
  return { vpcId };
}

function printComplianceTable(
  results: { rule: string; resource: string; compliance: string; annotation: string }[],
) {
  const rules = [...new Set(results.map((r) => r.rule))];
  const width = Math.max(...rules.map((r) => r.length));
  console.log(`${'rule'.padEnd(width)}  compliant  non-compliant  not applicable`);
  for (const rule of rules) {
    const of = (c: string) => results.filter((r) => r.rule === rule && r.compliance === c).length;
    console.log(
      `${rule.padEnd(width)}  ${String(of('COMPLIANT')).padStart(9)}  ${String(of('NON_COMPLIANT')).padStart(13)}  ${String(of('NOT_APPLICABLE')).padStart(14)}`,
    );
  }
  console.log('\nNON_COMPLIANT resources (what the Config console shows as the annotation):');
  for (const r of results.filter((x) => x.compliance === 'NON_COMPLIANT')) {
    console.log(`  ${r.rule}  ${r.resource}\n      ${r.annotation}`);
  }
}

async function runAlertPath(
  options: {
    region: string;
    endpoint: string;
    credentials: { accessKeyId: string; secretAccessKey: string };
  },
  emulator: ConfigEmulator,
  resourceId: string,
  annotation: string,
) {
  const settings = { ...RETRY, ...options };
  const sns = new SNSClient(settings);
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'ppguard-alerts' }));
  const topicArn = required(TopicArn, 'topic arn');

  // The Slack incoming-webhook stand-in, on loopback.
  const posted: string[] = [];
  const slack = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      posted.push(Buffer.concat(chunks).toString());
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => slack.listen(0, '127.0.0.1', resolve));
  stops.push(() => new Promise((resolve) => slack.close(() => resolve())));
  const webhook = `http://127.0.0.1:${(slack.address() as AddressInfo).port}/services/T000/B000/demo`;
  const secrets = new SecretsManagerClient(settings);
  const { ARN } = await secrets.send(
    new CreateSecretCommand({ Name: 'ppguard/slack', SecretString: webhook }),
  );

  emulator.captured.clear();
  const notify = createNotifyHandler({
    sns,
    topicArn,
    findRule: ruleForConfigRuleName,
    recent: new RecentAlerts(),
    log: silent,
  });
  const event = complianceChangeEvent({
    configRuleName: 'ppguard-codebuild-project-no-internet-egress',
    resourceType: 'AWS::CodeBuild::Project',
    resourceId,
    old: { compliance: 'COMPLIANT' },
    new: { compliance: 'NON_COMPLIANT', annotation },
  });
  await notify(event);

  const publish = emulator.captured.get('sns.Publish')?.[0] ?? '';
  const request = publish.trim().startsWith('{')
    ? (JSON.parse(publish) as Record<string, string>)
    : Object.fromEntries(new URLSearchParams(publish));
  const message = JSON.parse(request.Message ?? '{}') as Record<string, string>;
  console.log(
    `SNS Publish, Subject: ${request.Subject}\n--- email ---\n${message.email ?? message.default}\n--- end ---`,
  );

  const deliver = createSlackHandler({
    webhookUrl: createWebhookUrlReader({ kind: 'secret', id: required(ARN, 'secret arn') }, options),
    delivery: { fetch: globalThis.fetch, sleep: realSleep, log: silent },
    log: silent,
  });
  await deliver({
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        Sns: {
          Type: 'Notification',
          TopicArn: topicArn,
          Subject: request.Subject,
          Message: message.lambda ?? message.default,
          MessageId: 'demo',
        },
      },
    ],
  });
  console.log(
    `--- Slack (Block Kit JSON posted to the webhook on loopback) ---\n${JSON.stringify(JSON.parse(posted[0] ?? '{}'), null, 2)}\n--- end ---`,
  );
}

async function runScan(endpoint: string, rules: string[]) {
  const args = [
    join(import.meta.dirname, '..', 'bin', 'ppguard.mjs'),
    'scan',
    '--region',
    REGION,
    '--rules',
    rules.join(','),
  ];
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: {
        ...process.env,
        AWS_ENDPOINT_URL: endpoint,
        AWS_ACCESS_KEY_ID: 'testing',
        AWS_SECRET_ACCESS_KEY: 'testing',
        AWS_REGION: REGION,
      },
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      console.log(
        `\nppguard scan exited with ${code} (1 = something is non-compliant, as expected for the leaky variant)`,
      );
      if (code === 1) resolve();
      else reject(new Error(`ppguard scan exited with ${code}, expected 1 (non-compliant resources found)`));
    });
  });
}

try {
  await main();
} finally {
  await stopAll();
}
