/**
 * AWS Config does not record CodeCommit repositories: the only source is BatchGetRepositories
 * (+ ListTagsForResource), tested here from a realistic Describe-shaped fixture.
 */
import { describe, expect, it } from 'vitest';
import { modelFromConfigurationItem, UnsupportedResourceTypeError } from '../../../../lib/resources';
import { fromDescribe } from '../../../../lib/resources/codecommit-repository';
import { InvalidDescribeResponseError } from '../../../../lib/resources/errors';
import { describedCodeCommit } from '../../../fixtures/config';
import { codeCommitRepository } from '../../../fixtures/models';
import { thrown } from './support';

function described() {
  const [repository] = describedCodeCommit().batch.repositories ?? [];
  if (repository === undefined) throw new Error('fixture has no repository');
  return repository;
}

describe('CodeCommit repository: BatchGetRepositories', () => {
  it('normalises the repository and its tags, named by repository name', () => {
    // Prepare
    const { tags } = describedCodeCommit();

    // Act
    const model = fromDescribe(described(), { tags: tags.tags });

    // Assess
    expect(model).toStrictEqual(codeCommitRepository({ tags: { team: 'platform' } }));
    expect(model.resourceId).toBe('app');
  });

  it('takes the account from the ARN when accountId is absent', () => {
    // Prepare
    const { accountId, ...repository } = described();

    // Act
    const model = fromDescribe(repository);

    // Assess
    expect(model).toStrictEqual(codeCommitRepository());
  });

  it('rejects a repository without Arn', () => {
    // Prepare
    const { Arn, ...repository } = described();

    // Act
    const error = thrown(() => fromDescribe(repository));

    // Assess
    expect(error).toBeInstanceOf(InvalidDescribeResponseError);
    expect(error.message).toBe(
      'invalid BatchGetRepositories response for AWS::CodeCommit::Repository "app": Arn is missing',
    );
  });

  it('has no configuration-item adapter (Config does not record the type)', () => {
    // Prepare
    const ci = { resourceType: 'AWS::CodeCommit::Repository', resourceId: 'app' };

    // Act
    const error = thrown(() => modelFromConfigurationItem(ci));

    // Assess
    expect(error).toBeInstanceOf(UnsupportedResourceTypeError);
    expect(error.message).not.toContain('supported: AWS::CodeCommit');
    expect(error.message).not.toContain('AWS::CodeCommit::Repository,');
  });
});
