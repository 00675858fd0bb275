/**
 * The one way ppguard reads a paginated AWS API. A server that keeps answering with a token it
 * already gave (or never stops handing out new ones) would otherwise make a sweep call it forever:
 * the SDK's own paginators follow any token they get. Every paginated read in lib/ goes through
 * `paginate`, which stops on a token seen before and after `maxPages` pages, with an error naming
 * the operation (never the token: tokens are opaque and can be long).
 */

/** More pages than any real account needs at the page sizes ppguard asks for (100 to 1,000 items). */
export const MAX_PAGES = 10_000;

export class PaginationError extends Error {
  override name = 'PaginationError';
  constructor(
    readonly operation: string,
    message: string,
  ) {
    super(`${operation}: ${message}`);
  }
}

export interface PaginateOptions {
  /** Pages read at most; one more page is an error. */
  maxPages?: number;
}

/**
 * Yields every page of `operation`: `fetch` gets undefined for the first page, then the token
 * `nextToken` read from the page before. Ends when a page has no (or an empty) token; throws a
 * PaginationError when a token repeats or the page cap is reached.
 */
export async function* paginate<P>(
  operation: string,
  fetch: (token: string | undefined) => Promise<P>,
  nextToken: (page: P) => string | undefined,
  options: PaginateOptions = {},
): AsyncGenerator<P, void, undefined> {
  const maxPages = options.maxPages ?? MAX_PAGES;
  const seen = new Set<string>();
  let token: string | undefined;
  for (let page = 1; ; page++) {
    const answer = await fetch(token);
    yield answer;
    const next = nextToken(answer);
    if (next === undefined || next === '') return;
    if (seen.has(next)) {
      throw new PaginationError(
        operation,
        `page ${page} returned a pagination token already used; stopped rather than read the same pages again`,
      );
    }
    if (page >= maxPages) {
      throw new PaginationError(
        operation,
        `more than ${maxPages} pages; stopped rather than read without end`,
      );
    }
    seen.add(next);
    token = next;
  }
}

/** Every item of every page, in order. */
export async function collectPages<P, T>(
  operation: string,
  fetch: (token: string | undefined) => Promise<P>,
  nextToken: (page: P) => string | undefined,
  items: (page: P) => readonly T[] | undefined,
  options: PaginateOptions = {},
): Promise<T[]> {
  const all: T[] = [];
  for await (const page of paginate(operation, fetch, nextToken, options)) all.push(...(items(page) ?? []));
  return all;
}
