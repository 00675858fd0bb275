/**
 * A synthetic account for the fault-injection sweep (faults.test.ts, bench/faults.ts), built in moto
 * with the SDK, and a periodic run of two rules over it through handlers/evaluate:
 * - ECR repositories: 10% with a public policy, 20% shared with a trusted account, the rest without
 *   policy (ecr-repository-not-public: 10% NON_COMPLIANT); all but 4% recorded by AWS Config (items
 *   seeded in the front as Config records them), so the Lambda path reads most policies through
 *   BatchGetResourceConfig and falls back to the ECR reads for the rest;
 * - CodeBuild projects in one VPC: 20% outside it, 40% in a private subnet (main route table, local
 *   only), 40% in a public subnet (default route to an internet gateway), each discovered by Config
 *   under its own id (codebuild-project-no-internet-egress: 20% NOT_APPLICABLE, 40% COMPLIANT,
 *   40% NON_COMPLIANT).
 * The run uses the production client factories (lib/aws/clients, lib/collect/source): production
 * retry settings, and fresh clients per run, as in a new Lambda container. It reads the account
 * through the CLI-style Describe path (`describe`) or as the Lambda function wires it (`lambda`:
 * lib/lambda/evaluator-deps, ECR repositories from Config's records), optionally with a Lambda
 * clock and the sweep queue (a sweep short of time hands off to a follow-up invocation).
 */
import { type CodeBuildClient, CreateProjectCommand } from '@aws-sdk/client-codebuild';
import {
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { CreateRepositoryCommand, type ECRClient, SetRepositoryPolicyCommand } from '@aws-sdk/client-ecr';
import {
  DeleteMessageCommand,
  MessageSystemAttributeName,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { createHandler } from '../handlers/evaluate';
import type { ClientOptions } from '../lib/aws/clients';
import { createConfigClient } from '../lib/aws/config-client';
import { describeSource } from '../lib/collect/source';
import type { EvaluatorDeps, RunSummary } from '../lib/config/evaluate-event';
import { evaluatorDeps } from '../lib/lambda/evaluator-deps';
import { sweepQueue } from '../lib/lambda/sweep-queue';
import type { Log } from '../lib/log';
import { ruleForConfigRuleName } from '../rules/index';
import type { ConfigEmulator, WireEvaluation } from './config-emulator';
import { codeBuildItem, ecrItem, toWireItem } from './config-items';
import { scheduledEvent, sqsEvent } from './lambda-events';
import { projectInput } from './reference-pipeline';

export const TRUSTED_ACCOUNT = '111111111111';
const SWEPT_AT = '2026-11-25T11:00:00.000Z';
const NOW = new Date('2026-11-25T11:00:05Z');

export const RULE_RUNS = {
  ecr: {
    configRuleName: 'ppguard-ecr-repository-not-public',
    ruleParameters: { trustedAccounts: TRUSTED_ACCOUNT },
    resultToken: 'sweep-ecr',
    notificationCreationTime: SWEPT_AT,
  },
  codebuild: {
    configRuleName: 'ppguard-codebuild-project-no-internet-egress',
    resultToken: 'sweep-codebuild',
    notificationCreationTime: SWEPT_AT,
  },
} as const;

export type RuleRun = keyof typeof RULE_RUNS;

export interface AccountClients {
  ec2: EC2Client;
  ecr: ECRClient;
  codebuild: CodeBuildClient;
  emulator: ConfigEmulator;
  region: string;
}

export async function mapLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<unknown>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
}

const pad = (i: number) => String(i).padStart(4, '0');
export const repositoryName = (i: number) => `fault-repo-${pad(i)}`;
export const projectName = (i: number) => `fault-build-${pad(i)}`;
export const projectConfigId = (i: number) => `cb0f0000-0000-4000-8000-${String(i).padStart(12, '0')}`;

/**
 * Whether AWS Config has recorded repository i: all but every 25th from the 10th on (4%: half of
 * them public, half without policy), which the Lambda path reads through the ECR APIs instead.
 */
export const isRecorded = (i: number) => i % 25 !== 10;

function repositoryPolicy(i: number): string | undefined {
  const principal =
    i % 10 === 0 ? '*' : i % 10 < 3 ? { AWS: `arn:aws:iam::${TRUSTED_ACCOUNT}:root` } : undefined;
  if (principal === undefined) return undefined;
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Sid: 'Pull', Effect: 'Allow', Principal: principal, Action: ['ecr:BatchGetImage'] }],
  });
}

async function buildNetwork({ ec2, region }: AccountClients) {
  const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }));
  const vpcId = Vpc?.VpcId ?? '';
  const subnet = async (CidrBlock: string) => {
    const { Subnet } = await ec2.send(
      new CreateSubnetCommand({ VpcId: vpcId, CidrBlock, AvailabilityZone: `${region}a` }),
    );
    return Subnet?.SubnetId ?? '';
  };
  const privateSubnetId = await subnet('10.0.1.0/24');
  const publicSubnetId = await subnet('10.0.2.0/24');
  const { RouteTable } = await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }));
  const RouteTableId = RouteTable?.RouteTableId ?? '';
  await ec2.send(new AssociateRouteTableCommand({ RouteTableId, SubnetId: publicSubnetId }));
  const { InternetGateway } = await ec2.send(new CreateInternetGatewayCommand({}));
  const InternetGatewayId = InternetGateway?.InternetGatewayId ?? '';
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId, VpcId: vpcId }));
  await ec2.send(
    new CreateRouteCommand({ RouteTableId, DestinationCidrBlock: '0.0.0.0/0', GatewayId: InternetGatewayId }),
  );
  const { GroupId } = await ec2.send(
    new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: 'builds', Description: 'builds' }),
  );
  return { vpcId, privateSubnetId, publicSubnetId, securityGroupId: GroupId ?? '' };
}

const codeBuildProject = (i: number, region: string, network: Awaited<ReturnType<typeof buildNetwork>>) => {
  const subnetId = i % 5 === 0 ? undefined : i % 5 < 3 ? network.privateSubnetId : network.publicSubnetId;
  const vpc = subnetId
    ? { vpcId: network.vpcId, subnetIds: [subnetId], securityGroupId: network.securityGroupId }
    : undefined;
  return new CreateProjectCommand(projectInput(projectName(i), vpc, region));
};

/**
 * Builds the account with faults off: repositories 15 at a time, projects one after another beside
 * them (so ListProjects lists them in the same order in every run, and the same requests draw the
 * same faults).
 */
export async function buildSweepAccount(
  clients: AccountClients,
  size: { repositories: number; projects: number },
): Promise<void> {
  const network = await buildNetwork(clients);
  const repositories = async () =>
    mapLimit(
      Array.from({ length: size.repositories }, (_, i) => i),
      15,
      async (i) => {
        const { repository } = await clients.ecr.send(
          new CreateRepositoryCommand({ repositoryName: repositoryName(i) }),
        );
        if (!repository) throw new Error(`repository ${repositoryName(i)} was not created`);
        const policyText = repositoryPolicy(i);
        if (policyText) {
          await clients.ecr.send(
            new SetRepositoryPolicyCommand({ repositoryName: repositoryName(i), policyText }),
          );
        }
        if (isRecorded(i))
          clients.emulator.seed(toWireItem(ecrItem(repository, policyText ? { policyText } : {})));
      },
    );
  const projects = async () => {
    for (let i = 0; i < size.projects; i++) {
      const { project } = await clients.codebuild.send(codeBuildProject(i, clients.region, network));
      if (!project) throw new Error(`project ${projectName(i)} was not created`);
      clients.emulator.seed(toWireItem(codeBuildItem(project, projectConfigId(i))));
    }
  };
  await Promise.all([repositories(), projects()]);
}

const silent: Log = { info: () => {}, warn: () => {}, error: () => {} };

/**
 * How the handler reads the account: `describe` as the CLI does (every ECR repository through three
 * ECR reads), `lambda` as the Lambda function does (lib/lambda/evaluator-deps: ECR repositories from
 * what Config recorded, 100 per BatchGetResourceConfig).
 */
export type ReadPath = 'describe' | 'lambda';

export interface SweepSettings {
  path?: ReadPath;
  /** With a queue, a sweep hands off to a follow-up invocation when `remainingMs` is short. */
  handOff?: { queueUrl: string; remainingMs: () => number };
}

export type SweepHandler = ReturnType<typeof createHandler>;

/** handlers/evaluate as a new container runs it (fresh clients); `close` destroys them. */
export async function sweepHandler(
  options: ClientOptions & { region: string },
  { path = 'describe', handOff }: SweepSettings = {},
): Promise<{ handler: SweepHandler; close: () => void }> {
  const common = { findRule: ruleForConfigRuleName, log: silent, region: options.region };
  let deps: EvaluatorDeps;
  if (path === 'lambda') {
    // The function's own account (from its ARN in Lambda) is the events' account: no member role.
    const event = scheduledEvent();
    deps = await evaluatorDeps({ ...common, clientOptions: options })(event, event.accountId);
  } else {
    deps = { ...common, config: createConfigClient(options), aws: describeSource(options) };
  }
  const handler = createHandler(
    { ...deps, now: () => NOW },
    handOff
      ? { limits: { remainingMs: handOff.remainingMs, handOff: sweepQueue(handOff.queueUrl, options) } }
      : {},
  );
  return { handler, close: () => deps.config.destroy() };
}

/** One periodic run of each rule named, in order, through a fresh handler (new clients). */
export async function sweep(
  options: ClientOptions & { region: string },
  runs: RuleRun[],
  path: ReadPath = 'describe',
): Promise<RunSummary[]> {
  const { handler, close } = await sweepHandler(options, { path });
  try {
    const summaries: RunSummary[] = [];
    for (const run of runs) summaries.push(await handler(scheduledEvent(RULE_RUNS[run])));
    return summaries;
  } finally {
    close();
  }
}

export interface Delivery {
  /** How often SQS had handed out the message, this time included. */
  receiveCount: number;
  outcome: { summary: RunSummary } | { error: Error };
}

/**
 * What Lambda's SQS event source does with the sweep queue (batch size 1): each message to the
 * handler, deleted once the handler succeeds. A message whose invocation failed stays in the queue
 * and is received again (at once with a visibility timeout of 0), until SQS moves it to the
 * dead-letter queue after the queue's maxReceiveCount receives. Returns every delivery, in order.
 */
export async function deliverContinuations(
  sqs: SQSClient,
  queueUrl: string,
  handler: SweepHandler,
  maxDeliveries = 100,
): Promise<Delivery[]> {
  const deliveries: Delivery[] = [];
  for (;;) {
    if (deliveries.length >= maxDeliveries)
      throw new Error(`the sweep queue still delivers after ${maxDeliveries} messages`);
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 1,
        WaitTimeSeconds: 0,
        MessageSystemAttributeNames: [MessageSystemAttributeName.ApproximateReceiveCount],
      }),
    );
    const message = Messages[0];
    if (!message) return deliveries;
    let outcome: Delivery['outcome'];
    try {
      outcome = { summary: await handler(sqsEvent([message.Body ?? ''])) };
    } catch (error) {
      outcome = { error: error as Error };
    }
    deliveries.push({ receiveCount: Number(message.Attributes?.ApproximateReceiveCount ?? 0), outcome });
    if ('summary' in outcome) {
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
    }
  }
}

export const resourceKey = (e: WireEvaluation) => `${e.ComplianceResourceType} ${e.ComplianceResourceId}`;

/** Evaluations in resource order, to compare two runs. */
export const byResource = (evaluations: readonly WireEvaluation[]) =>
  [...evaluations].sort((a, b) => resourceKey(a).localeCompare(resourceKey(b)));

export function tally(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}
