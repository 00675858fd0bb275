/**
 * A registry's image scanning configuration (GetRegistryScanningConfiguration), normalised for the
 * rules that need it (needs: ecrRegistryScanning). Not a Config resource: it describes how ECR
 * scans the registry's repositories.
 */
import type { GetRegistryScanningConfigurationResponse } from '@aws-sdk/client-ecr';
import { InvalidDescribeResponseError, UNKNOWN_ID } from './errors';
import type { EcrRegistryScanning } from './model';
import { type Fail, text } from './read';

const SUBJECT = 'ECR registry scanning configuration';

/**
 * Normalises a GetRegistryScanningConfiguration response. A registry that never set a scanning
 * configuration is BASIC without rules (AWS's default). A scan type other than BASIC or ENHANCED,
 * or a rule without its frequency or filters' fields, is an InvalidDescribeResponseError.
 */
export function fromDescribe(response: GetRegistryScanningConfigurationResponse): EcrRegistryScanning {
  const fail: Fail = (problem) => {
    throw new InvalidDescribeResponseError(
      'GetRegistryScanningConfiguration',
      SUBJECT,
      text(response.registryId) ?? UNKNOWN_ID,
      problem,
    );
  };
  const configuration = response.scanningConfiguration;
  const scanType = text(configuration?.scanType) ?? 'BASIC';
  if (scanType !== 'BASIC' && scanType !== 'ENHANCED') {
    return fail(`scanningConfiguration.scanType ${JSON.stringify(scanType)} is neither BASIC nor ENHANCED`);
  }
  return {
    scanType,
    rules: (configuration?.rules ?? []).map((rule, index) => ({
      scanFrequency: text(rule.scanFrequency) ?? fail(`rules[${index}].scanFrequency is missing`),
      repositoryFilters: (rule.repositoryFilters ?? []).map((filter, at) => ({
        filter: text(filter.filter) ?? fail(`rules[${index}].repositoryFilters[${at}].filter is missing`),
        filterType:
          text(filter.filterType) ?? fail(`rules[${index}].repositoryFilters[${at}].filterType is missing`),
      })),
    })),
  };
}
