/**
 * The Config-batch ECR collector (lib/collect/ecr-recorded.ts) against moto and the Config front:
 * repositories are created in moto, and those "AWS Config has recorded" are seeded in the front
 * as Config records them (emulator/config-items.ts). BatchGetResourceConfig answers the API's
 * BaseConfigurationItem (no tag map), so tags only reach the model through configuration.Tags.
 * The periodic run goes through the Lambda wiring (lib/lambda/evaluator-deps.ts) and must give the
 * verdicts of the Describe path the CLI uses.
 */
import { BatchGetResourceConfigCommand } from '@aws-sdk/client-config-service';
import {
  CreateRepositoryCommand,
  PutLifecyclePolicyCommand,
  type Repository,
  SetRepositoryPolicyCommand,
} from '@aws-sdk/client-ecr';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ecrItem, toWireItem } from '../../emulator/config-items';
import { LIFECYCLE_POLICY } from '../../emulator/reference-pipeline';
import { collectEcrRepositories as listEcr } from '../../lib/collect/ecr';
import { collectRecordedEcrRepositories as listRecorded } from '../../lib/collect/ecr-recorded';
import { describeSource } from '../../lib/collect/source';
import { evaluateRuleEvent } from '../../lib/config/evaluate-event';
import { evaluatorDeps } from '../../lib/lambda/evaluator-deps';
import type { Log } from '../../lib/log';
import { ruleForConfigRuleName } from '../../rules/index';
import { scheduledEvent } from '../fixtures/events';
import { withoutFailures } from '../unit/lib/collect/support';
import { ACCOUNT_ID, REGION, startTestAws, type TestAws } from './support/aws';

const collectEcrRepositories = withoutFailures(listEcr);
const collectRecordedEcrRepositories = withoutFailures(listRecorded);

const silent: Log = { info() {}, warn() {}, error() {} };
const TRUSTED = '111111111111';
const policy = (principal: unknown) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Sid: 'Pull', Effect: 'Allow', Principal: principal, Action: ['ecr:BatchGetImage'] }],
  });
const PUBLIC = policy('*');
const SHARED = policy({ AWS: `arn:aws:iam::${TRUSTED}:root` });

interface Setup {
  policyText?: string;
  lifecyclePolicyText?: string;
  tags?: Record<string, string>;
}

let aws: TestAws;

async function createRepository(name: string, setup: Setup = {}): Promise<Repository> {
  const { repository } = await aws.ecr.send(
    new CreateRepositoryCommand({
      repositoryName: name,
      imageTagMutability: 'IMMUTABLE',
      imageScanningConfiguration: { scanOnPush: true },
      tags: Object.entries(setup.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
    }),
  );
  if (!repository) throw new Error(`repository ${name} not created`);
  if (setup.policyText)
    await aws.ecr.send(
      new SetRepositoryPolicyCommand({ repositoryName: name, policyText: setup.policyText }),
    );
  if (setup.lifecyclePolicyText) {
    await aws.ecr.send(
      new PutLifecyclePolicyCommand({ repositoryName: name, lifecyclePolicyText: setup.lifecyclePolicyText }),
    );
  }
  return repository;
}

/** The item AWS Config records for a repository, seeded in the front. */
function record(repository: Repository, setup: Setup = {}) {
  aws.emulator.seed(toWireItem(ecrItem(repository, setup)));
}

// Exemptions need an end date within exemptMaxDays (default 90) of today.
const EXEMPT_TAGS = {
  'ppg:exempt': 'vendor mirror, ticket 42',
  'ppg:exempt-until': new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
};
const RECORDED: Record<string, Setup> = {
  'rec-private': { lifecyclePolicyText: LIFECYCLE_POLICY, tags: { team: 'platform' } },
  'rec-shared': { policyText: SHARED },
  'rec-public': { policyText: PUBLIC },
  // Public, but exempt: the tag is only in configuration.Tags of what BatchGetResourceConfig returns.
  'rec-exempt': { policyText: PUBLIC, tags: EXEMPT_TAGS },
};

beforeAll(async () => {
  aws = await startTestAws();
  for (const [name, setup] of Object.entries(RECORDED)) record(await createRepository(name, setup), setup);
  // Created after the recorder last looked: Config has no item for it.
  await createRepository('unrecorded', { policyText: PUBLIC });
  // Deleted and created again: Config holds only the deletion, which BatchGetResourceConfig skips.
  const recreated = await createRepository('recreated', { policyText: SHARED });
  aws.emulator.seed({
    ...toWireItem(ecrItem(recreated, { policyText: PUBLIC })),
    configurationItemStatus: 'ResourceDeleted',
    configuration: 'null',
  });
});

afterAll(async () => {
  await aws?.close();
});

beforeEach(() => aws.emulator.clear());

const NAMES = ['rec-private', 'rec-shared', 'rec-public', 'rec-exempt', 'unrecorded', 'recreated'];
const sorted = <T extends { name: string }>(items: T[]) =>
  [...items].sort((a, b) => a.name.localeCompare(b.name));

describe('collectRecordedEcrRepositories', () => {
  it('reads recorded repositories in one Config call, Describe-reads only the rest, and equals the Describe path', async () => {
    // Prepare
    const described = await collectEcrRepositories(aws.ecr);
    aws.emulator.clear();

    // Act
    const repositories = await collectRecordedEcrRepositories(aws.ecr, aws.config);

    // Assess
    expect(sorted(repositories)).toStrictEqual(sorted(described));
    expect(repositories.map((r) => r.name).sort()).toEqual([...NAMES].sort());
    expect(Object.fromEntries(aws.emulator.calls)).toEqual({
      'ecr.DescribeRepositories': 1,
      'config.BatchGetResourceConfig': 1,
      'ecr.GetRepositoryPolicy': 2,
      'ecr.GetLifecyclePolicy': 2,
      'ecr.ListTagsForResource': 2,
    });
    const exempt = repositories.find((r) => r.name === 'rec-exempt');
    expect(exempt?.tags).toStrictEqual(EXEMPT_TAGS);
  });

  it('sends keys Config left unprocessed again and needs no Describe read for them', async () => {
    // Prepare
    aws.emulator.leaveUnprocessed(1, ['rec-public', 'rec-shared']);

    // Act
    const repositories = await collectRecordedEcrRepositories(aws.ecr, aws.config, { retryDelayMs: 10 });

    // Assess
    expect(aws.emulator.count('config.BatchGetResourceConfig')).toBe(2);
    expect(aws.emulator.count('ecr.GetRepositoryPolicy')).toBe(2);
    expect(repositories.find((r) => r.name === 'rec-public')?.policy).toStrictEqual({
      kind: 'document',
      document: JSON.parse(PUBLIC),
    });
  });

  it('falls back to the Describe reads for keys still unprocessed after three resends', async () => {
    // Prepare
    aws.emulator.leaveUnprocessed(10);
    const described = await collectEcrRepositories(aws.ecr);
    aws.emulator.clear();
    aws.emulator.leaveUnprocessed(10);

    // Act
    const repositories = await collectRecordedEcrRepositories(aws.ecr, aws.config, { retryDelayMs: 10 });

    // Assess
    expect(aws.emulator.count('config.BatchGetResourceConfig')).toBe(4);
    expect(aws.emulator.count('ecr.GetRepositoryPolicy')).toBe(NAMES.length);
    expect(sorted(repositories)).toStrictEqual(sorted(described));
  });
});

describe('a periodic run in Lambda (evaluatorDeps)', () => {
  const event = scheduledEvent({
    configRuleName: 'ppguard-ecr-repository-not-public',
    ruleParameters: { trustedAccounts: TRUSTED },
  });
  const verdicts = () =>
    aws.emulator.evaluations
      .map((e) => [e.ComplianceResourceId, e.ComplianceType, e.Annotation ?? null])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0])));

  it('reads from Config and reports exactly the verdicts of the Describe path', async () => {
    // Prepare: the Describe path's verdicts, through the same handler code with Describe readers.
    const config = aws.config;
    await evaluateRuleEvent(event, {
      config,
      aws: describeSource(aws.options),
      findRule: ruleForConfigRuleName,
      log: silent,
      region: REGION,
    });
    const expected = verdicts();
    aws.emulator.clear();
    const depsFor = evaluatorDeps({
      region: REGION,
      log: silent,
      findRule: ruleForConfigRuleName,
      clientOptions: aws.options,
    });

    // Act
    await evaluateRuleEvent(event, await depsFor(event, ACCOUNT_ID));

    // Assess
    expect(verdicts()).toEqual(expected);
    const exposed = (name: string) =>
      `repository policy exposes ${name}: statement "Pull" allows any AWS account (Principal "*"); ` +
      'to pass, limit callers to trusted accounts/orgs or own VPCs/endpoints';
    expect(verdicts()).toEqual([
      ['rec-exempt', 'NOT_APPLICABLE', 'exempt: vendor mirror, ticket 42'],
      ['rec-private', 'COMPLIANT', null],
      ['rec-public', 'NON_COMPLIANT', exposed('rec-public')],
      ['rec-shared', 'COMPLIANT', null],
      // Config's last word is the deletion of an older, public "recreated": ECR's current policy counts.
      ['recreated', 'COMPLIANT', null],
      ['unrecorded', 'NON_COMPLIANT', exposed('unrecorded')],
    ]);
    expect(aws.emulator.count('config.BatchGetResourceConfig')).toBe(1);
    expect(aws.emulator.count('ecr.GetRepositoryPolicy')).toBe(2);
  });
});

describe('the Config front honours the API limit of 100 keys', () => {
  const many = Array.from({ length: 130 }, (_, i) => `batch-${String(i).padStart(3, '0')}`);

  beforeAll(async () => {
    for (const name of many) record(await createRepository(name));
  }, 60_000);

  it('rejects 101 keys with a ValidationException, like AWS', async () => {
    // Prepare
    const resourceKeys = many
      .slice(0, 101)
      .map((resourceId) => ({ resourceType: 'AWS::ECR::Repository' as const, resourceId }));

    // Act
    const outcome = aws.config.send(new BatchGetResourceConfigCommand({ resourceKeys }));

    // Assess
    await expect(outcome).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('is read in batches of at most 100 keys', async () => {
    // Act
    const repositories = await collectRecordedEcrRepositories(aws.ecr, aws.config);

    // Assess
    expect(repositories).toHaveLength(NAMES.length + many.length);
    expect(aws.emulator.count('config.BatchGetResourceConfig')).toBe(2);
    expect(aws.emulator.count('ecr.GetRepositoryPolicy')).toBe(2);
  });
});
