import { describe, expect, it } from 'vitest';
import type { PrincipalEntry } from '../../../../lib/policy/document';
import { classifyPrincipal, principalText } from '../../../../lib/policy/principals';

describe('classifyPrincipal', () => {
  it.each<[PrincipalEntry, ReturnType<typeof classifyPrincipal>]>([
    [{ type: 'AWS', value: '*' }, { kind: 'public' }],
    [
      { type: 'AWS', value: '999999999999' },
      { kind: 'account', accountId: '999999999999' },
    ],
    [
      { type: 'AWS', value: 'arn:aws:iam::999999999999:root' },
      { kind: 'account', accountId: '999999999999' },
    ],
    [
      { type: 'AWS', value: 'arn:aws:iam::999999999999:role/path/deployer' },
      { kind: 'account', accountId: '999999999999' },
    ],
    [
      { type: 'AWS', value: 'arn:aws:iam::999999999999:user/alice' },
      { kind: 'account', accountId: '999999999999' },
    ],
    [
      { type: 'AWS', value: 'arn:aws:sts::999999999999:assumed-role/r/s' },
      { kind: 'account', accountId: '999999999999' },
    ],
    [
      { type: 'AWS', value: 'arn:aws-cn:iam::999999999999:root' },
      { kind: 'account', accountId: '999999999999' },
    ],
    [{ type: 'AWS', value: 'AROAEXAMPLEID1234567' }, { kind: 'unrecognised' }],
    [{ type: 'AWS', value: '99999999999' }, { kind: 'unrecognised' }],
    [{ type: 'AWS', value: 'arn:aws:iam::*:root' }, { kind: 'unrecognised' }],
    [{ type: 'AWS', value: 'arn:aws:s3:::bucket' }, { kind: 'unrecognised' }],
    [{ type: 'Service', value: 'codebuild.amazonaws.com' }, { kind: 'service' }],
    [{ type: 'Service', value: '*' }, { kind: 'unrecognised' }],
    [
      { type: 'Federated', value: 'accounts.google.com' },
      { kind: 'federated', provider: 'accounts.google.com' },
    ],
    [
      { type: 'Federated', value: 'arn:aws:iam::999999999999:saml-provider/Okta' },
      { kind: 'account', accountId: '999999999999' },
    ],
    [{ type: 'Federated', value: '*' }, { kind: 'unrecognised' }],
    [
      { type: 'CanonicalUser', value: '79a59df900b949e5' },
      { kind: 'canonical-user', canonicalUser: '79a59df900b949e5' },
    ],
  ])('%j is %j', (entry, expected) => {
    // Act
    const result = classifyPrincipal(entry);

    // Assess
    expect(result).toEqual(expected);
  });
});

describe('principalText', () => {
  it('writes the entry as it appears in a policy', () => {
    // Act
    const text = principalText({ type: 'AWS', value: 'arn:aws:iam::999999999999:root' });

    // Assess
    expect(text).toBe('{"AWS":"arn:aws:iam::999999999999:root"}');
  });
});
