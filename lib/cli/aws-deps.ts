/**
 * The CLI's real AWS wiring: the standard credential chain, AWS_ENDPOINT_URL honoured by the SDK,
 * Describe-API readers per Region (lib/collect/source.ts, as the Lambda uses), STS for the account.
 * Loaded only by commands that talk to AWS.
 */
import { SNSClient } from '@aws-sdk/client-sns';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { RETRY } from '../aws/clients';
import { createConfigClient } from '../aws/config-client';
import { describeSource } from '../collect/source';
import type { DoctorClients } from './doctor-aws';
import type { ScanDeps } from './scan';

/** The Region of the environment or the profile (AWS_REGION, AWS_DEFAULT_REGION, ~/.aws/config). */
export async function defaultRegion(): Promise<string | undefined> {
  const client = new STSClient({});
  try {
    const region = await client.config.region();
    return region === '' ? undefined : region;
  } catch {
    return undefined;
  } finally {
    client.destroy();
  }
}

export function awsScanDeps(): Omit<ScanDeps, 'onProgress'> {
  return {
    callerAccount: async (region) => {
      // Few retries: this call is the scan's reachability check for the Region.
      const sts = new STSClient({ region, retryMode: 'standard', maxAttempts: 3 });
      try {
        const { Account } = await sts.send(new GetCallerIdentityCommand({}));
        if (!Account) throw new Error('STS GetCallerIdentity returned no account');
        return Account;
      } finally {
        sts.destroy();
      }
    },
    readers: (region) => describeSource({ region }),
    now: () => new Date(),
  };
}

export function awsDoctorClients(): DoctorClients {
  return {
    config: (region) => createConfigClient({ region }),
    sns: (region) => new SNSClient({ ...RETRY, region }),
  };
}
