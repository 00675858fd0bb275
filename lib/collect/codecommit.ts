import {
  BatchGetRepositoriesCommand,
  type CodeCommitClient,
  ListRepositoriesCommand,
  ListTagsForResourceCommand,
  type RepositoryMetadata,
} from '@aws-sdk/client-codecommit';
import { collectPages, paginate } from '../aws/paginate';
import { fromDescribe } from '../resources/codecommit-repository';
import type { CodeCommitRepository } from '../resources/model';
import { chunks, mapLimit } from './util';

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
 * calls (repositoriesNotFound, or a RepositoryDoesNotExistException entry) is skipped; any other
 * per-repository error (e.g. its KMS key is disabled) throws CodeCommitReadError naming it, as does
 * any API error: a repository is never silently left out.
 */
export async function collectCodeCommitRepositories(
  client: CodeCommitClient,
): Promise<CodeCommitRepository[]> {
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
  for (const batch of chunks(names, BATCH_SIZE)) {
    const response = await client.send(new BatchGetRepositoriesCommand({ repositoryNames: batch }));
    const failed = (response.errors ?? []).filter((error) => error.errorCode !== DELETED);
    if (failed.length > 0) {
      const described = failed.map(
        (error) =>
          `${error.repositoryName ?? error.repositoryId ?? '(unnamed)'} (${error.errorCode}: ${error.errorMessage ?? ''})`,
      );
      throw new CodeCommitReadError(`BatchGetRepositories could not read ${described.join(', ')}`);
    }
    found.push(...(response.repositories ?? []));
  }
  return mapLimit(found, CONCURRENCY, async (repository) =>
    fromDescribe(repository, { tags: repository.Arn ? await tagsOf(client, repository.Arn) : {} }),
  );
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
