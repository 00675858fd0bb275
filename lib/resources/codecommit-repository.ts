/**
 * AWS::CodeCommit::Repository adapter. AWS Config does not record CodeCommit repositories
 * (docs/aws-data.md §2), so there is no configuration-item adapter: repositories come from the
 * CodeCommit API only (ListRepositories + BatchGetRepositories; tags from ListTagsForResource).
 * The resourceId reported to Config is our choice: the repository name, as in the ARN.
 */
import type { RepositoryMetadata } from '@aws-sdk/client-codecommit';
import { parseArn } from './arn';
import { InvalidDescribeResponseError, UNKNOWN_ID } from './errors';
import type { CodeCommitRepository } from './model';
import { compact, type Fail, tagMap, text } from './read';

const TYPE = 'AWS::CodeCommit::Repository';

export interface CodeCommitRepositoryExtras {
  /** ListTagsForResource `tags` (a map). */
  tags?: Readonly<Record<string, string>> | undefined;
}

/** Normalises one repository of a BatchGetRepositories response, plus its tags. */
export function fromDescribe(
  repository: RepositoryMetadata,
  extras: CodeCommitRepositoryExtras = {},
): CodeCommitRepository {
  const fail: Fail = (problem) => {
    throw new InvalidDescribeResponseError(
      'BatchGetRepositories',
      TYPE,
      text(repository.repositoryName) ?? UNKNOWN_ID,
      problem,
    );
  };
  const name = text(repository.repositoryName) ?? fail('repositoryName is missing');
  const arn = text(repository.Arn) ?? fail('Arn is missing');
  const parsed = parseArn(arn);
  return compact({
    resourceType: TYPE,
    resourceId: name,
    resourceName: name,
    arn,
    accountId: text(repository.accountId) ?? text(parsed?.accountId) ?? fail(`Arn ${arn} has no account`),
    region: text(parsed?.region) ?? fail(`Arn ${arn} has no region`),
    tags: tagMap(Object.entries(extras.tags ?? {})),
    name,
    repositoryId: text(repository.repositoryId),
    cloneUrlHttp: text(repository.cloneUrlHttp),
  });
}
