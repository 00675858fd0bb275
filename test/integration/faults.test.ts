/**
 * Fault injection (issue 8, Hardening 1): the evaluate, notify and Slack paths with real SDK
 * clients (production retry settings: adaptive mode, 8 attempts) against the emulator front, which
 * answers throttling errors, HTTP 500s, slow answers and dropped connections at set rates
 * (emulator/faults.ts), and a flaky Slack stand-in (support/flaky-webhook.ts).
 *
 * Fault model. Every fault happens BEFORE the request reaches moto: a faulted request was never
 * processed, so the SDK's retry cannot apply it twice, and what the front captured (PutEvaluations
 * bodies) is exactly what the backend received. On AWS a request can also be processed and its
 * answer lost; the SDK then sends it again:
 * - PutEvaluations is an idempotent upsert: AWS Config keeps one result per rule, resource and
 *   ordering timestamp, so a resent chunk changes nothing (ppguard sends one ordering timestamp per
 *   invocation).
 * - SNS Publish is not idempotent on a standard topic: a lost answer can mean a second message.
 *   Alerts are at-least-once end to end (README "Alerts", "Duplicates and order"); what this
 *   suite proves is that ppguard itself never publishes or posts twice and never drops an alert.
 *   The same holds for a Slack webhook that posts a message and loses its 200.
 *
 * Rates. Throttling is kept low on the per-repository ECR reads (1,500 calls): the adaptive retry
 * mode answers every throttle by cutting the client's send rate by 30% and regrowing it over
 * seconds, so random throttling at a fixed rate (unlike AWS's, which follows the request rate)
 * starves it. Measured with `npm run bench:faults` (1,000 repositories and 1,000 projects, the other
 * rates as here): 10-14 s without throttling on those reads, 18-28 s at 0.2%, 37-71 s at 0.5%, 94 s
 * at 1%, 151 s at 2%. 500s and dropped connections spend the client's retry quota (14 of 500 per
 * retry, refunded only when the retried call succeeds, which a RepositoryPolicyNotFoundException
 * does not): at 5% the sweep completes, at 10% it throws (naming the call) and sends nothing.
 *
 * Lambda. The production function differs from the CLI-style run in two ways, both swept here under
 * faults too: it reads ECR repositories from what AWS Config recorded (BatchGetResourceConfig, 100
 * keys a call; lib/lambda/evaluator-deps.ts), and a sweep short of time hands off to a follow-up
 * invocation through the sweep queue (SQS, proxied and faulted by the front like every service).
 * A hop that fails is redone whole from its message, so a chunk it had reported is reported again
 * (see the hand-off tests). The sweep queue is FIFO with a deduplication id per hop, so a hand-off
 * resent after a lost answer, or sent again by a hop run twice, is queued once and the sweep never
 * forks (this injector cannot lose an answer after forwarding; sweep-continuation.test.ts sends the
 * same hand-off twice and runs a hop twice instead).
 *
 * Seeds. Fault decisions are reproducible: FAULT_SEED=<n> replays a run, FAULT_SEED=random tries a
 * new one; a failing test prints its seed and the faults injected.
 */
import { CreateSecretCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CreateTopicCommand, type SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed, onTestFinished } from 'vitest';
import type { WireEvaluation } from '../../emulator/config-emulator';
import {
  FAULT_KINDS,
  type FaultInjector,
  type FaultPlan,
  type FaultRates,
  faultSeed,
} from '../../emulator/faults';
import {
  buildSweepAccount,
  byResource,
  type Delivery,
  deliverContinuations,
  isRecorded,
  projectConfigId,
  type ReadPath,
  RULE_RUNS,
  type RuleRun,
  repositoryName,
  resourceKey,
  sweep,
  sweepHandler,
  tally,
} from '../../emulator/sweep-account';
import { createHandler as createNotifyHandler } from '../../handlers/notify';
import { createHandler as createSlackHandler } from '../../handlers/slack';
import { createHandler as createRedriveHandler } from '../../handlers/slack-redrive';
import { createSecretsManagerClient, createSnsClient, createSqsClient } from '../../lib/aws/clients';
import type { Log } from '../../lib/log';
import { RecentAlerts } from '../../lib/notify/dedup';
import { deliverAlert, type SlackDeps } from '../../lib/notify/slack-delivery';
import { createWebhookUrlReader } from '../../lib/notify/webhook';
import { ruleForConfigRuleName } from '../../rules/index';
import { complianceChangeEvent } from '../fixtures/compliance-events';
import { scheduledEvent } from '../fixtures/events';
import { REGION, startTestAws, type TestAws } from './support/aws';
import { FlakyWebhook } from './support/flaky-webhook';
import { invokeAsync } from './support/lambda-async';
import { snsLambdaEvent } from './support/sns-events';
import { createQueue, drainQueue, queueDepth } from './support/sqs';

const SEED = faultSeed(20261125);
const silent: Log = { info: () => {}, warn: () => {}, error: () => {} };

let aws: TestAws;
let sns: SNSClient;
let sqs: SQSClient;
let secrets: SecretsManagerClient;

/** Prints what is needed to replay a failing test. */
function reportSeedOnFailure() {
  onTestFailed(() => {
    console.error(
      `fault seed ${SEED} (replay: FAULT_SEED=${SEED} npx vitest run --project integration test/integration/faults.test.ts); ` +
        `faults injected: ${JSON.stringify(aws.emulator.faults?.summary() ?? {})}`,
    );
  });
}

/** Prints figures for the report when FAULT_REPORT is set. */
function report(label: string, figures: Record<string, unknown>) {
  if (process.env.FAULT_REPORT) console.log(`[faults] ${label} ${JSON.stringify(figures)}`);
}

beforeAll(async () => {
  aws = await startTestAws();
  sns = await createSnsClient(aws.options);
  sqs = await createSqsClient(aws.options);
  secrets = await createSecretsManagerClient(aws.options);
});

afterAll(async () => {
  sns?.destroy();
  sqs?.destroy();
  secrets?.destroy();
  await aws?.close();
});

// ---------------------------------------------------------------------------------------------
// Evaluate: a 1,000-resource periodic sweep
// ---------------------------------------------------------------------------------------------

const REPOSITORIES = 500;
const PROJECTS = 500;

/**
 * Rates on every operation (Config, CodeBuild, EC2, ECR listing); the three per-repository ECR
 * reads throttle less (see the header). Whatever the seed, the first PutEvaluations call loses its
 * connection and the first DescribeVpcs is throttled (the EC2 query protocol's RequestLimitExceeded).
 */
const SWEEP_RATES: FaultRates = { throttle: 0.05, error500: 0.03, drop: 0.02, slow: 0.05 };
const PER_REPOSITORY_RATES: FaultRates = { ...SWEEP_RATES, throttle: 0.002 };

/**
 * A sweep that hands off after every chunk re-lists the account in every hop, through clients a warm
 * container keeps from hop to hop, idle in between: the adaptive mode measures a low send rate and
 * cuts it to 0.5 requests per second on a throttle. Random throttling at the sweep's 5% made the
 * run's length swing with the seed (11 to 41 s over four seeds), so these runs throttle at 2%.
 */
const HAND_OFF_RATES: FaultRates = { ...SWEEP_RATES, throttle: 0.02 };

/**
 * Lambda's SQS event source, not ppguard, receives and deletes the sweep queue's messages; its
 * stand-in here (deliverContinuations) is not throttled, or its one long-lived client would crawl.
 */
const EVENT_SOURCE: Record<string, FaultRates> = {
  'sqs.ReceiveMessage': { ...HAND_OFF_RATES, throttle: 0 },
  'sqs.DeleteMessage': { ...HAND_OFF_RATES, throttle: 0 },
};

/** The three per-repository ECR reads, at their lower throttling rate. */
const PER_REPOSITORY: Record<string, FaultRates> = {
  'ecr.GetRepositoryPolicy': PER_REPOSITORY_RATES,
  'ecr.GetLifecyclePolicy': PER_REPOSITORY_RATES,
  'ecr.ListTagsForResource': PER_REPOSITORY_RATES,
};

/** The first `n` requests of an operation each draw a fault, its kind by the seed; none after. */
const firstFaulted = (n: number): FaultRates => ({
  throttle: 0.25,
  error500: 0.25,
  drop: 0.25,
  slow: 0.25,
  limit: n,
});

const clientOptions = () => ({ ...aws.options, region: REGION });
const sweepOf = (runs: RuleRun[], path: ReadPath = 'describe') => sweep(clientOptions(), runs, path);

/** Runs `act` without faults; returns what it reported (in resource order) and the backend calls. */
async function faultFree(label: string, act: () => Promise<unknown>) {
  aws.emulator.clear();
  const started = performance.now();
  await act();
  report(label, { seconds: (performance.now() - started) / 1000 });
  const evaluations = byResource(aws.emulator.evaluations);
  const calls = new Map(aws.emulator.calls);
  aws.emulator.clear();
  return { evaluations, calls };
}

/** Runs `act` under the plan (with this run's seed) and reports the faults injected. */
async function underFaults<T>(label: string, plan: Omit<FaultPlan, 'seed'>, act: () => Promise<T>) {
  const faults = aws.emulator.injectFaults({ seed: SEED, ...plan });
  const started = performance.now();
  try {
    return { faults, result: await act() };
  } finally {
    aws.emulator.stopFaults();
    report(label, {
      seconds: (performance.now() - started) / 1000,
      seed: SEED,
      injected: Object.fromEntries(FAULT_KINDS.map((kind) => [kind, faults.count(kind)])),
      byOperation: faults.summary(),
    });
  }
}

/** Calls that reached the backend, per operation: those the front answered with a fault did not. */
const forwarded = (faults: FaultInjector) =>
  new Map([...aws.emulator.calls].map(([op, n]) => [op, n - faults.rejected(op)]));

/** Resources evaluated more than once, with how often. */
const sentTwice = (evaluations: readonly WireEvaluation[]) =>
  Object.entries(tally(evaluations.map(resourceKey))).filter(([, n]) => n > 1);

const idsOf = (evaluations: readonly WireEvaluation[]) => evaluations.map((e) => e.ComplianceResourceId);
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe('evaluate: a 1,000-resource periodic sweep under faults', () => {
  beforeAll(async () => {
    const started = performance.now();
    await buildSweepAccount(
      { ec2: aws.ec2, ecr: aws.ecr, codebuild: aws.codebuild, emulator: aws.emulator, region: REGION },
      { repositories: REPOSITORIES, projects: PROJECTS },
    );
    report('account built', { seconds: (performance.now() - started) / 1000 });
  }, 120_000);

  it('delivers every evaluation exactly once, in chunks of at most 100, with the fault-free verdicts', async () => {
    reportSeedOnFailure();
    // Prepare: the verdicts and backend calls of a fault-free run.
    const { evaluations: baseline, calls: baselineCalls } = await faultFree('fault-free sweep', () =>
      sweepOf(['ecr', 'codebuild']),
    );
    const plan = {
      all: SWEEP_RATES,
      operations: {
        'config.PutEvaluations': { drop: 1, limit: 1 },
        'ec2.DescribeVpcs': { throttle: 1, limit: 1 },
        ...PER_REPOSITORY,
      },
    };

    // Act
    const { faults, result: summaries } = await underFaults('sweep under faults', plan, () =>
      sweepOf(['ecr', 'codebuild']),
    );

    // Assess: the fault-free run is what it should be.
    expect(new Set(baseline.map(resourceKey)).size).toBe(REPOSITORIES + PROJECTS);
    expect(baseline).toHaveLength(REPOSITORIES + PROJECTS);
    expect(tally(baseline.map((e) => `${e.ComplianceResourceType} ${e.ComplianceType}`))).toEqual({
      'AWS::ECR::Repository COMPLIANT': 450,
      'AWS::ECR::Repository NON_COMPLIANT': 50,
      'AWS::CodeBuild::Project NOT_APPLICABLE': 100,
      'AWS::CodeBuild::Project COMPLIANT': 200,
      'AWS::CodeBuild::Project NON_COMPLIANT': 200,
    });
    // Assess: every resource exactly once at the wire, within the API's limits, with the same verdict.
    expect(summaries.map((s) => [s.rule, s.evaluations, s.putCalls, s.undiscovered])).toEqual([
      ['ecr-repository-not-public', REPOSITORIES, 5, []],
      ['codebuild-project-no-internet-egress', PROJECTS, 5, []],
    ]);
    expect(aws.emulator.violations).toEqual([]);
    expect(aws.emulator.putRequests.map((r) => [r.ResultToken, r.Evaluations.length])).toEqual([
      ...Array(5).fill(['sweep-ecr', 100]),
      ...Array(5).fill(['sweep-codebuild', 100]),
    ]);
    expect(sentTwice(aws.emulator.evaluations)).toEqual([]);
    expect(aws.emulator.evaluations).toHaveLength(REPOSITORIES + PROJECTS);
    expect(byResource(aws.emulator.evaluations)).toEqual(baseline);
    // Assess: faults of every kind were injected, and the SDK's retries absorbed each one: the
    // backend received exactly the calls of the fault-free run, operation by operation.
    for (const kind of FAULT_KINDS) expect(faults.count(kind), kind).toBeGreaterThan(0);
    expect(faults.summary()['config.PutEvaluations']).toEqual({ drop: 1 });
    expect(faults.summary()['ec2.DescribeVpcs']).toEqual({ throttle: 1 });
    expect(forwarded(faults)).toEqual(baselineCalls);
  }, 150_000);

  it.each([
    [
      'codebuild.ListProjects',
      'CodeBuild ListProjects failed after 8 attempt(s): InternalFailure: Injected fault: internal failure',
    ],
    [
      'ec2.DescribeRouteTables',
      'EC2 DescribeRouteTables failed after 8 attempt(s): InternalError: Injected fault: an internal error has occurred',
    ],
  ])('throws naming the call when %s always fails, and sends no verdict', async (operation, failure) => {
    reportSeedOnFailure();
    // Prepare
    aws.emulator.clear();
    const faults = aws.emulator.injectFaults({ seed: SEED, operations: { [operation]: { error500: 1 } } });

    // Act
    const error = await sweepOf(['codebuild']).catch((thrown: unknown) => thrown);

    // Assess
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe(`codebuild-project-no-internet-egress: ${failure}`);
    expect(aws.emulator.count(operation)).toBe(8);
    expect(faults.count('error500', operation)).toBe(8);
    expect(aws.emulator.putRequests).toEqual([]);
  });

  it('sends the chunks before a PutEvaluations call that always fails, then throws naming it, and sends no later chunk', async () => {
    reportSeedOnFailure();
    // Prepare: the first two calls pass, every call from the third on fails.
    aws.emulator.clear();
    aws.emulator.injectFaults({
      seed: SEED,
      operations: { 'config.PutEvaluations': { error500: 1, after: 2 } },
    });

    // Act
    const error = await sweepOf(['codebuild']).catch((thrown: unknown) => thrown);

    // Assess
    expect((error as Error).message).toBe(
      'codebuild-project-no-internet-egress: ConfigService PutEvaluations failed after 8 attempt(s): InternalFailure: Injected fault: internal failure',
    );
    expect(aws.emulator.count('config.PutEvaluations')).toBe(2 + 8);
    // The 200 evaluations delivered are the first 200 projects', each with its right verdict.
    const expected = (i: number) =>
      i % 5 === 0 ? 'NOT_APPLICABLE' : i % 5 < 3 ? 'COMPLIANT' : 'NON_COMPLIANT';
    expect(aws.emulator.evaluations.map((e) => [e.ComplianceResourceId, e.ComplianceType])).toEqual(
      Array.from({ length: 200 }, (_, i) => [projectConfigId(i), expected(i)]),
    );
  });

  // -------------------------------------------------------------------------------------------
  // The Lambda function's own paths
  // -------------------------------------------------------------------------------------------

  describe('in Lambda, ECR repositories read from what AWS Config recorded', () => {
    const RECORDED = range(0, REPOSITORIES).filter(isRecorded).length;

    it('delivers every evaluation exactly once with the fault-free verdicts while BatchGetResourceConfig fails, stalls, drops connections and leaves keys unprocessed', async () => {
      reportSeedOnFailure();
      // Prepare: the verdicts and backend calls of a fault-free run. Under faults, whatever the
      // seed: the first four BatchGetResourceConfig requests each draw a fault (of a kind the seed
      // picks), Config leaves every key of the first two it answers unprocessed, the first
      // DescribeRepositories loses its connection and the first PutEvaluations fails (HTTP 500).
      // (Throttling comes only at random here: a throttle cuts the adaptive client to 0.5 requests
      // a second, and the Config client has sent too few requests to regain speed within this run.)
      const { evaluations: baseline, calls: baselineCalls } = await faultFree('lambda ECR sweep', () =>
        sweepOf(['ecr'], 'lambda'),
      );
      const plan = {
        all: SWEEP_RATES,
        operations: {
          'config.BatchGetResourceConfig': firstFaulted(4),
          'ecr.DescribeRepositories': { drop: 1, limit: 1 },
          'config.PutEvaluations': { error500: 1, limit: 1 },
          ...PER_REPOSITORY,
        },
      };
      aws.emulator.leaveUnprocessed(2);

      // Act
      const { faults, result: summaries } = await underFaults('lambda ECR sweep under faults', plan, () =>
        sweepOf(['ecr'], 'lambda'),
      );

      // Assess: the fault-free run read Config's records, 100 keys a call, and the ECR APIs only
      // for the repositories Config has not recorded; its verdicts are the account's.
      expect(RECORDED).toBe(480);
      expect(Object.fromEntries(baselineCalls)).toEqual({
        'ecr.DescribeRepositories': 1,
        'config.BatchGetResourceConfig': 5,
        'ecr.GetRepositoryPolicy': REPOSITORIES - RECORDED,
        'ecr.GetLifecyclePolicy': REPOSITORIES - RECORDED,
        'ecr.ListTagsForResource': REPOSITORIES - RECORDED,
        // The own VPCs and endpoints, for aws:SourceVpc/aws:SourceVpce pins (needs ownNetworks).
        'ec2.DescribeVpcs': 1,
        'ec2.DescribeVpcEndpoints': 1,
        'config.PutEvaluations': 5,
      });
      expect(baseline.map((e) => [e.ComplianceResourceId, e.ComplianceType])).toEqual(
        range(0, REPOSITORIES).map((i) => [repositoryName(i), i % 10 === 0 ? 'NON_COMPLIANT' : 'COMPLIANT']),
      );
      // Assess: every repository exactly once at the wire, in full chunks, with the same verdict.
      expect(summaries.map((s) => [s.rule, s.evaluations, s.putCalls, s.undiscovered])).toEqual([
        ['ecr-repository-not-public', REPOSITORIES, 5, []],
      ]);
      expect(aws.emulator.violations).toEqual([]);
      expect(aws.emulator.putRequests.map((r) => [r.ResultToken, r.Evaluations.length])).toEqual(
        Array(5).fill(['sweep-ecr', 100]),
      );
      expect(sentTwice(aws.emulator.evaluations)).toEqual([]);
      expect(byResource(aws.emulator.evaluations)).toEqual(baseline);
      // Assess: the planned faults were injected and absorbed: the backend received the calls of
      // the fault-free run, plus one resend for each answer that left its keys unprocessed (no
      // repository fell back to the ECR reads for it).
      expect(faults.count(undefined, 'config.BatchGetResourceConfig')).toBe(4);
      expect(faults.summary()['ecr.DescribeRepositories']).toEqual({ drop: 1 });
      expect(faults.summary()['config.PutEvaluations']).toEqual({ error500: 1 });
      expect(forwarded(faults)).toEqual(
        new Map([...baselineCalls, ['config.BatchGetResourceConfig', 5 + 2]]),
      );
    });
  });

  describe('a periodic sweep handed off after every chunk (Lambda path, sweep queue)', () => {
    let queueUrl = '';
    let deadLetterUrl = '';
    let queues = 0;

    beforeEach(async () => {
      // As deployed (lib/deploy/serverless.ts): FIFO, three receives, then the dead-letter queue. A
      // visibility timeout of 0 makes a failed message visible again at once (Lambda would wait).
      queues++;
      const deadLetters = await createQueue(sqs, `ppguard-sweep-dlq-${queues}.fifo`, { FifoQueue: 'true' });
      deadLetterUrl = deadLetters.url;
      queueUrl = (
        await createQueue(sqs, `ppguard-sweep-${queues}.fifo`, {
          FifoQueue: 'true',
          VisibilityTimeout: '0',
          RedrivePolicy: JSON.stringify({ deadLetterTargetArn: deadLetters.arn, maxReceiveCount: 3 }),
        })
      ).url;
    });

    const queuedOrDeadLettered = async () => [
      await queueDepth(sqs, queueUrl),
      await queueDepth(sqs, deadLetterUrl),
    ];

    /** The evaluate function with Lambda's clock at 0 ms left: it hands off after every chunk. */
    async function handingOffEveryChunk() {
      const { handler, close } = await sweepHandler(clientOptions(), {
        path: 'lambda',
        handOff: { queueUrl, remainingMs: () => 0 },
      });
      onTestFinished(close);
      return handler;
    }

    /** Each delivery: how often its message had been received, then its hop or its error. */
    const outcomes = (deliveries: readonly Delivery[]) =>
      deliveries.map(({ receiveCount, outcome }) =>
        'error' in outcome
          ? [receiveCount, outcome.error.message]
          : [
              receiveCount,
              outcome.summary.rule,
              outcome.summary.evaluations,
              outcome.summary.continuedAfter?.hop ?? 'last',
            ],
      );

    it('reports every resource exactly once across hops, in sweep order and chunks of 100, with the verdicts of one invocation, while every service, SQS included, fails, stalls and drops connections', async () => {
      reportSeedOnFailure();
      // Prepare: the verdicts of one invocation per rule (no time limit), fault-free. Under faults,
      // whatever the seed: the first three hand-offs (SendMessage) each draw a fault, the first
      // PutEvaluations loses its connection and the first DescribeVpcs is throttled; every other
      // call faults at the hand-off rates (the event source's, in the queue, without throttling).
      const { evaluations: inOneInvocation } = await faultFree('lambda sweep in one invocation', () =>
        sweepOf(['ecr', 'codebuild'], 'lambda'),
      );
      const handler = await handingOffEveryChunk();
      const plan = {
        all: HAND_OFF_RATES,
        operations: {
          'sqs.SendMessage': firstFaulted(3),
          'config.PutEvaluations': { drop: 1, limit: 1 },
          'ec2.DescribeVpcs': { throttle: 1, limit: 1 },
          ...PER_REPOSITORY,
          ...EVENT_SOURCE,
        },
      };

      // Act: both rules' periodic runs start, then the sweep queue invokes the function until empty.
      const { faults, result } = await underFaults('hand-off sweep under faults', plan, async () => {
        const started = [
          await handler(scheduledEvent(RULE_RUNS.ecr)),
          await handler(scheduledEvent(RULE_RUNS.codebuild)),
        ];
        return { started, deliveries: await deliverContinuations(sqs, queueUrl, handler) };
      });

      // Assess: each periodic run reported its first chunk and handed off after it.
      const firstChunkThenHandOff = (rule: string, resourceType: string, lastId: string, total: number) => ({
        rule,
        kind: 'scheduled',
        evaluations: 100,
        putCalls: 1,
        undiscovered: [],
        continuedAfter: { resourceType, resourceId: lastId, hop: 1, remaining: total - 100 },
      });
      expect(result.started).toEqual([
        firstChunkThenHandOff(
          'ecr-repository-not-public',
          'AWS::ECR::Repository',
          repositoryName(99),
          REPOSITORIES,
        ),
        firstChunkThenHandOff(
          'codebuild-project-no-internet-egress',
          'AWS::CodeBuild::Project',
          projectConfigId(99),
          PROJECTS,
        ),
      ]);
      // Assess: every follow-up succeeded on its first delivery; each chain ran four hops.
      const hops = (rule: string) => outcomes(result.deliveries).filter((outcome) => outcome[1] === rule);
      expect(hops('ecr-repository-not-public')).toEqual(
        [2, 3, 4, 'last'].map((hop) => [1, 'ecr-repository-not-public', 100, hop]),
      );
      expect(hops('codebuild-project-no-internet-egress')).toEqual(
        [2, 3, 4, 'last'].map((hop) => [1, 'codebuild-project-no-internet-egress', 100, hop]),
      );
      expect(result.deliveries).toHaveLength(8);
      // Assess: every resource exactly once, in sweep order, in chunks of 100, with the verdicts of
      // one invocation.
      const reported = (token: string) =>
        aws.emulator.putRequests.filter((r) => r.ResultToken === token).flatMap((r) => r.Evaluations);
      expect(aws.emulator.violations).toEqual([]);
      expect(aws.emulator.putRequests.map((r) => r.Evaluations.length)).toEqual(Array(10).fill(100));
      expect(idsOf(reported('sweep-ecr'))).toEqual(range(0, REPOSITORIES).map(repositoryName));
      expect(idsOf(reported('sweep-codebuild'))).toEqual(range(0, PROJECTS).map(projectConfigId));
      expect(sentTwice(aws.emulator.evaluations)).toEqual([]);
      expect(byResource(aws.emulator.evaluations)).toEqual(inOneInvocation);
      // Assess: faults of every kind were injected and absorbed: one continuation queued per hand-off
      // (4 + 4), one PutEvaluations per chunk reached the backend, and nothing is left queued.
      for (const kind of FAULT_KINDS) expect(faults.count(kind), kind).toBeGreaterThan(0);
      expect(faults.count(undefined, 'sqs.SendMessage')).toBe(3);
      expect(faults.summary()['config.PutEvaluations']).toEqual({ drop: 1 });
      expect(faults.summary()['ec2.DescribeVpcs']).toEqual({ throttle: 1 });
      expect(forwarded(faults).get('sqs.SendMessage')).toBe(8);
      expect(forwarded(faults).get('config.PutEvaluations')).toBe(10);
      expect(await queuedOrDeadLettered()).toEqual([0, 0]);
    }, 120_000);

    it('keeps the message of a hop that throws and completes the sweep on its redelivery: no resource missing, only the chunk of a hop that failed after reporting it reported twice, with the same verdicts', async () => {
      reportSeedOnFailure();
      // Prepare: the verdicts of one invocation, fault-free. Under faults (the hand-off rates
      // elsewhere), two hops of the ECR sweep (500 repositories: the periodic run, then hops 1-4)
      // fail for good, each call failing on all 8 attempts:
      // - hop 1's PutEvaluations (the second call): it throws before AWS Config has any of its chunk;
      // - hop 3's hand-off (the fourth SendMessage: the periodic run's, hop 1's retry's and hop 2's
      //   pass): it throws AFTER its chunk was reported.
      const { evaluations: inOneInvocation } = await faultFree('lambda ECR sweep in one invocation', () =>
        sweepOf(['ecr'], 'lambda'),
      );
      const handler = await handingOffEveryChunk();
      const plan = {
        all: HAND_OFF_RATES,
        operations: {
          'config.PutEvaluations': { error500: 1, after: 1, limit: 8 },
          'sqs.SendMessage': { error500: 1, after: 3, limit: 8 },
          ...PER_REPOSITORY,
          ...EVENT_SOURCE,
        },
      };

      // Act
      const { faults, result } = await underFaults('hand-off sweep with failing hops', plan, async () => {
        const started = await handler(scheduledEvent(RULE_RUNS.ecr));
        return { started, deliveries: await deliverContinuations(sqs, queueUrl, handler) };
      });

      // Assess: each failing hop threw naming the call, its message was received again, and the
      // second delivery went on from the same cursor.
      expect(result.started.continuedAfter?.hop).toBe(1);
      const failed = (call: string) =>
        `ecr-repository-not-public: ${call} failed after 8 attempt(s): InternalFailure: Injected fault: internal failure`;
      expect(outcomes(result.deliveries)).toEqual([
        [1, failed('ConfigService PutEvaluations')],
        [2, 'ecr-repository-not-public', 100, 2],
        [1, 'ecr-repository-not-public', 100, 3],
        [1, failed('SQS SendMessage')],
        [2, 'ecr-repository-not-public', 100, 4],
        [1, 'ecr-repository-not-public', 100, 'last'],
      ]);
      // Assess: the honest guarantee. No repository is missing. A hop that failed BEFORE its
      // PutEvaluations reached AWS Config left nothing to repeat (chunk 2 once). A hop that failed
      // AFTER (its hand-off) is redone whole, so its chunk (repositories 300-399) is reported twice,
      // identically: same verdicts, annotations and ordering timestamp, so AWS Config, which keeps
      // one result per rule, resource and ordering timestamp, ends as after one report. No other
      // chunk is repeated. (Had the periodic run itself failed to hand off, Lambda's asynchronous
      // retry would run the sweep again from the start: every chunk of that first invocation,
      // up to ~14 minutes' worth in production, would be reported again.)
      expect(aws.emulator.violations).toEqual([]);
      expect(aws.emulator.putRequests.map((r) => r.Evaluations.length)).toEqual(Array(6).fill(100));
      expect(idsOf(aws.emulator.evaluations)).toEqual(
        [...range(0, 400), ...range(300, 400), ...range(400, REPOSITORIES)].map(repositoryName),
      );
      expect(aws.emulator.putRequests[4]).toEqual(aws.emulator.putRequests[3]);
      expect(sentTwice(aws.emulator.evaluations)).toEqual(
        range(300, 400).map((i) => [`AWS::ECR::Repository ${repositoryName(i)}`, 2]),
      );
      expect(
        byResource(aws.emulator.putRequests.filter((_, n) => n !== 4).flatMap((r) => r.Evaluations)),
      ).toEqual(inOneInvocation);
      // Assess: the planned failures, and nothing left queued or dead-lettered.
      expect(faults.summary()['config.PutEvaluations']).toEqual({ error500: 8 });
      expect(faults.summary()['sqs.SendMessage']).toEqual({ error500: 8 });
      expect(forwarded(faults).get('config.PutEvaluations')).toBe(6);
      expect(forwarded(faults).get('sqs.SendMessage')).toBe(4);
      expect(await queuedOrDeadLettered()).toEqual([0, 0]);
    }, 120_000);
  });
});

// ---------------------------------------------------------------------------------------------
// Alerts: notify (SNS) and Slack
// ---------------------------------------------------------------------------------------------

interface Envelope {
  Type: string;
  MessageId: string;
  TopicArn: string;
  Subject?: string;
  Message: string;
  Timestamp: string;
  SignatureVersion: string;
  Signature: string;
  SigningCertURL: string;
  UnsubscribeURL: string;
  MessageAttributes?: Record<string, { Type: string; Value: string }>;
}

/** Throttling stays low: see notifyHandler. */
const SNS_RATES: FaultRates = { throttle: 0.02, error500: 0.1, drop: 0.05, slow: 0.1 };

let topicArn = '';
let inbox = '';
let notifyDeadLetters = '';
let slackDeadLetters = '';

/** Every message body in the queue, deleted once read. */
const drain = async (queueUrl: string) => (await drainQueue(sqs, queueUrl)).map((m) => m.Body ?? '');
const envelopes = async () => (await drain(inbox)).map((body) => JSON.parse(body) as Envelope);
const eventIdOf = (envelope: Envelope) => (JSON.parse(envelope.Message) as { eventId: string }).eventId;

const alertId = (batch: number, i: number) =>
  `a1e70000-0000-4000-8000-${String(batch).padStart(4, '0')}${String(i).padStart(8, '0')}`;

function violation(batch: number, i: number) {
  return complianceChangeEvent({
    id: alertId(batch, i),
    resourceId: `alert-repo-${batch}-${i}`,
    old: { compliance: 'COMPLIANT' },
    new: {
      compliance: 'NON_COMPLIANT',
      annotation: 'repository policy allows any AWS account (Principal "*")',
      orderingTimestamp: '2026-11-25T11:00:00.000Z',
    },
  });
}

/**
 * handlers/notify as a new container runs it: its own SNS client from the production factory. (A
 * long-lived client that has been idle measures a send rate near zero, so the adaptive mode's
 * first throttle would cut it to 0.5 requests per second.)
 */
async function notifyHandler() {
  const publisher = await createSnsClient(aws.options);
  onTestFinished(() => publisher.destroy());
  return createNotifyHandler({
    sns: publisher,
    topicArn,
    findRule: ruleForConfigRuleName,
    recent: new RecentAlerts(),
    log: silent,
  });
}

/** The alert's event id in an SNS -> Lambda event. */
function alertEventId(event: ReturnType<typeof snsLambdaEvent>): string {
  return (JSON.parse(String(event.Records[0]?.Sns.Message ?? '{}')) as { eventId?: string }).eventId ?? '';
}

/** The event ids of the alerts in a dead-letter queue (at most 9), left in the queue. */
async function peekEventIds(queueUrl: string): Promise<string[]> {
  const { Messages = [] } = await sqs.send(
    new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }),
  );
  if (Messages.length === 10) throw new Error('more dead letters than peekEventIds reads');
  return Messages.map((m) =>
    alertEventId(JSON.parse(m.Body ?? '{}') as ReturnType<typeof snsLambdaEvent>),
  ).sort();
}

/** The alert's event id, from the context line of a Slack message. */
function slackEventId(body: string): string {
  const blocks = (JSON.parse(body) as { blocks: { type: string; elements?: { text: string }[] }[] }).blocks;
  const context = blocks.find((b) => b.type === 'context')?.elements?.[0]?.text ?? '';
  return /event ([0-9a-f-]{36})/.exec(context)?.[1] ?? '';
}

describe('alerts under faults', () => {
  beforeAll(async () => {
    aws.emulator.clear();
    topicArn = (await sns.send(new CreateTopicCommand({ Name: 'ppguard-alerts' }))).TopicArn ?? '';
    const inboxQueue = await createQueue(sqs, 'alerts-inbox');
    inbox = inboxQueue.url;
    await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: inboxQueue.arn }));
    notifyDeadLetters = (await createQueue(sqs, 'ppguard-notify-dlq')).url;
    slackDeadLetters = (await createQueue(sqs, 'ppguard-slack-dlq')).url;
  });

  it('publishes every alert exactly once while SNS throttles, fails, stalls and drops connections', async () => {
    reportSeedOnFailure();
    // Prepare
    const count = 60;
    const events = Array.from({ length: count }, (_, i) => violation(1, i));
    const handler = await notifyHandler();
    aws.emulator.clear();
    const faults = aws.emulator.injectFaults({ seed: SEED, operations: { 'sns.*': SNS_RATES } });

    // Act
    const started = performance.now();
    const outcomes: string[] = [];
    for (const event of events) {
      const { deadLettered } = await invokeAsync(sqs, handler, event, notifyDeadLetters);
      outcomes.push(deadLettered ? 'dead-lettered' : 'succeeded');
    }
    aws.emulator.stopFaults();
    report('notify under faults', {
      seconds: (performance.now() - started) / 1000,
      injected: faults.summary(),
    });

    // Assess: none lost, none duplicated (by the alert's identity, its event id).
    const received = (await envelopes()).map(eventIdOf);
    expect(outcomes).toEqual(Array(count).fill('succeeded'));
    expect([...received].sort()).toEqual(events.map((e) => e.id).sort());
    expect(await drain(notifyDeadLetters)).toEqual([]);
    expect(faults.count()).toBeGreaterThan(0);
    // Each Publish reached SNS exactly once; every other attempt was answered by a fault.
    expect(aws.emulator.count('sns.Publish') - faults.rejected('sns.Publish')).toBe(count);
  });

  it('throws naming the event and the call while SNS is down, and publishes once when it is back', async () => {
    reportSeedOnFailure();
    // Prepare
    const event = violation(2, 0);
    const handler = await notifyHandler();
    aws.emulator.clear();
    aws.emulator.injectFaults({ seed: SEED, operations: { 'sns.Publish': { error500: 1 } } });

    // Act: SNS fails every attempt; Lambda's retry comes after it is back.
    const error = await handler(event).catch((thrown: unknown) => thrown);
    const publishedWhileDown = await envelopes();
    aws.emulator.stopFaults();
    const retried = await handler(event);

    // Assess
    expect((error as Error).message).toBe(
      `alert for event ${event.id}: SNS Publish failed after 8 attempt(s): InternalFailure: Injected fault: internal failure`,
    );
    expect(publishedWhileDown).toEqual([]);
    expect(retried.outcome).toBe('published');
    expect((await envelopes()).map(eventIdOf)).toEqual([event.id]);
    expect(aws.emulator.count('sns.Publish')).toBe(9);
  });

  it('posts each alert to a flaky Slack exactly once or leaves it in the dead-letter queue, never twice', async () => {
    reportSeedOnFailure();
    // Prepare: alerts published through notify, read back as the SNS -> Lambda events.
    const count = 30;
    const events = Array.from({ length: count }, (_, i) => violation(3, i));
    const ids = events.map((e) => e.id).sort();
    const notify = await notifyHandler();
    for (const event of events) await notify(event);
    const lambdaEvents = (await envelopes()).map((envelope) => snsLambdaEvent(envelope));
    // Slack fails about half of all requests, and is down for 24 requests in a row (longer than
    // the 12 requests of Lambda's three attempts of four deliveries): some alert must end in the DLQ.
    const webhook = new FlakyWebhook(SEED, { error500: 0.3, rateLimited: 0.15, drop: 0.1 });
    webhook.outage = { start: 20, length: 24 };
    const url = await webhook.start();
    onTestFinished(() => webhook.stop());
    const { ARN } = await secrets.send(
      new CreateSecretCommand({ Name: 'ppguard/flaky-slack', SecretString: url }),
    );
    const sleeps: number[] = [];
    const deps: SlackDeps = {
      webhookUrl: createWebhookUrlReader({ kind: 'secret', id: ARN ?? '' }, aws.options),
      delivery: { fetch: globalThis.fetch, sleep: async (ms) => void sleeps.push(ms), log: silent },
      log: silent,
    };
    const slack = createSlackHandler(deps);
    const redrive = createRedriveHandler({
      sqs,
      queueUrl: slackDeadLetters,
      deliver: (record) => deliverAlert(record, deps),
      log: silent,
      sleep: async () => {},
      visibilityTimeoutSeconds: 0,
      waitTimeSeconds: 0,
    });
    aws.emulator.clear();
    // The first read of the webhook secret fails too.
    const faults = aws.emulator.injectFaults({
      seed: SEED,
      operations: { 'secretsmanager.GetSecretValue': { error500: 1, limit: 1 } },
    });
    onTestFinished(() => aws.emulator.stopFaults());

    // Act: each alert through Lambda's asynchronous invocation; then the redrive, until the
    // dead-letter queue is empty (a redrive leaves what fails again for its next run).
    const deadLettered: string[] = [];
    for (const event of lambdaEvents) {
      if ((await invokeAsync(sqs, slack, event, slackDeadLetters)).deadLettered) {
        deadLettered.push(alertEventId(event));
      }
    }
    const postedBeforeRedrive = webhook.delivered.map(slackEventId);
    const queued = await peekEventIds(slackDeadLetters);
    let redrives = 0;
    while (redrives < 10 && (await redrive().catch(() => undefined))?.received !== 0) redrives++;
    report('slack under faults', {
      alerts: count,
      deadLettered: deadLettered.length,
      redrives,
      answers: Object.fromEntries(
        ([200, 429, 500, 'drop'] as const).map((answer) => [answer, webhook.count(answer)]),
      ),
      awsFaults: faults.summary(),
    });

    // Assess: before the redrive, each alert was posted exactly once or dead-lettered, never both.
    expect([...postedBeforeRedrive, ...deadLettered].sort()).toEqual(ids);
    expect(deadLettered.length).toBeGreaterThan(0);
    expect(queued).toEqual([...deadLettered].sort());
    // Assess: after the redrive, every alert posted exactly once, and the queue is empty.
    expect(webhook.delivered.map(slackEventId).sort()).toEqual(ids);
    expect(await drain(slackDeadLetters)).toEqual([]);
    expect(webhook.count(500)).toBeGreaterThanOrEqual(24);
    expect([webhook.count(429) > 0, webhook.count('drop') > 0]).toEqual([true, true]);
    expect(faults.summary()).toEqual({ 'secretsmanager.GetSecretValue': { error500: 1 } });
    expect(aws.emulator.count('secretsmanager.GetSecretValue')).toBe(2);
  });
});
