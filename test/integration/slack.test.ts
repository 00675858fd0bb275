/**
 * handlers/slack and handlers/slack-redrive end to end: the alert is published by handlers/notify
 * to moto's SNS and read back through an SQS subscription, turned into the SNS -> Lambda event AWS
 * would deliver (the `lambda` and `sqs` bodies are the same JSON), and posted to a Slack stand-in
 * on 127.0.0.1 (node:http). The webhook URL lives in moto's Secrets Manager and is read through
 * Powertools Parameters. Lambda's asynchronous failure path (two retries, then the function's
 * dead-letter queue) is AWS's, not ours: `invokeAsync` emulates it with a real SQS queue.
 */
import { CreateSecretCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CreateTopicCommand, PublishCommand, type SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { PutParameterCommand } from '@aws-sdk/client-ssm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHandler as createNotifyHandler } from '../../handlers/notify';
import { createHandler as createSlackHandler } from '../../handlers/slack';
import { createHandler as createRedriveHandler } from '../../handlers/slack-redrive';
import {
  createSecretsManagerClient,
  createSnsClient,
  createSqsClient,
  createSsmClient,
} from '../../lib/aws/clients';
import type { Log } from '../../lib/log';
import { RecentAlerts } from '../../lib/notify/dedup';
import { HandledMessages, RedriveIncompleteError } from '../../lib/notify/redrive';
import { deliverAlert, type SlackDeps } from '../../lib/notify/slack-delivery';
import { createWebhookUrlReader } from '../../lib/notify/webhook';
import { ruleForConfigRuleName } from '../../rules/index';
import { complianceChangeEvent } from '../fixtures/compliance-events';
import { ALARM_NOTIFICATION } from '../unit/lib/notify/support';
import { startTestAws, type TestAws } from './support/aws';
import { invokeAsync } from './support/lambda-async';
import { SlackReceiver } from './support/slack-receiver';
import { snsLambdaEvent } from './support/sns-events';
import { createQueue, drainQueue, queueDepth } from './support/sqs';

const silent: Log = { info: () => {}, warn: () => {}, error: () => {} };

/** Every log line as JSON text, to prove the webhook URL never reaches the logs. */
class RecordingLog implements Log {
  readonly lines: string[] = [];
  info(message: string, extra?: Record<string, unknown>) {
    this.lines.push(JSON.stringify({ message, ...extra }));
  }
  warn(message: string, extra?: Record<string, unknown>) {
    this.lines.push(JSON.stringify({ message, ...extra }));
  }
  error(message: string, extra?: Record<string, unknown>) {
    this.lines.push(JSON.stringify({ message, ...extra }));
  }
}

let aws: TestAws;
let sns: SNSClient;
let sqs: SQSClient;
let secrets: SecretsManagerClient;
let topicArnOf = '';
let inbox: string;
let deadLetters: string;
let receiver: SlackReceiver;
let sleeps: number[];

const HOOK_PATH = '/services/T0000/B0000/XXXXXXXXXXXXXXXXXXXXXXXX';

const NOTHING = {
  received: 0,
  delivered: 0,
  filtered: 0,
  ignored: 0,
  parked: 0,
  alreadyHandled: 0,
  failed: 0,
  undeleted: 0,
};

/** The SNS -> Lambda event for a message published to the topic, read back through the inbox queue. */
async function publishedEvent(message: string) {
  await sns.send(new PublishCommand({ TopicArn: topicArnOf, Message: message }));
  const [received, ...rest] = await receiveAll(inbox);
  if (!received || rest.length > 0) throw new Error('expected exactly one SNS message in the inbox');
  await sqs.send(new DeleteMessageCommand({ QueueUrl: inbox, ReceiptHandle: received.ReceiptHandle }));
  return snsLambdaEvent(JSON.parse(received.Body ?? '') as Record<string, unknown>, topicArnOf);
}

/** Receives what is visible; `peek` leaves it visible for the next consumer (VisibilityTimeout 0). */
async function receiveAll(queueUrl: string, peek = false) {
  const { Messages = [] } = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: 10,
      MessageAttributeNames: ['All'],
      ...(peek ? { VisibilityTimeout: 0 } : {}),
    }),
  );
  return Messages;
}

async function secretWithUrl(name: string, url: string): Promise<string> {
  const { ARN } = await secrets.send(new CreateSecretCommand({ Name: name, SecretString: url }));
  return ARN ?? '';
}

/** Publishes a critical violation through handlers/notify and returns the SNS -> Lambda event for it. */
async function alertEvent(id: string) {
  const notify = createNotifyHandler({
    sns,
    topicArn: topicArnOf,
    findRule: ruleForConfigRuleName,
    recent: new RecentAlerts(),
    log: silent,
  });
  await notify(
    complianceChangeEvent({
      id,
      old: { compliance: 'COMPLIANT' },
      new: {
        compliance: 'NON_COMPLIANT',
        annotation: 'repository policy allows any AWS account (Principal "*")',
      },
    }),
  );
  const [message, ...rest] = await receiveAll(inbox);
  if (!message || rest.length > 0) throw new Error('expected exactly one SNS message in the inbox');
  await sqs.send(new DeleteMessageCommand({ QueueUrl: inbox, ReceiptHandle: message.ReceiptHandle }));
  return snsLambdaEvent(JSON.parse(message.Body ?? '') as Record<string, unknown>, topicArnOf);
}

function slackDeps(secretArn: string, log: Log = silent): SlackDeps {
  return {
    webhookUrl: createWebhookUrlReader({ kind: 'secret', id: secretArn }, aws.options),
    delivery: { fetch: globalThis.fetch, sleep: async (ms) => void sleeps.push(ms), log },
    log,
  };
}

beforeAll(async () => {
  aws = await startTestAws();
  sns = await createSnsClient(aws.options);
  sqs = await createSqsClient(aws.options);
  secrets = await createSecretsManagerClient(aws.options);
  topicArnOf = (await sns.send(new CreateTopicCommand({ Name: 'ppguard-alerts' }))).TopicArn ?? '';
  const inboxQueue = await createQueue(sqs, 'slack-subscription-stand-in');
  inbox = inboxQueue.url;
  await sns.send(new SubscribeCommand({ TopicArn: topicArnOf, Protocol: 'sqs', Endpoint: inboxQueue.arn }));
  deadLetters = (await createQueue(sqs, 'ppguard-slack-dlq')).url;
});

afterAll(async () => {
  await receiver?.stop();
  sns?.destroy();
  sqs?.destroy();
  secrets?.destroy();
  await aws?.close();
});

afterEach(async () => {
  await receiver?.stop();
});

describe('handlers/slack', () => {
  it('delivers exactly one message to a receiver answering 429 (Retry-After 1), then 500, then 200', async () => {
    // Prepare
    sleeps = [];
    receiver = new SlackReceiver();
    await receiver.start();
    receiver.script = [
      { status: 429, body: 'rate_limited', headers: { 'retry-after': '1' } },
      { status: 500, body: 'rollup_error' },
    ];
    const secretArn = await secretWithUrl(
      'ppguard/slack-retry',
      `http://127.0.0.1:${receiver.port}${HOOK_PATH}`,
    );
    const handler = createSlackHandler(slackDeps(secretArn));
    const event = await alertEvent('5a1c0000-0000-4000-8000-000000000001');
    aws.emulator.clear();

    // Act
    const outcomes = await handler(event);

    // Assess
    expect(outcomes).toEqual(['delivered']);
    expect(receiver.requests.map((r) => r.answered)).toEqual([429, 500, 200]);
    expect(receiver.delivered).toHaveLength(1);
    expect(new Set(receiver.requests.map((r) => r.body)).size).toBe(1);
    expect(receiver.requests.map((r) => [r.path, r.contentType])).toEqual(
      Array(3).fill([HOOK_PATH, 'application/json; charset=utf-8']),
    );
    expect(sleeps).toEqual([1000, 1000]);
    const message = JSON.parse(receiver.delivered[0] ?? '');
    expect(message.text).toBe(
      'CRITICAL violation: AWS::ECR::Repository builder is NON_COMPLIANT with rule ecr-repository-not-public.',
    );
    expect(message.blocks[0]).toEqual({
      type: 'header',
      text: {
        type: 'plain_text',
        text: ':rotating_light: CRITICAL violation: ecr-repository-not-public',
        emoji: true,
      },
    });
    expect(message.blocks[2]).toEqual({
      type: 'section',
      text: {
        type: 'plain_text',
        text: 'Why\nrepository policy allows any AWS account (Principal "*")',
        emoji: false,
      },
    });
    expect(aws.emulator.count('secretsmanager.GetSecretValue')).toBe(1);
  });

  it('reads the webhook secret once per container', async () => {
    // Prepare
    sleeps = [];
    receiver = new SlackReceiver();
    await receiver.start();
    const secretArn = await secretWithUrl(
      'ppguard/slack-cached',
      `http://127.0.0.1:${receiver.port}${HOOK_PATH}`,
    );
    const handler = createSlackHandler(slackDeps(secretArn));
    const first = await alertEvent('5a1c0000-0000-4000-8000-000000000002');
    const second = await alertEvent('5a1c0000-0000-4000-8000-000000000003');
    aws.emulator.clear();

    // Act
    await handler(first);
    await handler(second);

    // Assess
    expect(receiver.delivered).toHaveLength(2);
    expect(aws.emulator.count('secretsmanager.GetSecretValue')).toBe(1);
  });

  it('leaves the message in the dead-letter queue while the receiver is down; a redrive delivers it once', async () => {
    // Prepare: a receiver that is down (its port closed).
    sleeps = [];
    receiver = new SlackReceiver();
    await receiver.start();
    const port = receiver.port;
    await receiver.stop();
    const webhook = `http://127.0.0.1:${port}${HOOK_PATH}`;
    const log = new RecordingLog();
    const deps = slackDeps(await secretWithUrl('ppguard/slack-down', webhook), log);
    const event = await alertEvent('5a1c0000-0000-4000-8000-000000000004');
    const redrive = createRedriveHandler({
      sqs,
      queueUrl: deadLetters,
      deliver: (record) => deliverAlert(record, deps),
      log,
      sleep: async () => {},
      visibilityTimeoutSeconds: 0,
      waitTimeSeconds: 0,
    });

    // Act: Lambda gives up after three attempts; a redrive while Slack is still down keeps the message.
    const { attempts } = await invokeAsync(sqs, createSlackHandler(deps), event, deadLetters);
    const stillDown = await redrive().catch((error: unknown) => error);

    // Assess
    expect(attempts).toBe(3);
    // Four bounded backoff series: three Lambda attempts and the failed redrive.
    expect(sleeps).toEqual(Array(4).fill([500, 1000, 2000]).flat());
    expect(stillDown).toBeInstanceOf(RedriveIncompleteError);
    expect((stillDown as RedriveIncompleteError).summary).toEqual({ ...NOTHING, received: 1, failed: 1 });
    const [dead, ...more] = await receiveAll(deadLetters, true);
    expect(more).toEqual([]);
    expect(JSON.parse(dead?.Body ?? '')).toEqual(event);
    expect(dead?.MessageAttributes?.ErrorMessage?.StringValue).toBe(
      'Slack webhook delivery failed after 4 attempt(s): ECONNREFUSED',
    );
    expect(JSON.stringify(dead?.MessageAttributes)).not.toContain(HOOK_PATH);
    expect(log.lines.length).toBeGreaterThan(0);
    expect(
      log.lines.filter((line) => line.includes(HOOK_PATH) || line.includes(`127.0.0.1:${port}`)),
    ).toEqual([]);

    // Act: Slack is back; the redrive delivers once and empties the queue; a second run finds nothing.
    receiver = new SlackReceiver();
    await receiver.start(port);
    const summary = await redrive();
    const again = await redrive();

    // Assess
    expect(summary).toEqual({ ...NOTHING, received: 1, delivered: 1 });
    expect(again).toEqual(NOTHING);
    expect(receiver.delivered).toHaveLength(1);
    expect(JSON.parse(receiver.delivered[0] ?? '').blocks[0].text.text).toBe(
      ':rotating_light: CRITICAL violation: ecr-repository-not-public',
    );
    expect(await queueDepth(sqs, deadLetters)).toBe(0);
  });

  it('reads the webhook URL from an SSM SecureString parameter', async () => {
    // Prepare
    sleeps = [];
    receiver = new SlackReceiver();
    await receiver.start();
    const ssm = await createSsmClient(aws.options);
    await ssm.send(
      new PutParameterCommand({
        Name: '/ppguard/slack-webhook',
        Type: 'SecureString',
        Value: JSON.stringify({ url: `http://127.0.0.1:${receiver.port}${HOOK_PATH}` }),
      }),
    );
    ssm.destroy();
    const handler = createSlackHandler({
      webhookUrl: createWebhookUrlReader({ kind: 'parameter', name: '/ppguard/slack-webhook' }, aws.options),
      delivery: { fetch: globalThis.fetch, sleep: async (ms) => void sleeps.push(ms), log: silent },
      log: silent,
    });
    const event = await alertEvent('5a1c0000-0000-4000-8000-000000000005');

    // Act
    const outcomes = await handler(event);

    // Assess
    expect(outcomes).toEqual(['delivered']);
    expect(receiver.requests.map((r) => [r.path, r.answered])).toEqual([[HOOK_PATH, 200]]);
  });
  it('posts a CloudWatch alarm from the topic as an operational message and skips other messages', async () => {
    // Prepare
    receiver = new SlackReceiver();
    await receiver.start();
    const log = new RecordingLog();
    const deps = slackDeps(
      await secretWithUrl('ppguard/slack-alarm', `http://127.0.0.1:${receiver.port}${HOOK_PATH}`),
      log,
    );
    const slack = createSlackHandler(deps);
    const alarm = await publishedEvent(
      JSON.stringify({ ...ALARM_NOTIFICATION, AlarmDescription: '@here see https://evil.example' }),
    );
    const chatter = await publishedEvent('hello from an admin');

    // Act
    const alarmOutcome = await slack(alarm);
    const chatterOutcome = await slack(chatter);

    // Assess
    expect(alarmOutcome).toEqual(['delivered']);
    expect(chatterOutcome).toEqual(['ignored']);
    expect(receiver.delivered).toHaveLength(1);
    const posted = JSON.parse(receiver.delivered[0] ?? '');
    expect(posted.blocks[0].text.text).toBe(
      ':rotating_light: ppguard operations: ALARM ppguard-prod-evaluate-errors',
    );
    expect(posted.blocks[1].text).toEqual({
      type: 'plain_text',
      text: '@\u2060here see hxxps://evil[.]example',
      emoji: false,
    });
    expect(
      log.lines.some((l) => l.includes('SNS message ignored') && l.includes('a message that is not JSON')),
    ).toBe(true);
  });

  it('parks poison dead letters, delivers the rest, and does not resend a delivered message whose delete failed', async () => {
    // Prepare: three dead letters: not JSON, an alert of an unknown version, a good alert.
    receiver = new SlackReceiver();
    await receiver.start();
    const deps = slackDeps(
      await secretWithUrl('ppguard/slack-poison', `http://127.0.0.1:${receiver.port}${HOOK_PATH}`),
    );
    const dlq = (await createQueue(sqs, 'ppguard-slack-dlq-poison')).url;
    const parking = (await createQueue(sqs, 'ppguard-slack-parking')).url;
    const good = await alertEvent('5a1c0000-0000-4000-8000-000000000009');
    const sns0 = (good.Records[0] as { Sns: { Message: string } }).Sns;
    const future = {
      ...good,
      Records: [
        {
          ...good.Records[0],
          Sns: { ...sns0, Message: JSON.stringify({ ...JSON.parse(sns0.Message), version: 2 }) },
        },
      ],
    };
    for (const body of ['not json at all', JSON.stringify(future), JSON.stringify(good)]) {
      await sqs.send(new SendMessageCommand({ QueueUrl: dlq, MessageBody: body }));
    }
    // SQS refuses the first two DeleteMessage calls for the good alert (a fault on AWS's side).
    let refusals = 0;
    const flaky = {
      send: ((command: unknown) => {
        if (command instanceof DeleteMessageCommand && refusals < 2 && deliveredSoFar() === 1) {
          refusals++;
          return Promise.reject(
            Object.assign(new Error('service unavailable'), { name: 'ServiceUnavailable' }),
          );
        }
        return sqs.send(command as never);
      }) as SQSClient['send'],
    };
    const deliveredSoFar = () => receiver?.delivered.length ?? 0;
    const delivered = new HandledMessages();
    const redrive = createRedriveHandler({
      sqs: flaky,
      queueUrl: dlq,
      parkingQueueUrl: parking,
      delivered,
      deliver: (record) => deliverAlert(record, deps),
      log: silent,
      sleep: async () => {},
      visibilityTimeoutSeconds: 0,
      waitTimeSeconds: 0,
    });

    // Act: the first run parks two, delivers one, and cannot delete it; the second run (same container) deletes it.
    const first = await redrive().catch((error: unknown) => error);
    const second = await redrive();

    // Assess
    expect(first).toBeInstanceOf(RedriveIncompleteError);
    expect((first as RedriveIncompleteError).summary).toEqual({
      ...NOTHING,
      received: 3,
      parked: 2,
      delivered: 1,
      undeleted: 1,
    });
    expect((first as Error).message).toBe(
      '0 of 3 dead-letter message(s) could not be delivered and stay in the queue; 1 delivered or parked message(s) could not be deleted (run again: this container will not resend them)',
    );
    expect(second).toEqual({ ...NOTHING, received: 1, alreadyHandled: 1 });
    expect(receiver.delivered).toHaveLength(1);
    expect(await queueDepth(sqs, dlq)).toBe(0);
    const parked = await drainQueue(sqs, parking);
    expect(parked.map((m) => [m.Body?.slice(0, 15), m.MessageAttributes?.reason?.StringValue])).toEqual([
      ['not json at all', 'InvalidSnsEventError: dead-letter message body is not JSON'],
      [
        JSON.stringify(future).slice(0, 15),
        'InvalidAlertError: the message is not a ppguard.alert version 1 alert (schema "ppguard.alert", version 2)',
      ],
    ]);
  });
});
