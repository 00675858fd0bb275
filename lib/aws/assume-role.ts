/**
 * Credentials of a role assumed with STS, as a provider the SDK clients take: assumed on first use,
 * kept, and assumed again shortly before they expire. The evaluator (member roles in organization
 * mode) and the CLI (`scan --assume-role`) both read other accounts through it.
 */
import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import type { Credentials } from './clients';

/** Renew this long before expiry, so no call starts with credentials about to lapse. */
export const RENEW_BEFORE_MS = 5 * 60_000;

export function assumedRoleCredentials(
  sts: Pick<STSClient, 'send'>,
  roleArn: string,
  sessionName: string,
  renewBeforeMs = RENEW_BEFORE_MS,
): () => Promise<Credentials> {
  let current: Credentials | undefined;
  return async () => {
    if (current && !(current.expiration && current.expiration.getTime() - renewBeforeMs <= Date.now()))
      return current;
    const { Credentials: c } = await sts.send(
      new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: sessionName }),
    );
    if (!c?.AccessKeyId || !c.SecretAccessKey)
      throw new Error(`STS AssumeRole ${roleArn} returned no credentials`);
    current = {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
      ...(c.Expiration ? { expiration: c.Expiration } : {}),
    };
    return current;
  };
}
