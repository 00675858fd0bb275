import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectPages, MAX_PAGES, PaginationError, paginate } from '../../../../lib/aws/paginate';

interface Page {
  items: number[];
  next?: string;
}

/** A server answering pages from a script, recording the token each request carried. */
function server(script: (token: string | undefined, call: number) => Page) {
  const tokens: (string | undefined)[] = [];
  const fetch = async (token: string | undefined) => {
    tokens.push(token);
    return script(token, tokens.length);
  };
  return { fetch, tokens };
}

const nextOf = (page: Page) => page.next;
const itemsOf = (page: Page) => page.items;

describe('paginate', () => {
  it('reads every page, passing on each token, until a page has none', async () => {
    // Prepare
    const { fetch, tokens } = server((token) =>
      token === undefined
        ? { items: [1, 2], next: 'a' }
        : token === 'a'
          ? { items: [3], next: 'b' }
          : { items: [4] },
    );

    // Act
    const items = await collectPages('Test List', fetch, nextOf, itemsOf);

    // Assess
    expect(items).toEqual([1, 2, 3, 4]);
    expect(tokens).toEqual([undefined, 'a', 'b']);
  });

  it('treats an empty token as the last page', async () => {
    const { fetch, tokens } = server(() => ({ items: [1], next: '' }));

    const items = await collectPages('Test List', fetch, nextOf, itemsOf);

    expect(items).toEqual([1]);
    expect(tokens).toEqual([undefined]);
  });

  it('stops with an error naming the operation when a server repeats the same token', async () => {
    // Prepare: every page says "read on from same".
    const { fetch, tokens } = server(() => ({ items: [1], next: 'same' }));

    // Act
    const error = await collectPages('ConfigService ListDiscoveredResources', fetch, nextOf, itemsOf).catch(
      (thrown: unknown) => thrown,
    );

    // Assess: two requests (the first, then one with the token), never a third.
    expect(error).toBeInstanceOf(PaginationError);
    expect((error as Error).message).toBe(
      'ConfigService ListDiscoveredResources: page 2 returned a pagination token already used; stopped rather than read the same pages again',
    );
    expect(tokens).toEqual([undefined, 'same']);
  });

  it('stops when tokens cycle (a, b, a)', async () => {
    const { fetch, tokens } = server((token) => ({ items: [], next: token === 'a' ? 'b' : 'a' }));

    const error = await collectPages('EC2 DescribeVpcs', fetch, nextOf, itemsOf).catch((e: unknown) => e);

    expect((error as Error).message).toBe(
      'EC2 DescribeVpcs: page 3 returned a pagination token already used; stopped rather than read the same pages again',
    );
    expect(tokens).toEqual([undefined, 'a', 'b']);
  });

  it('stops after the page cap when a server hands out new tokens without end', async () => {
    // Prepare
    const { fetch, tokens } = server((_token, call) => ({ items: [call], next: `t${call}` }));

    // Act
    const error = await collectPages('ECR DescribeRepositories', fetch, nextOf, itemsOf, {
      maxPages: 5,
    }).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(PaginationError);
    expect((error as Error).message).toBe(
      'ECR DescribeRepositories: more than 5 pages; stopped rather than read without end',
    );
    expect(tokens).toHaveLength(5);
  });

  it('has a default cap far above what any account needs and far below an endless loop', () => {
    expect(MAX_PAGES).toBe(10_000);
  });

  it('yields pages lazily: a consumer that stops early sends no further request', async () => {
    const { fetch, tokens } = server((_token, call) => ({ items: [call], next: `t${call}` }));

    for await (const page of paginate('Test List', fetch, nextOf)) {
      if (page.items[0] === 2) break;
    }

    expect(tokens).toEqual([undefined, 't1']);
  });
});

/** Every .ts file under a folder. */
function sources(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('every paginated read goes through lib/aws/paginate.ts', () => {
  const root = join(__dirname, '../../../..');
  const files = ['lib', 'handlers', 'bin'].flatMap((folder) => sources(join(root, folder)));

  it('uses no SDK paginator (they follow a repeated token for ever)', () => {
    const offenders = files.filter((file) => /\bpaginate[A-Z]\w*/.test(readFileSync(file, 'utf8')));
    expect(offenders.map((file) => relative(root, file))).toEqual([]);
  });

  it('has no hand-written token loop outside the helper', () => {
    // A loop condition on a token, or a token variable fed from a page's token.
    const loop = /while\s*\(\s*\w*[Tt]oken\s*\)/;
    const feed = /\b\w*[Tt]oken\s*=[^=>]\s*[\w.]*\.\w*[Tt]oken/;
    const offenders = files.filter((file) => {
      if (file.endsWith(join('lib', 'aws', 'paginate.ts'))) return false;
      const text = readFileSync(file, 'utf8');
      return loop.test(text) || feed.test(text);
    });
    expect(offenders.map((file) => relative(root, file))).toEqual([]);
  });
});
