/**
 * AWS::ECR::PublicRepository adapters. AWS Config records the type in us-east-1 only, with a
 * PascalCase configuration (docs/aws-data.md §2): `Arn`, `RepositoryName`, `RepositoryCatalogData`,
 * `Tags`; resourceId is the name. The ARN has no region (`arn:aws:ecr-public::ACCT:repository/NAME`).
 * Describe is ECR Public's DescribeRepositories plus ListTagsForResource.
 */
import type { Repository, Tag } from '@aws-sdk/client-ecr-public';
import { parseArn } from './arn';
import { checkItem } from './ci-reader';
import type { ConfigurationItemLike } from './configuration-item';
import { InvalidDescribeResponseError, UNKNOWN_ID } from './errors';
import type { EcrPublicRepository } from './model';
import { compact, type Fail, tagMap, text } from './read';

const TYPE = 'AWS::ECR::PublicRepository';

/** ECR Public is managed from us-east-1: its API lives there, and Config records it only there. */
export const ECR_PUBLIC_REGION = 'us-east-1';

/** Normalises an invocation-model CI (status OK or ResourceDiscovered, with a configuration). */
export function fromConfigurationItem(ci: ConfigurationItemLike): EcrPublicRepository {
  const item = checkItem(ci, TYPE);
  const { configuration: c, fail } = item;
  const name =
    c.string('RepositoryName') ?? item.resourceName ?? fail('configuration.RepositoryName is missing');
  const configArn = c.string('Arn');
  const parsed = item.parsedArn ?? parseArn(configArn);
  const accountId = item.accountId ?? text(parsed?.accountId) ?? fail('awsAccountId is missing');
  return assemble({
    resourceId: item.resourceId,
    name,
    arn: item.arn ?? configArn ?? publicRepositoryArn(accountId, name),
    accountId,
    // The ARN carries no region; Config records public repositories in us-east-1 only.
    region: item.region ?? ECR_PUBLIC_REGION,
    registryId: text(parsed?.accountId) ?? accountId,
    tags: { ...c.tags('Tags'), ...item.tags },
  });
}

export interface EcrPublicRepositoryExtras {
  /** ListTagsForResource `tags`. */
  tags?: readonly Tag[] | undefined;
}

/** Normalises one repository of ECR Public's DescribeRepositories, plus its tags. */
export function fromDescribe(
  repository: Repository,
  extras: EcrPublicRepositoryExtras = {},
): EcrPublicRepository {
  const fail: Fail = (problem) => {
    throw new InvalidDescribeResponseError(
      'DescribeRepositories (ECR Public)',
      TYPE,
      text(repository.repositoryName) ?? UNKNOWN_ID,
      problem,
    );
  };
  const name = text(repository.repositoryName) ?? fail('repositoryName is missing');
  const arn = text(repository.repositoryArn) ?? fail('repositoryArn is missing');
  const accountId = text(parseArn(arn)?.accountId) ?? fail(`repositoryArn ${arn} has no account`);
  return assemble({
    // Config's resourceId for a public repository is its name.
    resourceId: name,
    name,
    arn,
    accountId,
    region: ECR_PUBLIC_REGION,
    registryId: text(repository.registryId) ?? accountId,
    tags: tagMap((extras.tags ?? []).map((tag) => [tag.Key, tag.Value])),
  });
}

type Parts = Omit<EcrPublicRepository, 'resourceType' | 'resourceName'>;

function assemble(parts: Parts): EcrPublicRepository {
  return compact({ resourceType: TYPE, resourceName: parts.name, ...parts });
}

function publicRepositoryArn(accountId: string, name: string): string {
  return `arn:aws:ecr-public::${accountId}:repository/${name}`;
}
