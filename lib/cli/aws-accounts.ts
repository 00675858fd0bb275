/**
 * The CLI's AWS wiring across accounts and Regions: the role assumed in each account (STS
 * AssumeRole from the standard credential chain, or --profile), the Regions enabled for an
 * account (EC2 DescribeRegions), and the same Describe-API readers the one-account scan uses.
 * Loaded only by commands that talk to AWS.
 */
import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { type Credentials, RETRY } from '../aws/clients';
import { createConfigClient } from '../aws/config-client';
import { describeSource } from '../collect/source';
import { partitionOf } from '../resources/arn';
import type { AccountAccess, AccountsScanDeps } from './accounts';
import type { OrganizationClients } from './doctor-organization';

type CredentialSource = Credentials | (() => Promise<Credentials>) | undefined;

/** Every Region enabled for the account behind `credentials` (default: the standard chain). */
export async function enabledRegions(region: string, credentials?: CredentialSource): Promise<string[]> {
  const ec2 = new EC2Client({ ...RETRY, region, ...(credentials ? { credentials } : {}) });
  try {
    // AllRegions false: only Regions the account can use (opted in, or needing no opt-in).
    const { Regions } = await ec2.send(new DescribeRegionsCommand({ AllRegions: false }));
    const names = (Regions ?? []).flatMap((r) => (r.RegionName ? [r.RegionName] : []));
    if (names.length === 0) throw new Error('EC2 DescribeRegions returned no Region');
    return names.sort();
  } finally {
    ec2.destroy();
  }
}

/** Credentials of `roleArn`, assumed now (so a role that cannot be assumed fails here) and renewed before expiry. */
async function assumed(sts: STSClient, roleArn: string): Promise<() => Promise<Credentials>> {
  const assume = async (): Promise<Credentials> => {
    const { Credentials: c } = await sts.send(
      new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'ppguard-scan' }),
    );
    if (!c?.AccessKeyId || !c.SecretAccessKey)
      throw new Error(`STS AssumeRole ${roleArn} returned no credentials`);
    return {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
      ...(c.Expiration ? { expiration: c.Expiration } : {}),
    };
  };
  let current = await assume();
  return async () => {
    if (current.expiration && current.expiration.getTime() - 5 * 60_000 <= Date.now())
      current = await assume();
    return current;
  };
}

/** Access to each account through the role `roleName` assumed in it. */
export function awsAccountAccess(roleName: string, homeRegion: string): AccountsScanDeps {
  const sts = new STSClient({ ...RETRY, region: homeRegion });
  const partition = partitionOf(homeRegion);
  return {
    access: async (accountId): Promise<AccountAccess> => {
      const credentials = await assumed(sts, `arn:${partition}:iam::${accountId}:role/${roleName}`);
      return {
        scan: {
          callerAccount: async (region) => {
            const client = new STSClient({ region, retryMode: 'standard', maxAttempts: 3, credentials });
            try {
              const { Account } = await client.send(new GetCallerIdentityCommand({}));
              if (!Account) throw new Error('STS GetCallerIdentity returned no account');
              return Account;
            } finally {
              client.destroy();
            }
          },
          readers: (region) => describeSource({ region, credentials }),
          now: () => new Date(),
        },
        enabledRegions: () => enabledRegions(homeRegion, credentials),
      };
    },
  };
}

/** doctor --organization: Config in each Region, and STS to try the member role in each account. */
export async function awsOrganizationClients(): Promise<OrganizationClients> {
  const sts = new STSClient({ ...RETRY });
  const region = await sts.config.region();
  return {
    config: (r) => createConfigClient({ region: r }),
    assumeRole: async (accountId, roleName) => {
      await sts.send(
        new AssumeRoleCommand({
          RoleArn: `arn:${partitionOf(region)}:iam::${accountId}:role/${roleName}`,
          RoleSessionName: 'ppguard-doctor',
        }),
      );
    },
  };
}
