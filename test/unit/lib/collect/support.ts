import { expect } from 'vitest';
import type { Listing } from '../../../../lib/resources/errors';
import type { Resource } from '../../../../lib/resources/model';

/** The resources a collector listed, asserting it recorded no per-resource failure. */
export function resourcesOnly<R extends Resource>(listing: Listing<R>): R[] {
  expect(listing.failures.map((failure) => failure.message)).toEqual([]);
  return listing.resources;
}

/** Wraps a collector so a test reads its resources, and fails on any per-resource failure. */
export const withoutFailures =
  <A extends unknown[], R extends Resource>(collect: (...args: A) => Promise<Listing<R>>) =>
  async (...args: A): Promise<R[]> =>
    resourcesOnly(await collect(...args));
