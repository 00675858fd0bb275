import { describe, expect, it } from 'vitest';
import { type AccountAccess, runAccountsScan } from '../../../../lib/cli/accounts';

describe('runAccountsScan', () => {
  const scanOf = (account: string): AccountAccess => ({
    scan: {
      callerAccount: async () => account,
      // No rule runs here, so nothing is read; a read would fail the scan, and so the test.
      readers: () => ({
        list: () => Promise.reject(new Error('unexpected read')),
        describe: () => Promise.reject(new Error('unexpected read')),
        ecrRegistryScanning: () => Promise.reject(new Error('unexpected read')),
        networkLoader: () => ({ load: () => Promise.reject(new Error('unexpected read')) }) as never,
      }),
      now: () => new Date('2026-12-04T00:00:00Z'),
    },
    enabledRegions: async () => ['eu-west-1', 'us-east-1'],
  });

  it("reports the others when one account's role cannot be assumed, and an account whose credentials belong elsewhere", async () => {
    // Prepare
    const deps = {
      access: async (id: string) => {
        if (id === '222222222222') throw Object.assign(new Error('not authorized'), { name: 'AccessDenied' });
        return scanOf(id === '333333333333' ? '999999999999' : id);
      },
    };

    // Act
    const result = await runAccountsScan(
      {
        accounts: ['111111111111', '222222222222', '333333333333'],
        regions: [],
        allRegions: true,
        rules: [],
        params: new Map(),
        concurrency: 2,
      },
      deps,
    );

    // Assess
    expect(result.accounts.map((a) => [a.account, a.regions])).toEqual([
      ['111111111111', ['eu-west-1', 'us-east-1']],
    ]);
    expect(result.errors).toEqual([
      { account: '222222222222', code: 'AccessDenied', message: 'assuming the role: not authorized' },
      {
        account: '333333333333',
        code: 'WrongAccount',
        message: 'the credentials for account 333333333333 belong to account 999999999999',
      },
    ]);
  });
});
