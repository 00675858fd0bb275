/**
 * Organization mode: AWS Config invokes the evaluator (in the delegated administrator account)
 * for resources of member accounts. Every read and the PutEvaluations call for a member account
 * go through the member role (`memberRoleName`) assumed in that account; the own account uses
 * the function's role. Access is cached per account, and assumed credentials are renewed before
 * they expire.
 */

import type { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { STSClient } from '@aws-sdk/client-sts';
import { assumedRoleCredentials, RENEW_BEFORE_MS } from '../aws/assume-role';
import { type ClientOptions, type Credentials, RETRY } from '../aws/clients';
import { createConfigClient } from '../aws/config-client';
import { describeSource } from '../collect/source';
import type { AwsReaders } from '../config/evaluate-event';
import { partitionOf } from '../resources/arn';

export interface AccountAccess {
  config: ConfigServiceClient;
  aws: AwsReaders;
}

export interface MemberAccessOptions {
  memberRoleName: string;
  /** Named in the error when a role cannot be assumed: the evaluator may assume roles only in it. */
  organizationId?: string;
  ownAccountId: string;
  region: string;
  /** Emulator endpoint and base credentials in tests; the standard chain in Lambda. */
  clientOptions?: ClientOptions;
  /** Renew assumed credentials this long before they expire. */
  renewBeforeMs?: number;
}

export class MemberRoleError extends Error {
  override name = 'MemberRoleError';
}

function assumedCredentials(
  sts: STSClient,
  roleArn: string,
  renewBeforeMs: number,
  organizationId?: string,
): () => Promise<Credentials> {
  const scope = organizationId
    ? ` (the evaluator may assume it only in accounts of organization ${organizationId})`
    : '';
  const credentials = assumedRoleCredentials(sts, roleArn, 'ppguard-evaluate', renewBeforeMs);
  return async () => {
    try {
      return await credentials();
    } catch (error) {
      throw new MemberRoleError(`cannot assume ${roleArn}${scope}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  };
}

/** Returns the clients to evaluate an account with: the own role for the own account, else the member role. */
export function memberAccess(options: MemberAccessOptions): (accountId: string) => AccountAccess {
  const base = { ...options.clientOptions, region: options.region };
  const sts = new STSClient({ ...RETRY, ...base });
  const cache = new Map<string, AccountAccess>();
  return (accountId) => {
    let access = cache.get(accountId);
    if (!access) {
      const clientOptions: ClientOptions =
        accountId === options.ownAccountId
          ? base
          : {
              ...base,
              credentials: assumedCredentials(
                sts,
                `arn:${partitionOf(options.region)}:iam::${accountId}:role/${options.memberRoleName}`,
                options.renewBeforeMs ?? RENEW_BEFORE_MS,
                options.organizationId,
              ),
            };
      const config = createConfigClient(clientOptions);
      // The member's own Config client: its recorded ECR repositories are read in its account.
      access = { config, aws: describeSource({ ...clientOptions, recordedEcrRepositories: config }) };
      cache.set(accountId, access);
    }
    return access;
  };
}
