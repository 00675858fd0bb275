import {
  type Account,
  ListAccountsCommand,
  type ListAccountsCommandOutput,
} from '@aws-sdk/client-organizations';
import { describe, expect, it } from 'vitest';
import { listOrganizationAccounts, MAX_ACCOUNT_PAGES } from '../../../../lib/cli/aws-accounts';

/** An Organizations client answering ListAccounts from `pages`, keyed by the request's NextToken. */
function organizationsOf(pages: (token: string | undefined) => Partial<ListAccountsCommandOutput>) {
  const tokens: (string | undefined)[] = [];
  return {
    tokens,
    client: {
      send: async (command: unknown) => {
        if (!(command instanceof ListAccountsCommand)) throw new Error('unexpected command');
        tokens.push(command.input.NextToken);
        return pages(command.input.NextToken);
      },
    } as never,
  };
}

const account = (Id: string | undefined, state: Pick<Account, 'State' | 'Status'>): Account => ({
  ...(Id === undefined ? {} : { Id }),
  ...state,
});

describe('listOrganizationAccounts', () => {
  it('reads every page and keeps the ACTIVE accounts, sorted, and those without a state; lists the others as skipped', async () => {
    // Prepare
    const { client, tokens } = organizationsOf((token) =>
      token === undefined
        ? {
            Accounts: [
              account('333333333333', { State: 'ACTIVE' }),
              account('444444444444', { State: 'SUSPENDED', Status: 'SUSPENDED' }),
            ],
            NextToken: 'page-2',
          }
        : {
            Accounts: [
              account('111111111111', { Status: 'ACTIVE' }),
              account('555555555555', { State: 'PENDING_CLOSURE' }),
              account('222222222222', {}),
              account('666666666666', { State: 'CLOSED', Status: 'ACTIVE' }),
            ],
          },
    );

    // Act
    const found = await listOrganizationAccounts(client);

    // Assess
    expect(tokens).toEqual([undefined, 'page-2']);
    expect(found).toEqual({
      active: ['111111111111', '222222222222', '333333333333'],
      skipped: [
        { account: '444444444444', state: 'SUSPENDED' },
        { account: '555555555555', state: 'PENDING_CLOSURE' },
        { account: '666666666666', state: 'CLOSED' },
      ],
    });
  });

  it('fails on a page token it has seen before instead of looping', async () => {
    // Prepare
    const { client, tokens } = organizationsOf((token) => ({
      Accounts: [account('111111111111', { State: 'ACTIVE' })],
      NextToken: token === undefined ? 'a' : token === 'a' ? 'b' : 'a',
    }));

    // Act
    const listing = listOrganizationAccounts(client);

    // Assess
    await expect(listing).rejects.toThrow(
      'organizations.ListAccounts: page 3 returned a pagination token already used; stopped rather than read the same pages again',
    );
    expect(tokens).toEqual([undefined, 'a', 'b']);
  });

  it(`stops after ${MAX_ACCOUNT_PAGES} pages of always new tokens`, async () => {
    // Prepare
    let n = 0;
    const { client, tokens } = organizationsOf(() => ({ Accounts: [], NextToken: `t${++n}` }));

    // Act
    const listing = listOrganizationAccounts(client);

    // Assess
    await expect(listing).rejects.toThrow(
      `organizations.ListAccounts: more than ${MAX_ACCOUNT_PAGES} pages; stopped rather than read without end`,
    );
    expect(tokens).toHaveLength(MAX_ACCOUNT_PAGES);
  });

  it('fails on an account without a 12-digit id: the list would be incomplete', async () => {
    // Prepare
    const { client } = organizationsOf(() => ({
      Accounts: [account('111111111111', { State: 'ACTIVE' }), account(undefined, { State: 'ACTIVE' })],
    }));

    // Act
    const listing = listOrganizationAccounts(client);

    // Assess
    await expect(listing).rejects.toThrow(
      'Organizations ListAccounts returned an account without a 12-digit id',
    );
  });
});
