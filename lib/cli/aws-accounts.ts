/**
 * The CLI's AWS wiring across accounts and Regions: the role assumed in each account (STS
 * AssumeRole from the standard credential chain, or --profile), the Regions enabled for an
 * account (EC2 DescribeRegions), the accounts of the organization (Organizations ListAccounts), and
 * the same Describe-API readers the one-account scan uses.
 * Loaded only by commands that talk to AWS.
 */
import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { assumedRoleCredentials } from '../aws/assume-role';
import { type Credentials, RETRY } from '../aws/clients';
import { createConfigClient } from '../aws/config-client';
import { paginate } from '../aws/paginate';
import { describeSource } from '../collect/source';
import { partitionOf } from '../resources/arn';
import type { AccountAccess, AccountsScanDeps, OrganizationAccounts } from './accounts';
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

/** Access to each account through the role `roleName` assumed in it. */
export function awsAccountAccess(roleName: string, homeRegion: string): AccountsScanDeps {
  const sts = new STSClient({ ...RETRY, region: homeRegion });
  const partition = partitionOf(homeRegion);
  return {
    access: async (accountId): Promise<AccountAccess> => {
      const credentials = assumedRoleCredentials(
        sts,
        `arn:${partition}:iam::${accountId}:role/${roleName}`,
        'ppguard-scan',
      );
      await credentials(); // now, so that a role that cannot be assumed fails here
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

/**
 * At most this many ListAccounts pages (20 accounts a page: 20,000 accounts, beyond any
 * organization's quota); more, or a token seen before, is an error rather than an endless loop.
 */
export const MAX_ACCOUNT_PAGES = 1000;

/**
 * The organization's accounts (Organizations ListAccounts, every page): the ACTIVE ones to scan,
 * sorted, and the others with their state. An account without an id is an error: the list would
 * be incomplete. The account's `State` is read first (AWS replaces `Status` with it); an account
 * with neither is kept, so that it is tried and any failure reported rather than skipped unseen.
 */
export async function listOrganizationAccounts(
  client: Pick<OrganizationsClient, 'send'>,
): Promise<Omit<OrganizationAccounts, 'caller'>> {
  const active: string[] = [];
  const skipped: OrganizationAccounts['skipped'] = [];
  const pages = paginate(
    'organizations.ListAccounts',
    (NextToken) => client.send(new ListAccountsCommand({ MaxResults: 20, NextToken })),
    (page) => page.NextToken,
    { maxPages: MAX_ACCOUNT_PAGES },
  );
  for await (const page of pages) {
    for (const account of page.Accounts ?? []) {
      const id = account.Id;
      if (id === undefined || !/^\d{12}$/.test(id))
        throw new Error('Organizations ListAccounts returned an account without a 12-digit id');
      const state = account.State ?? account.Status;
      if (state === undefined || state === 'ACTIVE') {
        if (!active.includes(id)) active.push(id);
      } else skipped.push({ account: id, state });
    }
  }
  return { active: active.sort(), skipped: skipped.sort((a, b) => a.account.localeCompare(b.account)) };
}

/** scan --organization: the caller's account (STS) and the organization's accounts, with the caller's credentials. */
export async function awsOrganizationAccounts(homeRegion: string): Promise<OrganizationAccounts> {
  const sts = new STSClient({ ...RETRY, region: homeRegion });
  const organizations = new OrganizationsClient({ ...RETRY, region: homeRegion });
  try {
    const { Account } = await sts.send(new GetCallerIdentityCommand({}));
    if (!Account) throw new Error('STS GetCallerIdentity returned no account');
    return { caller: Account, ...(await listOrganizationAccounts(organizations)) };
  } finally {
    sts.destroy();
    organizations.destroy();
  }
}
