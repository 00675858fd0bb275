/**
 * Registry-level ECR settings of the client's account and Region: the registry policy, the
 * replication configuration, pull-through cache rules (as resources) and the scanning
 * configuration (a rule input). Each registry has at most one policy and one replication
 * configuration per Region.
 */
import {
  DescribePullThroughCacheRulesCommand,
  DescribeRegistryCommand,
  type ECRClient,
  GetRegistryPolicyCommand,
  GetRegistryScanningConfigurationCommand,
} from '@aws-sdk/client-ecr';
import { collectPages } from '../aws/paginate';
import { fromDescribe as pullThroughCacheRuleFrom } from '../resources/ecr-pull-through-cache-rule';
import { fromDescribe as registryPolicyFrom } from '../resources/ecr-registry-policy';
import { fromDescribe as registryScanningFrom } from '../resources/ecr-registry-scanning';
import { fromDescribe as replicationConfigurationFrom } from '../resources/ecr-replication-configuration';
import { type Listing, UNKNOWN_ID } from '../resources/errors';
import type {
  EcrPullThroughCacheRule,
  EcrRegistryPolicy,
  EcrRegistryScanning,
  EcrReplicationConfiguration,
} from '../resources/model';
import { isAwsError, listed, normaliseEach } from './util';

export interface CollectEcrRegistryOptions {
  /** Defaults to the client's configured Region (registry responses do not carry it). */
  region?: string;
}

async function regionOf(client: ECRClient, options: CollectEcrRegistryOptions): Promise<string> {
  return options.region ?? (await client.config.region());
}

/**
 * The registry policy, or none when the registry has none (RegistryPolicyNotFoundException); a
 * policy the adapter cannot read is a failure naming the registry.
 */
export async function collectEcrRegistryPolicies(
  client: ECRClient,
  options: CollectEcrRegistryOptions = {},
): Promise<Listing<EcrRegistryPolicy>> {
  const region = await regionOf(client, options);
  let response: Awaited<ReturnType<typeof getRegistryPolicy>>;
  try {
    response = await getRegistryPolicy(client);
  } catch (error) {
    if (isAwsError(error, 'RegistryPolicyNotFoundException')) return listed([]);
    throw error;
  }
  return normaliseEach(
    [response],
    (r) => ({ resourceType: 'AWS::ECR::RegistryPolicy', resourceId: r.registryId ?? UNKNOWN_ID }),
    (r) => registryPolicyFrom(r, { region }),
  );
}

const getRegistryPolicy = (client: ECRClient) => client.send(new GetRegistryPolicyCommand({}));

/**
 * The replication configuration (DescribeRegistry), or [] when it has no rules: a registry that
 * replicates nothing has no configuration to evaluate, and reporting one would create a resource
 * AWS Config never recorded.
 */
export async function collectEcrReplicationConfigurations(
  client: ECRClient,
  options: CollectEcrRegistryOptions = {},
): Promise<Listing<EcrReplicationConfiguration>> {
  const region = await regionOf(client, options);
  const response = await client.send(new DescribeRegistryCommand({}));
  return normaliseEach(
    [response],
    (r) => ({ resourceType: 'AWS::ECR::ReplicationConfiguration', resourceId: r.registryId ?? UNKNOWN_ID }),
    (r) => {
      const configuration = replicationConfigurationFrom(r, { region });
      return configuration.rules.length === 0 ? undefined : configuration;
    },
  );
}

/** Every pull-through cache rule (DescribePullThroughCacheRules, paginated); each unreadable one is a failure. */
export async function collectEcrPullThroughCacheRules(
  client: ECRClient,
  options: CollectEcrRegistryOptions = {},
): Promise<Listing<EcrPullThroughCacheRule>> {
  const region = await regionOf(client, options);
  const rules = await collectPages(
    'ECR DescribePullThroughCacheRules',
    (nextToken) => client.send(new DescribePullThroughCacheRulesCommand({ nextToken })),
    (page) => page.nextToken,
    (page) => page.pullThroughCacheRules,
  );
  return normaliseEach(
    rules,
    (rule) => ({
      resourceType: 'AWS::ECR::PullThroughCacheRule',
      resourceId: rule.ecrRepositoryPrefix ?? UNKNOWN_ID,
    }),
    (rule) => pullThroughCacheRuleFrom(rule, { region }),
  );
}

/** The registry's scanning configuration (GetRegistryScanningConfiguration). */
export async function readEcrRegistryScanning(client: ECRClient): Promise<EcrRegistryScanning> {
  return registryScanningFrom(await client.send(new GetRegistryScanningConfigurationCommand({})));
}
