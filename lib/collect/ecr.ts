import {
  DescribeRepositoriesCommand,
  type ECRClient,
  GetLifecyclePolicyCommand,
  GetRepositoryPolicyCommand,
  ListTagsForResourceCommand,
  type Repository,
} from '@aws-sdk/client-ecr';
import { collectPages } from '../aws/paginate';
import { fromDescribe } from '../resources/ecr-repository';
import { type Listing, UNKNOWN_ID } from '../resources/errors';
import type { EcrRepository } from '../resources/model';
import { isAwsError, type ReadEachOptions, readEach } from './util';

/** Repositories fetched in parallel (three calls each); low enough to stay clear of ECR throttling. */
export const DESCRIBE_CONCURRENCY = 5;

/** How each listed repository is read: deleted since listed -> skipped; any other error -> its failure. */
export const EACH_REPOSITORY: ReadEachOptions<Repository> = {
  concurrency: DESCRIBE_CONCURRENCY,
  identify: (repository) => ({
    resourceType: 'AWS::ECR::Repository',
    resourceId: repository.repositoryName ?? UNKNOWN_ID,
  }),
  vanished: (error) => isAwsError(error, 'RepositoryNotFoundException'),
};

/**
 * Every private ECR repository of the client's registry and region: DescribeRepositories
 * (paginated), then per repository its policy, lifecycle policy and tags. "Not found" errors
 * for the policies mean none; a repository deleted since it was listed is skipped; a repository
 * whose reads fail otherwise is a failure of its own. A listing error propagates.
 */
export async function collectEcrRepositories(client: ECRClient): Promise<Listing<EcrRepository>> {
  const repositories = await listEcrRepositories(client);
  return readEach(repositories, EACH_REPOSITORY, (repository) => describeEcrRepository(client, repository));
}

/**
 * The named repositories, each with its own DescribeRepositories and its three reads (what
 * completes a recorded item that lacked a key): one deleted meanwhile is left out, one whose reads
 * fail is a failure of its own.
 */
export async function describeEcrRepositories(
  client: ECRClient,
  names: readonly string[],
): Promise<Listing<EcrRepository>> {
  return readEach(
    names.map((repositoryName): Repository => ({ repositoryName })),
    EACH_REPOSITORY,
    async ({ repositoryName }) => {
      const response = await client.send(
        new DescribeRepositoriesCommand({ repositoryNames: [repositoryName ?? ''] }),
      );
      const repository = response.repositories?.find((r) => r.repositoryName === repositoryName);
      if (!repository)
        throw Object.assign(new Error(`repository ${repositoryName} not found`), {
          name: 'RepositoryNotFoundException',
        });
      return describeEcrRepository(client, repository);
    },
  );
}

/** DescribeRepositories, every page at its maximum size (1,000) so large registries cost few calls. */
export async function listEcrRepositories(client: ECRClient): Promise<Repository[]> {
  return collectPages(
    'ECR DescribeRepositories',
    (nextToken) => client.send(new DescribeRepositoriesCommand({ maxResults: 1000, nextToken })),
    (page) => page.nextToken,
    (page) => page.repositories,
  );
}

/** One listed repository with the three reads DescribeRepositories lacks: policy, lifecycle policy, tags. */
export async function describeEcrRepository(
  client: ECRClient,
  repository: Repository,
): Promise<EcrRepository> {
  const [policyText, hasLifecyclePolicy, tags] = await Promise.all([
    repositoryPolicy(client, repository),
    lifecyclePolicyExists(client, repository),
    repository.repositoryArn === undefined
      ? undefined
      : client
          .send(new ListTagsForResourceCommand({ resourceArn: repository.repositoryArn }))
          .then((response) => response.tags),
  ]);
  return fromDescribe(repository, { policyText, hasLifecyclePolicy, tags });
}

async function repositoryPolicy(client: ECRClient, repository: Repository): Promise<string | undefined> {
  try {
    const response = await client.send(
      new GetRepositoryPolicyCommand({
        repositoryName: repository.repositoryName,
        registryId: repository.registryId,
      }),
    );
    return response.policyText;
  } catch (error) {
    if (isAwsError(error, 'RepositoryPolicyNotFoundException')) return undefined;
    throw error;
  }
}

async function lifecyclePolicyExists(client: ECRClient, repository: Repository): Promise<boolean> {
  try {
    const response = await client.send(
      new GetLifecyclePolicyCommand({
        repositoryName: repository.repositoryName,
        registryId: repository.registryId,
      }),
    );
    return (response.lifecyclePolicyText ?? '').trim() !== '';
  } catch (error) {
    if (isAwsError(error, 'LifecyclePolicyNotFoundException')) return false;
    throw error;
  }
}
