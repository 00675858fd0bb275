import { describe, expect, it } from 'vitest';
import { modelFromConfigurationItem } from '../../../../lib/resources';
import { fromApiConfigurationItem } from '../../../../lib/resources/configuration-item';
import { fromConfigurationItem, fromDescribe } from '../../../../lib/resources/ecr-public-repository';
import {
  InvalidConfigurationItemError,
  InvalidDescribeResponseError,
} from '../../../../lib/resources/errors';
import { apiItem, describedPublicRepository, invocationItem } from '../../../fixtures/config';
import { ecrPublicRepository } from '../../../fixtures/models';
import { patchConfiguration, thrown, withoutKeys } from './support';

const CI_ERROR = 'invalid configuration item for AWS::ECR::PublicRepository "web-assets"';

describe('ECR Public repository: the three sources of web-assets give equal models', () => {
  it('normalises the invocation CI, the API-model CI and DescribeRepositories + tags to the same model', () => {
    // Prepare
    const ci = invocationItem('ecr-public-repository');
    const api = apiItem('ecr-public-repository');
    const { repository, tags } = describedPublicRepository();

    // Act
    const fromCi = fromConfigurationItem(ci);
    const fromApi = fromConfigurationItem(fromApiConfigurationItem(api));
    const fromDescribeApi = fromDescribe(repository, { tags });

    // Assess
    expect(fromApi).toStrictEqual(fromCi);
    expect(fromDescribeApi).toStrictEqual(fromCi);
    expect(fromCi).toStrictEqual({
      resourceType: 'AWS::ECR::PublicRepository',
      resourceId: 'web-assets',
      resourceName: 'web-assets',
      arn: 'arn:aws:ecr-public::123456789012:repository/web-assets',
      accountId: '123456789012',
      region: 'us-east-1',
      tags: { team: 'web' },
      name: 'web-assets',
      registryId: '123456789012',
    });
  });

  it('dispatches an AWS::ECR::PublicRepository item to this adapter and matches the test builder', () => {
    // Prepare
    const ci = invocationItem('ecr-public-repository');

    // Act
    const model = modelFromConfigurationItem(ci);

    // Assess
    expect(model).toStrictEqual(fromConfigurationItem(ci));
    expect(model).toStrictEqual(ecrPublicRepository({ tags: { team: 'web' } }));
  });
});

describe('ECR Public repository: Config CI quirks', () => {
  it('builds the region-less ARN and defaults the Region to us-east-1 for an abbreviated item', () => {
    // Prepare
    const ci = patchConfiguration(withoutKeys(invocationItem('ecr-public-repository'), 'ARN', 'awsRegion'), {
      Arn: undefined,
    });

    // Act
    const model = fromConfigurationItem(ci);

    // Assess
    expect(model.arn).toBe('arn:aws:ecr-public::123456789012:repository/web-assets');
    expect(model.region).toBe('us-east-1');
  });

  it('reads the name from resourceName when the configuration lacks RepositoryName', () => {
    // Prepare
    const ci = patchConfiguration(invocationItem('ecr-public-repository'), { RepositoryName: undefined });

    // Act
    const model = fromConfigurationItem(ci);

    // Assess
    expect(model.name).toBe('web-assets');
  });

  it('rejects an item without a name anywhere', () => {
    // Prepare
    const ci = patchConfiguration(withoutKeys(invocationItem('ecr-public-repository'), 'resourceName'), {
      RepositoryName: undefined,
    });

    // Act
    const error = thrown(() => fromConfigurationItem(ci));

    // Assess
    expect(error).toBeInstanceOf(InvalidConfigurationItemError);
    expect(error.message).toBe(`${CI_ERROR}: configuration.RepositoryName is missing`);
  });

  it('rejects Tags that are not a list of objects', () => {
    // Prepare
    const ci = patchConfiguration(invocationItem('ecr-public-repository'), { Tags: 'team=web' });

    // Act
    const error = thrown(() => fromConfigurationItem(ci));

    // Assess
    expect(error.message).toBe(`${CI_ERROR}: configuration.Tags is neither a list nor an object`);
  });
});

describe('ECR Public repository: DescribeRepositories', () => {
  it('takes the account from the ARN when registryId is absent, and has no tags without ListTagsForResource', () => {
    // Prepare
    const { repository } = describedPublicRepository();
    const { registryId, ...withoutRegistry } = repository;

    // Act
    const model = fromDescribe(withoutRegistry);

    // Assess
    expect(model).toStrictEqual(ecrPublicRepository());
  });

  it('rejects a repository without repositoryArn', () => {
    // Prepare
    const { repositoryArn, ...repository } = describedPublicRepository().repository;

    // Act
    const error = thrown(() => fromDescribe(repository));

    // Assess
    expect(error).toBeInstanceOf(InvalidDescribeResponseError);
    expect(error.message).toBe(
      'invalid DescribeRepositories (ECR Public) response for AWS::ECR::PublicRepository "web-assets": repositoryArn is missing',
    );
  });
});
