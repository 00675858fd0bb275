import { describe, expect, it } from 'vitest';
import { modelFromConfigurationItem } from '../../../../lib/resources';
import { fromApiConfigurationItem } from '../../../../lib/resources/configuration-item';
import {
  InvalidConfigurationItemError,
  InvalidDescribeResponseError,
} from '../../../../lib/resources/errors';
import { fromConfigurationItem, fromDescribe } from '../../../../lib/resources/vpc';
import { apiItem, describedVpc, invocationItem } from '../../../fixtures/config';
import { vpc } from '../../../fixtures/models';
import { patchConfiguration, thrown, withoutKeys } from './support';

const ID = 'vpc-0a1b';
const CI_ERROR = `invalid configuration item for AWS::EC2::VPC "${ID}"`;

describe('VPC: the three sources of vpc-0a1b give equal models', () => {
  it('normalises the invocation CI, the API-model CI and DescribeVpcs to the same model', () => {
    // Prepare
    const ci = invocationItem('vpc');
    const api = apiItem('vpc');
    const described = describedVpc();

    // Act
    const fromCi = fromConfigurationItem(ci);
    const fromApi = fromConfigurationItem(fromApiConfigurationItem(api));
    const fromDescribeApi = fromDescribe(described, { region: 'eu-west-1' });

    // Assess
    expect(fromApi).toStrictEqual(fromCi);
    expect(fromDescribeApi).toStrictEqual(fromCi);
    expect(fromCi).toStrictEqual({
      resourceType: 'AWS::EC2::VPC',
      resourceId: ID,
      resourceName: ID,
      arn: `arn:aws:ec2:eu-west-1:123456789012:vpc/${ID}`,
      accountId: '123456789012',
      region: 'eu-west-1',
      tags: { Name: 'pipeline' },
      vpcId: ID,
      cidrBlock: '10.0.0.0/16',
      isDefault: false,
      ownerId: '123456789012',
      state: 'available',
    });
  });

  it('dispatches an AWS::EC2::VPC item to this adapter', () => {
    // Prepare
    const ci = invocationItem('vpc');

    // Act
    const model = modelFromConfigurationItem(ci);

    // Assess
    expect(model).toStrictEqual(fromConfigurationItem(ci));
  });

  it('matches the test builder given the same tags', () => {
    // Prepare
    const ci = invocationItem('vpc');

    // Act
    const model = fromConfigurationItem(ci);

    // Assess
    expect(model).toStrictEqual(vpc({ tags: { Name: 'pipeline' } }));
  });

  it('normalises an abbreviated item (no awsAccountId, no ARN, no tag map) using ownerId, the EC2 ARN form and the configuration tags', () => {
    // Prepare
    const ci = withoutKeys(invocationItem('vpc'), 'awsAccountId', 'ARN', 'tags', 'resourceName');

    // Act
    const model = fromConfigurationItem(ci);

    // Assess
    expect(model).toStrictEqual(fromConfigurationItem(invocationItem('vpc')));
  });
});

describe('VPC: Config CI quirks', () => {
  it.each([
    ['a lower-case string', 'available'],
    ['a capitalised string (BOTO enum)', 'Available'],
    ['a {value} object (Advanced Query form)', { value: 'available' }],
    ['a {value} object in capitals', { value: 'AVAILABLE' }],
  ])('reads a state given as %s as "available"', (_, state) => {
    // Prepare
    const ci = patchConfiguration(invocationItem('vpc'), { state });

    // Act
    const model = fromConfigurationItem(ci);

    // Assess
    expect(model.state).toBe('available');
  });

  it('reads isDefault given as the string "true"', () => {
    // Prepare
    const ci = patchConfiguration(invocationItem('vpc'), { isDefault: 'true' });

    // Act
    const model = fromConfigurationItem(ci);

    // Assess
    expect(model.isDefault).toBe(true);
  });

  it('defaults a missing isDefault to false and omits a missing cidrBlock', () => {
    // Prepare
    const ci = patchConfiguration(invocationItem('vpc'), { isDefault: undefined, cidrBlock: null });

    // Act
    const model = fromConfigurationItem(ci);

    // Assess
    expect(model.isDefault).toBe(false);
    expect(model).not.toHaveProperty('cidrBlock');
  });

  it('falls back to the resourceId when the configuration has no vpcId', () => {
    // Prepare
    const ci = patchConfiguration(invocationItem('vpc'), { vpcId: undefined });

    // Act
    const model = fromConfigurationItem(ci);

    // Assess
    expect(model.vpcId).toBe(ID);
  });
});

describe('VPC: DescribeVpcs', () => {
  it('prefers the given account over OwnerId, and builds the ARN in the partition of the region', () => {
    // Prepare
    const described = describedVpc();

    // Act
    const model = fromDescribe(described, { region: 'cn-north-1', accountId: '210987654321' });

    // Assess
    expect(model.accountId).toBe('210987654321');
    expect(model.arn).toBe(`arn:aws-cn:ec2:cn-north-1:210987654321:vpc/${ID}`);
  });

  it('reads the pending state and a default VPC', () => {
    // Prepare
    const described = { ...describedVpc(), State: 'pending' as const, IsDefault: true };

    // Act
    const model = fromDescribe(described, { region: 'eu-west-1' });

    // Assess
    expect(model.state).toBe('pending');
    expect(model.isDefault).toBe(true);
  });

  it('rejects a VPC without VpcId', () => {
    // Prepare
    const { VpcId, ...described } = describedVpc();

    // Act
    const error = thrown(() => fromDescribe(described, { region: 'eu-west-1' }));

    // Assess
    expect(error).toBeInstanceOf(InvalidDescribeResponseError);
    expect(error.message).toBe(
      'invalid DescribeVpcs response for AWS::EC2::VPC "(unknown)": VpcId is missing',
    );
  });

  it('rejects a VPC without State', () => {
    // Prepare
    const { State, ...described } = describedVpc();

    // Act
    const error = thrown(() => fromDescribe(described, { region: 'eu-west-1' }));

    // Assess
    expect(error.message).toBe(`invalid DescribeVpcs response for AWS::EC2::VPC "${ID}": State is missing`);
  });

  it('rejects a VPC without OwnerId when no account is given', () => {
    // Prepare
    const { OwnerId, ...described } = describedVpc();

    // Act
    const error = thrown(() => fromDescribe(described, { region: 'eu-west-1' }));

    // Assess
    expect(error.message).toBe(
      `invalid DescribeVpcs response for AWS::EC2::VPC "${ID}": OwnerId is missing and no accountId was given`,
    );
  });
});

describe('VPC: malformed configuration items', () => {
  it('rejects an item without state', () => {
    // Prepare
    const ci = patchConfiguration(invocationItem('vpc'), { state: undefined });

    // Act
    const error = thrown(() => fromConfigurationItem(ci));

    // Assess
    expect(error).toBeInstanceOf(InvalidConfigurationItemError);
    expect(error.message).toBe(`${CI_ERROR}: configuration.state is missing`);
  });

  it('rejects a state object without value', () => {
    // Prepare
    const ci = patchConfiguration(invocationItem('vpc'), { state: { name: 'available' } });

    // Act
    const error = thrown(() => fromConfigurationItem(ci));

    // Assess
    expect(error.message).toBe(`${CI_ERROR}: configuration.state.value is missing`);
  });

  it('rejects an isDefault that is not a boolean', () => {
    // Prepare
    const ci = patchConfiguration(invocationItem('vpc'), { isDefault: 1 });

    // Act
    const error = thrown(() => fromConfigurationItem(ci));

    // Assess
    expect(error.message).toBe(`${CI_ERROR}: configuration.isDefault is not a boolean`);
  });

  it('rejects an item without awsRegion', () => {
    // Prepare
    const ci = withoutKeys(invocationItem('vpc'), 'awsRegion', 'ARN');

    // Act
    const error = thrown(() => fromConfigurationItem(ci));

    // Assess
    expect(error.message).toBe(`${CI_ERROR}: awsRegion is missing`);
  });

  it('rejects a deleted item (configuration null)', () => {
    // Prepare
    const ci = {
      ...invocationItem('vpc'),
      configuration: null,
      configurationItemStatus: 'ResourceDeleted' as const,
    };

    // Act
    const error = thrown(() => fromConfigurationItem(ci));

    // Assess
    expect(error.message).toBe(`${CI_ERROR}: configuration is missing (status ResourceDeleted)`);
  });
});
