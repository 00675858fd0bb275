/**
 * Organization mode against the emulator with two accounts: the evaluator in the administrator
 * account (123456789012) assumes the member role in 222222222222 through STS for every read and
 * for PutEvaluations, and keeps its own role for its own account. Member-account events carry the
 * name AWS gives the member's copy of an organization rule (`OrgConfigRule-<name>-<suffix>`,
 * docs/organization.md); the administrator's own copy keeps the plain name.
 */
import {
  CreateRepositoryCommand,
  ECRClient,
  type Repository,
  SetRepositoryPolicyCommand,
} from '@aws-sdk/client-ecr';
import { CreateTopicCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ecrItem, toWireItem } from '../../emulator/config-items';
import { createHandler as createNotifyHandler } from '../../handlers/notify';
import { createSnsClient, createSqsClient } from '../../lib/aws/clients';
import { evaluateRuleEvent } from '../../lib/config/evaluate-event';
import { evaluatorDeps } from '../../lib/lambda/evaluator-deps';
import type { Log } from '../../lib/log';
import { RecentAlerts } from '../../lib/notify/dedup';
import { ruleForConfigRuleName } from '../../rules/index';
import { complianceChangeEvent } from '../fixtures/compliance-events';
import { scheduledEvent } from '../fixtures/events';
import { credentialsIn, PUBLIC_POLICY } from './support/accounts';
import { REGION, startTestAws, type TestAws } from './support/aws';
import { RoleDenyingFront } from './support/role-front';
import { createQueue, drainQueue } from './support/sqs';

const ADMIN = '123456789012';
const MEMBER = '222222222222';
/** The member account's copy of the organization rule `ppguard-ecr-repository-not-public`, as AWS names it. */
const MEMBER_RULE = 'OrgConfigRule-ppguard-ecr-repository-not-public-dbgzf8ba';
const silent: Log = { info() {}, warn() {}, error() {} };
let aws: TestAws;
let memberKey = '';
let memberRepository: Repository | undefined;

beforeAll(async () => {
  aws = await startTestAws();
  // Resources of the member account, created through a role assumed in it.
  const member = new ECRClient({
    ...aws.options,
    credentials: await credentialsIn(aws.endpoint, MEMBER, REGION),
  });
  ({ repository: memberRepository } = await member.send(
    new CreateRepositoryCommand({ repositoryName: 'member-open' }),
  ));
  await member.send(
    new SetRepositoryPolicyCommand({ repositoryName: 'member-open', policyText: PUBLIC_POLICY }),
  );
  await aws.ecr.send(new CreateRepositoryCommand({ repositoryName: 'admin-private' }));
  member.destroy();
});

afterAll(async () => {
  await aws?.close();
});

beforeEach(() => aws.emulator.clear());

const depsFor = (memberAccounts: readonly string[] = []) =>
  evaluatorDeps({
    region: REGION,
    log: silent,
    findRule: ruleForConfigRuleName,
    memberRoleName: 'ppguard-member',
    organizationId: 'o-a1b2c3d4e5',
    memberAccounts,
    clientOptions: aws.options,
  });

describe('organization mode', () => {
  it("sweeps a member account through its assumed member role and reports with the member's credentials", async () => {
    // Prepare
    const event = scheduledEvent({ configRuleName: MEMBER_RULE, accountId: MEMBER });

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
    const event = scheduledEvent({ configRuleName: MEMBER_RULE, accountId: MEMBER });

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
    const event = scheduledEvent({ configRuleName: MEMBER_RULE, accountId: MEMBER });

    // Act
    await evaluateRuleEvent(event, await deps(event, ADMIN));
    await evaluateRuleEvent(event, await deps(event, ADMIN));

    // Assess
    expect(aws.emulator.count('sts.AssumeRole')).toBe(1);
    expect(aws.emulator.evaluations).toHaveLength(2);
  });
});

describe('organization mode: names and alerts', () => {
  it('fails naming the role and the organization when the member role cannot be assumed, and reports nothing', async () => {
    // Prepare: STS refuses the role, as it does for a role outside the organization (aws:ResourceOrgID).
    const outsider = '333333333333';
    const front = new RoleDenyingFront(aws.options.endpoint ?? '', new Set([outsider]));
    const endpoint = await front.start();
    const deps = evaluatorDeps({
      region: REGION,
      log: silent,
      findRule: ruleForConfigRuleName,
      memberRoleName: 'ppguard-member',
      organizationId: 'o-a1b2c3d4e5',
      clientOptions: { ...aws.options, endpoint },
    });
    const event = scheduledEvent({ configRuleName: MEMBER_RULE, accountId: outsider });

    // Act
    const run = (async () => evaluateRuleEvent(event, await deps(event, ADMIN)))();

    // Assess
    try {
      await expect(run).rejects.toThrow(
        `cannot assume arn:aws:iam::${outsider}:role/ppguard-member (the evaluator may assume it only in accounts of organization o-a1b2c3d4e5): User: arn:aws:sts::123456789012:assumed-role/ci-scanner/session is not authorized to perform: sts:AssumeRole`,
      );
      expect(front.refused).toEqual([`arn:aws:iam::${outsider}:role/ppguard-member`]);
      expect(aws.emulator.evaluations).toEqual([]);
    } finally {
      await front.stop();
    }
  });

  it('refuses an event of an account outside the member-account list before any AWS call', async () => {
    // Prepare
    const event = scheduledEvent({ configRuleName: MEMBER_RULE, accountId: '333333333333' });

    // Act
    const deps = depsFor([MEMBER])(event, ADMIN);

    // Assess
    await expect(deps).rejects.toThrow(
      'refusing the event of account 333333333333: it is not one of the member accounts ppguard evaluates',
    );
    expect(aws.emulator.count('sts.AssumeRole')).toBe(0);
    expect(aws.emulator.evaluations).toEqual([]);
  });

  it('fails naming the rule when a member-account event names no ppguard rule, and reports nothing', async () => {
    // Prepare
    const event = scheduledEvent({
      configRuleName: 'OrgConfigRule-ppguard-something-else-dbgzf8ba',
      accountId: MEMBER,
    });

    // Act
    const run = evaluateRuleEvent(event, await depsFor()(event, ADMIN));

    // Assess
    await expect(run).rejects.toThrow(
      'no ppguard rule matches Config rule OrgConfigRule-ppguard-something-else-dbgzf8ba',
    );
    expect(aws.emulator.evaluations).toEqual([]);
  });

  it("publishes an alert for a member account's compliance change under the member rule's name", async () => {
    // Prepare
    const sns = await createSnsClient(aws.options);
    const sqs = await createSqsClient(aws.options);
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'ppguard-org-alerts' }));
    const inbox = await createQueue(sqs, 'org-alerts-inbox');
    await sns.send(
      new SubscribeCommand({
        TopicArn,
        Protocol: 'sqs',
        Endpoint: inbox.arn,
        Attributes: { RawMessageDelivery: 'true' },
      }),
    );
    const notify = createNotifyHandler({
      sns,
      topicArn: TopicArn ?? '',
      findRule: ruleForConfigRuleName,
      recent: new RecentAlerts(),
      log: silent,
    });
    const event = complianceChangeEvent({
      account: MEMBER,
      region: REGION,
      configRuleName: MEMBER_RULE,
      resourceId: 'member-open',
      old: { compliance: 'COMPLIANT' },
      new: { compliance: 'NON_COMPLIANT', annotation: 'repository policy allows any AWS account' },
    });

    // Act
    const outcome = await notify(event);

    // Assess
    expect(outcome).toEqual({ outcome: 'published', transition: 'violation', messageId: expect.any(String) });
    const messages = await drainQueue(sqs, inbox.url);
    expect(messages).toHaveLength(1);
    const alert = JSON.parse(messages[0]?.Body ?? '{}') as {
      rule: { id: string; configRuleName: string };
      resource: { id: string; account: string };
    };
    expect(alert.rule.id).toBe('ecr-repository-not-public');
    expect(alert.rule.configRuleName).toBe(MEMBER_RULE);
    expect(alert.resource).toEqual({
      type: 'AWS::ECR::Repository',
      id: 'member-open',
      account: MEMBER,
      region: REGION,
    });
    sns.destroy();
    sqs.destroy();
  });
});
