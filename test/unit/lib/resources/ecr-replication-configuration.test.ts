import { describe, expect, it } from 'vitest';
import { modelFromConfigurationItem } from '../../../../lib/resources';
import { fromApiConfigurationItem } from '../../../../lib/resources/configuration-item';
import { fromConfigurationItem, fromDescribe } from '../../../../lib/resources/ecr-replication-configuration';
import { InvalidDescribeResponseError } from '../../../../lib/resources/errors';
import { apiItem, describedRegistry, invocationItem } from '../../../fixtures/config';
import { ecrReplicationConfiguration } from '../../../fixtures/models';
import { patchConfiguration, thrown } from './support';

const ACCOUNT = '123456789012';
const CI_ERROR = `invalid configuration item for AWS::ECR::ReplicationConfiguration "${ACCOUNT}"`;
const RULES = [
  {
    destinations: [
      { region: 'eu-central-1', registryId: ACCOUNT },
      { region: 'eu-central-1', registryId: '444444444444' },
    ],
    repositoryFilters: [{ filter: 'prod', filterType: 'PREFIX_MATCH' }],
  },
];

describe('ECR replication configuration: the three sources give equal models', () => {
  it('normalises the invocation CI, the API-model CI and DescribeRegistry to the same model', () => {
    // Prepare
    const ci = invocationItem('ecr-replication-configuration');
    const api = apiItem('ecr-replication-configuration');
    const described = describedRegistry();

    // Act
    const fromCi = fromConfigurationItem(ci);
    const fromApi = fromConfigurationItem(fromApiConfigurationItem(api));
    const fromDescribeApi = fromDescribe(described, { region: 'eu-west-1' });

    // Assess
    expect(fromApi).toStrictEqual(fromCi);
    expect(fromDescribeApi).toStrictEqual(fromCi);
    expect(fromCi).toStrictEqual(ecrReplicationConfiguration({ rules: RULES }));
  });

  it('dispatches an AWS::ECR::ReplicationConfiguration item to this adapter', () => {
    // Prepare
    const ci = invocationItem('ecr-replication-configuration');

    // Act
    const model = modelFromConfigurationItem(ci);

    // Assess
    expect(model).toStrictEqual(fromConfigurationItem(ci));
  });
});

describe('ECR replication configuration: UNVERIFIED Config shapes', () => {
  it('accepts the API casing (replicationConfiguration.rules[].destinations[].region...)', () => {
    // Prepare
    const ci = patchConfiguration(invocationItem('ecr-replication-configuration'), {
      ReplicationConfiguration: undefined,
      replicationConfiguration: describedRegistry().replicationConfiguration,
    });

    // Act
    const model = fromConfigurationItem(ci);

    // Assess
    expect(model.rules).toStrictEqual(RULES);
  });

  it('accepts Rules at the top level of the configuration', () => {
    // Prepare
    const original = invocationItem('ecr-replication-configuration');
    const holder = original.configuration?.ReplicationConfiguration as { Rules: unknown };
    const ci = patchConfiguration(original, { ReplicationConfiguration: undefined, Rules: holder.Rules });

    // Act
    const model = fromConfigurationItem(ci);

    // Assess
    expect(model.rules).toStrictEqual(RULES);
  });

  it('reads a rule without RepositoryFilters as replicating every repository', () => {
    // Prepare
    const ci = patchConfiguration(invocationItem('ecr-replication-configuration'), {
      ReplicationConfiguration: { Rules: [{ Destinations: [{ Region: 'us-east-1', RegistryId: ACCOUNT }] }] },
    });

    // Act
    const model = fromConfigurationItem(ci);

    // Assess
    expect(model.rules).toStrictEqual([
      { destinations: [{ region: 'us-east-1', registryId: ACCOUNT }], repositoryFilters: [] },
    ]);
  });

  it('reads an empty Rules list as no rules', () => {
    // Prepare
    const ci = patchConfiguration(invocationItem('ecr-replication-configuration'), {
      ReplicationConfiguration: { Rules: [] },
    });

    // Act
    const model = fromConfigurationItem(ci);

    // Assess
    expect(model.rules).toEqual([]);
  });

  it('notes the rules as unrecorded when no rules are anywhere, instead of reading "no replication"', () => {
    // Prepare
    const ci = patchConfiguration(invocationItem('ecr-replication-configuration'), {
      ReplicationConfiguration: undefined,
    });

    // Act
    const model = fromConfigurationItem(ci);

    // Assess
    expect(model.unrecorded).toStrictEqual({
      rules: { key: 'configuration.ReplicationConfiguration.Rules', read: 'ecr:DescribeRegistry' },
    });
  });

  it('notes the rules as unrecorded when a rule lacks Destinations, instead of reading []', () => {
    // Prepare
    const ci = patchConfiguration(invocationItem('ecr-replication-configuration'), {
      ReplicationConfiguration: {
        Rules: [
          { Destinations: [{ Region: 'us-east-1', RegistryId: '123456789012' }] },
          { RepositoryFilters: [{ Filter: 'prod', FilterType: 'PREFIX_MATCH' }] },
        ],
      },
    });

    // Act
    const model = fromConfigurationItem(ci);

    // Assess
    expect(model.unrecorded).toStrictEqual({
      rules: {
        key: 'configuration.ReplicationConfiguration.Rules[1].Destinations',
        read: 'ecr:DescribeRegistry',
      },
    });
  });

  it('rejects a destination without RegistryId', () => {
    // Prepare
    const ci = patchConfiguration(invocationItem('ecr-replication-configuration'), {
      ReplicationConfiguration: { Rules: [{ Destinations: [{ Region: 'us-east-1' }] }] },
    });

    // Act
    const error = thrown(() => fromConfigurationItem(ci));

    // Assess
    expect(error.message).toBe(
      `${CI_ERROR}: configuration.ReplicationConfiguration.Rules[0].Destinations[0].RegistryId is missing`,
    );
  });

  it('rejects Rules that are not a list of objects', () => {
    // Prepare
    const ci = patchConfiguration(invocationItem('ecr-replication-configuration'), {
      ReplicationConfiguration: { Rules: 'prod -> 444444444444' },
    });

    // Act
    const error = thrown(() => fromConfigurationItem(ci));

    // Assess
    expect(error.message).toBe(
      `${CI_ERROR}: configuration.ReplicationConfiguration.Rules is neither a list nor an object`,
    );
  });
});

describe('ECR replication configuration: DescribeRegistry', () => {
  it('reads a registry without replicationConfiguration as no rules', () => {
    // Act
    const model = fromDescribe({ registryId: ACCOUNT }, { region: 'eu-west-1' });

    // Assess
    expect(model).toStrictEqual(ecrReplicationConfiguration({ rules: [] }));
  });

  it('rejects a destination without region', () => {
    // Prepare
    const response = {
      registryId: ACCOUNT,
      replicationConfiguration: { rules: [{ destinations: [{ region: undefined, registryId: ACCOUNT }] }] },
    };

    // Act
    const error = thrown(() => fromDescribe(response, { region: 'eu-west-1' }));

    // Assess
    expect(error).toBeInstanceOf(InvalidDescribeResponseError);
    expect(error.message).toBe(
      `invalid DescribeRegistry response for AWS::ECR::ReplicationConfiguration "${ACCOUNT}": rules[0].destinations[0].region is missing`,
    );
  });
});
