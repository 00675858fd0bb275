/** Small helpers shared by the Describe collectors. */

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}

/**
 * Maps with at most `limit` calls in flight, keeping input order. Per-resource calls (ECR needs
 * three per repository) would otherwise fan out into throttling on large accounts. The first
 * failure rejects the whole map: errors are never swallowed.
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
