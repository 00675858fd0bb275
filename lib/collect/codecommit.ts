import {
  BatchGetRepositoriesCommand,
  type CodeCommitClient,
  ListRepositoriesCommand,
  ListTagsForResourceCommand,
  type RepositoryMetadata,
} from '@aws-sdk/client-codecommit';
import { collectPages, paginate } from '../aws/paginate';
import { fromDescribe } from '../resources/codecommit-repository';
import { type Listing, ResourceReadError, UNKNOWN_ID } from '../resources/errors';
import type { CodeCommitRepository } from '../resources/model';
import { chunks, isAwsError, readEach } from './util';

const TYPE = 'AWS::CodeCommit::Repository';

/** BatchGetRepositories accepts at most 25 names. */
const BATCH_SIZE = 25;
/** Repositories whose tags are fetched in parallel. */
const CONCURRENCY = 5;
/** The BatchGetRepositories error code of a repository deleted between the two calls. */
const DELETED = 'RepositoryDoesNotExistException';

export class CodeCommitReadError extends Error {
  override name = 'CodeCommitReadError';
}

/**
 * Every CodeCommit repository of the client's account and Region: ListRepositories (paginated),
 * BatchGetRepositories per 25 names, then each repository's tags. A repository deleted between the
 * calls (repositoriesNotFound, or a RepositoryDoesNotExistException entry or answer) is skipped;
 * any other per-repository error (e.g. its KMS key is disabled, its tags cannot be read) is a
 * CodeCommitReadError failure naming it, the other repositories are still read; a listing or batch
 * error propagates. A repository is never silently left out.
 */
export async function collectCodeCommitRepositories(
  client: CodeCommitClient,
): Promise<Listing<CodeCommitRepository>> {
  const listed = await collectPages(
    'CodeCommit ListRepositories',
    (nextToken) => client.send(new ListRepositoriesCommand({ nextToken })),
    (page) => page.nextToken,
    (page) => page.repositories,
  );
  const names = listed.flatMap((repository) =>
    repository.repositoryName ? [repository.repositoryName] : [],
  );
  const found: RepositoryMetadata[] = [];
  const failures: ResourceReadError[] = [];
  for (const batch of chunks(names, BATCH_SIZE)) {
    const response = await client.send(new BatchGetRepositoriesCommand({ repositoryNames: batch }));
    for (const error of response.errors ?? []) {
      if (error.errorCode === DELETED) continue;
      const name = error.repositoryName ?? error.repositoryId ?? UNKNOWN_ID;
      const problem = new CodeCommitReadError(
        `BatchGetRepositories could not read ${name} (${error.errorCode}: ${error.errorMessage ?? ''})`,
      );
      failures.push(new ResourceReadError(TYPE, name, problem));
    }
    found.push(...(response.repositories ?? []));
  }
  const each = {
    concurrency: CONCURRENCY,
    identify: (repository: RepositoryMetadata) => ({
      resourceType: TYPE,
      resourceId: repository.repositoryName ?? UNKNOWN_ID,
    }),
    vanished: (error: unknown) => isAwsError(error, DELETED),
  };
  const read = await readEach(found, each, async (repository) =>
    fromDescribe(repository, { tags: repository.Arn ? await tagsOf(client, repository.Arn) : {} }),
  );
  return { resources: read.resources, failures: [...failures, ...read.failures] };
}

async function tagsOf(client: CodeCommitClient, resourceArn: string): Promise<Record<string, string>> {
  const tags: Record<string, string> = {};
  const pages = paginate(
    'CodeCommit ListTagsForResource',
    (nextToken) => client.send(new ListTagsForResourceCommand({ resourceArn, nextToken })),
    (page) => page.nextToken,
  );
  for await (const page of pages) Object.assign(tags, page.tags ?? {});
  return tags;
}
