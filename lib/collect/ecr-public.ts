import {
  DescribeRepositoriesCommand,
  type ECRPUBLICClient,
  ListTagsForResourceCommand,
} from '@aws-sdk/client-ecr-public';
import { collectPages } from '../aws/paginate';
import { ECR_PUBLIC_REGION, fromDescribe } from '../resources/ecr-public-repository';
import { type Listing, UNKNOWN_ID } from '../resources/errors';
import type { EcrPublicRepository } from '../resources/model';
import { isAwsError, listed, readEach } from './util';

/** Repositories whose tags are fetched in parallel. */
const CONCURRENCY = 5;

/**
 * Every ECR Public repository of the account: DescribeRepositories (paginated), then each
 * repository's tags. A repository deleted since it was listed is skipped; one whose tags cannot be
 * read (or that the adapter cannot read) is a failure of its own; a listing error propagates.
 *
 * ECR Public is managed from us-east-1 (its API lives there, and AWS Config records public
 * repositories only there). From a client in any other Region this returns [] without calling AWS:
 * the us-east-1 deployment reports public repositories, and every other Region reporting them too
 * would duplicate each finding under Regions where Config has no such resource.
 */
export async function collectEcrPublicRepositories(
  client: ECRPUBLICClient,
): Promise<Listing<EcrPublicRepository>> {
  if ((await client.config.region()) !== ECR_PUBLIC_REGION) return listed([]);
  const repositories = await collectPages(
    'ECR Public DescribeRepositories',
    (nextToken) => client.send(new DescribeRepositoriesCommand({ nextToken })),
    (page) => page.nextToken,
    (page) => page.repositories,
  );
  const each = {
    concurrency: CONCURRENCY,
    identify: (repository: (typeof repositories)[number]) => ({
      resourceType: 'AWS::ECR::PublicRepository',
      resourceId: repository.repositoryName ?? UNKNOWN_ID,
    }),
    vanished: (error: unknown) => isAwsError(error, 'RepositoryNotFoundException'),
  };
  return readEach(repositories, each, async (repository) => {
    const tags =
      repository.repositoryArn === undefined
        ? undefined
        : (await client.send(new ListTagsForResourceCommand({ resourceArn: repository.repositoryArn }))).tags;
    return fromDescribe(repository, { tags });
  });
}
