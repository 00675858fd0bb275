/**
 * ECR repositories for a sweep in Lambda, where AWS Config has already recorded each repository's
 * policy, lifecycle policy and tags (docs/aws-data.md §2): DescribeRepositories lists them (ECR stays the
 * list of truth, so a repository Config has not recorded is never missed), BatchGetResourceConfig
 * reads their items 100 at a time, and only repositories without a usable item (not recorded, type
 * excluded by the recorder, just created, deleted and recreated) fall back to the three
 * per-repository Describe reads. An item lacking a key it should give (the Schema does not index
 * RepositoryPolicyText, LifecyclePolicy text or Tags: docs/aws-data.md §2) says nothing about it, so
 * that repository falls back too, never read as "no policy". ~2 calls per 100 repositories instead
 * of 3 per repository.
 *
 * The CLI keeps the pure Describe path (lib/collect/ecr.ts): it must work where Config is off.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type BaseConfigurationItem,
  BatchGetResourceConfigCommand,
  type ConfigServiceClient,
  type ResourceKey,
} from '@aws-sdk/client-config-service';
import type { ECRClient, Repository } from '@aws-sdk/client-ecr';
import { type ConfigurationItem, fromApiConfigurationItem } from '../resources/configuration-item';
import { fromDescribeAndConfigurationItem } from '../resources/ecr-repository';
import type { Listing } from '../resources/errors';
import type { EcrRepository } from '../resources/model';
import { describeEcrRepository, EACH_REPOSITORY, listEcrRepositories } from './ecr';
import { chunks, isAwsError, mapLimit, readEach } from './util';

const TYPE = 'AWS::ECR::Repository';

/** BatchGetResourceConfig takes 1 to 100 resource keys (docs/aws-data.md §3). */
export const BATCH_SIZE = 100;

/**
 * Batches in flight at once: Config publishes no rate for BatchGetResourceConfig, so stay modest
 * and let the clients' adaptive retry absorb throttling.
 */
const BATCH_CONCURRENCY = 2;

export interface RecordedEcrOptions {
  /** Times unprocessedResourceKeys are sent again before those repositories fall back to Describe. */
  unprocessedRetries?: number;
  /** Wait before the first resend, doubled for each further one. */
  retryDelayMs?: number;
}

const DEFAULTS: Required<RecordedEcrOptions> = { unprocessedRetries: 3, retryDelayMs: 200 };

/**
 * Every private ECR repository of the clients' account and region, in DescribeRepositories order.
 * A repository whose recorded item cannot be read, or whose fallback reads fail, is a failure of
 * its own (one deleted since it was listed is skipped); a listing or batch error other than "no
 * configuration recorder" (nothing recorded: all fall back) propagates.
 */
export async function collectRecordedEcrRepositories(
  ecr: ECRClient,
  config: ConfigServiceClient,
  options: RecordedEcrOptions = {},
): Promise<Listing<EcrRepository>> {
  const settings = { ...DEFAULTS, ...options };
  const repositories = await listEcrRepositories(ecr);
  const names = repositories.flatMap((repository) =>
    repository.repositoryName ? [repository.repositoryName] : [],
  );
  const recorded = new Map<string, BaseConfigurationItem>();
  const batches = await mapLimit(chunks(names, BATCH_SIZE), BATCH_CONCURRENCY, (batch) =>
    readRecorded(config, batch, settings),
  );
  for (const item of batches.flat()) if (item.resourceId) recorded.set(item.resourceId, item);
  // Each item is normalised with its repository: a malformed one fails that repository alone.
  return readEach(repositories, EACH_REPOSITORY, async (repository: Repository) => {
    const item =
      repository.repositoryName === undefined ? undefined : recorded.get(repository.repositoryName);
    const ci = item === undefined ? undefined : fromApiConfigurationItem(item);
    if (!ci || !isEvaluable(ci)) return describeEcrRepository(ecr, repository);
    const completed = fromDescribeAndConfigurationItem(repository, ci);
    // An item lacking the policy, lifecycle policy or tags key says nothing about them: ECR does.
    return completed.unrecorded ? describeEcrRepository(ecr, repository) : completed;
  });
}

/** A recorded state to evaluate: deleted or not-recorded items carry no configuration. */
function isEvaluable(ci: ConfigurationItem): boolean {
  return (
    ci.configuration !== null &&
    (ci.configurationItemStatus === 'OK' || ci.configurationItemStatus === 'ResourceDiscovered')
  );
}

/**
 * The recorded items of one batch of repository names. Keys Config leaves unprocessed are sent
 * again a bounded number of times; whatever is still unprocessed then simply has no item here.
 */
async function readRecorded(
  config: ConfigServiceClient,
  names: readonly string[],
  settings: Required<RecordedEcrOptions>,
): Promise<BaseConfigurationItem[]> {
  const wanted = new Set(names);
  const items: BaseConfigurationItem[] = [];
  let keys: ResourceKey[] = names.map((resourceId) => ({ resourceType: TYPE, resourceId }));
  for (let attempt = 0; keys.length > 0 && attempt <= settings.unprocessedRetries; attempt++) {
    if (attempt > 0) await sleep(settings.retryDelayMs * 2 ** (attempt - 1));
    let response: Awaited<ReturnType<typeof batchGet>>;
    try {
      response = await batchGet(config, keys);
    } catch (error) {
      // No recorder means nothing is recorded: Describe is still the truth for every repository.
      if (isAwsError(error, 'NoAvailableConfigurationRecorderException')) return [];
      throw error;
    }
    for (const item of response.baseConfigurationItems ?? []) {
      // Only items asked for: an item of another type or name must not stand in for a repository.
      if (item.resourceType !== TYPE || item.resourceId === undefined || !wanted.has(item.resourceId))
        continue;
      wanted.delete(item.resourceId);
      items.push(item);
    }
    keys = (response.unprocessedResourceKeys ?? []).filter(
      (key) => key.resourceType === TYPE && key.resourceId !== undefined && wanted.has(key.resourceId),
    );
  }
  return items;
}

function batchGet(config: ConfigServiceClient, resourceKeys: ResourceKey[]) {
  return config.send(new BatchGetResourceConfigCommand({ resourceKeys }));
}
