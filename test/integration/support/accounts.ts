/**
 * Several accounts on one emulator: moto keys resources by the account of the caller's
 * credentials, and lets any role be assumed, so a role assumed in an account is a way into it.
 * Shared by the suites that build resources in more than one account.
 */
import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';

/** The emulator's keys: the default account (123456789012). */
export const TEST_KEYS = { accessKeyId: 'testing', secretAccessKey: 'testing' };

/** A repository policy that lets any AWS account pull. */
export const PUBLIC_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Sid: 'PublicPull', Effect: 'Allow', Principal: '*', Action: 'ecr:BatchGetImage' }],
});

export interface AccountCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
}

/** Credentials in `account`, from a role assumed there with the test keys. */
export async function credentialsIn(
  endpoint: string,
  account: string,
  region: string,
): Promise<AccountCredentials> {
  const sts = new STSClient({ region, endpoint, credentials: TEST_KEYS });
  try {
    const { Credentials: c } = await sts.send(
      new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/setup`, RoleSessionName: 'setup' }),
    );
    return {
      accessKeyId: c?.AccessKeyId ?? '',
      secretAccessKey: c?.SecretAccessKey ?? '',
      sessionToken: c?.SessionToken ?? '',
    };
  } finally {
    sts.destroy();
  }
}

/** The Regions the emulator reports as enabled, sorted: what `--region all` must cover. */
export async function emulatorRegions(endpoint: string): Promise<string[]> {
  const ec2 = new EC2Client({ region: 'eu-west-1', endpoint, credentials: TEST_KEYS });
  try {
    const { Regions = [] } = await ec2.send(new DescribeRegionsCommand({ AllRegions: false }));
    return Regions.map((r) => r.RegionName ?? '').sort();
  } finally {
    ec2.destroy();
  }
}
