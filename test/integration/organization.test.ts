/**
 * Organization mode against the emulator with two accounts: the evaluator in the administrator
 * account (123456789012) assumes the member role in 222222222222 through STS for every read and
 * for PutEvaluations, and keeps its own role for its own account.
 */
import {
  CreateRepositoryCommand,
  ECRClient,
  type Repository,
  SetRepositoryPolicyCommand,
} from '@aws-sdk/client-ecr';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { evaluatorDeps } from '../../lib/aws/evaluator-deps';
import { evaluateRuleEvent } from '../../lib/config/evaluate-event';
import type { Log } from '../../lib/log';
import { ruleForConfigRuleName } from '../../rules/index';
import { scheduledEvent } from '../fixtures/events';
import { REGION, startTestAws, type TestAws } from './support/aws';
import { ecrItem, toWireItem } from './support/config-items';

const ADMIN = '123456789012';
const MEMBER = '222222222222';
const silent: Log = { info() {}, warn() {}, error() {} };
const PUBLIC_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Sid: 'PublicPull', Effect: 'Allow', Principal: '*', Action: 'ecr:BatchGetImage' }],
});

let aws: TestAws;
let memberKey = '';
let memberRepository: Repository | undefined;

beforeAll(async () => {
  aws = await startTestAws();
  // Resources of the member account, created through a role assumed in it.
  const sts = new STSClient({ ...aws.options });
  const { Credentials } = await sts.send(
    new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${MEMBER}:role/setup`, RoleSessionName: 'setup' }),
  );
  const member = new ECRClient({
    ...aws.options,
    credentials: {
      accessKeyId: Credentials?.AccessKeyId ?? '',
      secretAccessKey: Credentials?.SecretAccessKey ?? '',
      sessionToken: Credentials?.SessionToken ?? '',
    },
  });
  ({ repository: memberRepository } = await member.send(
    new CreateRepositoryCommand({ repositoryName: 'member-open' }),
  ));
  await member.send(
    new SetRepositoryPolicyCommand({ repositoryName: 'member-open', policyText: PUBLIC_POLICY }),
  );
  await aws.ecr.send(new CreateRepositoryCommand({ repositoryName: 'admin-private' }));
  member.destroy();
  sts.destroy();
});

afterAll(async () => {
  await aws?.close();
});

beforeEach(() => aws.emulator.clear());

const depsFor = () =>
  evaluatorDeps({
    region: REGION,
    log: silent,
    findRule: ruleForConfigRuleName,
    memberRoleName: 'ppguard-member',
    clientOptions: aws.options,
  });

describe('organization mode', () => {
  it("sweeps a member account through its assumed member role and reports with the member's credentials", async () => {
    // Prepare
    const event = scheduledEvent({ configRuleName: 'ppguard-ecr-repository-not-public', accountId: MEMBER });

    // Act
    await evaluateRuleEvent(event, await depsFor()(event, ADMIN));

    // Assess
    expect(aws.emulator.count('sts.AssumeRole')).toBe(1);
    expect(aws.emulator.evaluations.map((e) => [e.ComplianceResourceId, e.ComplianceType])).toEqual([
      ['member-open', 'NON_COMPLIANT'],
    ]);
    memberKey = aws.emulator.putAccessKeys[0] ?? '';
    expect(memberKey).not.toBe('testing');
    expect(memberKey).not.toBe('');
  });

  it("reads the member's repositories from what Config recorded in that account, through the member role", async () => {
    // Prepare
    if (!memberRepository) throw new Error('member repository not created');
    aws.emulator.seed({
      ...toWireItem(ecrItem(memberRepository, { policyText: PUBLIC_POLICY })),
      accountId: MEMBER,
    });
    const event = scheduledEvent({ configRuleName: 'ppguard-ecr-repository-not-public', accountId: MEMBER });

    // Act
    try {
      await evaluateRuleEvent(event, await depsFor()(event, ADMIN));
    } finally {
      aws.emulator.unseedAll();
    }

    // Assess
    expect(aws.emulator.count('config.BatchGetResourceConfig')).toBe(1);
    expect(aws.emulator.count('ecr.GetRepositoryPolicy')).toBe(0);
    expect(aws.emulator.evaluations.map((e) => [e.ComplianceResourceId, e.ComplianceType])).toEqual([
      ['member-open', 'NON_COMPLIANT'],
    ]);
    const [memberSigner] = aws.emulator.putAccessKeys;
    expect(memberSigner).not.toBe('testing');
    expect(aws.emulator.signersOf('config.BatchGetResourceConfig')).toEqual([memberSigner]);
    expect(aws.emulator.signersOf('ecr.DescribeRepositories')).toEqual([memberSigner]);
  });

  it('keeps its own role for its own account', async () => {
    // Prepare
    const event = scheduledEvent({ configRuleName: 'ppguard-ecr-repository-not-public', accountId: ADMIN });

    // Act
    await evaluateRuleEvent(event, await depsFor()(event, ADMIN));

    // Assess
    expect(aws.emulator.count('sts.AssumeRole')).toBe(0);
    expect(aws.emulator.evaluations.map((e) => [e.ComplianceResourceId, e.ComplianceType])).toEqual([
      ['admin-private', 'COMPLIANT'],
    ]);
    expect(aws.emulator.putAccessKeys).toEqual(['testing']);
  });

  it('assumes the member role once per account and reuses it across invocations', async () => {
    // Prepare
    const deps = depsFor();
    const event = scheduledEvent({ configRuleName: 'ppguard-ecr-repository-not-public', accountId: MEMBER });

    // Act
    await evaluateRuleEvent(event, await deps(event, ADMIN));
    await evaluateRuleEvent(event, await deps(event, ADMIN));

    // Assess
    expect(aws.emulator.count('sts.AssumeRole')).toBe(1);
    expect(aws.emulator.evaluations).toHaveLength(2);
  });
});
