/** Small helpers shared by the Describe collectors. */
import { type Listing, ResourceReadError } from '../resources/errors';
import type { Resource } from '../resources/model';

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}

/**
 * Maps with at most `limit` calls in flight, keeping input order. Per-resource calls (ECR needs
 * three per repository) would otherwise fan out into throttling on large accounts; the CLI scans
 * accounts through it too. The first failure rejects the whole map: errors are never swallowed.
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** SDK service exceptions carry the API error code as `name`; comparing it survives duplicate SDK copies. */
export function isAwsError(error: unknown, name: string): boolean {
  return error instanceof Error && error.name === name;
}

/** Which resource an item is, for a failure that names it. */
export interface ItemIdentity {
  resourceType: string;
  resourceId: string;
}

export interface ReadEachOptions<T> {
  /** Calls in flight at once. */
  concurrency: number;
  identify: (item: T) => ItemIdentity;
  /** Whether an error means the resource was deleted since it was listed: then it is skipped. */
  vanished?: (error: unknown) => boolean;
}

/**
 * Reads each listed item on its own, so one bad resource never stops the others: a resource
 * deleted since it was listed (`vanished`) is left out, as the listing would leave it out a moment
 * later; any other error, typed or not (access denied on its policy, an adapter that cannot read
 * its data), becomes a ResourceReadError naming it. Order is kept.
 */
export async function readEach<T, R extends Resource>(
  items: readonly T[],
  options: ReadEachOptions<T>,
  read: (item: T) => Promise<R>,
): Promise<Listing<R>> {
  const outcomes = await mapLimit(items, options.concurrency, async (item) => {
    try {
      return { resource: await read(item) };
    } catch (error) {
      if (options.vanished?.(error)) return {};
      const { resourceType, resourceId } = options.identify(item);
      return { failure: new ResourceReadError(resourceType, resourceId, error) };
    }
  });
  return listingOf(outcomes);
}

/** readEach for a synchronous step (normalising what a page returned). */
export function normaliseEach<T, R extends Resource>(
  items: readonly T[],
  identify: (item: T) => ItemIdentity,
  normalise: (item: T) => R | undefined,
): Listing<R> {
  return listingOf(
    items.map((item) => {
      try {
        const resource = normalise(item);
        return resource === undefined ? {} : { resource };
      } catch (error) {
        const { resourceType, resourceId } = identify(item);
        return { failure: new ResourceReadError(resourceType, resourceId, error) };
      }
    }),
  );
}

function listingOf<R extends Resource>(
  outcomes: { resource?: R; failure?: ResourceReadError }[],
): Listing<R> {
  const listing: Listing<R> = { resources: [], failures: [] };
  for (const { resource, failure } of outcomes) {
    if (resource) listing.resources.push(resource);
    if (failure) listing.failures.push(failure);
  }
  return listing;
}

/** A listing of `resources` with no failures. */
export const listed = <R extends Resource>(resources: R[]): Listing<R> => ({ resources, failures: [] });

/** The listings of several steps as one. */
export function mergeListings<R extends Resource>(...listings: Listing<R>[]): Listing<R> {
  return {
    resources: listings.flatMap((l) => l.resources),
    failures: listings.flatMap((l) => l.failures),
  };
}
