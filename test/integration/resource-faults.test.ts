/**
 * One bad resource in a real account (issue 12): a sweep over 1,000 ECR repositories, on the
 * Lambda path (ECR repositories read from what AWS Config recorded, the rest through the ECR APIs)
 * and on the CLI path (every repository through the ECR APIs, bin/ppguard.mjs as a child process),
 * with one resource the fault proxy (emulator/faults.ts, emulator/config-emulator.ts) makes bad:
 * - a malformed recorded item (`Tags: [null]`) -> that repository fails, named;
 * - AccessDenied on one repository's GetRepositoryPolicy -> that repository fails, named;
 * - the repository deleted between listing and reading it (RepositoryNotFoundException) -> skipped;
 * - a garbled 200 answer to one repository's read -> that repository fails, named;
 * - AWS Config rejecting one evaluation on every PutEvaluations retry -> every chunk still sent;
 * - a server repeating the same pagination token -> a clear error after two calls, nothing sent.
 * Whatever the fault, every other repository is evaluated and reported with its fault-free
 * verdict, and never a verdict for the bad one.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { WireEvaluation } from '../../emulator/config-emulator';
import { faultSeed } from '../../emulator/faults';
import {
  buildSweepAccount,
  isRecorded,
  repositoryName,
  sweep,
  TRUSTED_ACCOUNT,
} from '../../emulator/sweep-account';
import { REGION, startTestAws, type TestAws } from './support/aws';
import { runCli } from './support/cli';

const REPOSITORIES = 1000;
const SEED = faultSeed(20261204);
const TYPE = 'AWS::ECR::Repository';
const RULE = 'ecr-repository-not-public';

let aws: TestAws;

beforeAll(async () => {
  aws = await startTestAws();
  await buildSweepAccount(
    { ec2: aws.ec2, ecr: aws.ecr, codebuild: aws.codebuild, emulator: aws.emulator, region: REGION },
    { repositories: REPOSITORIES, projects: 0 },
  );
}, 120_000);

afterAll(async () => {
  await aws?.close();
});

beforeEach(() => {
  aws.emulator.clear();
});

const options = () => ({ ...aws.options, region: REGION });
/** The account's verdict for repository i (sweep-account.ts: every 10th is public). */
const verdict = (i: number) => (i % 10 === 0 ? 'NON_COMPLIANT' : 'COMPLIANT');
const all = Array.from({ length: REPOSITORIES }, (_, i) => i);
const verdicts = (evaluations: readonly WireEvaluation[]) =>
  evaluations.map((e) => [e.ComplianceResourceId, e.ComplianceType]);
/** Every repository's fault-free verdict, in sweep order, but for those left out. */
const expectedWithout = (...left: number[]) =>
  all.filter((i) => !left.includes(i)).map((i) => [repositoryName(i), verdict(i)]);

/** A periodic run of the ECR rule on a path; its error (if any). */
async function sweepEcr(path: 'lambda' | 'describe'): Promise<Error | undefined> {
  return sweep(options(), ['ecr'], path).then(
    () => undefined,
    (error: unknown) => error as Error,
  );
}

/** The n-th repository (from a seed) that Config has (or has not) recorded. */
function pick(recorded: boolean, seedOffset: number): number {
  const eligible = all.filter((i) => isRecorded(i) === recorded);
  return eligible[(SEED + seedOffset) % eligible.length] as number;
}

describe('a 1,000-repository sweep with one bad resource', () => {
  it.each([0, 499, 999])(
    'Lambda: reports the other 999 and fails naming the repository whose recorded item is malformed (Tags: [null], repository %i)',
    async (bad) => {
      // Prepare
      const original = aws.emulator.corruptRecordedItem(TYPE, repositoryName(bad), { Tags: [null] });
      try {
        // Act
        const error = await sweepEcr('lambda');

        // Assess
        expect(error?.message).toBe(
          `could not read ${TYPE} ${repositoryName(bad)}: InvalidConfigurationItemError: ` +
            `invalid configuration item for ${TYPE} "${repositoryName(bad)}": configuration.Tags[0] is not an object`,
        );
        expect(verdicts(aws.emulator.evaluations)).toEqual(expectedWithout(bad));
        expect(aws.emulator.violations).toEqual([]);
      } finally {
        aws.emulator.seed(original);
      }
    },
  );

  it.each(['lambda'] as const)(
    '%s: reports the other 999 and fails naming the repository whose GetRepositoryPolicy is denied',
    async (path) => {
      // Prepare: on the Lambda path only unrecorded repositories are read through ECR.
      const bad = pick(false, 1);
      aws.emulator.injectFaults({
        seed: SEED,
        operations: { 'ecr.GetRepositoryPolicy': { denied: 1, match: `"${repositoryName(bad)}"` } },
      });

      // Act
      const error = await sweepEcr(path);

      // Assess
      expect(error?.message).toBe(
        `could not read ${TYPE} ${repositoryName(bad)}: AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/ppguard/test is not authorized to perform this operation (injected fault)`,
      );
      expect(aws.emulator.faults?.summary()).toEqual({ 'ecr.GetRepositoryPolicy': { denied: 1 } });
      expect(verdicts(aws.emulator.evaluations)).toEqual(expectedWithout(bad));
    },
    60_000,
  );

  it.each(['lambda'] as const)(
    '%s: skips a repository deleted between listing and GetRepositoryPolicy, reports the other 999 and succeeds',
    async (path) => {
      // Prepare
      const gone = pick(false, 2);
      aws.emulator.injectFaults({
        seed: SEED,
        operations: {
          'ecr.GetRepositoryPolicy': {
            notFound: 1,
            notFoundCode: 'RepositoryNotFoundException',
            match: `"${repositoryName(gone)}"`,
          },
        },
      });

      // Act
      const error = await sweepEcr(path);

      // Assess
      expect(error).toBeUndefined();
      expect(aws.emulator.faults?.summary()).toEqual({ 'ecr.GetRepositoryPolicy': { notFound: 1 } });
      expect(verdicts(aws.emulator.evaluations)).toEqual(expectedWithout(gone));
    },
    60_000,
  );

  it('Lambda: reports the other 999 and fails naming the repository whose read got a garbled 200 answer', async () => {
    // Prepare
    const bad = pick(false, 3);
    aws.emulator.injectFaults({
      seed: SEED,
      operations: { 'ecr.GetLifecyclePolicy': { garbled: 1, match: `"${repositoryName(bad)}"` } },
    });

    // Act
    const error = await sweepEcr('lambda');

    // Assess
    expect(error?.message.startsWith(`could not read ${TYPE} ${repositoryName(bad)}: `)).toBe(true);
    expect(error?.message).toMatch(/Deserialization error|SyntaxError|Unexpected token/);
    expect(verdicts(aws.emulator.evaluations)).toEqual(expectedWithout(bad));
  });

  it('Lambda: sends every chunk when Config rejects one evaluation on every retry, then fails naming it', async () => {
    // Prepare: the rejected repository is in the first chunk.
    const bad = pick(true, 4) % 100;
    aws.emulator.injectFailedEvaluations(Number.POSITIVE_INFINITY, [repositoryName(bad)]);

    // Act
    const error = await sweep(options(), ['ecr'], 'lambda').then(
      () => undefined,
      (thrown: unknown) => thrown as Error,
    );

    // Assess: ten chunks and three resends of the rejected one; every other verdict delivered.
    expect(error?.message).toBe(
      `AWS Config rejected 1 evaluation(s) after 4 attempts: ${TYPE}/${repositoryName(bad)}`,
    );
    expect(aws.emulator.count('config.PutEvaluations')).toBe(10 + 3);
    expect(verdicts(aws.emulator.evaluations)).toEqual(expectedWithout(bad));
  });

  it('CLI: skips a repository deleted before its read, prints the other verdicts, lists the denied one in the JSON errors and exits 2', async () => {
    // Prepare: on the CLI path every repository is read through ECR (three reads each).
    const gone = pick(true, 5);
    const bad = pick(true, 6);
    aws.emulator.injectFaults({
      seed: SEED,
      operations: {
        'ecr.GetRepositoryPolicy': {
          notFound: 1,
          notFoundCode: 'RepositoryNotFoundException',
          match: `"${repositoryName(gone)}"`,
        },
        'ecr.ListTagsForResource': { denied: 1, match: `/${repositoryName(bad)}"` },
      },
    });

    // Act
    const run = await runCli(
      ['scan', '--format', 'json', `--rules=${RULE}`, `--param=trustedAccounts=${TRUSTED_ACCOUNT}`],
      aws.emulator.endpoint,
    );

    // Assess
    const report = JSON.parse(run.stdout) as {
      evaluations: { resourceId: string; compliance: string }[];
      errors: unknown[];
    };
    expect(run.code).toBe(2);
    expect(report.errors).toEqual([
      {
        region: REGION,
        service: 'ecr',
        code: 'AccessDeniedException',
        message: `could not read ${TYPE} ${repositoryName(bad)}: AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/ppguard/test is not authorized to perform this operation (injected fault)`,
        resourceId: repositoryName(bad),
        rules: [RULE],
      },
    ]);
    const printed = report.evaluations.map((e) => [e.resourceId, e.compliance]);
    expect(printed.sort((a, b) => String(a[0]).localeCompare(String(b[0])))).toEqual(
      expectedWithout(gone, bad),
    );
    expect(run.stderr).toContain(`ppguard: could not evaluate: ${REGION} ecr: AccessDeniedException`);
    expect(aws.emulator.faults?.summary()).toEqual({
      'ecr.GetRepositoryPolicy': { notFound: 1 },
      'ecr.ListTagsForResource': { denied: 1 },
    });
  }, 60_000);
});

describe('a server that repeats the same pagination token', () => {
  it.each([
    ['ecr.DescribeRepositories', 'ecr', 'ECR DescribeRepositories'],
    ['config.ListDiscoveredResources', 'codebuild', 'ConfigService ListDiscoveredResources'],
  ] as const)(
    '%s: the sweep stops after two calls with an error naming the call, and sends nothing',
    async (operation, run, named) => {
      // Prepare
      aws.emulator.repeatNextToken(operation);

      // Act
      const error = await sweep(options(), [run], 'describe').then(
        () => undefined,
        (thrown: unknown) => thrown as Error,
      );

      // Assess
      expect(error?.message).toBe(
        `${named}: page 2 returned a pagination token already used; stopped rather than read the same pages again`,
      );
      expect(aws.emulator.count(operation)).toBe(2);
      expect(aws.emulator.putRequests).toEqual([]);
    },
  );
});
