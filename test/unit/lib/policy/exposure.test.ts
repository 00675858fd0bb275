import { describe, expect, it } from 'vitest';
import {
  ENDPOINT_POLICY_PINNING_KEYS,
  RESOURCE_POLICY_PINNING_KEYS,
  type TrustSet,
} from '../../../../lib/policy/conditions';
import { parsePolicyDocument } from '../../../../lib/policy/document';
import { type ExposureOptions, findExposures } from '../../../../lib/policy/exposure';

const OWN = '123456789012';
const TRUSTED = '111111111111';
const ORG = 'o-a1b2c3d4e5';
const REPO_ARN = `arn:aws:ecr:eu-west-1:${OWN}:repository/builder`;
const OWN_VPCE = 'vpce-0a1b2c3d';
const trust: TrustSet = {
  accounts: new Set([OWN, TRUSTED]),
  orgIds: new Set([ORG]),
  networkIds: new Set([OWN_VPCE]),
};
const options: ExposureOptions = {
  trust,
  pinningKeys: RESOURCE_POLICY_PINNING_KEYS,
  actionNamespace: 'ecr',
  resourceArn: REPO_ARN,
};

const publicPull = {
  Sid: 'PublicPull',
  Effect: 'Allow',
  Principal: '*',
  Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
};
const orgGuard = {
  Sid: 'OrgOnly',
  Effect: 'Deny',
  Principal: '*',
  Action: '*',
  Condition: { StringNotEquals: { 'aws:PrincipalOrgID': ORG } },
};

const exposures = (statements: unknown[], opts: ExposureOptions = options) =>
  findExposures(parsePolicyDocument({ Version: '2012-10-17', Statement: statements }), opts);
const kinds = (statements: unknown[], opts: ExposureOptions = options) =>
  exposures(statements, opts).map((f) => `${f.statementLabel}: ${JSON.stringify(f.exposure)}`);

describe('findExposures', () => {
  it('reports a public Allow with every detail a caller needs', () => {
    // Act
    const findings = exposures([{ ...publicPull, Resource: REPO_ARN }]);

    // Assess
    expect(findings).toEqual([
      {
        statementIndex: 1,
        sid: 'PublicPull',
        statementLabel: 'statement "PublicPull"',
        exposure: { kind: 'public' },
        principal: '"*"',
        actions: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
        notAction: false,
        resources: [REPO_ARN],
        notResource: false,
      },
    ]);
  });

  it('reports one finding per untrusted principal, skipping trusted accounts and services', () => {
    // Prepare
    const statement = {
      Effect: 'Allow',
      Principal: {
        AWS: [
          OWN,
          `arn:aws:iam::${TRUSTED}:role/deployer`,
          '999999999999',
          'arn:aws:iam::999999999999:role/ci',
          'arn:aws:iam::888888888888:root',
          '*',
          'AROAEXAMPLEID1234567',
        ],
        Service: 'codebuild.amazonaws.com',
        Federated: 'accounts.google.com',
        CanonicalUser: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be',
      },
      Action: 'ecr:*',
    };

    // Act
    const findings = exposures([statement]).map((f) => [f.principal, f.exposure]);

    // Assess
    expect(findings).toEqual([
      ['{"AWS":"999999999999"}', { kind: 'account', accountId: '999999999999' }],
      ['{"AWS":"arn:aws:iam::888888888888:root"}', { kind: 'account', accountId: '888888888888' }],
      ['{"AWS":"*"}', { kind: 'public' }],
      ['{"AWS":"AROAEXAMPLEID1234567"}', { kind: 'unrecognised' }],
      ['{"Federated":"accounts.google.com"}', { kind: 'federated', provider: 'accounts.google.com' }],
      [
        '{"CanonicalUser":"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"}',
        {
          kind: 'canonical-user',
          canonicalUser: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be',
        },
      ],
    ]);
  });

  it('reports an Allow with NotPrincipal as exposing everyone else', () => {
    // Act
    const findings = exposures([{ Effect: 'Allow', NotPrincipal: { AWS: OWN }, NotAction: 'ecr:Delete*' }]);

    // Assess
    expect(findings).toEqual([
      {
        statementIndex: 1,
        statementLabel: 'statement #1',
        exposure: { kind: 'not-principal' },
        principal: 'NotPrincipal',
        actions: ['ecr:Delete*'],
        notAction: true,
        notResource: false,
      },
    ]);
  });

  it('ignores Deny statements, pinned Allows, and Allows that grant nothing', () => {
    // Act
    const result = kinds([
      { Effect: 'Deny', Principal: '*', Action: '*' },
      { ...publicPull, Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG } } },
      { Effect: 'Allow', Principal: '*', Action: [] },
      { Effect: 'Allow', Principal: '*', Action: '*', Resource: [] },
      { Effect: 'Allow', Principal: { AWS: [] }, Action: '*' },
    ]);

    // Assess
    expect(result).toEqual([]);
  });

  it('treats a missing principal in an endpoint policy as everyone', () => {
    // Prepare
    const policy = parsePolicyDocument(
      { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
      { requirePrincipal: false },
    );

    // Act
    const findings = findExposures(policy, { trust, pinningKeys: ENDPOINT_POLICY_PINNING_KEYS });

    // Assess
    expect(findings.map((f) => [f.exposure, f.principal, f.resources])).toEqual([
      [{ kind: 'public' }, 'no Principal', ['*']],
    ]);
  });

  it('pins with the key set of the caller (endpoint policies: aws:ResourceAccount)', () => {
    // Prepare
    const statement = {
      Effect: 'Allow',
      Principal: '*',
      Action: '*',
      Resource: '*',
      Condition: { StringEquals: { 'aws:ResourceAccount': OWN } },
    };

    // Act
    const forEndpoint = kinds([statement], { trust, pinningKeys: ENDPOINT_POLICY_PINNING_KEYS });
    const forRepository = kinds([statement]);

    // Assess
    expect(forEndpoint).toEqual([]);
    expect(forRepository).toEqual(['statement #1: {"kind":"public"}']);
  });

  describe('what keeps an exposure open', () => {
    it('names the pinning key and the value that is not trusted: an endpoint the account does not own', () => {
      // Act
      const findings = exposures([
        { ...publicPull, Condition: { StringEquals: { 'aws:SourceVpce': ['vpce-0fff', OWN_VPCE] } } },
      ]);

      // Assess
      expect(findings.map((f) => [f.unpinned, f.shortDeny])).toEqual([
        [
          {
            kind: 'value',
            key: 'aws:SourceVpce',
            operator: 'StringEquals',
            value: 'vpce-0fff',
            valueKind: 'vpce',
            problem: 'untrusted',
          },
          undefined,
        ],
      ]);
    });

    it('names a pattern and an operator that cannot pin', () => {
      // Act
      const pattern = exposures([
        { ...publicPull, Condition: { StringLike: { 'aws:PrincipalAccount': '1234*' } } },
      ]);
      const ifExists = exposures([
        { ...publicPull, Condition: { StringEqualsIfExists: { 'aws:PrincipalOrgID': ORG } } },
      ]);

      // Assess
      expect(pattern[0]?.unpinned).toEqual({
        kind: 'value',
        key: 'aws:PrincipalAccount',
        operator: 'StringLike',
        value: '1234*',
        valueKind: 'account',
        problem: 'pattern',
      });
      expect(ifExists[0]?.unpinned).toEqual({
        kind: 'operator',
        key: 'aws:PrincipalOrgID',
        operator: 'StringEqualsIfExists',
      });
    });

    it('names nothing when no condition uses a pinning key', () => {
      // Act
      const findings = exposures([
        { ...publicPull, Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } },
      ]);

      // Assess
      expect(findings[0]?.unpinned).toBeUndefined();
      expect(findings[0]?.shortDeny).toBeUndefined();
    });

    it('names the Deny that covers the Allow but spares an untrusted organization', () => {
      // Prepare
      const spares = {
        ...orgGuard,
        Condition: { StringNotEquals: { 'aws:PrincipalOrgID': [ORG, 'o-zzzzzzzzzz'] } },
      };

      // Act
      const findings = exposures([publicPull, spares]);

      // Assess
      expect(findings.map((f) => f.shortDeny)).toEqual([
        {
          statementLabel: 'statement "OrgOnly"',
          miss: {
            kind: 'value',
            key: 'aws:PrincipalOrgID',
            operator: 'StringNotEquals',
            value: 'o-zzzzzzzzzz',
            valueKind: 'org',
            problem: 'untrusted',
          },
        },
      ]);
    });

    it('does not name a Deny that would not cover the Allow anyway (fewer actions)', () => {
      // Prepare
      const narrow = {
        ...orgGuard,
        Action: 'ecr:BatchGetImage',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      };

      // Act
      const findings = exposures([publicPull, narrow]);

      // Assess
      expect(findings[0]?.shortDeny).toBeUndefined();
    });
  });

  describe('Deny neutralisation', () => {
    it.each([
      ['StringNotEquals aws:PrincipalOrgID', orgGuard],
      [
        'StringNotEqualsIgnoreCase',
        { ...orgGuard, Condition: { StringNotEqualsIgnoreCase: { 'aws:PrincipalOrgID': ORG } } },
      ],
      [
        'StringNotEqualsIfExists (stronger)',
        { ...orgGuard, Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': ORG } } },
      ],
      [
        'StringNotLike aws:PrincipalArn, trusted account patterns',
        {
          ...orgGuard,
          Condition: {
            StringNotLike: { 'aws:PrincipalArn': [`arn:aws:iam::${OWN}:*`, `arn:aws:iam::${TRUSTED}:*`] },
          },
        },
      ],
      [
        'ArnNotLike aws:PrincipalArn',
        { ...orgGuard, Condition: { ArnNotLike: { 'aws:PrincipalArn': `arn:aws:iam::${OWN}:*` } } },
      ],
      [
        'StringNotEquals aws:PrincipalAccount',
        { ...orgGuard, Condition: { StringNotEquals: { 'aws:PrincipalAccount': [OWN, TRUSTED] } } },
      ],
      [
        'ForAllValues:StringNotLike aws:PrincipalOrgPaths',
        { ...orgGuard, Condition: { 'ForAllValues:StringNotLike': { 'aws:PrincipalOrgPaths': `${ORG}/*` } } },
      ],
      ['no condition (denies everyone)', { Effect: 'Deny', Principal: '*', Action: 'ecr:*' }],
      ['ecr:* on a repository covers Action "*"', { ...orgGuard, Action: 'ecr:*' }],
      ['a superset pattern', { ...orgGuard, Action: ['ecr:Batch*', 'ecr:Get*'] }],
      ['Resource "*"', { ...orgGuard, Resource: '*' }],
      ['Resource naming this repository', { ...orgGuard, Resource: 'arn:aws:ecr:*:*:repository/builder' }],
      [
        'NotPrincipal listing only trusted principals',
        {
          ...orgGuard,
          Principal: undefined,
          NotPrincipal: { AWS: [OWN, `arn:aws:iam::${TRUSTED}:role/x`], Service: 'codebuild.amazonaws.com' },
          Condition: undefined,
        },
      ],
    ])('neutralises a public Allow: %s', (_, deny) => {
      // Act
      const result = kinds([publicPull, deny]);

      // Assess
      expect(result).toEqual([]);
    });

    it.each([
      ['covering fewer actions', { ...orgGuard, Action: 'ecr:BatchGetImage' }],
      ['with NotAction', { ...orgGuard, Action: undefined, NotAction: 'ecr:PutImage' }],
      [
        'with an extra condition block',
        { ...orgGuard, Condition: { ...orgGuard.Condition, Bool: { 'aws:PrincipalIsAWSService': 'false' } } },
      ],
      [
        'with ForAnyValue:StringNotEquals (false when the key is absent)',
        { ...orgGuard, Condition: { 'ForAnyValue:StringNotEquals': { 'aws:PrincipalOrgID': ORG } } },
      ],
      [
        'naming an untrusted org',
        { ...orgGuard, Condition: { StringNotEquals: { 'aws:PrincipalOrgID': [ORG, 'o-zzzzzzzzzz'] } } },
      ],
      [
        'with a positive operator',
        { ...orgGuard, Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-zzzzzzzzzz' } } },
      ],
      [
        'with a non-pinning key',
        { ...orgGuard, Condition: { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } },
      ],
      [
        'for another repository',
        { ...orgGuard, Resource: 'arn:aws:ecr:eu-west-1:123456789012:repository/other' },
      ],
      [
        'with NotResource',
        { ...orgGuard, NotResource: 'arn:aws:ecr:eu-west-1:123456789012:repository/other' },
      ],
      ['for one account only', { ...orgGuard, Principal: { AWS: '999999999999' }, Condition: undefined }],
      ['for {"AWS":"*"} while the Allow names "*"', { ...orgGuard, Principal: { AWS: '*' } }],
      [
        'with NotPrincipal listing an untrusted account',
        {
          ...orgGuard,
          Principal: undefined,
          NotPrincipal: { AWS: [OWN, '999999999999'] },
          Condition: undefined,
        },
      ],
      [
        'with NotPrincipal listing a federated provider',
        {
          ...orgGuard,
          Principal: undefined,
          NotPrincipal: { Federated: 'accounts.google.com' },
          Condition: undefined,
        },
      ],
    ])('does not neutralise a public Allow when the Deny is %s', (_, deny) => {
      // Act
      const result = kinds([publicPull, deny]);

      // Assess
      expect(result).toEqual(['statement "PublicPull": {"kind":"public"}']);
    });

    it('needs the Deny to cover every action of an Allow with NotAction', () => {
      // Prepare
      const allowAllButDelete = { Effect: 'Allow', Principal: '*', NotAction: 'ecr:Delete*' };

      // Act
      const byEcrStar = kinds([allowAllButDelete, { ...orgGuard, Action: 'ecr:*' }]);
      const byGetStar = kinds([allowAllButDelete, { ...orgGuard, Action: 'ecr:Get*' }]);
      const withoutNamespace = kinds([allowAllButDelete, { ...orgGuard, Action: 'ecr:*' }], {
        ...options,
        actionNamespace: undefined,
      });

      // Assess
      expect(byEcrStar).toEqual([]);
      expect(byGetStar).toEqual(['statement #1: {"kind":"public"}']);
      expect(withoutNamespace).toEqual(['statement #1: {"kind":"public"}']);
    });

    it('lets a Deny of one account neutralise exactly that account', () => {
      // Prepare
      const allow = {
        Effect: 'Allow',
        Principal: { AWS: ['arn:aws:iam::999999999999:role/ci', '888888888888'] },
        Action: 'ecr:*',
      };
      const deny = { Effect: 'Deny', Principal: { AWS: 'arn:aws:iam::999999999999:root' }, Action: '*' };

      // Act
      const result = kinds([allow, deny]);

      // Assess
      expect(result).toEqual(['statement #1: {"kind":"account","accountId":"888888888888"}']);
    });

    it('lets a Deny of one role neutralise only the same role', () => {
      // Prepare
      const allow = {
        Effect: 'Allow',
        Principal: { AWS: ['arn:aws:iam::999999999999:role/ci', '999999999999'] },
        Action: 'ecr:*',
      };
      const deny = { Effect: 'Deny', Principal: { AWS: 'arn:aws:iam::999999999999:role/ci' }, Action: '*' };

      // Act
      const result = kinds([allow, deny]);

      // Assess: the two name the same account: one finding, not neutralised by a one-role Deny.
      expect(result).toEqual(['statement #1: {"kind":"account","accountId":"999999999999"}']);
    });

    it('checks Deny resources against the Allow resources when the resource is unknown', () => {
      // Prepare
      const allow = { Effect: 'Allow', Principal: '*', Action: '*', Resource: 'arn:aws:s3:::bucket/logs/*' };
      const covering = { Effect: 'Deny', Principal: '*', Action: '*', Resource: 'arn:aws:s3:::bucket/*' };
      const narrower = {
        Effect: 'Deny',
        Principal: '*',
        Action: '*',
        Resource: 'arn:aws:s3:::bucket/logs/a',
      };
      const noArn = { trust, pinningKeys: ENDPOINT_POLICY_PINNING_KEYS };

      // Act
      const covered = kinds([allow, covering], noArn);
      const uncovered = kinds([allow, narrower], noArn);

      // Assess
      expect(covered).toEqual([]);
      expect(uncovered).toEqual(['statement #1: {"kind":"public"}']);
    });
  });
});

describe('findExposures at the size of the largest endpoint policy', () => {
  it('checks a Deny against an Allow once, not once per principal the Allow names', () => {
    // Prepare: 1,500 unattributable principals and a Deny of 800 patterns that covers nothing
    // (about 18,000 characters; this took 2 to 4 s when coverage was recomputed per principal).
    const policy = parsePolicyDocument(
      {
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: Array.from({ length: 1500 }, (_, i) => `A${i}`) },
            Action: '*',
          },
          { Effect: 'Deny', Principal: '*', Action: Array.from({ length: 800 }, (_, i) => `x:${i}*`) },
        ],
      },
      { sizeLimit: { maxCharacters: 20_480, of: 'a VPC endpoint policy' } },
    );

    // Act
    const started = performance.now();
    const findings = findExposures(policy, options);
    const elapsed = performance.now() - started;

    // Assess
    expect(findings).toHaveLength(1500);
    expect(findings[0]?.exposure).toEqual({ kind: 'unrecognised' });
    expect(elapsed).toBeLessThan(500);
  });
});
