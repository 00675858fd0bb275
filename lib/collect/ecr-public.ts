import {
  DescribeRepositoriesCommand,
  type ECRPUBLICClient,
  ListTagsForResourceCommand,
} from '@aws-sdk/client-ecr-public';
import { collectPages } from '../aws/paginate';
import { ECR_PUBLIC_REGION, fromDescribe } from '../resources/ecr-public-repository';
import type { EcrPublicRepository } from '../resources/model';
import { mapLimit } from './util';

/** Repositories whose tags are fetched in parallel. */
const CONCURRENCY = 5;

/**
 * Every ECR Public repository of the account: DescribeRepositories (paginated), then each
 * repository's tags; any API error propagates.
 *
 * ECR Public is managed from us-east-1 (its API lives there, and AWS Config records public
 * repositories only there). From a client in any other Region this returns [] without calling AWS:
 * the us-east-1 deployment reports public repositories, and every other Region reporting them too
 * would duplicate each finding under Regions where Config has no such resource.
 */
export async function collectEcrPublicRepositories(client: ECRPUBLICClient): Promise<EcrPublicRepository[]> {
  if ((await client.config.region()) !== ECR_PUBLIC_REGION) return [];
  const repositories = await collectPages(
    'ECR Public DescribeRepositories',
    (nextToken) => client.send(new DescribeRepositoriesCommand({ nextToken })),
    (page) => page.nextToken,
    (page) => page.repositories,
  );
  return mapLimit(repositories, CONCURRENCY, async (repository) => {
    const tags =
      repository.repositoryArn === undefined
        ? undefined
        : (await client.send(new ListTagsForResourceCommand({ resourceArn: repository.repositoryArn }))).tags;
    return fromDescribe(repository, { tags });
  });
}
