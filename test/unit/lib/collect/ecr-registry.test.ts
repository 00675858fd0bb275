/**
 * The registry-level ECR collectors over a fake ECRClient that answers from the Describe fixtures.
 * moto checks GetRegistryPolicy, DescribeRegistry and GetRegistryScanningConfiguration end to end
 * (test/integration/ecr-registry.test.ts); DescribePullThroughCacheRules, which moto lacks, is
 * checked here only (pagination included).
 */
import {
  DescribePullThroughCacheRulesCommand,
  DescribeRegistryCommand,
  ECRClient,
  GetRegistryPolicyCommand,
  GetRegistryScanningConfigurationCommand,
  RegistryPolicyNotFoundException,
} from '@aws-sdk/client-ecr';
import { describe, expect, it } from 'vitest';
import {
  collectEcrPullThroughCacheRules as listPullThroughCacheRules,
  collectEcrRegistryPolicies as listRegistryPolicies,
  collectEcrReplicationConfigurations as listReplicationConfigurations,
  readEcrRegistryScanning,
} from '../../../../lib/collect/ecr-registry';
import { fromConfigurationItem as policyFromItem } from '../../../../lib/resources/ecr-registry-policy';
import { fromConfigurationItem as replicationFromItem } from '../../../../lib/resources/ecr-replication-configuration';
import {
  describedPullThroughCacheRules,
  describedRegistry,
  describedRegistryPolicy,
  describedRegistryScanning,
  invocationItem,
} from '../../../fixtures/config';
import { ecrPullThroughCacheRule } from '../../../fixtures/models';
import { withoutFailures } from './support';

const collectEcrPullThroughCacheRules = withoutFailures(listPullThroughCacheRules);
const collectEcrRegistryPolicies = withoutFailures(listRegistryPolicies);
const collectEcrReplicationConfigurations = withoutFailures(listReplicationConfigurations);

type Answer = (command: unknown) => unknown;

/** An ECRClient in eu-west-1 whose send() is `answer`; records the commands sent. */
function fakeClient(answer: Answer): { client: ECRClient; sent: unknown[] } {
  const client = new ECRClient({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
  const sent: unknown[] = [];
  Object.assign(client, {
    send: async (command: unknown) => {
      sent.push(command);
      return answer(command);
    },
  });
  return { client, sent };
}

describe('collectEcrRegistryPolicies', () => {
  it('returns the registry policy, equal to the model of its Config item', async () => {
    // Prepare
    const { client } = fakeClient((command) => {
      if (command instanceof GetRegistryPolicyCommand) return describedRegistryPolicy();
      throw new Error('unexpected command');
    });

    // Act
    const policies = await collectEcrRegistryPolicies(client);

    // Assess
    expect(policies).toStrictEqual([policyFromItem(invocationItem('ecr-registry-policy'))]);
  });

  it('returns nothing when the registry has no policy (RegistryPolicyNotFoundException)', async () => {
    // Prepare
    const { client } = fakeClient(() => {
      throw new RegistryPolicyNotFoundException({ message: 'no policy', $metadata: {} });
    });

    // Act
    const policies = await collectEcrRegistryPolicies(client);

    // Assess
    expect(policies).toEqual([]);
  });

  it('lets any other error propagate', async () => {
    // Prepare
    const denied = Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' });
    const { client } = fakeClient(() => {
      throw denied;
    });

    // Act
    const act = collectEcrRegistryPolicies(client);

    // Assess
    await expect(act).rejects.toBe(denied);
  });
});

describe('collectEcrReplicationConfigurations', () => {
  it('returns the replication configuration, equal to the model of its Config item', async () => {
    // Prepare
    const { client } = fakeClient((command) => {
      if (command instanceof DescribeRegistryCommand) return describedRegistry();
      throw new Error('unexpected command');
    });

    // Act
    const configurations = await collectEcrReplicationConfigurations(client);

    // Assess
    expect(configurations).toStrictEqual([
      replicationFromItem(invocationItem('ecr-replication-configuration')),
    ]);
  });

  it('returns nothing for a registry that replicates nothing', async () => {
    // Prepare
    const { client } = fakeClient(() => ({
      registryId: '123456789012',
      replicationConfiguration: { rules: [] },
    }));

    // Act
    const configurations = await collectEcrReplicationConfigurations(client);

    // Assess
    expect(configurations).toEqual([]);
  });
});

describe('collectEcrPullThroughCacheRules', () => {
  it('follows nextToken across pages and normalises every rule with the given Region', async () => {
    // Prepare
    const [dockerHub, ecrPublic] = describedPullThroughCacheRules();
    const tokens: (string | undefined)[] = [];
    const { client } = fakeClient((command) => {
      if (!(command instanceof DescribePullThroughCacheRulesCommand)) throw new Error('unexpected command');
      tokens.push(command.input.nextToken);
      return command.input.nextToken === undefined
        ? { pullThroughCacheRules: [dockerHub], nextToken: 'page-2' }
        : { pullThroughCacheRules: [ecrPublic] };
    });

    // Act
    const rules = await collectEcrPullThroughCacheRules(client, { region: 'eu-central-1' });

    // Assess
    expect(tokens).toEqual([undefined, 'page-2']);
    expect(rules).toStrictEqual([
      ecrPullThroughCacheRule({ region: 'eu-central-1', credentialArn: dockerHub?.credentialArn }),
      ecrPullThroughCacheRule({
        region: 'eu-central-1',
        ecrRepositoryPrefix: 'ecr-public',
        upstreamRegistryUrl: 'public.ecr.aws',
        upstreamRegistry: 'ecr-public',
      }),
    ]);
  });
});

describe('readEcrRegistryScanning', () => {
  it('normalises GetRegistryScanningConfiguration', async () => {
    // Prepare
    const { client, sent } = fakeClient(() => describedRegistryScanning());

    // Act
    const scanning = await readEcrRegistryScanning(client);

    // Assess
    expect(sent[0]).toBeInstanceOf(GetRegistryScanningConfigurationCommand);
    expect(scanning.scanType).toBe('ENHANCED');
    expect(scanning.rules).toHaveLength(2);
  });
});
