/**
 * Issue 8, hardening 3 (secrets): a full ppguard run with secrets planted everywhere it can see
 * them, and every byte the run puts out captured and searched for them.
 *
 * Planted: a Slack webhook URL in moto's Secrets Manager and another in an SSM SecureString (each
 * with a distinctive token path), two malformed webhook values (not https, invalid JSON), and two
 * CodeBuild projects holding PLAINTEXT credentials - an AWS access key pair, a GitHub token, a
 * password, a URL with a password - and a source location with a token in the userinfo.
 *
 * Run, with the production logger (Powertools Logger, JSON lines to process.stdout/stderr, level
 * DEBUG) injected as each handler's log: the evaluate handler (change, oversized and scheduled
 * events for every rule over the types moto holds, and events malformed around a secret), the
 * notify handler (compliance changes of the plaintext-secrets rule carrying the annotations the
 * evaluation produced), the Slack handler against a receiver on 127.0.0.1 that answers 500
 * (echoing the webhook path in its body), then refuses connections, then comes back, the redrive,
 * the production entry points (`handler` exports, configured from the environment), and
 * `ppguard scan` in every output format as child processes.
 *
 * Captured: process.stdout/stderr writes and console.* of this process, the CLI's stdout and
 * stderr, every thrown error as util.inspect shows it (message, stack, cause, fields), the
 * PutEvaluations bodies, the SNS Publish requests and the messages an SQS subscription receives,
 * the dead-letter messages, and the bodies posted to Slack. The test asserts that no planted
 * secret, and no 8-character piece of one, appears in any of it - and that the same text does hold
 * the facts a reader needs (rule ids, project names, variable names), so it cannot pass by
 * capturing nothing.
 */
import { randomInt } from 'node:crypto';
import {
  BatchGetProjectsCommand,
  CreateProjectCommand,
  ListProjectsCommand,
} from '@aws-sdk/client-codebuild';
import { CreateSecretCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CreateTopicCommand, type SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { PutParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeBuildItem, type InvocationItem, toWireItem } from '../../emulator/config-items';
import { buildReferencePipeline, type ReferencePipeline } from '../../emulator/reference-pipeline';
import {
  createHandler as createEvaluateHandler,
  handler as evaluateEntryPoint,
} from '../../handlers/evaluate';
import { createHandler as createNotifyHandler, handler as notifyEntryPoint } from '../../handlers/notify';
import { createHandler as createSlackHandler, handler as slackEntryPoint } from '../../handlers/slack';
import { createHandler as createRedriveHandler } from '../../handlers/slack-redrive';
import {
  createSecretsManagerClient,
  createSnsClient,
  createSqsClient,
  createSsmClient,
} from '../../lib/aws/clients';
import { describeSource } from '../../lib/collect/source';
import { InvalidEventError } from '../../lib/config/event';
import { asLog, sharedLogger } from '../../lib/log';
import { RecentAlerts } from '../../lib/notify/dedup';
import { SlackDeliveryError } from '../../lib/notify/deliver';
import { RedriveIncompleteError } from '../../lib/notify/redrive';
import { deliverAlert, type SlackDeps } from '../../lib/notify/slack-delivery';
import { createWebhookUrlReader, SlackConfigError, type WebhookSource } from '../../lib/notify/webhook';
import { InvalidConfigurationItemError } from '../../lib/resources/errors';
import type { ResourceType } from '../../lib/resources/model';
import { RULES, ruleForConfigRuleName } from '../../rules/index';
import { complianceChangeEvent } from '../fixtures/compliance-events';
import { changeEvent, oversizedEvent, scheduledEvent } from '../fixtures/events';
import { REGION, startTestAws, type TestAws } from './support/aws';
import { runCli } from './support/cli';
import { findLeaks, OutputCapture, type Secret } from './support/output-capture';
import { SlackReceiver } from './support/slack-receiver';
import { snsLambdaEvent } from './support/sns-events';
import { drainQueue } from './support/sqs';

const SWEPT_TYPES = new Set<ResourceType>([
  'AWS::CodeBuild::Project',
  'AWS::ECR::Repository',
  'AWS::EC2::VPCEndpoint',
  'AWS::EC2::VPC',
]);
/** Every rule over resource types the emulator holds (as in reference-scenario.test.ts). */
const SWEPT_RULES = RULES.filter((rule) => rule.resourceTypes.every((type) => SWEPT_TYPES.has(type)));
const PROJECT_RULES = SWEPT_RULES.filter((rule) => rule.resourceTypes.includes('AWS::CodeBuild::Project'));
const PLAINTEXT_RULE = 'codebuild-project-no-plaintext-secrets';
const VARIABLES_PROJECT = 'secrets-in-variables';
const SOURCES_PROJECT = 'secrets-in-sources';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const UPPER_AND_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const random = (length: number, alphabet = ALPHANUMERIC) =>
  Array.from({ length }, () => alphabet.charAt(randomInt(alphabet.length))).join('');

/**
 * Fresh values each run, so no piece of one can be part of anything the code or the fixtures hold.
 * The two values the damaged-JSON cases unquote start with a letter, so the parser meets an
 * unexpected token (whose message V8 writes with the text around it) rather than a number.
 */
const PLANTED = {
  slackToken: `T0SECRET/B0SECRET/${random(24)}`,
  ssmSlackToken: `T0SSMSEC/B0SSMSEC/${random(24)}`,
  notHttpsSlackToken: `T0BADURL/B0BADURL/${random(24)}`,
  badJsonSlackToken: `T0BADJSN/B0BADJSN/${random(24)}`,
  accessKeyId: `AKIA${random(16, UPPER_AND_DIGITS)}`,
  secretAccessKey: `${random(1, LETTERS)}${random(36, `${ALPHANUMERIC}/+`)}Aa1`,
  githubToken: `ghp_${random(36)}`,
  dbPassword: `${random(1, LETTERS)}${random(23)}`,
  registryPassword: random(24),
  sourceToken: `ghp_${random(36)}`,
};

const configIdOf = (name: string) => `uuid-${name}`;
const NOW = () => new Date('2026-11-25T12:00:00Z');
const noSleep = async () => {};

let aws: TestAws;
let pipeline: ReferencePipeline;
let sns: SNSClient;
let sqs: SQSClient;
let secrets: SecretsManagerClient;
let ssm: SSMClient;
let receiver: SlackReceiver;
const capture = new OutputCapture();
const savedEnv = { ...process.env };

async function createQueue(name: string): Promise<{ url: string; arn: string }> {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
  const url = QueueUrl ?? '';
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
  );
  return { url, arn: Attributes?.QueueArn ?? '' };
}

/** Every message in the queue, deleted once read; `keep` leaves them for the next consumer. */
async function drain(queueUrl: string, keep = false) {
  return (await drainQueue(sqs, queueUrl, keep)).map((message) => ({
    body: message.Body ?? '',
    attributes: JSON.stringify(message.MessageAttributes ?? {}),
  }));
}

/** Runs `act`, which must throw `type`; the error goes to the capture as util.inspect shows it. */
async function expectThrown(
  source: string,
  type: abstract new (...args: never[]) => Error,
  act: () => Promise<unknown>,
): Promise<Error> {
  const error = await act().then(
    () => new Error(`${source}: expected ${type.name}, but nothing was thrown`),
    (thrown: unknown) => thrown,
  );
  capture.addError(`error: ${source}`, error);
  expect(error, source).toBeInstanceOf(type);
  return error as Error;
}

function lambdaContext(functionName: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${REGION}:123456789012:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: 'c3a1e0f2-0000-4000-8000-000000000001',
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: '2026/11/25/[$LATEST]0123456789abcdef',
    getRemainingTimeInMillis: () => 60_000,
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

async function createProjects() {
  const [a, b] = pipeline.privateSubnetIds;
  await aws.codebuild.send(
    new CreateProjectCommand({
      name: VARIABLES_PROJECT,
      source: {
        type: 'CODECOMMIT',
        location: `https://git-codecommit.${REGION}.amazonaws.com/v1/repos/app`,
      },
      artifacts: { type: 'NO_ARTIFACTS' },
      environment: {
        type: 'LINUX_CONTAINER',
        image: `123456789012.dkr.ecr.${REGION}.amazonaws.com/builder:1`,
        computeType: 'BUILD_GENERAL1_SMALL',
        environmentVariables: [
          { name: 'AWS_ACCESS_KEY_ID', value: PLANTED.accessKeyId, type: 'PLAINTEXT' },
          { name: 'AWS_SECRET_ACCESS_KEY', value: PLANTED.secretAccessKey, type: 'PLAINTEXT' },
          { name: 'GITHUB_TOKEN', value: PLANTED.githubToken, type: 'PLAINTEXT' },
          { name: 'DB_PASSWORD', value: PLANTED.dbPassword, type: 'PLAINTEXT' },
          {
            name: 'DOCKERHUB_PASSWORD',
            value: `arn:aws:secretsmanager:${REGION}:123456789012:secret:dockerhub`,
            type: 'SECRETS_MANAGER',
          },
          { name: 'NODE_ENV', value: 'production', type: 'PLAINTEXT' },
        ],
      },
      serviceRole: 'arn:aws:iam::123456789012:role/codebuild-app-role',
      logsConfig: { cloudWatchLogs: { status: 'ENABLED' }, s3Logs: { status: 'DISABLED' } },
      vpcConfig: { vpcId: pipeline.vpcId, subnets: [a, b], securityGroupIds: [pipeline.securityGroupId] },
    }),
  );
  await aws.codebuild.send(
    new CreateProjectCommand({
      name: SOURCES_PROJECT,
      source: {
        type: 'GITHUB',
        location: `https://deploy-bot:${PLANTED.sourceToken}@github.com/example/app.git`,
      },
      artifacts: { type: 'NO_ARTIFACTS' },
      environment: {
        type: 'LINUX_CONTAINER',
        image: 'node:22',
        computeType: 'BUILD_GENERAL1_SMALL',
        environmentVariables: [
          {
            name: 'NPM_REGISTRY',
            value: `https://ci-bot:${PLANTED.registryPassword}@registry.example.com/npm/`,
            type: 'PLAINTEXT',
          },
        ],
      },
      serviceRole: 'arn:aws:iam::123456789012:role/codebuild-app-role',
      logsConfig: { cloudWatchLogs: { status: 'ENABLED' }, s3Logs: { status: 'DISABLED' } },
    }),
  );
}

/** AWS Config has discovered every project: its items, under Config ids, as the sweep and history see them. */
async function discoverProjects(): Promise<Map<string, InvocationItem>> {
  const names = (await aws.codebuild.send(new ListProjectsCommand({}))).projects ?? [];
  const { projects = [] } = await aws.codebuild.send(new BatchGetProjectsCommand({ names }));
  const items = new Map<string, InvocationItem>();
  for (const project of projects) {
    const item = codeBuildItem(project, configIdOf(project.name ?? ''));
    aws.emulator.seed(toWireItem(item));
    items.set(project.name ?? '', item);
  }
  return items;
}

/** A JSON text with one planted value's quotes dropped: the kind of damage a parser echoes. */
function unquote(json: string, value: string): string {
  const quoted = JSON.stringify(value);
  if (!json.includes(quoted)) throw new Error('the planted value is not in the JSON text');
  return json.replace(quoted, value);
}

beforeAll(async () => {
  aws = await startTestAws();
  sns = await createSnsClient(aws.options);
  sqs = await createSqsClient(aws.options);
  secrets = await createSecretsManagerClient(aws.options);
  ssm = await createSsmClient(aws.options);
  aws.emulator.capture.add('sns.Publish');
  receiver = new SlackReceiver();
  // The production logger at its most talkative; sharedLogger() reads the level when first called.
  process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
  delete process.env.POWERTOOLS_DEV;
});

afterAll(async () => {
  capture.stop();
  for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
  Object.assign(process.env, savedEnv);
  await receiver?.stop();
  for (const client of [sns, sqs, secrets, ssm]) client?.destroy();
  await aws?.close();
});

describe('a full run with secrets planted everywhere', () => {
  it('puts none of them in any log line, error, alert, report or request body, and still says what is wrong', async () => {
    // Prepare: the reference pipeline, two projects holding credentials, the webhook secrets.
    capture.start();
    pipeline = await buildReferencePipeline(aws);
    await createProjects();
    const items = await discoverProjects();
    const variablesItem = items.get(VARIABLES_PROJECT);
    const sourcesItem = items.get(SOURCES_PROJECT);
    if (!variablesItem || !sourcesItem) throw new Error('the planted projects were not discovered');

    await receiver.start();
    const webhook = `http://127.0.0.1:${receiver.port}/services/${PLANTED.slackToken}`;
    const ssmWebhook = `http://127.0.0.1:${receiver.port}/services/${PLANTED.ssmSlackToken}`;
    const secretArn =
      (await secrets.send(new CreateSecretCommand({ Name: 'ppguard/slack-webhook', SecretString: webhook })))
        .ARN ?? '';
    const notHttpsArn =
      (
        await secrets.send(
          new CreateSecretCommand({
            Name: 'ppguard/slack-webhook-not-https',
            SecretString: `http://hooks.slack.example/services/${PLANTED.notHttpsSlackToken}`,
          }),
        )
      ).ARN ?? '';
    await ssm.send(
      new PutParameterCommand({
        Name: '/ppguard/slack-webhook',
        Type: 'SecureString',
        Value: JSON.stringify({ url: ssmWebhook }),
      }),
    );
    await ssm.send(
      new PutParameterCommand({
        Name: '/ppguard/slack-webhook-bad-json',
        Type: 'SecureString',
        Value: `{"url": "https://hooks.slack.com/services/${PLANTED.badJsonSlackToken}"`,
      }),
    );

    const topicArn = (await sns.send(new CreateTopicCommand({ Name: 'ppguard-alerts' }))).TopicArn ?? '';
    const inbox = await createQueue('alerts-inbox');
    await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: inbox.arn }));
    const deadLetters = await createQueue('ppguard-slack-dlq');

    const log = asLog(sharedLogger());
    const evaluate = createEvaluateHandler({
      config: aws.config,
      aws: describeSource(aws.options),
      findRule: ruleForConfigRuleName,
      log,
      region: REGION,
      now: NOW,
    });
    const notify = createNotifyHandler({
      sns,
      topicArn,
      findRule: ruleForConfigRuleName,
      recent: new RecentAlerts(),
      log,
    });
    const slackDeps = (source: WebhookSource): SlackDeps => ({
      webhookUrl: createWebhookUrlReader(source, aws.options),
      delivery: { fetch: globalThis.fetch, sleep: noSleep, log },
      log,
    });
    const viaSecret = slackDeps({ kind: 'secret', id: secretArn });
    const slack = createSlackHandler(viaSecret);
    const redrive = createRedriveHandler({
      sqs,
      queueUrl: deadLetters.url,
      deliver: (record) => deliverAlert(record, viaSecret),
      log,
      sleep: noSleep,
      visibilityTimeoutSeconds: 0,
      waitTimeSeconds: 0,
    });

    // Act 1: AWS Config invokes the rule function - change and oversized notifications for the
    // planted projects, then the periodic run of every rule.
    aws.emulator.clear();
    for (const rule of PROJECT_RULES) {
      for (const item of [variablesItem, sourcesItem]) {
        await evaluate(changeEvent(item, { configRuleName: `ppguard-${rule.id}` }));
      }
    }
    await evaluate(oversizedEvent(variablesItem, { configRuleName: `ppguard-${PLAINTEXT_RULE}` }));
    for (const rule of SWEPT_RULES) await evaluate(scheduledEvent({ configRuleName: `ppguard-${rule.id}` }));

    // Act 2: malformed input around the secrets - an invokingEvent whose secret lost its quotes, a
    // configuration from GetResourceConfigHistory damaged the same way, a variable that is an object.
    const damaged = changeEvent(variablesItem, { configRuleName: `ppguard-${PLAINTEXT_RULE}` });
    await expectThrown('evaluate: invokingEvent damaged next to a secret', InvalidEventError, () =>
      evaluate({ ...damaged, invokingEvent: unquote(damaged.invokingEvent, PLANTED.secretAccessKey) }),
    );
    const corrupted = { ...variablesItem, resourceId: configIdOf('corrupted') };
    const corruptedWire = toWireItem(corrupted);
    aws.emulator.seed({
      ...corruptedWire,
      configuration: unquote(corruptedWire.configuration, PLANTED.dbPassword),
    });
    await expectThrown(
      'evaluate: history configuration damaged next to a secret',
      InvalidConfigurationItemError,
      () => evaluate(oversizedEvent(corrupted, { configRuleName: `ppguard-${PLAINTEXT_RULE}` })),
    );
    const objectValued = JSON.parse(
      JSON.stringify(variablesItem).replace(
        JSON.stringify(PLANTED.dbPassword),
        JSON.stringify({ password: PLANTED.dbPassword }),
      ),
    ) as InvocationItem;
    await expectThrown('evaluate: a variable value that is an object', InvalidConfigurationItemError, () =>
      evaluate(changeEvent(objectValued, { configRuleName: `ppguard-${PLAINTEXT_RULE}` })),
    );
    const evaluations = aws.emulator.evaluations;

    // Act 3: the compliance changes of the plaintext-secrets rule go to SNS, with the annotations the
    // evaluation produced: two violations, a changed cause, a resolution; and a Publish that fails.
    const annotationOf = (name: string) =>
      evaluations.find(
        (e) => e.ComplianceResourceId === configIdOf(name) && e.Annotation?.includes('plaintext'),
      )?.Annotation ?? '';
    const change = (n: number, name: string, old: 'COMPLIANT' | 'NON_COMPLIANT', annotation?: string) =>
      complianceChangeEvent({
        id: `5ec2e75a-0000-4000-8000-00000000000${n}`,
        configRuleName: `ppguard-${PLAINTEXT_RULE}`,
        resourceType: 'AWS::CodeBuild::Project',
        resourceId: configIdOf(name),
        old: {
          compliance: old,
          ...(old === 'NON_COMPLIANT'
            ? { annotation: `project ${name} has credentials in plaintext: DB_PASSWORD (password)` }
            : {}),
        },
        new:
          annotation === undefined
            ? { compliance: 'COMPLIANT', orderingTimestamp: `2026-11-25T1${n}:00:00.000Z` }
            : { compliance: 'NON_COMPLIANT', annotation, orderingTimestamp: `2026-11-25T1${n}:00:00.000Z` },
      });
    await notify(change(1, VARIABLES_PROJECT, 'COMPLIANT', annotationOf(VARIABLES_PROJECT)));
    await notify(change(2, SOURCES_PROJECT, 'COMPLIANT', annotationOf(SOURCES_PROJECT)));
    await notify(change(3, VARIABLES_PROJECT, 'NON_COMPLIANT', annotationOf(VARIABLES_PROJECT)));
    await notify(change(4, SOURCES_PROJECT, 'NON_COMPLIANT'));
    const noTopic = createNotifyHandler({
      sns,
      topicArn: `${topicArn}-deleted`,
      findRule: ruleForConfigRuleName,
      recent: new RecentAlerts(),
      log,
    });
    await expectThrown('notify: Publish to a topic that does not exist', Error, () =>
      noTopic(change(5, VARIABLES_PROJECT, 'COMPLIANT', annotationOf(VARIABLES_PROJECT))),
    );
    const delivered = await drain(inbox.url);
    for (const message of delivered) capture.add('SNS message (SQS subscription)', message.body);
    const [violation, ...otherAlerts] = delivered.map((m) =>
      snsLambdaEvent(JSON.parse(m.body ?? '') as Record<string, unknown>),
    );
    if (!violation) throw new Error('no alert reached the SQS subscription');

    // Act 4: Slack answers 500 (echoing the webhook path), then is down: Lambda's three attempts
    // fail and the event goes to the dead-letter queue; a redrive fails, then succeeds once Slack is back.
    receiver.script = Array(4).fill({
      status: 500,
      body: `invalid_token for /services/${PLANTED.slackToken}`,
    });
    await expectThrown('slack: receiver answering 500', SlackDeliveryError, () => slack(violation));
    await receiver.stop();
    const retries: Error[] = [];
    for (const attempt of [2, 3]) {
      retries.push(
        await expectThrown(`slack: receiver down, attempt ${attempt}`, SlackDeliveryError, () =>
          slack(violation),
        ),
      );
    }
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: deadLetters.url,
        MessageBody: JSON.stringify(violation),
        MessageAttributes: {
          RequestID: { DataType: 'String', StringValue: 'c3a1e0f2-0000-4000-8000-000000000002' },
          ErrorCode: { DataType: 'Number', StringValue: '200' },
          ErrorMessage: { DataType: 'String', StringValue: retries.at(-1)?.message ?? '' },
        },
      }),
    );
    for (const message of await drain(deadLetters.url, true)) {
      capture.add('dead-letter message', `${message.body}\n${message.attributes}`);
    }
    await expectThrown('redrive: receiver still down', RedriveIncompleteError, () => redrive());
    await receiver.start();
    const redriven = await redrive();
    for (const event of otherAlerts) await slack(event);
    const viaParameter = createSlackHandler(slackDeps({ kind: 'parameter', name: '/ppguard/slack-webhook' }));
    await viaParameter(violation);
    await expectThrown('slack: webhook secret without https', SlackConfigError, () =>
      createSlackHandler(slackDeps({ kind: 'secret', id: notHttpsArn }))(violation),
    );
    await expectThrown('slack: webhook parameter with invalid JSON', SlackConfigError, () =>
      createSlackHandler(slackDeps({ kind: 'parameter', name: '/ppguard/slack-webhook-bad-json' }))(
        violation,
      ),
    );

    // Act 5: the production entry points, configured from the environment as in Lambda.
    Object.assign(process.env, {
      AWS_ENDPOINT_URL: aws.emulator.endpoint,
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_EC2_METADATA_DISABLED: 'true',
      PPGUARD_TOPIC_ARN: topicArn,
      PPGUARD_SLACK_SECRET_ARN: secretArn,
    });
    await evaluateEntryPoint(
      scheduledEvent({ configRuleName: `ppguard-${PLAINTEXT_RULE}` }),
      lambdaContext('ppguard-evaluate'),
    );
    await notifyEntryPoint(change(6, VARIABLES_PROJECT, 'NON_COMPLIANT'), lambdaContext('ppguard-notify'));
    const [resolved] = (await drain(inbox.url)).map((m) => {
      capture.add('SNS message (SQS subscription)', m.body);
      return snsLambdaEvent(JSON.parse(m.body ?? '') as Record<string, unknown>);
    });
    if (!resolved) throw new Error('the notify entry point published nothing');
    await slackEntryPoint(resolved, lambdaContext('ppguard-slack'));

    // Act 6: ppguard scan, every output format, as child processes.
    const rulesOption = `--rules=${SWEPT_RULES.map((rule) => rule.id).join(',')}`;
    const cliRuns = await Promise.all(
      ['json', 'table', 'sarif'].map(async (format) => {
        const run = await runCli(['scan', '--format', format, rulesOption], aws.emulator.endpoint, {
          POWERTOOLS_LOG_LEVEL: 'DEBUG',
        });
        capture.add(`cli scan --format ${format}: stdout`, run.stdout);
        capture.add(`cli scan --format ${format}: stderr`, run.stderr);
        return { format, code: run.code };
      }),
    );

    // What the run sent out of the process: evaluations to Config, Publish requests, Slack posts.
    capture.stop();
    for (const request of aws.emulator.putRequests) capture.add('PutEvaluations', JSON.stringify(request));
    for (const body of aws.emulator.captured.get('sns.Publish') ?? [])
      capture.add('SNS Publish request', body);
    for (const request of receiver.requests) capture.add('Slack request', request.body);

    // Assess (soft, so a leak below is reported too): the run did what it should, so there was
    // something to leak.
    expect.soft(evaluations.filter((e) => e.Annotation?.includes('plaintext'))).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          ComplianceResourceId: configIdOf(VARIABLES_PROJECT),
          ComplianceType: 'NON_COMPLIANT',
          Annotation: `project ${VARIABLES_PROJECT} has credentials in plaintext: AWS_ACCESS_KEY_ID (AWS credential); AWS_SECRET_ACCESS_KEY (AWS credential); GITHUB_TOKEN (token); DB_PASSWORD (password)`,
        }),
        expect.objectContaining({
          ComplianceResourceId: configIdOf(SOURCES_PROJECT),
          ComplianceType: 'NON_COMPLIANT',
          Annotation: `project ${SOURCES_PROJECT} has credentials in plaintext: primary source location (credentials in URL); NPM_REGISTRY (URL with credentials in value)`,
        }),
      ]),
    );
    expect.soft(delivered).toHaveLength(4);
    expect.soft(redriven).toEqual({
      received: 1,
      delivered: 1,
      filtered: 0,
      ignored: 0,
      parked: 0,
      alreadyHandled: 0,
      failed: 0,
      undeleted: 0,
    });
    expect
      .soft(receiver.requests.map((r) => r.answered))
      .toEqual([...Array(4).fill(500), ...Array(6).fill(200)]);
    expect
      .soft(new Set(receiver.requests.map((r) => r.path)))
      .toEqual(new Set([`/services/${PLANTED.slackToken}`, `/services/${PLANTED.ssmSlackToken}`]));
    expect.soft(cliRuns).toEqual([
      { format: 'json', code: 1 },
      { format: 'table', code: 1 },
      { format: 'sarif', code: 1 },
    ]);

    // Assess: the captured text is there and names what is wrong, where, and in which variable.
    const logs = [capture.textOf('stdout'), capture.textOf('stderr'), capture.textOf('console.')].join('\n');
    const logLines = logs.split('\n').filter((line) => line.startsWith('{'));
    expect.soft(logLines.length).toBeGreaterThan(50);
    for (const line of logLines)
      expect.soft(JSON.parse(line)).toMatchObject({ service: 'ppguard', level: expect.any(String) });
    for (const fact of [
      PLAINTEXT_RULE,
      configIdOf(VARIABLES_PROJECT),
      configIdOf(SOURCES_PROJECT),
      'alert published',
      'Slack delivery attempt failed',
      'ECONNREFUSED',
      'HTTP 500 unexpected body',
      'dead-letter message not delivered',
      'alert delivered to Slack',
      '"function_name":"ppguard-evaluate"',
      '"function_name":"ppguard-notify"',
      '"function_name":"ppguard-slack"',
    ]) {
      expect.soft(logs, `logs mention ${fact}`).toContain(fact);
    }
    const variableNames = ['AWS_SECRET_ACCESS_KEY', 'GITHUB_TOKEN', 'DB_PASSWORD', 'NPM_REGISTRY'];
    for (const [channel, text] of [
      ['SNS messages', capture.textOf('SNS message')],
      ['SNS Publish requests', capture.textOf('SNS Publish request')],
      ['Slack requests', capture.textOf('Slack request')],
      ['scan --format json', capture.textOf('cli scan --format json')],
      ['scan --format table', capture.textOf('cli scan --format table')],
      ['scan --format sarif', capture.textOf('cli scan --format sarif')],
    ] as const) {
      expect.soft(text, `${channel} name the rule`).toContain(PLAINTEXT_RULE);
      for (const name of variableNames) expect.soft(text, `${channel} name ${name}`).toContain(name);
    }
    for (const [channel, fact] of [
      ['error: evaluate: invokingEvent', 'invokingEvent is not valid JSON'],
      ['error: evaluate: history', 'configuration is not valid JSON'],
      ['error: evaluate: a variable', 'environmentVariables[3].value is not a string'],
      ['error: slack: receiver answering 500', 'HTTP 500 unexpected body'],
      ['error: slack: receiver down', 'ECONNREFUSED'],
      ['error: slack: webhook secret', 'ppguard/slack-webhook-not-https'],
      ['error: slack: webhook parameter', '/ppguard/slack-webhook-bad-json'],
      ['dead-letter message', 'ECONNREFUSED'],
    ] as const) {
      expect.soft(capture.textOf(channel), `${channel} says ${fact}`).toContain(fact);
    }

    // Assess: no secret, and no 8-character piece of one, anywhere.
    const planted: Secret[] = [
      ...Object.entries(PLANTED).map(([label, value]) => ({ label, value, windows: true })),
      { label: 'webhook URL', value: webhook, windows: false },
      { label: 'SSM webhook URL', value: ssmWebhook, windows: false },
      { label: 'webhook host', value: `127.0.0.1:${receiver.port}`, windows: false },
      {
        label: 'source location',
        value: `deploy-bot:${PLANTED.sourceToken}@github.com`,
        windows: false,
      },
      { label: 'registry URL', value: `ci-bot:${PLANTED.registryPassword}@registry`, windows: false },
    ];
    expect(capture.captured.length).toBeGreaterThan(0);
    expect(findLeaks(capture.captured, planted)).toEqual([]);
  });
});
