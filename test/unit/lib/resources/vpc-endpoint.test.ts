import { describe, expect, it } from 'vitest';
import { fromApiConfigurationItem } from '../../../../lib/resources/configuration-item';
import {
  InvalidConfigurationItemError,
  InvalidDescribeResponseError,
} from '../../../../lib/resources/errors';
import { fromConfigurationItem, fromDescribe } from '../../../../lib/resources/vpc-endpoint';
import { apiItem, describedVpcEndpoint, invocationItem } from '../../../fixtures/config';
import { vpcEndpoint } from '../../../fixtures/models';
import { jsonErrorOf, patchConfiguration, thrown, withoutKeys } from './support';

const ID = 'vpce-0123456789abcdef0';
const CI_ERROR = `invalid configuration item for AWS::EC2::VPCEndpoint "${ID}"`;
const FULL_ACCESS = { Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] };

describe('VPC endpoint: the three sources of the ecr.dkr endpoint give equal models', () => {
  it('normalises the invocation CI, the API-model CI and DescribeVpcEndpoints to the same model', () => {
    // Prepare
    const ci = invocationItem('vpc-endpoint');
    const api = apiItem('vpc-endpoint');
    const endpoint = describedVpcEndpoint();

    // Act
    const fromCi = fromConfigurationItem(ci);
    const fromApi = fromConfigurationItem(fromApiConfigurationItem(api));
    const fromDescribeApi = fromDescribe(endpoint, { region: 'eu-west-1' });

    // Assess
    expect(fromApi).toStrictEqual(fromCi);
    expect(fromDescribeApi).toStrictEqual(fromCi);
    expect(fromCi).toStrictEqual({
      resourceType: 'AWS::EC2::VPCEndpoint',
      resourceId: ID,
      resourceName: ID,
      arn: `arn:aws:ec2:eu-west-1:123456789012:vpc-endpoint/${ID}`,
      accountId: '123456789012',
      region: 'eu-west-1',
      tags: { Name: 'ecr-dkr' },
      endpointId: ID,
      vpcId: 'vpc-0a1b',
      endpointType: 'Interface',
      serviceName: 'com.amazonaws.eu-west-1.ecr.dkr',
      state: 'available',
      privateDnsEnabled: true,
      ipAddressType: 'ipv4',
      dnsRecordIpType: 'ipv4',
      policy: { kind: 'document', document: FULL_ACCESS },
      routeTableIds: [],
      subnetIds: ['subnet-0c1d'],
      securityGroupIds: ['sg-0e2f'],
      ownerId: '123456789012',
      requesterManaged: false,
    });
  });

  it('normalises the abbreviated aws-facts example (no awsAccountId, no ARN) using ownerId and the EC2 ARN form', () => {
    // Prepare
    const ci = withoutKeys(invocationItem('vpc-endpoint'), 'awsAccountId', 'ARN', 'tags', 'resourceName');

    // Act
    const model = fromConfigurationItem(ci);

    // Assess
    expect(model).toStrictEqual({ ...fromConfigurationItem(invocationItem('vpc-endpoint')), tags: {} });
    expect(model.accountId).toBe('123456789012');
    expect(model.arn).toBe(`arn:aws:ec2:eu-west-1:123456789012:vpc-endpoint/${ID}`);
  });

  it('matches the test builder given the same policy and tags', () => {
    // Prepare
    const ci = invocationItem('vpc-endpoint');

    // Act
    const model = fromConfigurationItem(ci);

    // Assess
    expect(model).toStrictEqual(
      vpcEndpoint({ policy: { kind: 'document', document: FULL_ACCESS }, tags: { Name: 'ecr-dkr' } }),
    );
  });
});

describe('VPC endpoint: Config CI quirks', () => {
  it.each([
    ['a lower-case string', 'available'],
    ['a capitalised string (BOTO enum)', 'Available'],
    ['a {value} object (Advanced Query form)', { value: 'available' }],
    ['a {value} object in capitals', { value: 'AVAILABLE' }],
  ])('reads a state given as %s as "available"', (_, state) => {
    // Prepare
    const ci = patchConfiguration(invocationItem('vpc-endpoint'), { state });

    // Act
    const model = fromConfigurationItem(ci);

    // Assess
    expect(model.state).toBe('available');
  });

  it('lower-cases the state DescribeVpcEndpoints gives in the SDK enum spelling', () => {
    // Prepare
    const endpoint = { ...describedVpcEndpoint(), State: 'PendingAcceptance' as const };

    // Act
    const model = fromDescribe(endpoint, { region: 'eu-west-1' });

    // Assess
    expect(model.state).toBe('pendingacceptance');
  });

  it('parses a policyDocument given as an object to the same document as the JSON text', () => {
    // Prepare
    const ci = patchConfiguration(invocationItem('vpc-endpoint'), { policyDocument: FULL_ACCESS });

    // Act
    const model = fromConfigurationItem(ci);

    // Assess
    expect(model).toStrictEqual(fromConfigurationItem(invocationItem('vpc-endpoint')));
  });

  it.each([
    ['absent', undefined],
    ['null', null],
    ['empty', ''],
  ])('reads a policyDocument that is %s as no policy', (_, policyDocument) => {
    // Prepare
    const ci = patchConfiguration(invocationItem('vpc-endpoint'), { policyDocument });

    // Act
    const model = fromConfigurationItem(ci);

    // Assess
    expect(model.policy).toStrictEqual({ kind: 'none' });
  });

  it('keeps a policyDocument that is not JSON as unparsable, with the parser message', () => {
    // Prepare
    const ci = patchConfiguration(invocationItem('vpc-endpoint'), { policyDocument: '{"Statement": [' });

    // Act
    const model = fromConfigurationItem(ci);

    // Assess
    expect(model.policy).toStrictEqual({
      kind: 'unparsable',
      text: '{"Statement": [',
      reason: `invalid JSON: ${jsonErrorOf('{"Statement": [')}`,
    });
  });

  it('spells the endpoint type as the API does whatever the casing', () => {
    // Prepare
    const ci = patchConfiguration(invocationItem('vpc-endpoint'), {
      vpcEndpointType: 'gateway',
      serviceName: 'com.amazonaws.eu-west-1.s3',
    });

    // Act
    const model = fromConfigurationItem(ci);

    // Assess
    expect(model.endpointType).toBe('Gateway');
  });

  it('defaults missing lists to empty and missing flags to false, and omits a missing ownerId', () => {
    // Prepare
    const ci = patchConfiguration(invocationItem('vpc-endpoint'), {
      routeTableIds: undefined,
      subnetIds: null,
      groups: undefined,
      privateDnsEnabled: undefined,
      requesterManaged: undefined,
      ownerId: undefined,
    });

    // Act
    const model = fromConfigurationItem(ci);

    // Assess
    expect(model).toMatchObject({
      routeTableIds: [],
      subnetIds: [],
      securityGroupIds: [],
      privateDnsEnabled: false,
      requesterManaged: false,
    });
    expect(model).not.toHaveProperty('ownerId');
  });
});

describe('VPC endpoint: DescribeVpcEndpoints', () => {
  it('prefers the given account over OwnerId, and builds the ARN in the partition of the region', () => {
    // Prepare
    const endpoint = describedVpcEndpoint();

    // Act
    const model = fromDescribe(endpoint, { region: 'cn-north-1', accountId: '210987654321' });

    // Assess
    expect(model.accountId).toBe('210987654321');
    expect(model.arn).toBe(`arn:aws-cn:ec2:cn-north-1:210987654321:vpc-endpoint/${ID}`);
  });

  it('rejects an endpoint without VpcEndpointId', () => {
    // Prepare
    const { VpcEndpointId, ...endpoint } = describedVpcEndpoint();

    // Act
    const error = thrown(() => fromDescribe(endpoint, { region: 'eu-west-1' }));

    // Assess
    expect(error).toBeInstanceOf(InvalidDescribeResponseError);
    expect(error.message).toBe(
      'invalid DescribeVpcEndpoints response for AWS::EC2::VPCEndpoint "(unknown)": VpcEndpointId is missing',
    );
  });
});

describe('VPC endpoint: malformed configuration items', () => {
  it.each([
    ['serviceName', 'configuration.serviceName is missing'],
    ['vpcId', 'configuration.vpcId is missing'],
    ['vpcEndpointType', 'configuration.vpcEndpointType is missing'],
    ['state', 'configuration.state is missing'],
  ])('rejects an item without %s', (key, problem) => {
    // Prepare
    const ci = patchConfiguration(invocationItem('vpc-endpoint'), { [key]: undefined });

    // Act
    const error = thrown(() => fromConfigurationItem(ci));

    // Assess
    expect(error).toBeInstanceOf(InvalidConfigurationItemError);
    expect(error.message).toBe(`${CI_ERROR}: ${problem}`);
  });

  it('rejects a state object without value', () => {
    // Prepare
    const ci = patchConfiguration(invocationItem('vpc-endpoint'), { state: { name: 'available' } });

    // Act
    const error = thrown(() => fromConfigurationItem(ci));

    // Assess
    expect(error.message).toBe(`${CI_ERROR}: configuration.state.value is missing`);
  });

  it('rejects a security group entry without groupId', () => {
    // Prepare
    const ci = patchConfiguration(invocationItem('vpc-endpoint'), { groups: [{ groupName: 'vpce' }] });

    // Act
    const error = thrown(() => fromConfigurationItem(ci));

    // Assess
    expect(error.message).toBe(`${CI_ERROR}: configuration.groups[0].groupId is missing`);
  });

  it('rejects an item without awsRegion', () => {
    // Prepare
    const ci = withoutKeys(invocationItem('vpc-endpoint'), 'awsRegion', 'ARN');

    // Act
    const error = thrown(() => fromConfigurationItem(ci));

    // Assess
    expect(error.message).toBe(`${CI_ERROR}: awsRegion is missing`);
  });
});

describe('VPC endpoint: an absent policyDocument is unknown, never "no policy"', () => {
  it('notes the policy as unrecorded when policyDocument is absent', () => {
    // Prepare
    const ci = patchConfiguration(invocationItem('vpc-endpoint'), { policyDocument: undefined });

    // Act
    const model = fromConfigurationItem(ci);

    // Assess
    expect(model.unrecorded).toStrictEqual({
      policy: { key: 'configuration.policyDocument', read: 'ec2:DescribeVpcEndpoints' },
    });
  });
});
