import { describe, expect, it } from 'vitest';
import { modelFromConfigurationItem } from '../../../../lib/resources';
import { fromApiConfigurationItem } from '../../../../lib/resources/configuration-item';
import { fromConfigurationItem, fromDescribe } from '../../../../lib/resources/ecr-pull-through-cache-rule';
import {
  InvalidConfigurationItemError,
  InvalidDescribeResponseError,
} from '../../../../lib/resources/errors';
import { apiItem, describedPullThroughCacheRules, invocationItem } from '../../../fixtures/config';
import { ecrPullThroughCacheRule } from '../../../fixtures/models';
import { patchConfiguration, thrown } from './support';

const SECRET = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:ecr-pullthroughcache/docker-hub-AbCdEf';

function describedDockerHub() {
  const [rule] = describedPullThroughCacheRules();
  if (rule === undefined) throw new Error('fixture has no rule');
  return rule;
}

describe('ECR pull-through cache rule: the three sources of docker-hub give equal models', () => {
  it('normalises the invocation CI, the API-model CI and DescribePullThroughCacheRules to the same model', () => {
    // Prepare
    const ci = invocationItem('ecr-pull-through-cache-rule');
    const api = apiItem('ecr-pull-through-cache-rule');

    // Act
    const fromCi = fromConfigurationItem(ci);
    const fromApi = fromConfigurationItem(fromApiConfigurationItem(api));
    const fromDescribeApi = fromDescribe(describedDockerHub(), { region: 'eu-west-1' });

    // Assess
    expect(fromApi).toStrictEqual(fromCi);
    expect(fromDescribeApi).toStrictEqual(fromCi);
    expect(fromCi).toStrictEqual(ecrPullThroughCacheRule({ credentialArn: SECRET }));
  });

  it('dispatches an AWS::ECR::PullThroughCacheRule item to this adapter', () => {
    // Prepare
    const ci = invocationItem('ecr-pull-through-cache-rule');

    // Act
    const model = modelFromConfigurationItem(ci);

    // Assess
    expect(model).toStrictEqual(fromConfigurationItem(ci));
  });
});

describe('ECR pull-through cache rule: UNVERIFIED Config shapes', () => {
  it('reads an item with only the fields SCHEMA indexes (no UpstreamRegistry, CredentialArn, RegistryId)', () => {
    // Prepare
    const ci = patchConfiguration(invocationItem('ecr-pull-through-cache-rule'), {
      UpstreamRegistry: undefined,
      CredentialArn: undefined,
      RegistryId: undefined,
    });

    // Act
    const model = fromConfigurationItem(ci);

    // Assess
    expect(model).toStrictEqual(
      ecrPullThroughCacheRule({
        upstreamRegistry: undefined,
        unrecorded: {
          upstreamRegistry: {
            key: 'configuration.UpstreamRegistry',
            read: 'ecr:DescribePullThroughCacheRules',
          },
        },
      }),
    );
  });

  it('accepts the API casing (ecrRepositoryPrefix, upstreamRegistryUrl...)', () => {
    // Prepare
    const rule = describedDockerHub();
    const ci = patchConfiguration(invocationItem('ecr-pull-through-cache-rule'), {
      EcrRepositoryPrefix: undefined,
      UpstreamRegistryUrl: undefined,
      UpstreamRegistry: undefined,
      CredentialArn: undefined,
      RegistryId: undefined,
      ecrRepositoryPrefix: rule.ecrRepositoryPrefix,
      upstreamRegistryUrl: rule.upstreamRegistryUrl,
      upstreamRegistry: rule.upstreamRegistry,
      credentialArn: rule.credentialArn,
      registryId: rule.registryId,
    });

    // Act
    const model = fromConfigurationItem(ci);

    // Assess
    expect(model).toStrictEqual(fromConfigurationItem(invocationItem('ecr-pull-through-cache-rule')));
  });

  it('rejects an item without UpstreamRegistryUrl', () => {
    // Prepare
    const ci = patchConfiguration(invocationItem('ecr-pull-through-cache-rule'), {
      UpstreamRegistryUrl: null,
    });

    // Act
    const error = thrown(() => fromConfigurationItem(ci));

    // Assess
    expect(error).toBeInstanceOf(InvalidConfigurationItemError);
    expect(error.message).toBe(
      'invalid configuration item for AWS::ECR::PullThroughCacheRule "docker-hub": configuration.UpstreamRegistryUrl is missing',
    );
  });

  it('rejects an item without EcrRepositoryPrefix', () => {
    // Prepare
    const ci = patchConfiguration(invocationItem('ecr-pull-through-cache-rule'), {
      EcrRepositoryPrefix: undefined,
    });

    // Act
    const error = thrown(() => fromConfigurationItem(ci));

    // Assess
    expect(error.message).toBe(
      'invalid configuration item for AWS::ECR::PullThroughCacheRule "docker-hub": configuration.EcrRepositoryPrefix is missing',
    );
  });
});

describe('ECR pull-through cache rule: DescribePullThroughCacheRules', () => {
  it('omits the credentials of a rule without them', () => {
    // Prepare
    const [, ecrPublic] = describedPullThroughCacheRules();
    if (ecrPublic === undefined) throw new Error('fixture has no second rule');

    // Act
    const model = fromDescribe(ecrPublic, { region: 'eu-west-1' });

    // Assess
    expect(model).toStrictEqual(
      ecrPullThroughCacheRule({
        ecrRepositoryPrefix: 'ecr-public',
        upstreamRegistryUrl: 'public.ecr.aws',
        upstreamRegistry: 'ecr-public',
      }),
    );
  });

  it('rejects a rule without upstreamRegistryUrl', () => {
    // Prepare
    const { upstreamRegistryUrl, ...rule } = describedDockerHub();

    // Act
    const error = thrown(() => fromDescribe(rule, { region: 'eu-west-1' }));

    // Assess
    expect(error).toBeInstanceOf(InvalidDescribeResponseError);
    expect(error.message).toBe(
      'invalid DescribePullThroughCacheRules response for AWS::ECR::PullThroughCacheRule "docker-hub": upstreamRegistryUrl is missing',
    );
  });
});
