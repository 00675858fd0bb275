import { describe, expect, it } from 'vitest';
import { fromApiConfigurationItem } from '../../../../lib/resources/configuration-item';
import {
  fromConfigurationItem,
  fromDescribe,
  fromDescribeAndConfigurationItem,
} from '../../../../lib/resources/ecr-repository';
import {
  InvalidConfigurationItemError,
  InvalidDescribeResponseError,
} from '../../../../lib/resources/errors';
import { apiItem, describedRepository, invocationItem } from '../../../fixtures/config';
import { ecrRepository } from '../../../fixtures/models';
import { patchConfiguration, thrown, withoutKeys } from './support';

const CROSS_ACCOUNT_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'x',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::222222222222:root' },
      Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
    },
  ],
};

function describeModel() {
  const { repository, policyText, lifecyclePolicyNotFound, tags } = describedRepository();
  return fromDescribe(repository, { policyText, hasLifecyclePolicy: !lifecyclePolicyNotFound, tags });
}

describe('ECR repository: the three sources of builder give equal models', () => {
  it('normalises the invocation CI, the API-model CI and the Describe calls to the same model', () => {
    // Prepare
    const ci = invocationItem('ecr-repository');
    const api = apiItem('ecr-repository');

    // Act
    const fromCi = fromConfigurationItem(ci);
    const fromApi = fromConfigurationItem(fromApiConfigurationItem(api));
    const fromDescribeApi = describeModel();

    // Assess
    expect(fromApi).toStrictEqual(fromCi);
    expect(fromDescribeApi).toStrictEqual(fromCi);
    expect(fromCi).toStrictEqual({
      resourceType: 'AWS::ECR::Repository',
      resourceId: 'builder',
      resourceName: 'builder',
      arn: 'arn:aws:ecr:eu-west-1:123456789012:repository/builder',
      accountId: '123456789012',
      region: 'eu-west-1',
      tags: {},
      name: 'builder',
      registryId: '123456789012',
      imageTagMutability: 'IMMUTABLE',
      scanOnPush: true,
      hasLifecyclePolicy: false,
      policy: { kind: 'document', document: CROSS_ACCOUNT_POLICY },
      encryption: { type: 'AES256' },
    });
  });

  it('normalises the abbreviated aws-facts example (no awsAccountId, no tag map) to the same model', () => {
    // Prepare
    const ci = withoutKeys(
      invocationItem('ecr-repository'),
      'awsAccountId',
      'tags',
      'configurationItemVersion',
      'configurationItemCaptureTime',
      'configurationStateId',
    );

    // Act
    const model = fromConfigurationItem(ci);

    // Assess
    expect(model).toStrictEqual(fromConfigurationItem(invocationItem('ecr-repository')));
    expect(model.accountId).toBe('123456789012');
  });

  it('matches the test builder given the same policy and lifecycle', () => {
    // Prepare
    const ci = invocationItem('ecr-repository');

    // Act
    const model = fromConfigurationItem(ci);

    // Assess
    expect(model).toStrictEqual(
      ecrRepository({
        hasLifecyclePolicy: false,
        policy: { kind: 'document', document: CROSS_ACCOUNT_POLICY },
      }),
    );
  });
});

describe('ECR repository: Config CI quirks', () => {
  it('parses RepositoryPolicyText given as JSON text to the same document as the object form', () => {
    // Prepare
    const ci = patchConfiguration(invocationItem('ecr-repository'), {
      RepositoryPolicyText: JSON.stringify(CROSS_ACCOUNT_POLICY, null, 2),
    });

    // Act
    const model = fromConfigurationItem(ci);

    // Assess
    expect(model).toStrictEqual(fromConfigurationItem(invocationItem('ecr-repository')));
    expect(model.policy).toStrictEqual({ kind: 'document', document: CROSS_ACCOUNT_POLICY });
  });

  it.each([
    ['{} (Config: no policy)', {}],
    ['an empty string', ''],
    ['null', null],
    ['absent', undefined],
    ['the text "{}"', '{}'],
  ])('reads a RepositoryPolicyText that is %s as no policy', (_, policy) => {
    // Prepare
    const ci = patchConfiguration(invocationItem('ecr-repository'), { RepositoryPolicyText: policy });

    // Act
    const model = fromConfigurationItem(ci);

    // Assess
    expect(model.policy).toStrictEqual({ kind: 'none' });
  });

  it('keeps an unparsable policy text with the reason, instead of reading it as no policy', () => {
    // Prepare
    const ci = patchConfiguration(invocationItem('ecr-repository'), { RepositoryPolicyText: '[1, 2]' });

    // Act
    const model = fromConfigurationItem(ci);

    // Assess
    expect(model.policy).toStrictEqual({
      kind: 'unparsable',
      text: '[1, 2]',
      reason: 'policy is not a JSON object',
    });
  });

  it.each([
    ['with a LifecyclePolicyText', { LifecyclePolicyText: '{"rules":[]}', RegistryId: '123456789012' }, true],
    ['{} (Config: unset)', {}, false],
    ['with an empty LifecyclePolicyText', { LifecyclePolicyText: '', RegistryId: '123456789012' }, false],
    ['absent', undefined, false],
  ])('reads a LifecyclePolicy %s as hasLifecyclePolicy %s', (_, lifecyclePolicy, expected) => {
    // Prepare
    const ci = patchConfiguration(invocationItem('ecr-repository'), { LifecyclePolicy: lifecyclePolicy });

    // Act
    const model = fromConfigurationItem(ci);

    // Assess
    expect(model.hasLifecyclePolicy).toBe(expected);
  });

  it('reads a KMS EncryptionConfiguration', () => {
    // Prepare
    const key = 'arn:aws:kms:eu-west-1:123456789012:key/0b1c2d3e-0000-4000-8000-000000000001';
    const ci = patchConfiguration(invocationItem('ecr-repository'), {
      EncryptionConfiguration: { EncryptionType: 'KMS', KmsKey: key },
    });

    // Act
    const model = fromConfigurationItem(ci);

    // Assess
    expect(model.encryption).toStrictEqual({ type: 'KMS', kmsKey: key });
  });

  it('merges the Tags list of the configuration with the item tag map', () => {
    // Prepare
    const ci = {
      ...patchConfiguration(invocationItem('ecr-repository'), {
        Tags: [
          { Key: 'team', Value: 'platform' },
          { Key: 'ppg:exempt', Value: '' },
        ],
      }),
      tags: { env: 'prod' },
    };

    // Act
    const model = fromConfigurationItem(ci);

    // Assess
    expect(model.tags).toStrictEqual({ team: 'platform', 'ppg:exempt': '', env: 'prod' });
  });

  it('omits imageTagMutability and scanOnPush when the item does not record them', () => {
    // Prepare
    const ci = patchConfiguration(invocationItem('ecr-repository'), {
      ImageTagMutability: undefined,
      ImageScanningConfiguration: undefined,
    });

    // Act
    const model = fromConfigurationItem(ci);

    // Assess
    expect(model).not.toHaveProperty('imageTagMutability');
    expect(model).not.toHaveProperty('scanOnPush');
    expect(model.name).toBe('builder');
  });
});

describe('ECR repository: Describe calls', () => {
  it('defaults every extra to none: no policy, no lifecycle policy, no tags', () => {
    // Prepare
    const { repository } = describedRepository();

    // Act
    const model = fromDescribe(repository);

    // Assess
    expect(model.policy).toStrictEqual({ kind: 'none' });
    expect(model.hasLifecyclePolicy).toBe(false);
    expect(model.tags).toStrictEqual({});
  });

  it('reads a lifecycle policy, KMS encryption and tags', () => {
    // Prepare
    const { repository } = describedRepository();
    const key = 'arn:aws:kms:eu-west-1:123456789012:key/0b1c2d3e-0000-4000-8000-000000000001';

    // Act
    const model = fromDescribe(
      { ...repository, encryptionConfiguration: { encryptionType: 'KMS', kmsKey: key } },
      { hasLifecyclePolicy: true, tags: [{ Key: 'team', Value: 'platform' }] },
    );

    // Assess
    expect(model.hasLifecyclePolicy).toBe(true);
    expect(model.encryption).toStrictEqual({ type: 'KMS', kmsKey: key });
    expect(model.tags).toStrictEqual({ team: 'platform' });
  });

  it('rejects a repository without repositoryArn', () => {
    // Prepare
    const { repositoryArn, ...repository } = describedRepository().repository;

    // Act
    const error = thrown(() => fromDescribe(repository));

    // Assess
    expect(error).toBeInstanceOf(InvalidDescribeResponseError);
    expect(error.message).toBe(
      'invalid DescribeRepositories response for AWS::ECR::Repository "builder": repositoryArn is missing',
    );
  });
});

describe('ECR repository: DescribeRepositories completed from the Config item (Lambda sweep)', () => {
  it('gives the model of the four Describe calls from DescribeRepositories and the API-model item', () => {
    // Prepare: BatchGetResourceConfig's item has no tag map and no relationships.
    const { tags, relationships, ...base } = apiItem('ecr-repository');
    const { repository } = describedRepository();

    // Act
    const model = fromDescribeAndConfigurationItem(repository, fromApiConfigurationItem(base));

    // Assess
    expect(model).toStrictEqual(describeModel());
  });

  it("keeps DescribeRepositories' own fields and takes policy, lifecycle policy and tags from the item", () => {
    // Prepare
    const key = 'arn:aws:kms:eu-west-1:123456789012:key/0b1c2d3e-0000-4000-8000-000000000001';
    const ci = patchConfiguration(invocationItem('ecr-repository'), {
      ImageTagMutability: 'MUTABLE',
      ImageScanningConfiguration: { ScanOnPush: false },
      LifecyclePolicy: { LifecyclePolicyText: '{"rules":[]}' },
      RepositoryPolicyText: {},
      Tags: [{ Key: 'team', Value: 'platform' }],
    });
    const { repository } = describedRepository();

    // Act
    const model = fromDescribeAndConfigurationItem(
      { ...repository, encryptionConfiguration: { encryptionType: 'KMS', kmsKey: key } },
      ci,
    );

    // Assess
    expect(model).toStrictEqual({
      ...describeModel(),
      encryption: { type: 'KMS', kmsKey: key },
      hasLifecyclePolicy: true,
      policy: { kind: 'none' },
      tags: { team: 'platform' },
    });
  });
});

describe('ECR repository: malformed configuration items', () => {
  it('rejects an item with neither RepositoryName nor resourceName', () => {
    // Prepare
    const ci = {
      ...patchConfiguration(invocationItem('ecr-repository'), { RepositoryName: undefined }),
      resourceName: null,
    };

    // Act
    const error = thrown(() => fromConfigurationItem(ci));

    // Assess
    expect(error).toBeInstanceOf(InvalidConfigurationItemError);
    expect(error.message).toBe(
      'invalid configuration item for AWS::ECR::Repository "builder": configuration.RepositoryName is missing',
    );
  });

  it('rejects an ImageScanningConfiguration that is not an object', () => {
    // Prepare
    const ci = patchConfiguration(invocationItem('ecr-repository'), { ImageScanningConfiguration: 'true' });

    // Act
    const error = thrown(() => fromConfigurationItem(ci));

    // Assess
    expect(error.message).toBe(
      'invalid configuration item for AWS::ECR::Repository "builder": ' +
        'configuration.ImageScanningConfiguration is not an object',
    );
  });
});

describe('ECR repository: keys the Schema does not index are unknown when absent, never empty', () => {
  it('notes the policy as unrecorded when RepositoryPolicyText is absent or null, not as no policy', () => {
    // Prepare
    const absent = patchConfiguration(invocationItem('ecr-repository'), { RepositoryPolicyText: undefined });
    const nulled = patchConfiguration(invocationItem('ecr-repository'), { RepositoryPolicyText: null });

    // Act
    const models = [fromConfigurationItem(absent), fromConfigurationItem(nulled)];

    // Assess
    for (const model of models) {
      expect(model.unrecorded).toStrictEqual({
        policy: { key: 'configuration.RepositoryPolicyText', read: 'ecr:GetRepositoryPolicy' },
      });
    }
  });

  it('reads {} as no policy and no lifecycle policy (Config\'s "unset"), with nothing unrecorded', () => {
    // Prepare
    const ci = patchConfiguration(invocationItem('ecr-repository'), { RepositoryPolicyText: {} });

    // Act
    const model = fromConfigurationItem(ci);

    // Assess
    expect(model.policy).toStrictEqual({ kind: 'none' });
    expect(model.hasLifecyclePolicy).toBe(false);
    expect(model).not.toHaveProperty('unrecorded');
  });

  it('notes the lifecycle policy as unrecorded when LifecyclePolicy or its text is absent', () => {
    // Prepare
    const absent = patchConfiguration(invocationItem('ecr-repository'), { LifecyclePolicy: undefined });
    const registryOnly = patchConfiguration(invocationItem('ecr-repository'), {
      LifecyclePolicy: { RegistryId: '123456789012' },
    });

    // Act
    const models = [fromConfigurationItem(absent), fromConfigurationItem(registryOnly)];

    // Assess
    for (const model of models) {
      expect(model.unrecorded).toStrictEqual({
        hasLifecyclePolicy: {
          key: 'configuration.LifecyclePolicy.LifecyclePolicyText',
          read: 'ecr:GetLifecyclePolicy',
        },
      });
    }
  });

  it('notes tags as unrecorded only when neither configuration.Tags nor the item tag map is there', () => {
    // Prepare
    const noConfigurationTags = patchConfiguration(invocationItem('ecr-repository'), { Tags: undefined });
    const neither = withoutKeys(noConfigurationTags, 'tags');

    // Act
    const withItemTags = fromConfigurationItem(noConfigurationTags);
    const withoutAny = fromConfigurationItem(neither);

    // Assess
    expect(withItemTags).not.toHaveProperty('unrecorded');
    expect(withoutAny.unrecorded).toStrictEqual({
      tags: { key: 'configuration.Tags', read: 'ecr:ListTagsForResource' },
    });
  });
});
