import { describe, expect, it } from 'vitest';
import { fromDescribe } from '../../../../lib/resources/ecr-registry-scanning';
import { InvalidDescribeResponseError } from '../../../../lib/resources/errors';
import { describedRegistryScanning } from '../../../fixtures/config';
import { thrown } from './support';

describe('ECR registry scanning configuration: GetRegistryScanningConfiguration', () => {
  it('normalises the scan type and the rules with their filters', () => {
    // Act
    const scanning = fromDescribe(describedRegistryScanning());

    // Assess
    expect(scanning).toStrictEqual({
      scanType: 'ENHANCED',
      rules: [
        {
          scanFrequency: 'CONTINUOUS_SCAN',
          repositoryFilters: [{ filter: 'prod*', filterType: 'WILDCARD' }],
        },
        { scanFrequency: 'SCAN_ON_PUSH', repositoryFilters: [{ filter: '*', filterType: 'WILDCARD' }] },
      ],
    });
  });

  it('reads a registry that never set a configuration as BASIC without rules', () => {
    // Act
    const scanning = fromDescribe({ registryId: '123456789012' });

    // Assess
    expect(scanning).toStrictEqual({ scanType: 'BASIC', rules: [] });
  });

  it('rejects an unknown scan type', () => {
    // Prepare
    const response = { registryId: '123456789012', scanningConfiguration: { scanType: 'DEEP' as 'BASIC' } };

    // Act
    const error = thrown(() => fromDescribe(response));

    // Assess
    expect(error).toBeInstanceOf(InvalidDescribeResponseError);
    expect(error.message).toBe(
      'invalid GetRegistryScanningConfiguration response for ECR registry scanning configuration "123456789012": ' +
        'scanningConfiguration.scanType "DEEP" is neither BASIC nor ENHANCED',
    );
  });

  it('rejects a rule without scanFrequency', () => {
    // Prepare
    const response = {
      registryId: '123456789012',
      scanningConfiguration: {
        scanType: 'BASIC' as const,
        rules: [{ scanFrequency: undefined, repositoryFilters: [] }],
      },
    };

    // Act
    const error = thrown(() => fromDescribe(response));

    // Assess
    expect(error.message).toContain('rules[0].scanFrequency is missing');
  });
});
