import { describe, expect, it } from 'vitest';
import { modelFromConfigurationItem } from '../../../../lib/resources';
import { fromApiConfigurationItem } from '../../../../lib/resources/configuration-item';
import { fromConfigurationItem, fromDescribe } from '../../../../lib/resources/ecr-registry-policy';
import {
  InvalidConfigurationItemError,
  InvalidDescribeResponseError,
} from '../../../../lib/resources/errors';
import { apiItem, describedRegistryPolicy, invocationItem } from '../../../fixtures/config';
import { ecrRegistryPolicy } from '../../../fixtures/models';
import { jsonErrorOf, patchConfiguration, thrown, withoutKeys } from './support';

const ACCOUNT = '123456789012';
const POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'ReplicateFromPartner',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::333333333333:root' },
      Action: ['ecr:CreateRepository', 'ecr:ReplicateImage'],
      Resource: `arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/*`,
    },
  ],
};

describe('ECR registry policy: the three sources give equal models', () => {
  it('normalises the invocation CI, the API-model CI and GetRegistryPolicy to the same model', () => {
    // Prepare
    const ci = invocationItem('ecr-registry-policy');
    const api = apiItem('ecr-registry-policy');
    const described = describedRegistryPolicy();

    // Act
    const fromCi = fromConfigurationItem(ci);
    const fromApi = fromConfigurationItem(fromApiConfigurationItem(api));
    const fromDescribeApi = fromDescribe(described, { region: 'eu-west-1' });

    // Assess
    expect(fromApi).toStrictEqual(fromCi);
    expect(fromDescribeApi).toStrictEqual(fromCi);
    expect(fromCi).toStrictEqual(ecrRegistryPolicy({ policy: { kind: 'document', document: POLICY } }));
    expect(fromCi.arn).toBe(`arn:aws:ecr:eu-west-1:${ACCOUNT}:registry-policy/${ACCOUNT}`);
  });

  it('dispatches an AWS::ECR::RegistryPolicy item to this adapter', () => {
    // Prepare
    const ci = invocationItem('ecr-registry-policy');

    // Act
    const model = modelFromConfigurationItem(ci);

    // Assess
    expect(model).toStrictEqual(fromConfigurationItem(ci));
  });
});

describe('ECR registry policy: UNVERIFIED Config shapes', () => {
  it('accepts PolicyText as JSON text', () => {
    // Prepare
    const ci = patchConfiguration(invocationItem('ecr-registry-policy'), {
      PolicyText: JSON.stringify(POLICY),
    });

    // Act
    const model = fromConfigurationItem(ci);

    // Assess
    expect(model.policy).toStrictEqual({ kind: 'document', document: POLICY });
  });

  it('accepts the API casing (registryId, policyText)', () => {
    // Prepare
    const ci = patchConfiguration(invocationItem('ecr-registry-policy'), {
      RegistryId: undefined,
      PolicyText: undefined,
      registryId: ACCOUNT,
      policyText: POLICY,
    });

    // Act
    const model = fromConfigurationItem(ci);

    // Assess
    expect(model).toStrictEqual(fromConfigurationItem(invocationItem('ecr-registry-policy')));
  });

  it('reads no policy from {} or an absent PolicyText', () => {
    // Prepare
    const empty = patchConfiguration(invocationItem('ecr-registry-policy'), { PolicyText: {} });
    const absent = patchConfiguration(invocationItem('ecr-registry-policy'), { PolicyText: undefined });

    // Act
    const models = [fromConfigurationItem(empty), fromConfigurationItem(absent)];

    // Assess
    for (const model of models) expect(model.policy).toStrictEqual({ kind: 'none' });
  });

  it('keeps an unparsable PolicyText with the reason', () => {
    // Prepare
    const ci = patchConfiguration(invocationItem('ecr-registry-policy'), { PolicyText: '{"Statement": [' });

    // Act
    const model = fromConfigurationItem(ci);

    // Assess
    expect(model.policy).toStrictEqual({
      kind: 'unparsable',
      text: '{"Statement": [',
      reason: `invalid JSON: ${jsonErrorOf('{"Statement": [')}`,
    });
  });

  it('takes the registry id from a 12-digit resourceId when the configuration has none', () => {
    // Prepare
    const ci = patchConfiguration(withoutKeys(invocationItem('ecr-registry-policy'), 'awsAccountId'), {
      RegistryId: undefined,
    });

    // Act
    const model = fromConfigurationItem(ci);

    // Assess
    expect(model.registryId).toBe(ACCOUNT);
    expect(model.accountId).toBe(ACCOUNT);
  });

  it('rejects a RegistryId that is not a string', () => {
    // Prepare
    const ci = patchConfiguration(invocationItem('ecr-registry-policy'), { RegistryId: 123456789012 });

    // Act
    const error = thrown(() => fromConfigurationItem(ci));

    // Assess
    expect(error).toBeInstanceOf(InvalidConfigurationItemError);
    expect(error.message).toBe(
      `invalid configuration item for AWS::ECR::RegistryPolicy "${ACCOUNT}": configuration.RegistryId is not a string`,
    );
  });
});

describe('ECR registry policy: GetRegistryPolicy', () => {
  it('rejects a response without registryId', () => {
    // Prepare
    const { registryId, ...response } = describedRegistryPolicy();

    // Act
    const error = thrown(() => fromDescribe(response, { region: 'eu-west-1' }));

    // Assess
    expect(error).toBeInstanceOf(InvalidDescribeResponseError);
    expect(error.message).toBe(
      'invalid GetRegistryPolicy response for AWS::ECR::RegistryPolicy "(unknown)": registryId is missing',
    );
  });

  it('rejects a call without a Region', () => {
    // Act
    const error = thrown(() => fromDescribe(describedRegistryPolicy(), { region: '' }));

    // Assess
    expect(error.message).toBe(
      `invalid GetRegistryPolicy response for AWS::ECR::RegistryPolicy "${ACCOUNT}": no region was given`,
    );
  });
});

describe('ECR registry policy: an absent PolicyText is unknown, never empty', () => {
  it('notes the policy as unrecorded when neither PolicyText nor policyText is there', () => {
    // Prepare
    const ci = patchConfiguration(invocationItem('ecr-registry-policy'), {
      PolicyText: undefined,
      policyText: undefined,
    });

    // Act
    const model = fromConfigurationItem(ci);

    // Assess
    expect(model.unrecorded).toStrictEqual({
      policy: { key: 'configuration.PolicyText', read: 'ecr:GetRegistryPolicy' },
    });
  });
});
