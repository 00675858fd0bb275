import { describe, expect, it } from 'vitest';
import {
  InvalidConfigurationItemError,
  modelFromConfigurationItem,
  UnsupportedResourceTypeError,
} from '../../../../lib/resources';
import { invocationItem } from '../../../fixtures/config';
import { thrown } from './support';

describe('modelFromConfigurationItem', () => {
  it.each([
    ['codebuild-project', 'AWS::CodeBuild::Project', 'app-build'],
    ['ecr-repository', 'AWS::ECR::Repository', 'builder'],
    ['vpc-endpoint', 'AWS::EC2::VPCEndpoint', 'vpce-0123456789abcdef0'],
    ['ecr-public-repository', 'AWS::ECR::PublicRepository', 'web-assets'],
    ['ecr-registry-policy', 'AWS::ECR::RegistryPolicy', '123456789012'],
    ['ecr-replication-configuration', 'AWS::ECR::ReplicationConfiguration', '123456789012'],
    ['ecr-pull-through-cache-rule', 'AWS::ECR::PullThroughCacheRule', 'docker-hub'],
  ] as const)('normalises a %s item with the adapter of its type', (fixture, resourceType, resourceName) => {
    // Prepare
    const ci = invocationItem(fixture);

    // Act
    const model = modelFromConfigurationItem(ci);

    // Assess
    expect(model.resourceType).toBe(resourceType);
    expect(model.resourceName).toBe(resourceName);
  });

  it('rejects a resource type without an adapter, listing the supported ones', () => {
    // Prepare
    const ci = { ...invocationItem('ecr-repository'), resourceType: 'AWS::S3::Bucket' };

    // Act
    const error = thrown(() => modelFromConfigurationItem(ci));

    // Assess
    expect(error).toBeInstanceOf(UnsupportedResourceTypeError);
    expect(error.message).toBe(
      'unsupported resource type "AWS::S3::Bucket" ' +
        '(supported: AWS::CodeBuild::Project, AWS::ECR::Repository, AWS::EC2::VPCEndpoint, AWS::EC2::VPC, ' +
        'AWS::ECR::PublicRepository, AWS::ECR::RegistryPolicy, AWS::ECR::ReplicationConfiguration, ' +
        'AWS::ECR::PullThroughCacheRule)',
    );
  });

  it('rejects an item whose configuration is not an object', () => {
    // Prepare
    const ci = { ...invocationItem('vpc-endpoint'), configuration: '{"vpcId":"vpc-0a1b"}' };

    // Act
    const error = thrown(() =>
      modelFromConfigurationItem(ci as unknown as Parameters<typeof modelFromConfigurationItem>[0]),
    );

    // Assess
    expect(error).toBeInstanceOf(InvalidConfigurationItemError);
    expect(error.message).toBe(
      'invalid configuration item for AWS::EC2::VPCEndpoint "vpce-0123456789abcdef0": configuration is not an object',
    );
  });
});
