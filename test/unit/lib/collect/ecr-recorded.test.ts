/**
 * The Config-batch ECR collector over fake SDK clients: an ECRClient answering from a small
 * registry, and a ConfigServiceClient answering BatchGetResourceConfig from recorded items (the
 * API model's BaseConfigurationItem, built from the builder fixture). The same paths run against
 * moto and the Config front in test/integration/ecr-recorded.test.ts.
 */
import {
  type BaseConfigurationItem,
  BatchGetResourceConfigCommand,
  type BatchGetResourceConfigResponse,
  ConfigServiceClient,
  NoAvailableConfigurationRecorderException,
  ValidationException,
} from '@aws-sdk/client-config-service';
import {
  DescribeRepositoriesCommand,
  ECRClient,
  GetLifecyclePolicyCommand,
  GetRepositoryPolicyCommand,
  LifecyclePolicyNotFoundException,
  ListTagsForResourceCommand,
  RepositoryPolicyNotFoundException,
  type Tag,
} from '@aws-sdk/client-ecr';
import { describe, expect, it } from 'vitest';
import {
  BATCH_SIZE,
  collectRecordedEcrRepositories as listRecorded,
} from '../../../../lib/collect/ecr-recorded';
import { withoutFailures } from './support';

const collectRecordedEcrRepositories = withoutFailures(listRecorded);

import { exemptionOf } from '../../../../lib/engine/exemptions';
import { InvalidConfigurationItemError } from '../../../../lib/resources/errors';
import { apiItem, asBaseItem, describedRepository } from '../../../fixtures/config';
import { ecrRepository } from '../../../fixtures/models';

const arnOf = (name: string) => `arn:aws:ecr:eu-west-1:123456789012:repository/${name}`;
const NO_WAIT = { retryDelayMs: 0 };

const SHARED_POLICY = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'Pull', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::222222222222:root' }, Action: 'ecr:*' },
  ],
};
const LIFECYCLE_POLICY = '{"rules":[{"rulePriority":1,"action":{"type":"expire"}}]}';

interface FakeRepository {
  name: string;
  policyText?: string;
  lifecyclePolicyText?: string;
  tags?: Tag[];
}

/** An ECRClient whose send() answers from `repositories` (DescribeRepositories in one page). */
function fakeEcr(repositories: FakeRepository[], fail?: (command: unknown) => Error | undefined) {
  const client = new ECRClient({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
  const sent: unknown[] = [];
  const byName = new Map(repositories.map((r) => [r.name, r]));
  const described = describedRepository().repository;
  Object.assign(client, {
    send: async (command: unknown) => {
      sent.push(command);
      const failure = fail?.(command);
      if (failure) throw failure;
      if (command instanceof DescribeRepositoriesCommand) {
        return {
          repositories: repositories.map((r) => ({
            ...described,
            repositoryName: r.name,
            repositoryArn: arnOf(r.name),
          })),
        };
      }
      if (command instanceof GetRepositoryPolicyCommand) {
        const policyText = byName.get(command.input.repositoryName ?? '')?.policyText;
        if (policyText === undefined)
          throw new RepositoryPolicyNotFoundException({ message: 'no policy', $metadata: {} });
        return { policyText };
      }
      if (command instanceof GetLifecyclePolicyCommand) {
        const lifecyclePolicyText = byName.get(command.input.repositoryName ?? '')?.lifecyclePolicyText;
        if (lifecyclePolicyText === undefined)
          throw new LifecyclePolicyNotFoundException({ message: 'no lifecycle policy', $metadata: {} });
        return { lifecyclePolicyText };
      }
      if (command instanceof ListTagsForResourceCommand) {
        const name = (command.input.resourceArn ?? '').split('/').pop() ?? '';
        return { tags: byName.get(name)?.tags ?? [] };
      }
      throw new Error('unexpected command');
    },
  });
  return { client, sent };
}

/** A ConfigServiceClient whose BatchGetResourceConfig answers with `answer(keys)`; records the keys of each call. */
function fakeConfig(answer: (resourceIds: string[]) => BatchGetResourceConfigResponse | Error) {
  const client = new ConfigServiceClient({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
  const calls: string[][] = [];
  Object.assign(client, {
    send: async (command: unknown) => {
      if (!(command instanceof BatchGetResourceConfigCommand)) throw new Error('unexpected command');
      const ids = (command.input.resourceKeys ?? []).map((key) => key.resourceId ?? '');
      calls.push(ids);
      const result = answer(ids);
      if (result instanceof Error) throw result;
      return result;
    },
  });
  return { client, calls };
}

/** Config answers every key it has an item for, the rest not at all (not recorded). */
const answerFrom =
  (items: BaseConfigurationItem[]) =>
  (ids: string[]): BatchGetResourceConfigResponse => ({
    baseConfigurationItems: items.filter((item) => ids.includes(item.resourceId ?? '')),
    unprocessedResourceKeys: [],
  });

/**
 * The recorded item of repository `name` as BatchGetResourceConfig returns it: the builder fixture
 * without the keys a BaseConfigurationItem lacks (tags, relationships, related events, MD5 hash).
 */
function recordedItem(name: string, configuration: Record<string, unknown> = {}): BaseConfigurationItem {
  const base = asBaseItem(apiItem('ecr-repository'));
  return {
    ...base,
    resourceId: name,
    resourceName: name,
    arn: arnOf(name),
    configuration: JSON.stringify({
      ...(JSON.parse(base.configuration ?? '{}') as Record<string, unknown>),
      Arn: arnOf(name),
      RepositoryName: name,
      RepositoryPolicyText: {},
      LifecyclePolicy: {},
      Tags: [],
      ...configuration,
    }),
  };
}

const names = (count: number) =>
  Array.from({ length: count }, (_, i) => `repo-${String(i).padStart(3, '0')}`);
const commandNames = (sent: unknown[]) => sent.map((command) => (command as object).constructor.name);

describe('collectRecordedEcrRepositories', () => {
  it('reads the recorded items 100 keys at a time and makes no per-repository call', async () => {
    // Prepare
    const all = names(250);
    const ecr = fakeEcr(all.map((name) => ({ name })));
    const config = fakeConfig(answerFrom(all.map((name) => recordedItem(name))));

    // Act
    const repositories = await collectRecordedEcrRepositories(ecr.client, config.client, NO_WAIT);

    // Assess
    expect(BATCH_SIZE).toBe(100);
    expect(config.calls).toEqual([all.slice(0, 100), all.slice(100, 200), all.slice(200)]);
    expect(commandNames(ecr.sent)).toEqual(['DescribeRepositoriesCommand']);
    expect((ecr.sent[0] as DescribeRepositoriesCommand).input.maxResults).toBe(1000);
    expect(repositories).toStrictEqual(
      all.map((name) => ecrRepository({ name, hasLifecyclePolicy: false, policy: { kind: 'none' } })),
    );
  });

  it('takes policy, lifecycle policy and tags from the item, the rest from DescribeRepositories', async () => {
    // Prepare: Config recorded an older mutability and scan setting than ECR now reports.
    const ecr = fakeEcr([{ name: 'shared' }]);
    const config = fakeConfig(
      answerFrom([
        recordedItem('shared', {
          RepositoryPolicyText: SHARED_POLICY,
          LifecyclePolicy: { LifecyclePolicyText: LIFECYCLE_POLICY, RegistryId: '123456789012' },
          Tags: [{ Key: 'team', Value: 'platform' }],
          ImageTagMutability: 'MUTABLE',
          ImageScanningConfiguration: { ScanOnPush: false },
        }),
      ]),
    );

    // Act
    const repositories = await collectRecordedEcrRepositories(ecr.client, config.client, NO_WAIT);

    // Assess
    expect(repositories).toStrictEqual([
      ecrRepository({
        name: 'shared',
        imageTagMutability: 'IMMUTABLE',
        scanOnPush: true,
        hasLifecyclePolicy: true,
        policy: { kind: 'document', document: SHARED_POLICY },
        tags: { team: 'platform' },
      }),
    ]);
  });

  it('reads tags from configuration.Tags (the item has no tag map), so an exempt tag still exempts', async () => {
    // Prepare
    const ecr = fakeEcr([{ name: 'legacy' }]);
    const config = fakeConfig(
      answerFrom([
        recordedItem('legacy', {
          Tags: [
            { Key: 'ppg:exempt', Value: 'vendor image, ticket 42' },
            { Key: 'ppg:exempt-until', Value: '2026-12-31' },
          ],
        }),
      ]),
    );

    // Act
    const [repository] = await collectRecordedEcrRepositories(ecr.client, config.client, NO_WAIT);

    // Assess
    expect(repository?.tags).toStrictEqual({
      'ppg:exempt': 'vendor image, ticket 42',
      'ppg:exempt-until': '2026-12-31',
    });
    expect(exemptionOf(repository?.tags ?? {}, 'ppg:exempt', new Date('2026-11-25T00:00:00Z'))).toEqual({
      exempt: true,
      reason: 'vendor image, ticket 42',
      until: '2026-12-31',
    });
  });

  it('falls back to the three Describe reads for a repository Config has no item for', async () => {
    // Prepare
    const ecr = fakeEcr([
      { name: 'recorded' },
      {
        name: 'new',
        policyText: JSON.stringify(SHARED_POLICY),
        lifecyclePolicyText: LIFECYCLE_POLICY,
        tags: [{ Key: 'team', Value: 'platform' }],
      },
    ]);
    const config = fakeConfig(answerFrom([recordedItem('recorded')]));

    // Act
    const repositories = await collectRecordedEcrRepositories(ecr.client, config.client, NO_WAIT);

    // Assess
    expect(config.calls).toEqual([['recorded', 'new']]);
    expect(commandNames(ecr.sent)).toEqual([
      'DescribeRepositoriesCommand',
      'GetRepositoryPolicyCommand',
      'GetLifecyclePolicyCommand',
      'ListTagsForResourceCommand',
    ]);
    expect(ecr.sent.slice(1).map((command) => JSON.stringify((command as { input: unknown }).input))).toEqual(
      [
        '{"repositoryName":"new","registryId":"123456789012"}',
        '{"repositoryName":"new","registryId":"123456789012"}',
        `{"resourceArn":"${arnOf('new')}"}`,
      ],
    );
    expect(repositories).toStrictEqual([
      ecrRepository({ name: 'recorded', hasLifecyclePolicy: false }),
      ecrRepository({
        name: 'new',
        hasLifecyclePolicy: true,
        policy: { kind: 'document', document: SHARED_POLICY },
        tags: { team: 'platform' },
      }),
    ]);
  });

  it.each([
    ['ResourceNotRecorded', { configurationItemStatus: 'ResourceNotRecorded', configuration: undefined }],
    ['no configuration', { configuration: 'null' }],
  ] as const)('falls back to the Describe reads for an item with %s', async (_case, patch) => {
    // Prepare
    const ecr = fakeEcr([{ name: 'quiet', policyText: JSON.stringify(SHARED_POLICY) }]);
    const config = fakeConfig(answerFrom([{ ...recordedItem('quiet'), ...patch }]));

    // Act
    const repositories = await collectRecordedEcrRepositories(ecr.client, config.client, NO_WAIT);

    // Assess
    expect(commandNames(ecr.sent)).toEqual([
      'DescribeRepositoriesCommand',
      'GetRepositoryPolicyCommand',
      'GetLifecyclePolicyCommand',
      'ListTagsForResourceCommand',
    ]);
    expect(repositories).toStrictEqual([
      ecrRepository({
        name: 'quiet',
        hasLifecyclePolicy: false,
        policy: { kind: 'document', document: SHARED_POLICY },
      }),
    ]);
  });

  it.each([
    ['RepositoryPolicyText', { RepositoryPolicyText: undefined }],
    ['LifecyclePolicy', { LifecyclePolicy: undefined }],
    ['Tags (a BatchGetResourceConfig item has no tag map either)', { Tags: undefined }],
  ])('falls back to the ECR reads for an item lacking %s, never reading it as none', async (_key, patch) => {
    // Prepare
    const ecr = fakeEcr([
      { name: 'shared', policyText: JSON.stringify(SHARED_POLICY), tags: [{ Key: 'team', Value: 'a' }] },
    ]);
    const config = fakeConfig(answerFrom([recordedItem('shared', patch)]));

    // Act
    const repositories = await collectRecordedEcrRepositories(ecr.client, config.client, NO_WAIT);

    // Assess
    expect(commandNames(ecr.sent)).toEqual([
      'DescribeRepositoriesCommand',
      'GetRepositoryPolicyCommand',
      'GetLifecyclePolicyCommand',
      'ListTagsForResourceCommand',
    ]);
    expect(repositories).toStrictEqual([
      ecrRepository({
        name: 'shared',
        hasLifecyclePolicy: false,
        policy: { kind: 'document', document: SHARED_POLICY },
        tags: { team: 'a' },
      }),
    ]);
  });

  it('sends unprocessed keys again and uses the items the resend returns', async () => {
    // Prepare: the first call leaves b and c unprocessed, the second c again, the third answers.
    const items = ['a', 'b', 'c'].map((name) => recordedItem(name));
    const leftUnprocessed = [['b', 'c'], ['c'], []];
    let call = 0;
    const config = fakeConfig((ids) => {
      const unprocessed = leftUnprocessed[call++] ?? [];
      return {
        baseConfigurationItems: items.filter(
          (item) => ids.includes(item.resourceId ?? '') && !unprocessed.includes(item.resourceId ?? ''),
        ),
        unprocessedResourceKeys: unprocessed.map((resourceId) => ({
          resourceType: 'AWS::ECR::Repository',
          resourceId,
        })),
      };
    });
    const ecr = fakeEcr([{ name: 'a' }, { name: 'b' }, { name: 'c' }]);

    // Act
    const repositories = await collectRecordedEcrRepositories(ecr.client, config.client, NO_WAIT);

    // Assess
    expect(config.calls).toEqual([['a', 'b', 'c'], ['b', 'c'], ['c']]);
    expect(commandNames(ecr.sent)).toEqual(['DescribeRepositoriesCommand']);
    expect(repositories.map((repository) => repository.name)).toEqual(['a', 'b', 'c']);
  });

  it('falls back to the Describe reads for keys still unprocessed after the last resend', async () => {
    // Prepare
    const config = fakeConfig((ids) => ({
      baseConfigurationItems: [],
      unprocessedResourceKeys: ids.map((resourceId) => ({
        resourceType: 'AWS::ECR::Repository',
        resourceId,
      })),
    }));
    const ecr = fakeEcr([{ name: 'busy', lifecyclePolicyText: LIFECYCLE_POLICY }]);

    // Act
    const repositories = await collectRecordedEcrRepositories(ecr.client, config.client, {
      retryDelayMs: 0,
      unprocessedRetries: 2,
    });

    // Assess
    expect(config.calls).toEqual([['busy'], ['busy'], ['busy']]);
    expect(commandNames(ecr.sent)).toEqual([
      'DescribeRepositoriesCommand',
      'GetRepositoryPolicyCommand',
      'GetLifecyclePolicyCommand',
      'ListTagsForResourceCommand',
    ]);
    expect(repositories).toStrictEqual([ecrRepository({ name: 'busy', hasLifecyclePolicy: true })]);
  });

  it('ignores items and unprocessed keys it did not ask for', async () => {
    // Prepare
    const config = fakeConfig(() => ({
      baseConfigurationItems: [
        recordedItem('other', { RepositoryPolicyText: SHARED_POLICY }),
        {
          ...recordedItem('mine', { RepositoryPolicyText: SHARED_POLICY }),
          resourceType: 'AWS::ECR::PublicRepository',
        },
        recordedItem('mine'),
      ],
      unprocessedResourceKeys: [{ resourceType: 'AWS::ECR::Repository', resourceId: 'other' }],
    }));
    const ecr = fakeEcr([{ name: 'mine' }]);

    // Act
    const repositories = await collectRecordedEcrRepositories(ecr.client, config.client, NO_WAIT);

    // Assess
    expect(config.calls).toEqual([['mine']]);
    expect(repositories).toStrictEqual([ecrRepository({ name: 'mine', hasLifecyclePolicy: false })]);
  });

  it('reads every repository through Describe when the account has no configuration recorder', async () => {
    // Prepare
    const config = fakeConfig(
      () =>
        new NoAvailableConfigurationRecorderException({
          message: 'There are no configuration recorders available',
          $metadata: {},
        }),
    );
    const ecr = fakeEcr([{ name: 'a' }, { name: 'b' }]);

    // Act
    const repositories = await collectRecordedEcrRepositories(ecr.client, config.client, NO_WAIT);

    // Assess
    expect(commandNames(ecr.sent).filter((name) => name === 'GetRepositoryPolicyCommand')).toHaveLength(2);
    expect(repositories).toStrictEqual([
      ecrRepository({ name: 'a', hasLifecyclePolicy: false }),
      ecrRepository({ name: 'b', hasLifecyclePolicy: false }),
    ]);
  });

  it('makes no Config call for an empty registry', async () => {
    // Prepare
    const config = fakeConfig(answerFrom([]));
    const ecr = fakeEcr([]);

    // Act
    const repositories = await collectRecordedEcrRepositories(ecr.client, config.client, NO_WAIT);

    // Assess
    expect(repositories).toEqual([]);
    expect(config.calls).toEqual([]);
  });

  it('lets a Config error propagate', async () => {
    // Prepare
    const error = new ValidationException({ message: 'resourceKeys too long', $metadata: {} });
    const config = fakeConfig(() => error);
    const ecr = fakeEcr([{ name: 'a' }]);

    // Act
    const outcome = collectRecordedEcrRepositories(ecr.client, config.client, NO_WAIT);

    // Assess
    await expect(outcome).rejects.toBe(error);
    expect(commandNames(ecr.sent)).toEqual(['DescribeRepositoriesCommand']);
  });

  it('lets an ECR error in DescribeRepositories (the listing) propagate', async () => {
    // Prepare
    const error = Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' });
    const ecr = fakeEcr([{ name: 'unrecorded' }], (command) =>
      command instanceof DescribeRepositoriesCommand ? error : undefined,
    );
    const config = fakeConfig(answerFrom([]));

    // Act
    const outcome = listRecorded(ecr.client, config.client, NO_WAIT);

    // Assess
    await expect(outcome).rejects.toBe(error);
  });

  it.each([
    ['GetRepositoryPolicy', GetRepositoryPolicyCommand],
    ['ListTagsForResource', ListTagsForResourceCommand],
  ] as const)(
    'records an ECR error in %s of a fallback as that repository failure and reads the others',
    async (_case, failing) => {
      // Prepare
      const error = Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' });
      const ecr = fakeEcr([{ name: 'denied' }, { name: 'fine' }], (command) =>
        command instanceof failing && JSON.stringify(command.input).includes('denied') ? error : undefined,
      );
      const config = fakeConfig(answerFrom([]));

      // Act
      const { resources, failures } = await listRecorded(ecr.client, config.client, NO_WAIT);

      // Assess
      expect(resources.map((repository) => repository.name)).toEqual(['fine']);
      expect(failures.map((failure) => [failure.resourceId, failure.message, failure.cause])).toEqual([
        [
          'denied',
          'could not read AWS::ECR::Repository denied: AccessDeniedException: not authorized',
          error,
        ],
      ]);
    },
  );

  it('skips a repository deleted between the listing and its reads (RepositoryNotFoundException)', async () => {
    // Prepare
    const gone = Object.assign(new Error('repository gone'), { name: 'RepositoryNotFoundException' });
    const ecr = fakeEcr([{ name: 'gone' }, { name: 'fine' }], (command) =>
      command instanceof GetRepositoryPolicyCommand && JSON.stringify(command.input).includes('gone')
        ? gone
        : undefined,
    );
    const config = fakeConfig(answerFrom([]));

    // Act
    const { resources, failures } = await listRecorded(ecr.client, config.client, NO_WAIT);

    // Assess
    expect(resources.map((repository) => repository.name)).toEqual(['fine']);
    expect(failures).toEqual([]);
  });

  it.each([
    [
      'a field of the wrong type',
      { ImageScanningConfiguration: 'yes' },
      'configuration.ImageScanningConfiguration is not an object',
    ],
    ['Tags: [null]', { Tags: [null] }, undefined],
  ])(
    'records a malformed recorded item (%s) as that repository failure, never a guessed verdict, and reads the others',
    async (_case, configuration, problem) => {
      // Prepare
      const config = fakeConfig(
        answerFrom([recordedItem('broken', configuration as Record<string, unknown>), recordedItem('fine')]),
      );
      const ecr = fakeEcr([{ name: 'broken' }, { name: 'fine' }]);

      // Act
      const { resources, failures } = await listRecorded(ecr.client, config.client, NO_WAIT);

      // Assess
      expect(resources.map((repository) => repository.name)).toEqual(['fine']);
      expect(failures.map((failure) => failure.resourceId)).toEqual(['broken']);
      expect(failures[0]?.cause).toBeInstanceOf(InvalidConfigurationItemError);
      if (problem) {
        expect(failures[0]?.message).toBe(
          `could not read AWS::ECR::Repository broken: InvalidConfigurationItemError: invalid configuration item for AWS::ECR::Repository "broken": ${problem}`,
        );
      }
    },
  );
});
