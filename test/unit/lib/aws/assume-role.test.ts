import type { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { assumedRoleCredentials, RENEW_BEFORE_MS } from '../../../../lib/aws/assume-role';

const ROLE = 'arn:aws:iam::222222222222:role/ppguard-member';

/** An STS stand-in answering AssumeRole with keys `k1`, `k2`, ... expiring `lifetimeMs` from now. */
function sts(lifetimeMs: number, answer: 'keys' | 'empty' = 'keys') {
  const calls: AssumeRoleCommand['input'][] = [];
  return {
    calls,
    client: {
      send: async (command: AssumeRoleCommand) => {
        calls.push(command.input);
        if (answer === 'empty') return { Credentials: undefined };
        return {
          Credentials: {
            AccessKeyId: `k${calls.length}`,
            SecretAccessKey: 's',
            SessionToken: 't',
            Expiration: new Date(Date.now() + lifetimeMs),
          },
        };
      },
    } as never,
  };
}

describe('assumedRoleCredentials', () => {
  it('assumes the role on first use and keeps the credentials while they are fresh', async () => {
    // Prepare
    const { client, calls } = sts(60 * 60_000);
    const credentials = assumedRoleCredentials(client, ROLE, 'ppguard-scan');

    // Act
    const first = await credentials();
    const second = await credentials();

    // Assess
    expect(calls).toEqual([{ RoleArn: ROLE, RoleSessionName: 'ppguard-scan' }]);
    expect(first.accessKeyId).toBe('k1');
    expect(second).toBe(first);
  });

  it('assumes it again when the credentials expire within the renewal margin', async () => {
    // Prepare
    const { client, calls } = sts(RENEW_BEFORE_MS - 1_000);
    const credentials = assumedRoleCredentials(client, ROLE, 'ppguard-evaluate');

    // Act
    await credentials();
    const renewed = await credentials();

    // Assess
    expect(calls).toHaveLength(2);
    expect(renewed.accessKeyId).toBe('k2');
  });

  it('fails naming the role when STS returns no credentials', async () => {
    // Prepare
    const { client } = sts(0, 'empty');

    // Act
    const credentials = assumedRoleCredentials(client, ROLE, 'ppguard-scan')();

    // Assess
    await expect(credentials).rejects.toThrow(`STS AssumeRole ${ROLE} returned no credentials`);
  });
});
