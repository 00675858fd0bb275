/**
 * Organization mode's own boundary in the evaluator: it needs the organization id, and with a
 * member-account list it refuses events of other accounts before any AWS call.
 */
import { describe, expect, it } from 'vitest';
import {
  evaluatorDeps,
  OrganizationScopeError,
  parseMemberAccounts,
} from '../../../../lib/lambda/evaluator-deps';
import type { Log } from '../../../../lib/log';

const silent: Log = { info() {}, warn() {}, error() {} };
const ADMIN = '123456789012';
const base = {
  region: 'eu-west-1',
  log: silent,
  findRule: () => undefined,
  // Nothing listens here: a test that reached AWS would fail on the connection, not pass.
  clientOptions: {
    endpoint: 'http://127.0.0.1:9',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  },
};

describe('evaluatorDeps in organization mode', () => {
  it('refuses to start without the organization id', () => {
    // Act
    const start = () => evaluatorDeps({ ...base, memberRoleName: 'ppguard-member' });

    // Assess
    expect(start).toThrow(OrganizationScopeError);
    expect(start).toThrow(
      'organization mode needs the organization id (deploy parameter organizationId, o-...): without it the evaluator may assume no member role',
    );
  });

  it('refuses the event of an account outside the member-account list', async () => {
    // Prepare
    const depsFor = evaluatorDeps({
      ...base,
      memberRoleName: 'ppguard-member',
      organizationId: 'o-a1b2c3d4e5',
      memberAccounts: ['222222222222'],
    });

    // Act
    const deps = depsFor({ accountId: '333333333333' }, ADMIN);

    // Assess
    await expect(deps).rejects.toThrow(
      'refusing the event of account 333333333333: it is not one of the member accounts ppguard evaluates (deploy parameter memberAccounts)',
    );
  });

  it('serves a listed member account and its own account', async () => {
    // Prepare
    const depsFor = evaluatorDeps({
      ...base,
      memberRoleName: 'ppguard-member',
      organizationId: 'o-a1b2c3d4e5',
      memberAccounts: ['222222222222'],
    });

    // Act
    const member = await depsFor({ accountId: '222222222222' }, ADMIN);
    const own = await depsFor({ accountId: ADMIN }, ADMIN);

    // Assess
    expect(member.config).toBeDefined();
    expect(own.config).toBeDefined();
    expect(member.config).not.toBe(own.config);
  });

  it('serves every account when no list is given', async () => {
    // Prepare
    const depsFor = evaluatorDeps({
      ...base,
      memberRoleName: 'ppguard-member',
      organizationId: 'o-a1b2c3d4e5',
    });

    // Act
    const deps = await depsFor({ accountId: '333333333333' }, ADMIN);

    // Assess
    expect(deps.config).toBeDefined();
  });
});

describe('parseMemberAccounts', () => {
  it('reads comma-separated account ids, spaces and empty items ignored', () => {
    expect(parseMemberAccounts(' 111111111111, 222222222222,,')).toEqual(['111111111111', '222222222222']);
  });

  it('is empty when unset or blank', () => {
    expect(parseMemberAccounts(undefined)).toEqual([]);
    expect(parseMemberAccounts(' ')).toEqual([]);
  });

  it('fails on a malformed id without echoing it', () => {
    // Act
    const parse = () => parseMemberAccounts('111111111111,11111111111x');

    // Assess
    expect(parse).toThrow('memberAccounts must be 12-digit account ids; got 1 other value(s)');
  });
});
