/**
 * A periodic sweep that runs short of time continues in follow-up invocations: handlers/evaluate
 * with real SDK clients against moto (CodeBuild, SQS) and the Config front, the continuation sent
 * to a real queue and read back as the SQS event Lambda would deliver.
 */
import { BatchGetProjectsCommand, DeleteProjectCommand, type Project } from '@aws-sdk/client-codebuild';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  DeleteQueueCommand,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { WireEvaluation } from '../../emulator/config-emulator';
import { codeBuildItem, toWireItem } from '../../emulator/config-items';
import {
  createBuildNetwork,
  createProject as createCodeBuildProject,
} from '../../emulator/reference-pipeline';
import { createHandler } from '../../handlers/evaluate';
import { createSqsClient } from '../../lib/aws/clients';
import { describeSource } from '../../lib/collect/source';
import type { RunSummary } from '../../lib/config/evaluate-event';
import { InvalidEventError } from '../../lib/config/event';
import { PutEvaluationsError } from '../../lib/config/put-evaluations';
import { InvalidContinuationError, parseContinuation } from '../../lib/config/sweep';
import { sweepQueue } from '../../lib/lambda/sweep-queue';
import type { Log } from '../../lib/log';
import { ruleForConfigRuleName } from '../../rules/index';
import { changeEvent, scheduledEvent, sqsEvent } from '../fixtures/events';
import { REGION, startTestAws, type TestAws } from './support/aws';
import { queueDepth } from './support/sqs';

const RULE = 'ppguard-codebuild-project-in-vpc';
const SWEPT_AT = '2026-11-25T11:00:00.000Z';
const TOKEN = 'sweep-token-0f3a';
const SWEEP = scheduledEvent({
  configRuleName: RULE,
  resultToken: TOKEN,
  notificationCreationTime: SWEPT_AT,
});

const silent: Log = { info: () => {}, warn: () => {}, error: () => {} };
let aws: TestAws;
let sqs: SQSClient;
let queueUrl = '';
const network = { vpcId: '', subnetId: '', securityGroupId: '' };

const configId = (i: number) => `cb5e0000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const projectName = (i: number) => `sweep-build-${String(i).padStart(4, '0')}`;

/** Every third project runs outside any VPC; each is recorded by Config under its own id. */
async function createProject(i: number, id = configId(i)): Promise<Project> {
  const inVpc = i % 3 !== 0;
  const vpc = {
    vpcId: network.vpcId,
    subnetIds: [network.subnetId],
    securityGroupId: network.securityGroupId,
  };
  const project = await createCodeBuildProject(aws, projectName(i), inVpc ? vpc : undefined, REGION);
  aws.emulator.seed(toWireItem(codeBuildItem(project, id)));
  return project;
}

async function createProjects(from: number, to: number) {
  for (let i = from; i < to; i++) await createProject(i);
}

async function deleteAllProjects() {
  const { projects = [] } = await aws.codebuild.send(
    new BatchGetProjectsCommand({ names: Array.from({ length: 400 }, (_, i) => projectName(i)) }),
  );
  for (const project of projects) await aws.codebuild.send(new DeleteProjectCommand({ name: project.name }));
}

/** The evaluate handler; `remainingMs` plays Lambda's clock (0: hand off after every chunk). */
function handlerWith(remainingMs?: () => number) {
  return createHandler(
    {
      config: aws.config,
      aws: describeSource(aws.options),
      findRule: ruleForConfigRuleName,
      log: silent,
      region: REGION,
      now: () => new Date('2026-11-25T11:00:05Z'),
    },
    remainingMs ? { limits: { remainingMs, handOff: sweepQueue(queueUrl, aws.options) } } : {},
  );
}

/** What Lambda's SQS event source does: each message to the handler, deleted once it succeeds. */
async function drain(handler: ReturnType<typeof handlerWith>): Promise<RunSummary[]> {
  const summaries: RunSummary[] = [];
  for (;;) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 1, WaitTimeSeconds: 0 }),
    );
    const message = Messages[0];
    if (!message) return summaries;
    summaries.push(await handler(sqsEvent([message.Body ?? ''])));
    await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
  }
}

const idsOf = (evaluations: readonly WireEvaluation[]) => evaluations.map((e) => e.ComplianceResourceId);
const sorted = (evaluations: readonly WireEvaluation[]) =>
  [...evaluations].sort((a, b) => a.ComplianceResourceId.localeCompare(b.ComplianceResourceId));

beforeAll(async () => {
  aws = await startTestAws();
  sqs = await createSqsClient(aws.options);
  Object.assign(network, await createBuildNetwork(aws, REGION));
});

afterAll(async () => {
  sqs?.destroy();
  await aws?.close();
});

beforeEach(async () => {
  aws.emulator.clear();
  aws.emulator.unseedAll();
  await deleteAllProjects();
  if (queueUrl) await sqs.send(new DeleteQueueCommand({ QueueUrl: queueUrl }));
  // FIFO as deployed. Visibility 0: a message whose invocation failed is at once visible again
  // (Lambda would wait).
  const { QueueUrl } = await sqs.send(
    new CreateQueueCommand({
      QueueName: `ppguard-sweep-${Date.now()}.fifo`,
      Attributes: { FifoQueue: 'true', VisibilityTimeout: '0' },
    }),
  );
  queueUrl = QueueUrl ?? '';
});

describe('a periodic sweep short of time', () => {
  it('reports every resource exactly once across invocations, in sweep order and chunks of 100, with the verdicts of one invocation', async () => {
    // Prepare
    await createProjects(0, 230);
    await handlerWith()(SWEEP);
    const inOneInvocation = sorted(aws.emulator.evaluations);
    aws.emulator.clear();
    const handler = handlerWith(() => 0);

    // Act
    const first = await handler(SWEEP);
    const followUps = await drain(handler);

    // Assess
    expect(first).toEqual({
      rule: 'codebuild-project-in-vpc',
      kind: 'scheduled',
      evaluations: 100,
      putCalls: 1,
      undiscovered: [],
      continuedAfter: {
        resourceType: 'AWS::CodeBuild::Project',
        resourceId: configId(99),
        hop: 1,
        remaining: 130,
      },
    });
    expect(followUps.map((s) => [s.evaluations, s.continuedAfter?.hop])).toEqual([
      [100, 2],
      [30, undefined],
    ]);
    expect(aws.emulator.putRequests.map((r) => [r.ResultToken, r.Evaluations.length])).toEqual([
      [TOKEN, 100],
      [TOKEN, 100],
      [TOKEN, 30],
    ]);
    expect(idsOf(aws.emulator.evaluations)).toEqual(Array.from({ length: 230 }, (_, i) => configId(i)));
    expect(aws.emulator.evaluations).toEqual(inOneInvocation);
    expect(inOneInvocation.filter((e) => e.ComplianceType === 'NON_COMPLIANT')).toHaveLength(77);
    expect(aws.emulator.violations).toEqual([]);
    expect(await queueDepth(sqs, queueUrl)).toBe(0);
  });

  it('resumes strictly after the last reported resource: later additions are reported, deletions and earlier additions are not', async () => {
    // Prepare
    await createProjects(0, 150);
    const handler = handlerWith(() => 0);
    await handler(SWEEP);
    await aws.codebuild.send(new DeleteProjectCommand({ name: projectName(120) }));
    await createProject(260); // Config id after the cursor (configId(99))
    await createProject(261, configId(261).replace('cb5e', 'cb5d')); // Config id before it

    // Act
    await drain(handler);

    // Assess
    const expected = [
      ...Array.from({ length: 150 }, (_, i) => configId(i)).filter((id) => id !== configId(120)),
      configId(260),
    ];
    expect(idsOf(aws.emulator.evaluations)).toEqual(expected);
  });

  it('never forks: a hand-off sent twice (an SDK resend) is queued once, and a hop run twice (a redelivery) repeats only its own chunk', async () => {
    // Prepare
    await createProjects(0, 230);
    const handOff = sweepQueue(queueUrl, aws.options);
    const handler = handlerWith(() => 0);
    await handler(SWEEP);
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl }));
    const [message] = Messages;
    if (!message?.Body) throw new Error('the first invocation queued no continuation');
    await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));

    // Act
    await handOff(parseContinuation(message.Body));
    await handOff(parseContinuation(message.Body));
    const queuedAfterResend = await queueDepth(sqs, queueUrl);
    await handler(sqsEvent([message.Body]));
    await handler(sqsEvent([message.Body]));
    const followUps = await drain(handler);

    // Assess
    expect(queuedAfterResend).toBe(1);
    expect(followUps.map((s) => [s.evaluations, s.continuedAfter?.hop])).toEqual([
      [100, 2],
      [30, undefined],
    ]);
    const ids = Array.from({ length: 230 }, (_, i) => configId(i));
    expect(idsOf(aws.emulator.evaluations)).toEqual([
      ...ids.slice(0, 200),
      ...ids.slice(100, 200), // the hop run twice: its chunk again, identical
      ...ids.slice(100, 230),
    ]);
    expect(await queueDepth(sqs, queueUrl)).toBe(0);
  });

  it('finishes in one invocation and queues nothing when time is left', async () => {
    // Prepare
    await createProjects(0, 230);

    // Act
    const summary = await handlerWith(() => 840_000)(SWEEP);

    // Assess
    expect(summary.evaluations).toBe(230);
    expect(summary.continuedAfter).toBeUndefined();
    expect(aws.emulator.putRequests.map((r) => r.Evaluations.length)).toEqual([100, 100, 30]);
    expect(await queueDepth(sqs, queueUrl)).toBe(0);
  });

  it('fails a follow-up that cannot report, naming why, keeps its message, and completes once AWS Config accepts', async () => {
    // Prepare
    await createProjects(0, 150);
    const handler = handlerWith(() => 0);
    await handler(SWEEP);
    aws.emulator.injectFailedEvaluations(4);
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl }));
    const body = Messages[0]?.Body ?? '';

    // Act
    const failure = handler(sqsEvent([body]));

    // Assess
    await expect(failure).rejects.toThrow(PutEvaluationsError);
    await expect(failure).rejects.toThrow('AWS Config rejected 50 evaluation(s) after 4 attempts');
    expect(aws.emulator.evaluations).toHaveLength(100);
    expect(await queueDepth(sqs, queueUrl)).toBe(1);
    const retried = await drain(handler);
    expect(retried.map((s) => s.evaluations)).toEqual([50]);
    expect(idsOf(aws.emulator.evaluations)).toEqual(Array.from({ length: 150 }, (_, i) => configId(i)));
  });

  it('rejects a malformed continuation with an error that names the problem, and reports nothing', async () => {
    // Prepare
    await createProjects(0, 5);
    const handler = handlerWith(() => 0);
    const continuation = (event: unknown) =>
      JSON.stringify({
        type: 'ppguard.sweep-continuation',
        version: 1,
        event,
        after: `AWS::CodeBuild::Project\u0000${configId(1)}`,
        hop: 1,
        reported: 2,
        failedEarlier: 0,
      });
    const item = codeBuildItem(
      (await aws.codebuild.send(new BatchGetProjectsCommand({ names: [projectName(0)] }))).projects?.[0] ??
        {},
      configId(0),
    );

    // Act
    const notJson = handler(sqsEvent([`{"resultToken":"${TOKEN}"`]));
    const wrongKind = handler(
      sqsEvent([continuation(changeEvent(item, { configRuleName: RULE, resultToken: TOKEN }))]),
    );
    const noCursor = handler(
      sqsEvent([
        JSON.stringify({
          type: 'ppguard.sweep-continuation',
          version: 1,
          event: SWEEP,
          hop: 1,
          reported: 0,
          failedEarlier: 0,
        }),
      ]),
    );

    // Assess
    await expect(notJson).rejects.toThrow(InvalidContinuationError);
    await expect(notJson).rejects.not.toThrow(TOKEN);
    await expect(wrongKind).rejects.toThrow(
      new InvalidEventError('a sweep continuation must carry a ScheduledNotification event, not change'),
    );
    await expect(noCursor).rejects.toThrow(
      new InvalidContinuationError('sweep continuation.after must be a sweep key (type NUL id)'),
    );
    expect(aws.emulator.putRequests).toEqual([]);
  });
});
