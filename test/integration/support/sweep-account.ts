/**
 * A synthetic account for the fault-injection sweep (faults.test.ts, bench/faults.ts), built in moto
 * with the SDK, and a periodic run of two rules over it through handlers/evaluate:
 * - ECR repositories: 10% with a public policy, 20% shared with a trusted account, the rest without
 *   policy (ecr-repository-not-public: 10% NON_COMPLIANT);
 * - CodeBuild projects in one VPC: 20% outside it, 40% in a private subnet (main route table, local
 *   only), 40% in a public subnet (default route to an internet gateway), each discovered by Config
 *   under its own id (codebuild-project-no-internet-egress: 20% NOT_APPLICABLE, 40% COMPLIANT,
 *   40% NON_COMPLIANT).
 * The run uses the production client factories (lib/aws/clients, lib/collect/source): production
 * retry settings, and fresh clients per run, as in a new Lambda container.
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
import { createHandler } from '../../../handlers/evaluate';
import { type ClientOptions, createConfigClient } from '../../../lib/aws/clients';
import { describeSource } from '../../../lib/collect/source';
import type { RunSummary } from '../../../lib/config/evaluate-event';
import type { Log } from '../../../lib/log';
import { ruleForConfigRuleName } from '../../../rules/index';
import { scheduledEvent } from '../../fixtures/events';
import type { ConfigEmulator, WireEvaluation } from './config-emulator';
import { codeBuildItem, toWireItem } from './config-items';

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
  return new CreateProjectCommand({
    name: projectName(i),
    source: { type: 'CODECOMMIT', location: `https://git-codecommit.${region}.amazonaws.com/v1/repos/app` },
    artifacts: { type: 'NO_ARTIFACTS' },
    environment: {
      type: 'LINUX_CONTAINER',
      image: `123456789012.dkr.ecr.${region}.amazonaws.com/builder:1`,
      computeType: 'BUILD_GENERAL1_SMALL',
    },
    serviceRole: 'arn:aws:iam::123456789012:role/codebuild-app-role',
    ...(subnetId
      ? {
          vpcConfig: {
            vpcId: network.vpcId,
            subnets: [subnetId],
            securityGroupIds: [network.securityGroupId],
          },
        }
      : {}),
  });
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
        await clients.ecr.send(new CreateRepositoryCommand({ repositoryName: repositoryName(i) }));
        const policyText = repositoryPolicy(i);
        if (policyText) {
          await clients.ecr.send(
            new SetRepositoryPolicyCommand({ repositoryName: repositoryName(i), policyText }),
          );
        }
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

/** One periodic run of each rule named, in order, through a fresh handler (new clients). */
export async function sweep(
  options: ClientOptions & { region: string },
  runs: RuleRun[],
): Promise<RunSummary[]> {
  const config = createConfigClient(options);
  const handler = createHandler({
    config,
    aws: describeSource(options),
    findRule: ruleForConfigRuleName,
    log: silent,
    region: options.region,
    now: () => NOW,
  });
  try {
    const summaries: RunSummary[] = [];
    for (const run of runs) summaries.push(await handler(scheduledEvent(RULE_RUNS[run])));
    return summaries;
  } finally {
    config.destroy();
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
