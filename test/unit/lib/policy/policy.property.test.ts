import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contextFor, parseRuleParameters } from '../../../../lib/engine/run';
import {
  type ExposureFinding,
  type ExposureOptions,
  findExposures,
  PolicyParseError,
  parsePolicyDocument,
  RESOURCE_POLICY_PINNING_KEYS,
  type TrustSet,
} from '../../../../lib/policy';
import type { PolicyInput } from '../../../../lib/resources/model';
import rule from '../../../../rules/ecr-repository-not-public';
import { ecrRepository } from '../../../fixtures/models';
import { isAllowed, type OracleRequest } from './iam-oracle';

/** An IAM policy variable, e.g. `${aws:username}` (written so it is not mistaken for a template). */
const policyVariable = (name: string) => `\${${name}}`;

const OWN = '123456789012';
const TRUSTED = '111111111111';
const U1 = '999999999999';
const U2 = '888888888888';
const ORG = 'o-a1b2c3d4e5';
const UORG = 'o-zzzzzzzzzz';
// Adversarial callers: ids that extend trusted ones, so a wildcard pattern would match them.
const PREFIX_ACCOUNT = '111111111112';
const PREFIX_ORG = `o-a1b2c3d4e5zz`;
const REPO_ARN = `arn:aws:ecr:eu-west-1:${OWN}:repository/builder`;
const OWN_VPC = 'vpc-0a1b';
const OWN_VPCE = 'vpce-0a1b2c3d';

const trust: TrustSet = {
  accounts: new Set([OWN, TRUSTED]),
  orgIds: new Set([ORG]),
  networkIds: new Set([OWN_VPC, OWN_VPCE]),
};
const options: ExposureOptions = {
  trust,
  pinningKeys: RESOURCE_POLICY_PINNING_KEYS,
  actionNamespace: 'ecr',
  resourceArn: REPO_ARN,
};

// ---------- arbitraries: anything at all, and IAM-shaped policies ----------

const anything = fc.anything({
  maxDepth: 4,
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
});

const oneOrMany = <T>(arb: fc.Arbitrary<T>) => fc.oneof(arb, fc.array(arb, { minLength: 1, maxLength: 3 }));

const awsPrincipal = fc.constantFrom(
  '*',
  OWN,
  TRUSTED,
  U1,
  `arn:aws:iam::${OWN}:root`,
  `arn:aws:iam::${TRUSTED}:role/deployer`,
  `arn:aws:iam::${U1}:root`,
  `arn:aws:iam::${U1}:role/ci`,
  `arn:aws:iam::${U2}:user/bob`,
);
const principal = fc.oneof(
  { weight: 3, arbitrary: fc.constant('*') },
  { weight: 3, arbitrary: fc.record({ AWS: oneOrMany(awsPrincipal) }) },
  { weight: 1, arbitrary: fc.record({ Service: fc.constant('codebuild.amazonaws.com') }) },
  {
    weight: 1,
    arbitrary: fc.record(
      {
        AWS: oneOrMany(awsPrincipal),
        Service: fc.constant('codebuild.amazonaws.com'),
        Federated: fc.constantFrom('accounts.google.com', `arn:aws:iam::${OWN}:saml-provider/Okta`),
      },
      { requiredKeys: ['AWS'] },
    ),
  },
);
const action = fc.constantFrom(
  '*',
  'ecr:*',
  'ecr:BatchGetImage',
  'ecr:Get*',
  'ecr:Batch*',
  'ecr:PutImage',
  'ECR:batchgetimage',
  'ecr:?etDownloadUrlForLayer',
  's3:*',
);
const resource = fc.constantFrom(
  '*',
  REPO_ARN,
  'arn:aws:ecr:*:*:repository/*',
  `arn:aws:ecr:eu-west-1:${OWN}:repository/other`,
);

const KEYS = [
  'aws:PrincipalOrgID',
  'aws:PrincipalOrgPaths',
  'aws:PrincipalAccount',
  'aws:PrincipalArn',
  'aws:SourceAccount',
  'aws:SourceOrgID',
  'aws:SourceArn',
  'aws:SourceVpc',
  'aws:SourceVpce',
  'aws:SourceIp',
  'aws:SecureTransport',
] as const;
const VALUES = [
  OWN,
  TRUSTED,
  U1,
  ORG,
  ORG.toUpperCase(),
  UORG,
  `${ORG}/*`,
  `${ORG}/r-ab12/ou-ab12-11111111/`,
  `${UORG}/*`,
  `${ORG}*`,
  `arn:aws:iam::${TRUSTED}:*`,
  `arn:aws:iam::${OWN}:role/*`,
  `arn:aws:iam::${U1}:role/ci`,
  'arn:aws:iam::*:role/ci',
  `arn:*:iam::${TRUSTED}:*`,
  `arn:aws:iam::${policyVariable('aws:PrincipalAccount')}:*`,
  `arn:aws:codebuild:eu-west-1:${OWN}:project/*`,
  OWN_VPC,
  'vpc-0fff',
  OWN_VPCE,
  'vpce-0fff',
  'vpc*',
  '*',
  '198.51.100.0/24',
  'true',
  'false',
] as const;
const BASES = [
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
  'StringLike',
  'StringNotLike',
  'ArnEquals',
  'ArnLike',
  'ArnNotEquals',
  'ArnNotLike',
  'Bool',
  'IpAddress',
  'NotIpAddress',
  'Null',
] as const;

/** Flips the case of some letters: condition key names are case-insensitive in IAM. */
const randomCase = (text: string, mask: number) =>
  Array.from(text, (char, i) => ((mask >> (i % 30)) & 1 ? char.toUpperCase() : char.toLowerCase())).join('');

const operator = fc
  .tuple(fc.constantFrom('', 'ForAnyValue:', 'ForAllValues:'), fc.constantFrom(...BASES), fc.boolean())
  .map(([set, base, ifExists]) => `${set}${base}${ifExists && base !== 'Null' ? 'IfExists' : ''}`);
const conditionKey = fc
  .tuple(fc.constantFrom(...KEYS), fc.nat(), fc.boolean())
  .map(([key, mask, mangle]) => (mangle ? randomCase(key, mask) : key));
const condition = fc.dictionary(
  operator,
  fc.dictionary(conditionKey, oneOrMany(fc.constantFrom(...VALUES)), { minKeys: 1, maxKeys: 2 }),
  {
    minKeys: 1,
    maxKeys: 2,
  },
);

const statement = fc
  .record(
    {
      Sid: fc.constantFrom('A', 'B', ''),
      Effect: fc.constantFrom('Allow', 'Allow', 'Deny'),
      principal: principal,
      notPrincipal: fc.boolean(),
      actions: oneOrMany(action),
      notAction: fc.constantFrom(false, false, false, true),
      resources: fc.option(oneOrMany(resource), { nil: undefined }),
      notResource: fc.constantFrom(false, false, false, true),
      Condition: fc.option(condition, { nil: undefined, freq: 2 }),
    },
    { requiredKeys: ['Effect', 'principal', 'notPrincipal', 'actions', 'notAction', 'notResource'] },
  )
  .map((s) => {
    const out: Record<string, unknown> = { Effect: s.Effect };
    if (s.Sid !== undefined) out.Sid = s.Sid;
    out[s.notPrincipal && s.Effect === 'Deny' ? 'NotPrincipal' : 'Principal'] = s.principal;
    out[s.notAction ? 'NotAction' : 'Action'] = s.actions;
    if (s.resources !== undefined) out[s.notResource ? 'NotResource' : 'Resource'] = s.resources;
    if (s.Condition !== undefined) out.Condition = s.Condition;
    return out;
  });

/** Valid policies, biased towards guarded ones so that "no exposure" verdicts are common. */
const policy = fc
  .tuple(fc.array(statement, { minLength: 0, maxLength: 4 }), fc.boolean())
  .map(([statements, single]) => {
    const [only] = statements;
    return {
      Version: '2012-10-17',
      Statement: single && only && statements.length === 1 ? only : statements,
    };
  });

/** Per pinning key: mostly values that name the trusted set, some that do not. */
const ORG_VALUES = [ORG, ORG, ORG.toUpperCase(), UORG, `${ORG}*`, 'o-*', '*'];
const ACCOUNT_VALUES = [OWN, TRUSTED, TRUSTED, U1, '1111111111*', '11111111111?', '*'];
const ARN_VALUES = [
  `arn:aws:iam::${TRUSTED}:*`,
  `arn:aws:iam::${OWN}:role/*`,
  `arn:aws:iam::${U1}:role/ci`,
  'arn:aws:iam::*:role/ci',
  `arn:*:iam::${TRUSTED}:*`,
  `arn:aws:iam::${policyVariable('aws:PrincipalAccount')}:*`,
  '*',
];
const GUARD_VALUES: Readonly<Record<string, readonly string[]>> = {
  'aws:PrincipalOrgID': ORG_VALUES,
  'aws:SourceOrgID': ORG_VALUES,
  'aws:PrincipalOrgPaths': [
    `${ORG}/*`,
    `${ORG}/r-ab12/ou-ab12-11111111/`,
    `${UORG}/*`,
    `${ORG}*`,
    `${ORG}*/*`,
    '*',
  ],
  'aws:PrincipalAccount': ACCOUNT_VALUES,
  'aws:SourceAccount': ACCOUNT_VALUES,
  'aws:PrincipalArn': ARN_VALUES,
  'aws:SourceArn': [...ARN_VALUES, `arn:aws:codebuild:eu-west-1:${OWN}:project/*`],
  'aws:SourceVpc': [OWN_VPC, 'vpc-0fff', 'vpc*'],
  'aws:SourceVpce': [OWN_VPCE, 'vpce-0fff', 'vpce*'],
};
const guardEntry = fc.constantFrom(...Object.keys(GUARD_VALUES)).chain((key) =>
  fc.tuple(
    fc.tuple(fc.nat(), fc.boolean()).map(([mask, mangle]) => (mangle ? randomCase(key, mask) : key)),
    oneOrMany(fc.constantFrom(...(GUARD_VALUES[key] ?? []))),
  ),
);

/** Policies whose Allows carry pinning-style conditions and whose Denies look like guards. */
const guardCondition = (bases: readonly string[]) =>
  fc.dictionary(
    fc
      .tuple(
        fc.constantFrom('', '', 'ForAnyValue:', 'ForAllValues:'),
        fc.constantFrom(...bases),
        fc.constantFrom(false, false, true),
      )
      .map(([set, base, ifExists]) => `${set}${base}${ifExists ? 'IfExists' : ''}`),
    fc.array(guardEntry, { minLength: 1, maxLength: 2 }).map((entries) => Object.fromEntries(entries)),
    { minKeys: 1, maxKeys: 2 },
  );
const guardedAllow = fc.record({
  Effect: fc.constant('Allow'),
  Principal: principal,
  Action: oneOrMany(action),
  Condition: guardCondition([
    'StringEquals',
    'StringEqualsIgnoreCase',
    'StringLike',
    'ArnEquals',
    'ArnLike',
    'StringNotEquals',
  ]),
});
const guardDeny = fc.record({
  Effect: fc.constant('Deny'),
  Principal: fc.oneof(fc.constant('*'), fc.record({ AWS: oneOrMany(awsPrincipal) })),
  Action: oneOrMany(action),
  Condition: guardCondition([
    'StringNotEquals',
    'StringNotEqualsIgnoreCase',
    'StringNotLike',
    'ArnNotEquals',
    'ArnNotLike',
    'StringEquals',
  ]),
});
const guardedPolicy = fc
  .tuple(fc.array(guardedAllow, { minLength: 1, maxLength: 3 }), fc.array(guardDeny, { maxLength: 2 }))
  .map(([allows, denies]) => ({
    Version: '2012-10-17',
    Statement: [...allows, ...denies] as Record<string, unknown>[],
  }));

/** One condition block, every part drawn independently: operator, set prefix, IfExists, key, values. */
const STRING_AND_ARN_BASES = BASES.slice(0, 10);
const singleBlock = fc
  .tuple(
    fc.constantFrom('', 'ForAnyValue:', 'ForAllValues:'),
    fc.constantFrom(...STRING_AND_ARN_BASES),
    fc.boolean(),
    guardEntry,
  )
  .map(([set, base, ifExists, [key, values]]) => ({
    [`${set}${base}${ifExists ? 'IfExists' : ''}`]: { [key]: values },
  }));
const openPrincipal = fc.constantFrom<unknown>(
  '*',
  { AWS: '*' },
  { AWS: U1 },
  { AWS: `arn:aws:iam::${PREFIX_ACCOUNT}:root` },
);
const broadAction = fc.constantFrom<unknown>('*', 'ecr:*', 'ecr:Get*', ['ecr:BatchGetImage', 'ecr:PutImage']);

/** An open Allow with one varied condition block: exercises pinning. */
const pinVariant = fc
  .record({
    Effect: fc.constant('Allow'),
    Principal: openPrincipal,
    Action: broadAction,
    Condition: singleBlock,
  })
  .map((allow) => ({ Statement: [allow] as Record<string, unknown>[] }));

/** An open Allow and a Deny with one varied condition block: exercises neutralisation. */
const denyVariant = fc
  .tuple(
    fc.record({ Effect: fc.constant('Allow'), Principal: openPrincipal, Action: broadAction }),
    fc.record({
      Effect: fc.constant('Deny'),
      Principal: fc.constantFrom<unknown>('*', '*', { AWS: '*' }),
      Action: broadAction,
      Condition: singleBlock,
    }),
  )
  .map(([allow, deny]) => ({ Statement: [allow, deny] as Record<string, unknown>[] }));

/** IAM-shaped objects with arbitrary junk anywhere: parsing must fail cleanly or succeed. */
const shapedPolicy = fc.record(
  {
    Version: fc.oneof(fc.constant('2012-10-17'), anything),
    Id: fc.oneof(fc.string(), anything),
    Statement: fc.oneof(
      fc.array(
        fc.oneof(
          statement,
          anything,
          fc.dictionary(
            fc.constantFrom(
              'Sid',
              'Effect',
              'Principal',
              'NotPrincipal',
              'Action',
              'NotAction',
              'Resource',
              'NotResource',
              'Condition',
              'effect',
            ),
            anything,
          ),
        ),
        { maxLength: 3 },
      ),
      statement,
      anything,
    ),
    statement: anything,
  },
  { requiredKeys: [] },
);

const findingKeys = (findings: readonly ExposureFinding[]) =>
  findings.map((f) => `${f.statementIndex}:${JSON.stringify(f.exposure)}:${f.principal}`);

/**
 * What a finding exposes, without the principal that represents it: findings for one account are
 * merged after Deny checks, so neutralising one of its principals may change the representative
 * (role/ci -> the account root) without exposing anything new.
 */
const exposureKeys = (findings: readonly ExposureFinding[]) =>
  findings.map((f) => `${f.statementIndex}:${JSON.stringify(f.exposure)}`);

// ---------- untrusted requests for the oracle ----------

const REQUEST_ACTIONS = [
  'ecr:BatchGetImage',
  'ecr:GetDownloadUrlForLayer',
  'ecr:PutImage',
  'ecr:DeleteRepository',
  'ecr:SetRepositoryPolicy',
];

function untrustedRequests(): OracleRequest[] {
  const requests: OracleRequest[] = [];
  for (const accountId of [U1, PREFIX_ACCOUNT]) {
    // The last ARN is adversarial: it embeds a trusted account after the real one, to catch a
    // wildcard that would be allowed to span colons.
    for (const principalArn of [
      `arn:aws:iam::${accountId}:role/ci`,
      `arn:aws:iam::${accountId}:root`,
      `arn:aws:iam::${accountId}:role/x:iam::${TRUSTED}:y`,
    ]) {
      for (const paths of [
        [],
        [`${UORG}/r-zz99/ou-zz99-11111111/`],
        [`${UORG}/r-zz99/ou-zz99-1/`, `${UORG}/r-zz99/ou-zz99-2/`],
        [`${PREFIX_ORG}/r-zz99/ou-zz99-1/`],
      ]) {
        for (const vpc of [undefined, 'vpc-0fff']) {
          for (const vpce of [undefined, 'vpce-0fff']) {
            for (const action of REQUEST_ACTIONS) {
              const context = new Map<string, string[]>([
                ['aws:principalaccount', [accountId]],
                ['aws:principalarn', [principalArn]],
                ['aws:sourceip', ['198.51.100.7']],
                ['aws:securetransport', ['true']],
              ]);
              const org = paths[0]?.split('/')[0];
              if (org !== undefined) {
                context.set('aws:principalorgid', [org]);
                context.set('aws:principalorgpaths', paths);
              }
              if (vpc) context.set('aws:sourcevpc', [vpc]);
              if (vpce) context.set('aws:sourcevpce', [vpce]);
              requests.push({ accountId, principalArn, action, resource: REPO_ARN, context });
            }
          }
        }
      }
    }
  }
  return requests;
}
const UNTRUSTED_REQUESTS = untrustedRequests();

// ---------- properties ----------

describe('policy analysis properties', () => {
  it('parsePolicyDocument throws nothing but PolicyParseError on any value', () => {
    fc.assert(
      fc.property(fc.oneof(anything, shapedPolicy, policy), (value) => {
        // Act
        let thrown: unknown;
        try {
          parsePolicyDocument(value);
        } catch (error) {
          thrown = error;
        }

        // Assess
        expect(thrown === undefined || thrown instanceof PolicyParseError).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('the rule never throws and always returns a well-formed verdict', () => {
    // Prepare
    const params = parseRuleParameters(rule, { trustedAccounts: TRUSTED, trustedOrgIds: ORG });
    const context = contextFor(OWN, 'eu-west-1', params.common, new Date('2026-11-25T00:00:00Z'));
    const input: fc.Arbitrary<PolicyInput> = fc.oneof(
      fc.constant({ kind: 'none' as const }),
      fc.string().map((reason) => ({ kind: 'unparsable' as const, text: '', reason })),
      fc.oneof(anything, shapedPolicy, policy).map((document) => ({ kind: 'document' as const, document })),
      fc.oneof(shapedPolicy, policy).map((document) => {
        let text: string;
        try {
          text = JSON.stringify(document) ?? '';
        } catch {
          text = '{';
        }
        return { kind: 'document' as const, document: text };
      }),
    );

    fc.assert(
      fc.property(input, fc.string({ maxLength: 300 }), (policyInput, name) => {
        // Act
        const verdict = rule.evaluate(
          ecrRepository({ name: name || 'builder', policy: policyInput }),
          context,
          params.own,
        );

        // Assess
        expect(['COMPLIANT', 'NON_COMPLIANT']).toContain(verdict.compliance);
        if (verdict.compliance === 'NON_COMPLIANT') {
          expect(verdict.annotation.length).toBeGreaterThan(0);
          expect(verdict.annotation.length).toBeLessThanOrEqual(256);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('is sound: when it reports no exposure, no untrusted caller is allowed (independent IAM evaluator)', () => {
    let guarded = 0;
    let guardedAllows = 0;
    fc.assert(
      fc.property(fc.oneof(policy, guardedPolicy, pinVariant, denyVariant), (document) => {
        // Act
        const findings = findExposures(parsePolicyDocument(document), options);

        // Assess
        if (findings.length > 0) return;
        guarded++;
        const statements = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
        if (statements.some((s) => s.Effect === 'Allow')) guardedAllows++;
        for (const request of UNTRUSTED_REQUESTS) {
          for (const reading of ['any', 'all'] as const) {
            if (isAllowed(document, request, reading)) {
              throw new Error(`no exposure reported, yet ${request.principalArn} may ${request.action}`);
            }
          }
        }
      }),
      { numRuns: 3000 },
    );
    // The property is only meaningful if "no exposure" cases were generated often enough.
    expect(guarded).toBeGreaterThan(350);
    expect(guardedAllows).toBeGreaterThan(200);
  });

  it('uses an oracle that tells open policies from guarded ones', () => {
    // Prepare
    const open = { Statement: [{ Effect: 'Allow', Principal: '*', Action: 'ecr:*' }] };
    const pinned = {
      Statement: [{ ...open.Statement[0], Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG } } }],
    };
    const request = UNTRUSTED_REQUESTS.find((r) => r.context.has('aws:principalorgid'));
    if (!request) throw new Error('no request with an organization');

    // Act
    const results = [isAllowed(open, request, 'any'), isAllowed(pinned, request, 'any')];

    // Assess
    expect(results).toEqual([true, false]);
  });

  it('adding a Deny statement never adds a finding', () => {
    fc.assert(
      fc.property(policy, statement, (document, extra) => {
        // Prepare
        const statements = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
        const deny = { ...extra, Effect: 'Deny' };

        // Act
        const before = exposureKeys(findExposures(parsePolicyDocument({ Statement: statements }), options));
        const after = exposureKeys(
          findExposures(parsePolicyDocument({ Statement: [...statements, deny] }), options),
        );

        // Assess
        for (const key of after) expect(before).toContain(key);
      }),
      { numRuns: 500 },
    );
  });

  it('adding a condition to a statement never adds a finding (conditions are ANDed)', () => {
    fc.assert(
      fc.property(policy, condition, fc.nat(), (document, extra, pick) => {
        // Prepare
        const statements: Record<string, unknown>[] = Array.isArray(document.Statement)
          ? document.Statement
          : [document.Statement];
        fc.pre(statements.length > 0);
        const at = pick % statements.length;
        const target = statements[at] ?? {};
        if (target.Effect !== 'Allow') return;
        const current = (target.Condition ?? {}) as Record<string, Record<string, unknown>>;
        const merged: Record<string, Record<string, unknown>> = { ...current };
        for (const [op, keys] of Object.entries(extra)) merged[op] = { ...(merged[op] ?? {}), ...keys };
        // Only a strict addition: a key that was already there would be replaced, not ANDed.
        fc.pre(
          Object.entries(extra).every(([op, keys]) =>
            Object.keys(keys).every((k) => current[op]?.[k] === undefined),
          ),
        );
        const narrowed = statements.map((s, i) => (i === at ? { ...s, Condition: merged } : s));

        // Act
        const before = exposureKeys(findExposures(parsePolicyDocument({ Statement: statements }), options));
        const after = exposureKeys(findExposures(parsePolicyDocument({ Statement: narrowed }), options));

        // Assess
        for (const key of after) expect(before).toContain(key);
      }),
      { numRuns: 500 },
    );
  });

  it('trusting more never adds a finding', () => {
    // Prepare
    const wider: ExposureOptions = {
      ...options,
      trust: {
        ...trust,
        accounts: new Set([...trust.accounts, U1]),
        orgIds: new Set([...trust.orgIds, UORG]),
      },
    };

    fc.assert(
      fc.property(policy, (document) => {
        // Act
        const parsed = parsePolicyDocument(document);
        const narrow = exposureKeys(findExposures(parsed, options));
        const wide = exposureKeys(findExposures(parsed, wider));

        // Assess
        for (const key of wide) expect(narrow).toContain(key);
      }),
      { numRuns: 500 },
    );
  });

  it('is deterministic and ignores the case of condition key names', () => {
    fc.assert(
      fc.property(policy, fc.nat(), (document, mask) => {
        // Prepare
        const recased = JSON.parse(
          JSON.stringify(document).replace(
            /"(aws:[A-Za-z]+)":/g,
            (_, key: string) => `"${randomCase(key, mask)}":`,
          ),
        ) as unknown;

        // Act
        const first = findExposures(parsePolicyDocument(document), options);
        const again = findExposures(parsePolicyDocument(document), options);
        const fromRecased = findExposures(parsePolicyDocument(recased), options);

        // Assess
        expect(again).toEqual(first);
        expect(findingKeys(fromRecased)).toEqual(findingKeys(first));
      }),
      { numRuns: 500 },
    );
  });

  it('always reports an unconditioned public Allow that no Deny touches', () => {
    fc.assert(
      fc.property(fc.array(statement, { maxLength: 3 }), oneOrMany(action), (others, actions) => {
        // Prepare
        const allows = others.filter((s) => s.Effect === 'Allow');
        const statements = [...allows, { Sid: 'Open', Effect: 'Allow', Principal: '*', Action: actions }];

        // Act
        const findings = findExposures(parsePolicyDocument({ Statement: statements }), options);

        // Assess
        expect(findings.some((f) => f.sid === 'Open' && f.exposure.kind === 'public')).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
