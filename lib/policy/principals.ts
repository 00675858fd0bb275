/**
 * What one Principal entry names. Trust is applied by the caller; this only says who it is.
 *
 * Decisions (conservative where IAM gives no account to check):
 * - `{"AWS": ...}`: `*` is every AWS principal; a 12-digit id or an IAM/STS ARN names that
 *   account (`:root`, `role/...`, `user/...`, `assumed-role/...` alike: trust is per account).
 *   Anything else (a unique id such as `AROA...` left behind by a deleted role, a malformed ARN)
 *   is `unrecognised`: we cannot tell whose it is, so it is never assumed trusted.
 * - `{"Service": ...}` names an AWS service acting for a resource owner: not exposure
 *   (docs/rule-semantics.md). A wildcard there is not a service name and is `unrecognised`.
 * - `{"Federated": ...}`: an IAM SAML/OIDC provider ARN belongs to its account; any other
 *   provider (accounts.google.com, cognito-identity.amazonaws.com, ...) is an identity store
 *   outside every trusted account: `federated`.
 * - `{"CanonicalUser": ...}` is an S3 canonical id that cannot be mapped to an account offline:
 *   `canonical-user`, never trusted.
 */
import type { PrincipalEntry } from './document';

export type PrincipalClass =
  | { kind: 'public' }
  | { kind: 'account'; accountId: string }
  | { kind: 'service' }
  | { kind: 'federated'; provider: string }
  | { kind: 'canonical-user'; canonicalUser: string }
  | { kind: 'unrecognised' };

const ACCOUNT_ID = /^\d{12}$/;
const IAM_PRINCIPAL_ARN = /^arn:[a-z][a-z0-9-]*:(?:iam|sts)::(\d{12}):\S+$/;
const PROVIDER_ARN = /^arn:[a-z][a-z0-9-]*:iam::(\d{12}):(?:saml-provider|oidc-provider)\/\S+$/;

export function classifyPrincipal(entry: PrincipalEntry): PrincipalClass {
  const { type, value } = entry;
  switch (type) {
    case 'AWS': {
      if (value === '*') return { kind: 'public' };
      if (ACCOUNT_ID.test(value)) return { kind: 'account', accountId: value };
      const account = IAM_PRINCIPAL_ARN.exec(value)?.[1];
      return account === undefined ? { kind: 'unrecognised' } : { kind: 'account', accountId: account };
    }
    case 'Service':
      return value === '' || value.includes('*') || value.includes('?')
        ? { kind: 'unrecognised' }
        : { kind: 'service' };
    case 'Federated': {
      const account = PROVIDER_ARN.exec(value)?.[1];
      if (account !== undefined) return { kind: 'account', accountId: account };
      return value === '' || value.includes('*')
        ? { kind: 'unrecognised' }
        : { kind: 'federated', provider: value };
    }
    case 'CanonicalUser':
      return { kind: 'canonical-user', canonicalUser: value };
  }
}

/** How a principal entry is written in a policy, e.g. `{"AWS":"arn:aws:iam::1:root"}`. */
export function principalText(entry: PrincipalEntry): string {
  return `{${JSON.stringify(entry.type)}:${JSON.stringify(entry.value)}}`;
}
