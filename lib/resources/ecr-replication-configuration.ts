/**
 * AWS::ECR::ReplicationConfiguration adapters. SCHEMA has no file for the type, so Config's shape is
 * UNVERIFIED (docs/aws-data.md §2); the assumed one follows CloudFormation:
 * `{RegistryId, ReplicationConfiguration: {Rules: [{Destinations: [{Region, RegistryId}],
 * RepositoryFilters: [{Filter, FilterType}]}]}}`. The API casing (`replicationConfiguration.rules`...)
 * and rules at the top level are accepted too. Rules, or a rule's Destinations, absent from the item
 * are unknown, never "no replication": the rules are unrecorded and read with DescribeRegistry
 * (lib/engine/complete.ts). Describe is DescribeRegistry, whose response carries no Region.
 */
import type { DescribeRegistryResponse, ReplicationRule } from '@aws-sdk/client-ecr';
import { checkItem } from './ci-reader';
import type { ConfigurationItemLike } from './configuration-item';
import { keyOf, registryIdentityOf, registryResourceArn } from './ecr-registry-common';
import type { RegistryDescribeOptions } from './ecr-registry-policy';
import { InvalidDescribeResponseError, UNKNOWN_ID } from './errors';
import type { EcrReplicationConfiguration, EcrReplicationRule } from './model';
import { compact, type Fail, type Fields, text } from './read';
import { Absences } from './unrecorded';

const TYPE = 'AWS::ECR::ReplicationConfiguration';

/** Normalises an invocation-model CI (status OK or ResourceDiscovered, with a configuration). */
export function fromConfigurationItem(ci: ConfigurationItemLike): EcrReplicationConfiguration {
  const item = checkItem(ci, TYPE);
  const { configuration: c } = item;
  const absent = new Absences();
  const rules = rulesOf(c, absent);
  return assemble({
    ...registryIdentityOf(item, 'replication-configuration'),
    rules,
    unrecorded: absent.get(),
  });
}

const UNRECORDED_RULES = 'ecr:DescribeRegistry';

/**
 * The rules list, wherever the (UNVERIFIED) shape keeps it; [] with `rules` noted as unrecorded
 * when the item lacks the list or a rule lacks its Destinations.
 */
function rulesOf(c: Fields, absent: Absences): EcrReplicationRule[] {
  const holder = c.object(keyOf(c, 'ReplicationConfiguration', 'replicationConfiguration'));
  const container = holder ?? c;
  const key = keyOf(container, 'Rules', 'rules');
  if (!container.has(key)) {
    absent.note('rules', `${c.at('ReplicationConfiguration')}.Rules`, UNRECORDED_RULES);
    return [];
  }
  const rules = container.objects(key);
  const lacking = rules.findIndex((rule) => !rule.has(keyOf(rule, 'Destinations', 'destinations')));
  if (lacking >= 0) {
    absent.note('rules', `${container.at(key)}[${lacking}].Destinations`, UNRECORDED_RULES);
    return [];
  }
  return rules.map((rule) => ({
    destinations: rule.objects(keyOf(rule, 'Destinations', 'destinations')).map((destination) => ({
      region: destination.requiredString(keyOf(destination, 'Region', 'region')),
      registryId: destination.requiredString(keyOf(destination, 'RegistryId', 'registryId')),
    })),
    repositoryFilters: rule.objects(keyOf(rule, 'RepositoryFilters', 'repositoryFilters')).map((filter) => ({
      filter: filter.requiredString(keyOf(filter, 'Filter', 'filter')),
      filterType: filter.requiredString(keyOf(filter, 'FilterType', 'filterType')),
    })),
  }));
}

/** Normalises a DescribeRegistry response; no replicationConfiguration means no rules. */
export function fromDescribe(
  response: DescribeRegistryResponse,
  options: RegistryDescribeOptions,
): EcrReplicationConfiguration {
  const fail: Fail = (problem) => {
    throw new InvalidDescribeResponseError(
      'DescribeRegistry',
      TYPE,
      text(response.registryId) ?? UNKNOWN_ID,
      problem,
    );
  };
  const registryId = text(response.registryId) ?? fail('registryId is missing');
  const region = text(options.region) ?? fail('no region was given');
  const rules = (response.replicationConfiguration?.rules ?? []).map((rule: ReplicationRule, index) => ({
    destinations: (rule.destinations ?? []).map((destination, at) => ({
      region: text(destination.region) ?? fail(`rules[${index}].destinations[${at}].region is missing`),
      registryId:
        text(destination.registryId) ?? fail(`rules[${index}].destinations[${at}].registryId is missing`),
    })),
    repositoryFilters: (rule.repositoryFilters ?? []).map((filter, at) => ({
      filter: text(filter.filter) ?? fail(`rules[${index}].repositoryFilters[${at}].filter is missing`),
      filterType:
        text(filter.filterType) ?? fail(`rules[${index}].repositoryFilters[${at}].filterType is missing`),
    })),
  }));
  return assemble({
    // The registry id is the account id, which is (UNVERIFIED) the resourceId Config uses.
    resourceId: registryId,
    registryId,
    accountId: registryId,
    region,
    arn: registryResourceArn('replication-configuration', region, registryId, registryId),
    tags: {},
    rules,
  });
}

type Parts = Omit<EcrReplicationConfiguration, 'resourceType' | 'resourceName'>;

function assemble(parts: Parts): EcrReplicationConfiguration {
  return compact({ resourceType: TYPE, resourceName: parts.registryId, ...parts });
}
