/**
 * collectCodeCommitRepositories over a fake client: moto has no CodeCommit ListRepositories, so
 * the collector is checked here against Describe-shaped fixtures only.
 */
import {
  BatchGetRepositoriesCommand,
  type BatchGetRepositoriesOutput,
  CodeCommitClient,
  ListRepositoriesCommand,
  ListTagsForResourceCommand,
  type RepositoryMetadata,
} from '@aws-sdk/client-codecommit';
import { describe, expect, it } from 'vitest';
import {
  CodeCommitReadError,
  collectCodeCommitRepositories as listCodeCommit,
} from '../../../../lib/collect/codecommit';
import { ResourceReadError } from '../../../../lib/resources/errors';
import { withoutFailures } from './support';

const collectCodeCommitRepositories = withoutFailures(listCodeCommit);

import { describedCodeCommit } from '../../../fixtures/config';
import { codeCommitRepository } from '../../../fixtures/models';

const ACCOUNT = '123456789012';

function metadata(name: string): RepositoryMetadata {
  return {
    accountId: ACCOUNT,
    repositoryId: `id-${name}`,
    repositoryName: name,
    cloneUrlHttp: `https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/${name}`,
    Arn: `arn:aws:codecommit:eu-west-1:${ACCOUNT}:${name}`,
  };
}

/** A client listing `names` two per page; BatchGetRepositories answers through `batch`. */
function fakeClient(
  names: string[],
  batch: (requested: string[]) => BatchGetRepositoriesOutput = (requested) => ({
    repositories: requested.map(metadata),
  }),
) {
  const client = new CodeCommitClient({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
  const batches: string[][] = [];
  const tagCalls: string[] = [];
  Object.assign(client, {
    send: async (command: unknown) => {
      if (command instanceof ListRepositoriesCommand) {
        const start = Number(command.input.nextToken ?? 0);
        const page = names.slice(start, start + 2).map((repositoryName) => ({ repositoryName }));
        return { repositories: page, ...(start + 2 < names.length ? { nextToken: String(start + 2) } : {}) };
      }
      if (command instanceof BatchGetRepositoriesCommand) {
        const requested = command.input.repositoryNames ?? [];
        batches.push(requested);
        return batch(requested);
      }
      if (command instanceof ListTagsForResourceCommand) {
        tagCalls.push(`${command.input.resourceArn} ${command.input.nextToken ?? ''}`.trim());
        return command.input.nextToken === undefined
          ? { tags: { team: 'platform' }, nextToken: 'more' }
          : { tags: { owner: 'ci' } };
      }
      throw new Error('unexpected command');
    },
  });
  return { client, batches, tagCalls };
}

describe('collectCodeCommitRepositories', () => {
  it('normalises the BatchGetRepositories fixture with its tags', async () => {
    // Prepare
    const fixture = describedCodeCommit();
    const { client } = fakeClient(['app'], () => fixture.batch);

    // Act
    const repositories = await collectCodeCommitRepositories(client);

    // Assess
    expect(repositories).toStrictEqual([codeCommitRepository({ tags: { team: 'platform', owner: 'ci' } })]);
  });

  it('follows ListRepositories pages and asks BatchGetRepositories for at most 25 names at a time', async () => {
    // Prepare
    const names = Array.from({ length: 30 }, (_, i) => `repo-${String(i).padStart(2, '0')}`);
    const { client, batches, tagCalls } = fakeClient(names);

    // Act
    const repositories = await collectCodeCommitRepositories(client);

    // Assess
    expect(batches.map((batch) => batch.length)).toEqual([25, 5]);
    expect(repositories.map((repository) => repository.name)).toEqual(names);
    expect(tagCalls).toHaveLength(60);
  });

  it('skips a repository deleted between the calls', async () => {
    // Prepare
    const { client } = fakeClient(['app', 'gone'], () => ({
      repositories: [metadata('app')],
      repositoriesNotFound: ['gone'],
      errors: [
        { repositoryName: 'gone', errorCode: 'RepositoryDoesNotExistException', errorMessage: 'gone' },
      ],
    }));

    // Act
    const repositories = await collectCodeCommitRepositories(client);

    // Assess
    expect(repositories.map((repository) => repository.name)).toEqual(['app']);
  });

  it('records a failure naming a repository it cannot read (e.g. its KMS key is disabled), never skipping it silently, and reads the others', async () => {
    // Prepare
    const { client } = fakeClient(['app', 'locked'], () => ({
      repositories: [metadata('app')],
      errors: [
        {
          repositoryName: 'locked',
          errorCode: 'EncryptionKeyDisabledException',
          errorMessage: 'key disabled',
        },
      ],
    }));

    // Act
    const { resources, failures } = await listCodeCommit(client);

    // Assess
    expect(resources.map((repository) => repository.name)).toEqual(['app']);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toBeInstanceOf(ResourceReadError);
    expect(failures[0]?.cause).toBeInstanceOf(CodeCommitReadError);
    expect(failures[0]?.message).toBe(
      'could not read AWS::CodeCommit::Repository locked: CodeCommitReadError: BatchGetRepositories could not read locked (EncryptionKeyDisabledException: key disabled)',
    );
  });
});
