import type { BaseConfigurationItem } from '@aws-sdk/client-config-service';
import { describe, expect, it } from 'vitest';
import {
  fromApiConfigurationItem,
  InvalidConfigurationItemError,
} from '../../../../lib/resources/configuration-item';
import { apiItem, invocationItem } from '../../../fixtures/config';
import { jsonErrorOf, thrown } from './support';

describe('fromApiConfigurationItem', () => {
  it('converts a GetResourceConfigHistory item into the invocation model of the same resource', () => {
    // Prepare
    const item = apiItem('codebuild-project');

    // Act
    const ci = fromApiConfigurationItem(item);

    // Assess
    expect(ci).toStrictEqual({
      ...invocationItem('codebuild-project'),
      // The API item carries two keys the aws-facts event example leaves out.
      configurationStateMd5Hash: '',
      resourceCreationTime: '2025-04-30T09:12:44.000Z',
    });
    expect(ci.awsAccountId).toBe('123456789012');
    expect(ci.ARN).toBe('arn:aws:codebuild:eu-west-1:123456789012:project/app-build');
    expect(ci.configurationItemVersion).toBe('1.3');
    expect(ci.configurationStateId).toBe(1746093600000);
    expect(ci.relationships).toStrictEqual([
      { resourceType: 'AWS::IAM::Role', resourceName: 'codebuild-app-role', name: 'Is associated with ' },
    ]);
    expect(ci.configuration?.name).toBe('app-build');
  });

  it.each(['ecr-repository', 'vpc-endpoint'] as const)(
    'converts the %s API item into its invocation-model CI',
    (name) => {
      // Prepare
      const item = apiItem(name);
      const { resourceName, ...expected } = invocationItem(name);

      // Act
      const ci = fromApiConfigurationItem(item);

      // Assess: the API omits a null resourceName; everything else is identical.
      expect(ci).toStrictEqual(resourceName === null ? expected : { ...expected, resourceName });
    },
  );

  it('turns SDK Dates, ISO strings and epoch seconds into ISO strings', () => {
    // Prepare
    const item = {
      ...apiItem('codebuild-project'),
      resourceCreationTime: '2025-04-30T09:12:44Z' as unknown as Date,
      configurationItemDeliveryTime: 1746093601.5 as unknown as Date,
    };

    // Act
    const ci = fromApiConfigurationItem(item);

    // Assess
    expect(ci.configurationItemCaptureTime).toBe('2025-05-01T10:00:00.000Z');
    expect(ci.resourceCreationTime).toBe('2025-04-30T09:12:44.000Z');
    expect(ci.configurationItemDeliveryTime).toBe('2025-05-01T10:00:01.500Z');
  });

  it('keeps a configurationStateId that is not a safe integer as the string', () => {
    // Prepare
    const item = { ...apiItem('codebuild-project'), configurationStateId: '99999999999999999999' };

    // Act
    const ci = fromApiConfigurationItem(item);

    // Assess
    expect(ci.configurationStateId).toBe('99999999999999999999');
  });

  it('parses supplementaryConfiguration values and keeps a value that is not JSON as text', () => {
    // Prepare
    const item = {
      ...apiItem('codebuild-project'),
      supplementaryConfiguration: { Policy: '{"Version":"2012-10-17"}', Note: 'plain text' },
    };

    // Act
    const ci = fromApiConfigurationItem(item);

    // Assess
    expect(ci.supplementaryConfiguration).toStrictEqual({
      Policy: { Version: '2012-10-17' },
      Note: 'plain text',
    });
  });

  it.each([
    ['absent', undefined],
    ['empty', ''],
    ['JSON null', 'null'],
  ])('gives a null configuration when it is %s (deleted resource)', (_, configuration) => {
    // Prepare
    const item = {
      ...apiItem('codebuild-project'),
      configurationItemStatus: 'ResourceDeleted' as const,
      configuration,
    };

    // Act
    const ci = fromApiConfigurationItem(item);

    // Assess
    expect(ci.configuration).toBeNull();
    expect(ci.configurationItemStatus).toBe('ResourceDeleted');
  });

  it('converts a BatchGetResourceConfig item, which has no tags or relationships', () => {
    // Prepare
    const { tags, relationships, relatedEvents, configurationItemMD5Hash, ...base } =
      apiItem('ecr-repository');
    const item: BaseConfigurationItem = base;

    // Act
    const ci = fromApiConfigurationItem(item);

    // Assess
    expect(ci).not.toHaveProperty('tags');
    expect(ci).not.toHaveProperty('relationships');
    expect(ci.resourceId).toBe('builder');
    expect(ci.configuration?.RepositoryName).toBe('builder');
  });

  it('rejects a configuration that is not valid JSON with a typed error naming the resource', () => {
    // Prepare
    const item = { ...apiItem('codebuild-project'), configuration: '{"name":"app-build",' };

    // Act
    const error = thrown(() => fromApiConfigurationItem(item));

    // Assess
    expect(error).toBeInstanceOf(InvalidConfigurationItemError);
    expect(error.message).toBe(
      'invalid configuration item for AWS::CodeBuild::Project "3f2b7c1e-9d4a-4e8b-a1c2-5d6e7f809a1b": ' +
        `configuration is not valid JSON: ${jsonErrorOf('{"name":"app-build",')}`,
    );
    expect(error).toMatchObject({
      resourceType: 'AWS::CodeBuild::Project',
      resourceId: '3f2b7c1e-9d4a-4e8b-a1c2-5d6e7f809a1b',
    });
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });

  it('rejects a configuration that is JSON but not an object', () => {
    // Prepare
    const item = { ...apiItem('ecr-repository'), configuration: '["builder"]' };

    // Act
    const error = thrown(() => fromApiConfigurationItem(item));

    // Assess
    expect(error).toBeInstanceOf(InvalidConfigurationItemError);
    expect(error.message).toBe(
      'invalid configuration item for AWS::ECR::Repository "builder": configuration is not a JSON object',
    );
  });

  it('rejects an item without accountId', () => {
    // Prepare
    const { accountId, ...item } = apiItem('vpc-endpoint');

    // Act
    const error = thrown(() => fromApiConfigurationItem(item));

    // Assess
    expect(error).toBeInstanceOf(InvalidConfigurationItemError);
    expect(error.message).toBe(
      'invalid configuration item for AWS::EC2::VPCEndpoint "vpce-0123456789abcdef0": accountId is missing',
    );
  });

  it('rejects an item whose capture time is not a date', () => {
    // Prepare
    const item = { ...apiItem('vpc-endpoint'), configurationItemCaptureTime: new Date('not a date') };

    // Act
    const error = thrown(() => fromApiConfigurationItem(item));

    // Assess
    expect(error.message).toBe(
      'invalid configuration item for AWS::EC2::VPCEndpoint "vpce-0123456789abcdef0": ' +
        'configurationItemCaptureTime is not a valid date',
    );
  });
});
