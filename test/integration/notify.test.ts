/**
 * handlers/notify end to end: compliance-change events into the handler, real SNS Publish over
 * HTTP to moto, messages read back through SQS subscriptions (the `sqs` body, Subject and
 * MessageAttributes as SNS delivers them). The `default`/`email` bodies never reach a queue, so
 * they are read from the Publish request as the SDK sends it (a middleware on the real client).
 */
import {
  CreateTopicCommand,
  type PublishCommandInput,
  type SNSClient,
  SubscribeCommand,
} from '@aws-sdk/client-sns';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHandler } from '../../handlers/notify';
import { createSnsClient, createSqsClient } from '../../lib/aws/clients';
import type { Log } from '../../lib/log';
import { RecentAlerts } from '../../lib/notify/dedup';
import { ruleForConfigRuleName } from '../../rules/index';
import { type ComplianceEventOptions, complianceChangeEvent } from '../fixtures/compliance-events';
import { ACCOUNT_ID, REGION, startTestAws, type TestAws } from './support/aws';
import { createQueue, drainQueue } from './support/sqs';

class CapturingLog implements Log {
  readonly lines: { level: string; message: string; extra?: Record<string, unknown> }[] = [];
  info(message: string, extra?: Record<string, unknown>) {
    this.lines.push({ level: 'info', message, ...(extra ? { extra } : {}) });
  }
  warn(message: string, extra?: Record<string, unknown>) {
    this.lines.push({ level: 'warn', message, ...(extra ? { extra } : {}) });
  }
  error(message: string, extra?: Record<string, unknown>) {
    this.lines.push({ level: 'error', message, ...(extra ? { extra } : {}) });
  }
}

interface Envelope {
  Type: string;
  TopicArn: string;
  Subject?: string;
  Message: string;
  MessageAttributes?: Record<string, { Type: string; Value: string }>;
}

let aws: TestAws;
let sns: SNSClient;
let sqs: SQSClient;
let topicArn: string;
let inbox: string;
let highOnly: string;
let published: PublishCommandInput[] = [];
let log: CapturingLog;
let handler: ReturnType<typeof createHandler>;

/** Every message in the queue, in order, deleted once read, with its string attributes. */
async function drain(queueUrl: string): Promise<{ body: string; attributes: Record<string, string> }[]> {
  return (await drainQueue(sqs, queueUrl)).map((message) => ({
    body: message.Body ?? '',
    attributes: Object.fromEntries(
      Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [name, value.StringValue ?? '']),
    ),
  }));
}

const envelopes = async () => (await drain(inbox)).map((m) => JSON.parse(m.body) as Envelope);

beforeAll(async () => {
  aws = await startTestAws();
  sns = await createSnsClient(aws.options);
  sqs = await createSqsClient(aws.options);
  sns.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'PublishCommand') published.push(args.input as PublishCommandInput);
      return next(args);
    },
    { step: 'initialize', name: 'recordPublishRequests' },
  );
  const topic = await sns.send(new CreateTopicCommand({ Name: 'ppguard-alerts' }));
  topicArn = topic.TopicArn ?? '';
  const all = await createQueue(sqs, 'alerts-inbox');
  inbox = all.url;
  await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: all.arn }));
  const high = await createQueue(sqs, 'alerts-high-only');
  highOnly = high.url;
  await sns.send(
    new SubscribeCommand({
      TopicArn: topicArn,
      Protocol: 'sqs',
      Endpoint: high.arn,
      Attributes: {
        RawMessageDelivery: 'true',
        FilterPolicy: JSON.stringify({ severity: ['critical', 'high'] }),
      },
    }),
  );
});

afterAll(async () => {
  sns?.destroy();
  sqs?.destroy();
  await aws?.close();
});

beforeEach(async () => {
  await drain(inbox);
  await drain(highOnly);
  published = [];
  log = new CapturingLog();
  handler = createHandler({
    sns,
    topicArn,
    findRule: ruleForConfigRuleName,
    recent: new RecentAlerts(),
    log,
  });
});

const repoEvent = (n: number, from: 'COMPLIANT' | 'NON_COMPLIANT', to: 'COMPLIANT' | 'NON_COMPLIANT') => {
  const annotation = 'repository policy allows any AWS account (Principal "*") to pull and push images';
  const options: ComplianceEventOptions = {
    id: `0f1e2d3c-0000-4000-8000-00000000000${n}`,
    resourceId: 'builder',
    old: { compliance: from, ...(from === 'NON_COMPLIANT' ? { annotation } : {}) },
    new: {
      compliance: to,
      ...(to === 'NON_COMPLIANT' ? { annotation } : {}),
      orderingTimestamp: `2026-11-25T1${n}:00:00.000Z`,
      resultRecordedTime: `2026-11-25T1${n}:00:04.741Z`,
    },
  };
  return complianceChangeEvent(options);
};

const LINKS = {
  resourceTimeline:
    'https://eu-west-1.console.aws.amazon.com/config/home?region=eu-west-1#/timeline/AWS::ECR::Repository/builder/configuration',
  rule: 'https://eu-west-1.console.aws.amazon.com/config/home?region=eu-west-1#/rules/details?configRuleName=ppguard-ecr-repository-not-public',
};

describe('handlers/notify', () => {
  it('publishes a violation: subject, attributes, the JSON body to SQS and the plain text for email', async () => {
    // Act
    const outcome = await handler(repoEvent(1, 'COMPLIANT', 'NON_COMPLIANT'));

    // Assess
    const [envelope, ...others] = await envelopes();
    expect(others).toEqual([]);
    expect(outcome).toEqual({ outcome: 'published', transition: 'violation', messageId: expect.any(String) });
    expect(envelope?.Type).toBe('Notification');
    expect(envelope?.TopicArn).toBe(`arn:aws:sns:${REGION}:${ACCOUNT_ID}:ppguard-alerts`);
    expect(envelope?.Subject).toBe('[ppguard] CRITICAL violation: ecr-repository-not-public on builder');
    expect(envelope?.MessageAttributes).toEqual({
      severity: { Type: 'String', Value: 'critical' },
      rule: { Type: 'String', Value: 'ecr-repository-not-public' },
      transition: { Type: 'String', Value: 'violation' },
      compliance: { Type: 'String', Value: 'NON_COMPLIANT' },
      resourceType: { Type: 'String', Value: 'AWS::ECR::Repository' },
      account: { Type: 'String', Value: ACCOUNT_ID },
      region: { Type: 'String', Value: REGION },
    });
    expect(JSON.parse(envelope?.Message ?? '')).toEqual({
      schema: 'ppguard.alert',
      version: 1,
      transition: 'violation',
      rule: {
        id: 'ecr-repository-not-public',
        title: 'ECR repository policy grants access only to trusted accounts',
        severity: 'critical',
        remediation:
          'Remove the statement or name only trusted accounts, or add a condition pinning callers to the trusted set, e.g. "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-..."}}; then aws ecr set-repository-policy --repository-name <name> --policy-text file://policy.json',
        configRuleName: 'ppguard-ecr-repository-not-public',
        configRuleArn: `arn:aws:config:${REGION}:${ACCOUNT_ID}:config-rule/config-rule-eguym2`,
      },
      resource: { type: 'AWS::ECR::Repository', id: 'builder', account: ACCOUNT_ID, region: REGION },
      compliance: {
        previous: 'COMPLIANT',
        current: 'NON_COMPLIANT',
        annotation: 'repository policy allows any AWS account (Principal "*") to pull and push images',
        previousAnnotation: null,
      },
      evaluatedAt: '2026-11-25T11:00:04.741Z',
      orderingTimestamp: '2026-11-25T11:00:00.000Z',
      eventId: '0f1e2d3c-0000-4000-8000-000000000001',
      links: LINKS,
    });
    const structure = JSON.parse(published[0]?.Message ?? '{}') as Record<string, string>;
    expect(published[0]?.MessageStructure).toBe('json');
    expect(structure.email).toBe(structure.default);
    expect(structure.default).toBe(
      [
        'CRITICAL violation: AWS::ECR::Repository builder is NON_COMPLIANT with rule ecr-repository-not-public.',
        '',
        'What:   ECR repository policy grants access only to trusted accounts',
        '        rule ecr-repository-not-public, severity critical',
        'Where:  AWS::ECR::Repository builder',
        `        account ${ACCOUNT_ID}, region ${REGION}`,
        'Why:    repository policy allows any AWS account (Principal "*") to pull and push images',
        'Change: COMPLIANT -> NON_COMPLIANT, recorded 2026-11-25T11:00:04.741Z',
        '',
        'How to fix:',
        'Remove the statement or name only trusted accounts, or add a condition pinning callers to the trusted set, e.g. "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-..."}}; then aws ecr set-repository-policy --repository-name <name> --policy-text file://policy.json',
        '',
        `Resource timeline: ${LINKS.resourceTimeline}`,
        `Rule in AWS Config: ${LINKS.rule}`,
        '',
        '--',
        'ppguard alert for AWS Config rule ppguard-ecr-repository-not-public, event 0f1e2d3c-0000-4000-8000-000000000001.',
        'You will get one message when this is resolved, and none while it stays NON_COMPLIANT for the same reason.',
        '',
      ].join('\n'),
    );
    expect([structure.lambda, structure.sqs, structure.http, structure.https]).toEqual(
      Array(4).fill(envelope?.Message),
    );
  });

  it('publishes exactly three messages, in order, for a flapping resource (violation, resolved, violation)', async () => {
    // Act
    await handler(repoEvent(1, 'COMPLIANT', 'NON_COMPLIANT'));
    await handler(repoEvent(2, 'NON_COMPLIANT', 'COMPLIANT'));
    await handler(repoEvent(3, 'COMPLIANT', 'NON_COMPLIANT'));

    // Assess
    const received = await envelopes();
    expect(received.map((e) => e.Subject)).toEqual([
      '[ppguard] CRITICAL violation: ecr-repository-not-public on builder',
      '[ppguard] Resolved: ecr-repository-not-public on builder',
      '[ppguard] CRITICAL violation: ecr-repository-not-public on builder',
    ]);
    expect(received.map((e) => JSON.parse(e.Message).eventId)).toEqual([
      '0f1e2d3c-0000-4000-8000-000000000001',
      '0f1e2d3c-0000-4000-8000-000000000002',
      '0f1e2d3c-0000-4000-8000-000000000003',
    ]);
    expect(received.map((e) => e.MessageAttributes?.compliance?.Value)).toEqual([
      'NON_COMPLIANT',
      'COMPLIANT',
      'NON_COMPLIANT',
    ]);
  });

  it('publishes nothing for a repeated NON_COMPLIANT -> NON_COMPLIANT event', async () => {
    // Act
    const outcome = await handler(repoEvent(4, 'NON_COMPLIANT', 'NON_COMPLIANT'));

    // Assess
    expect(outcome).toEqual({ outcome: 'no-change' });
    expect(await envelopes()).toEqual([]);
    expect(published).toEqual([]);
  });

  it('publishes a redelivered event once', async () => {
    // Act
    const first = await handler(repoEvent(5, 'COMPLIANT', 'NON_COMPLIANT'));
    const again = await handler(repoEvent(5, 'COMPLIANT', 'NON_COMPLIANT'));

    // Assess
    expect([first.outcome, again.outcome]).toEqual(['published', 'duplicate']);
    expect(await envelopes()).toHaveLength(1);
  });

  it('lets a subscription filter on severity: a medium alert reaches the inbox but not the high-only queue', async () => {
    // Prepare
    const logging = complianceChangeEvent({
      id: '0f1e2d3c-0000-4000-8000-000000000006',
      configRuleName: 'ppguard-codebuild-project-logging',
      resourceType: 'AWS::CodeBuild::Project',
      resourceId: '3f2b7c1e-0000-4e8b-a1c2-000000000001',
      new: {
        compliance: 'NON_COMPLIANT',
        annotation: 'project app has neither CloudWatch Logs nor S3 logs enabled',
      },
    });

    // Act
    await handler(logging);
    await handler(repoEvent(7, 'COMPLIANT', 'NON_COMPLIANT'));

    // Assess
    expect((await envelopes()).map((e) => e.Subject)).toEqual([
      '[ppguard] MEDIUM violation: codebuild-project-logging on 3f2b7c1e-0000-4e8b-a1c2-000000000001',
      '[ppguard] CRITICAL violation: ecr-repository-not-public on builder',
    ]);
    const high = await drain(highOnly);
    expect(high.map((m) => [JSON.parse(m.body).rule.id, m.attributes.severity])).toEqual([
      ['ecr-repository-not-public', 'critical'],
    ]);
  });

  it('ignores a Config rule that is not ppguard, with a log line', async () => {
    // Prepare
    const foreign = complianceChangeEvent({
      configRuleName: 'securityhub-ecr-private-image-scanning',
      new: { compliance: 'NON_COMPLIANT' },
    });

    // Act
    const outcome = await handler(foreign);

    // Assess
    expect(outcome).toEqual({ outcome: 'ignored' });
    expect(published).toEqual([]);
    expect(log.lines).toEqual([
      {
        level: 'info',
        message: 'compliance change ignored: not a ppguard rule',
        extra: {
          eventId: 'c0bb891c-0000-0000-0000-be78b966f95b',
          configRuleName: 'securityhub-ecr-private-image-scanning',
          resourceType: 'AWS::ECR::Repository',
          resourceId: 'builder',
        },
      },
    ]);
  });
});
