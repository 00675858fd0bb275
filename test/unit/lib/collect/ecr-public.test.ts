/**
 * collectEcrPublicRepositories over a fake client: moto has no ECR Public, so the collector is
 * checked here against Describe-shaped fixtures only.
 */
import {
  DescribeRepositoriesCommand,
  ECRPUBLICClient,
  ListTagsForResourceCommand,
} from '@aws-sdk/client-ecr-public';
import { describe, expect, it } from 'vitest';
import { collectEcrPublicRepositories as listEcrPublic } from '../../../../lib/collect/ecr-public';
import { withoutFailures } from './support';

const collectEcrPublicRepositories = withoutFailures(listEcrPublic);

import { fromConfigurationItem } from '../../../../lib/resources/ecr-public-repository';
import { describedPublicRepository, invocationItem } from '../../../fixtures/config';
import { ecrPublicRepository } from '../../../fixtures/models';

function fakeClient(region: string): { client: ECRPUBLICClient; sent: string[] } {
  const client = new ECRPUBLICClient({ region, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  const sent: string[] = [];
  const { repository, tags } = describedPublicRepository();
  const other = {
    ...repository,
    repositoryName: 'cli',
    repositoryArn: 'arn:aws:ecr-public::123456789012:repository/cli',
  };
  Object.assign(client, {
    send: async (command: unknown) => {
      if (command instanceof DescribeRepositoriesCommand) {
        sent.push(`DescribeRepositories ${command.input.nextToken ?? ''}`.trim());
        return command.input.nextToken === undefined
          ? { repositories: [repository], nextToken: 'page-2' }
          : { repositories: [other] };
      }
      if (command instanceof ListTagsForResourceCommand) {
        sent.push(`ListTagsForResource ${command.input.resourceArn}`);
        return { tags: command.input.resourceArn === repository.repositoryArn ? tags : [] };
      }
      throw new Error('unexpected command');
    },
  });
  return { client, sent };
}

describe('collectEcrPublicRepositories', () => {
  it('lists every repository across pages with its tags, equal to the models of Config items', async () => {
    // Prepare
    const { client, sent } = fakeClient('us-east-1');

    // Act
    const repositories = await collectEcrPublicRepositories(client);

    // Assess
    expect(repositories).toStrictEqual([
      fromConfigurationItem(invocationItem('ecr-public-repository')),
      ecrPublicRepository({ name: 'cli' }),
    ]);
    expect(sent).toEqual([
      'DescribeRepositories',
      'DescribeRepositories page-2',
      'ListTagsForResource arn:aws:ecr-public::123456789012:repository/web-assets',
      'ListTagsForResource arn:aws:ecr-public::123456789012:repository/cli',
    ]);
  });

  it('lists nothing, without calling AWS, from a Region other than us-east-1', async () => {
    // Prepare
    const { client, sent } = fakeClient('eu-west-1');

    // Act
    const repositories = await collectEcrPublicRepositories(client);

    // Assess
    expect(repositories).toEqual([]);
    expect(sent).toEqual([]);
  });
});
