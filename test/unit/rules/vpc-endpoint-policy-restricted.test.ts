import { describe, expect, it } from 'vitest';
import { evaluateResources, RunInputs } from '../../../lib/engine/inputs';
import { parseParameters } from '../../../lib/engine/params';
import { contextFor, parseRuleParameters } from '../../../lib/engine/run';
import { modelFromConfigurationItem } from '../../../lib/resources';
import type { VpcEndpoint } from '../../../lib/resources/model';
import rule from '../../../rules/vpc-endpoint-policy-restricted';
import { invocationItem } from '../../fixtures/config';
import { vpcEndpoint } from '../../fixtures/models';
import { fakeReaders } from '../lib/cli/support';
import { scenarios } from './scenarios';

const OWN = '123456789012';
const TRUSTED = '111111111111';
const UNTRUSTED = '999999999999';
const ORG = 'o-a1b2c3d4e5';
const UNTRUSTED_ORG = 'o-zzzzzzzzzz';
const NOW = new Date('2026-11-25T00:00:00Z');
const ID = 'vpce-0123456789abcdef0';

const common = parseRuleParameters(rule, { trustedAccounts: TRUSTED, trustedOrgIds: ORG }).common;
const context = contextFor(OWN, 'eu-west-1', common, NOW);
const own = parseParameters(rule.parameters, {});

const SUFFIX = ': data can leave; to pass, pin callers or targets to the trusted set';
const DKR = `${ID} (ecr.dkr)`;
const ANY = (statement: string, label = DKR) =>
  `${label} policy allows any principal to reach any account's resources (${statement})${SUFFIX}`;
const DEFAULT_POLICY = (label: string) =>
  `${label} has the default full-access policy (none attached), which allows any principal to reach any account's resources${SUFFIX}`;

const ALLOW_ALL = { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' };

/** An Allow * / * / * with the given condition block. */
const allowAllIf = (condition: Record<string, Record<string, unknown>>) => ({
  ...ALLOW_ALL,
  Condition: condition,
});

const document = (...statements: unknown[]): VpcEndpoint['policy'] => ({
  kind: 'document',
  document: { Version: '2012-10-17', Statement: statements },
});

/** The ecr.dkr interface endpoint (or another, via overrides) with these statements. */
const withStatements = (statements: unknown[], overrides: Partial<VpcEndpoint> = {}): VpcEndpoint =>
  vpcEndpoint({ policy: document(...statements), ...overrides });

const s3Gateway = (overrides: Partial<VpcEndpoint> = {}): VpcEndpoint =>
  vpcEndpoint({
    endpointType: 'Gateway',
    serviceName: 'com.amazonaws.eu-west-1.s3',
    privateDnsEnabled: false,
    routeTableIds: ['rtb-0a1'],
    subnetIds: [],
    securityGroupIds: [],
    ...overrides,
  });

const evaluate = (endpoint: VpcEndpoint) => rule.evaluate(endpoint, context, own);

describe('vpc-endpoint-policy-restricted', () => {
  scenarios(evaluate, [
    [
      'Given an interface endpoint without a policy document, then NON_COMPLIANT naming the default full-access policy',
      vpcEndpoint({ policy: { kind: 'none' } }),
      { compliance: 'NON_COMPLIANT', annotation: DEFAULT_POLICY(DKR) },
    ],
    [
      'Given a gateway S3 endpoint without a policy document, then NON_COMPLIANT naming the default full-access policy',
      s3Gateway({ policy: { kind: 'none' } }),
      { compliance: 'NON_COMPLIANT', annotation: DEFAULT_POLICY(`${ID} (s3)`) },
    ],
    [
      'Given the explicit full-access policy, then NON_COMPLIANT naming statement #1',
      withStatements([ALLOW_ALL]),
      { compliance: 'NON_COMPLIANT', annotation: ANY('statement #1') },
    ],
  ]);

  it('evaluates the full-access policy of the Config fixture (JSON text in the CI) the same way', () => {
    // Prepare
    const endpoint = modelFromConfigurationItem(invocationItem('vpc-endpoint'));
    if (endpoint.resourceType !== 'AWS::EC2::VPCEndpoint') throw new Error('not an endpoint');

    // Act
    const verdict = evaluate(endpoint);

    // Assess
    expect(verdict).toEqual({ compliance: 'NON_COMPLIANT', annotation: ANY('statement #1') });
  });

  scenarios(evaluate, [
    [
      'Given an Allow * / * with Sid AllowAll, then NON_COMPLIANT naming statement "AllowAll"',
      withStatements([{ Sid: 'AllowAll', ...ALLOW_ALL }]),
      {
        compliance: 'NON_COMPLIANT',
        annotation: `${ID} (ecr.dkr) policy allows any principal to reach any account's resources (statement "AllowAll")${SUFFIX}`,
      },
    ],
    [
      'Given an Allow without Principal (endpoint policies may omit it), then NON_COMPLIANT',
      withStatements([{ Effect: 'Allow', Action: '*', Resource: '*' }]),
      { compliance: 'NON_COMPLIANT', annotation: ANY('statement #1') },
    ],
    [
      'Given Principal {"AWS":"*"}, then NON_COMPLIANT',
      withStatements([{ ...ALLOW_ALL, Principal: { AWS: '*' } }]),
      { compliance: 'NON_COMPLIANT', annotation: ANY('statement #1') },
    ],
    [
      'Given an Allow * / * pinned by aws:PrincipalAccount to the own account, then COMPLIANT',
      withStatements([allowAllIf({ StringEquals: { 'aws:PrincipalAccount': OWN } })]),
      { compliance: 'COMPLIANT' },
    ],
    [
      'Given an Allow * / * pinned by aws:PrincipalOrgID to a trusted org, then COMPLIANT',
      withStatements([allowAllIf({ StringEquals: { 'aws:PrincipalOrgID': ORG } })]),
      { compliance: 'COMPLIANT' },
    ],
    [
      'Given an Allow * / * pinned by aws:ResourceAccount to a trusted account, then COMPLIANT',
      withStatements([allowAllIf({ StringEquals: { 'aws:ResourceAccount': [OWN, TRUSTED] } })]),
      { compliance: 'COMPLIANT' },
    ],
    [
      'Given an Allow * / * pinned by aws:ResourceOrgID to a trusted org, then COMPLIANT',
      withStatements([allowAllIf({ StringEquals: { 'aws:ResourceOrgID': ORG } })]),
      { compliance: 'COMPLIANT' },
    ],
    [
      'Given a pinning key spelt in another case, then COMPLIANT',
      withStatements([allowAllIf({ StringEquals: { 'AWS:principalaccount': OWN } })]),
      { compliance: 'COMPLIANT' },
    ],
    [
      'Given aws:PrincipalAccount naming an untrusted account, then NON_COMPLIANT',
      withStatements([allowAllIf({ StringEquals: { 'aws:PrincipalAccount': UNTRUSTED } })]),
      {
        compliance: 'NON_COMPLIANT',
        annotation: ANY(`statement #1: aws:PrincipalAccount names untrusted account ${UNTRUSTED}`),
      },
    ],
    [
      'Given aws:ResourceOrgID naming an untrusted org, then NON_COMPLIANT',
      withStatements([allowAllIf({ StringEquals: { 'aws:ResourceOrgID': UNTRUSTED_ORG } })]),
      {
        compliance: 'NON_COMPLIANT',
        annotation: ANY(`statement #1: aws:ResourceOrgID names untrusted organization ${UNTRUSTED_ORG}`),
      },
    ],
    [
      'Given aws:PrincipalAccount listing a trusted and an untrusted account, then NON_COMPLIANT',
      withStatements([allowAllIf({ StringEquals: { 'aws:PrincipalAccount': [OWN, UNTRUSTED] } })]),
      {
        compliance: 'NON_COMPLIANT',
        annotation: ANY(`statement #1: aws:PrincipalAccount names untrusted account ${UNTRUSTED}`),
      },
    ],
    [
      'Given StringEqualsIfExists on aws:PrincipalAccount, then NON_COMPLIANT (a request without the key passes)',
      withStatements([allowAllIf({ StringEqualsIfExists: { 'aws:PrincipalAccount': OWN } })]),
      {
        compliance: 'NON_COMPLIANT',
        annotation: ANY(
          `statement #1: StringEqualsIfExists on aws:PrincipalAccount lets other callers through`,
        ),
      },
    ],
    [
      'Given StringNotEquals aws:PrincipalOrgID on an Allow, then NON_COMPLIANT',
      withStatements([allowAllIf({ StringNotEquals: { 'aws:PrincipalOrgID': ORG } })]),
      {
        compliance: 'NON_COMPLIANT',
        annotation: ANY(`statement #1: StringNotEquals on aws:PrincipalOrgID lets other callers through`),
      },
    ],
    [
      'Given a pinning key that is not an endpoint pinning key (aws:SourceVpc), then NON_COMPLIANT',
      withStatements([allowAllIf({ StringEquals: { 'aws:SourceVpc': 'vpc-0a1b' } })]),
      { compliance: 'NON_COMPLIANT', annotation: ANY('statement #1') },
    ],
    [
      'Given only an aws:SecureTransport condition, then NON_COMPLIANT',
      withStatements([allowAllIf({ Bool: { 'aws:SecureTransport': 'true' } })]),
      { compliance: 'NON_COMPLIANT', annotation: ANY('statement #1') },
    ],
    [
      'Given resources naming only the own account, then COMPLIANT',
      withStatements([
        {
          ...ALLOW_ALL,
          Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
          Resource: [`arn:aws:ecr:eu-west-1:${OWN}:repository/*`, `arn:aws:ecr:eu-west-1:${OWN}:*`],
        },
      ]),
      { compliance: 'COMPLIANT' },
    ],
    [
      'Given resources naming an account from trustedAccounts, then COMPLIANT',
      withStatements([{ ...ALLOW_ALL, Resource: `arn:aws:ecr:eu-west-1:${TRUSTED}:repository/base-images` }]),
      { compliance: 'COMPLIANT' },
    ],
    [
      'Given resources naming an untrusted account, then NON_COMPLIANT naming the resource',
      withStatements([
        {
          Sid: 'Push',
          ...ALLOW_ALL,
          Resource: [
            `arn:aws:ecr:eu-west-1:${OWN}:repository/*`,
            `arn:aws:ecr:eu-west-1:${UNTRUSTED}:repository/*`,
          ],
        },
      ]),
      {
        compliance: 'NON_COMPLIANT',
        annotation:
          `${DKR} policy allows any principal to reach resources not pinned to trusted accounts ` +
          `(arn:aws:ecr:eu-west-1:${UNTRUSTED}:repository/*) (statement "Push")${SUFFIX}`,
      },
    ],
  ]);

  it.each([
    ['a wildcard account field', 'arn:aws:ecr:eu-west-1:*:repository/*'],
    ['a wildcard region before the account field (may span colons)', `arn:aws:ecr:*:${OWN}:repository/*`],
    ['a partial account id', `arn:aws:ecr:eu-west-1:${OWN.slice(0, 6)}*:repository/*`],
  ])('Given a resource with %s, then NON_COMPLIANT', (_, resource) => {
    // Prepare
    const endpoint = withStatements([{ ...ALLOW_ALL, Resource: resource }]);

    // Act
    const verdict = evaluate(endpoint);

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: `${DKR} policy allows any principal to reach resources not pinned to trusted accounts (${resource}) (statement #1)${SUFFIX}`,
    });
  });

  it('Given a statement with NotResource, then NON_COMPLIANT "... any account\'s resources ..."', () => {
    // Prepare
    const { Resource, ...allow } = ALLOW_ALL;
    const endpoint = withStatements([{ ...allow, NotResource: `arn:aws:ecr:eu-west-1:${OWN}:repository/*` }]);

    // Act
    const verdict = evaluate(endpoint);

    // Assess
    expect(verdict).toEqual({ compliance: 'NON_COMPLIANT', annotation: ANY('statement #1') });
  });

  scenarios(evaluate, [
    [
      'Given an S3 bucket ARN without condition, then NON_COMPLIANT (a bucket ARN names no account)',
      s3Gateway({
        policy: document({
          Sid: 'EcrLayers',
          Effect: 'Allow',
          Principal: '*',
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::prod-eu-west-1-starport-layer-bucket/*',
        }),
      }),
      {
        compliance: 'NON_COMPLIANT',
        annotation:
          `${ID} (s3) policy allows any principal to reach resources not pinned to trusted accounts ` +
          `(arn:aws:s3:::prod-eu-west-1-starport-layer-bucket/*) (statement "EcrLayers")${SUFFIX}`,
      },
    ],
    [
      'Given an S3 bucket ARN pinned by aws:PrincipalAccount, then COMPLIANT',
      s3Gateway({
        policy: document({
          Sid: 'EcrLayers',
          Effect: 'Allow',
          Principal: '*',
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::prod-eu-west-1-starport-layer-bucket/*',
          Condition: { StringEquals: { 'aws:PrincipalAccount': OWN } },
        }),
      }),
      { compliance: 'COMPLIANT' },
    ],
    [
      'Given the own account as principal with resource *, then COMPLIANT',
      withStatements([{ ...ALLOW_ALL, Principal: { AWS: `arn:aws:iam::${OWN}:root` } }]),
      { compliance: 'COMPLIANT' },
    ],
    [
      'Given an untrusted account as principal with resource *, then NON_COMPLIANT naming the account',
      withStatements([{ ...ALLOW_ALL, Principal: { AWS: [OWN, `arn:aws:iam::${UNTRUSTED}:role/ci`] } }]),
      {
        compliance: 'NON_COMPLIANT',
        annotation: `${DKR} policy allows account ${UNTRUSTED} to reach any account's resources (statement #1)${SUFFIX}`,
      },
    ],
  ]);

  it('Given an Allow with NotPrincipal, then NON_COMPLIANT', () => {
    // Prepare
    const { Principal, ...allow } = ALLOW_ALL;
    const endpoint = withStatements([{ ...allow, NotPrincipal: { AWS: `arn:aws:iam::${UNTRUSTED}:root` } }]);

    // Act
    const verdict = evaluate(endpoint);

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: `${DKR} policy allows every principal not listed in its NotPrincipal to reach any account's resources (statement #1)${SUFFIX}`,
    });
  });

  scenarios(evaluate, [
    [
      'Given a service principal only, then COMPLIANT',
      withStatements([{ ...ALLOW_ALL, Principal: { Service: 'codebuild.amazonaws.com' } }]),
      { compliance: 'COMPLIANT' },
    ],
    [
      'Given an Allow * / * and a Deny of everything outside the trusted org, then COMPLIANT',
      withStatements([
        ALLOW_ALL,
        {
          Effect: 'Deny',
          Principal: '*',
          Action: '*',
          Resource: '*',
          Condition: { StringNotEquals: { 'aws:PrincipalOrgID': ORG } },
        },
      ]),
      { compliance: 'COMPLIANT' },
    ],
    [
      'Given an Allow * / * and a Deny of every resource outside the own account, then COMPLIANT',
      withStatements([
        ALLOW_ALL,
        {
          Effect: 'Deny',
          Principal: '*',
          Action: '*',
          Resource: '*',
          Condition: { StringNotEquals: { 'aws:ResourceAccount': OWN } },
        },
      ]),
      { compliance: 'COMPLIANT' },
    ],
    [
      'Given an Allow * / * and a Deny of ecr:* outside the trusted org on an ECR endpoint, then COMPLIANT',
      withStatements([
        ALLOW_ALL,
        {
          Effect: 'Deny',
          Principal: '*',
          Action: 'ecr:*',
          Resource: '*',
          Condition: { StringNotEquals: { 'aws:PrincipalOrgID': ORG } },
        },
      ]),
      { compliance: 'COMPLIANT' },
    ],
    [
      'does not let a Deny of ecr:* cover an Allow of * on an S3 endpoint',
      s3Gateway({
        policy: document(ALLOW_ALL, {
          Effect: 'Deny',
          Principal: '*',
          Action: 'ecr:*',
          Resource: '*',
          Condition: { StringNotEquals: { 'aws:PrincipalOrgID': ORG } },
        }),
      }),
      { compliance: 'NON_COMPLIANT', annotation: ANY('statement #1', `${ID} (s3)`) },
    ],
    [
      'Given an Allow * / * and a Deny covering fewer actions, then NON_COMPLIANT',
      withStatements([
        ALLOW_ALL,
        {
          Effect: 'Deny',
          Principal: '*',
          Action: 'ecr:BatchGetImage',
          Resource: '*',
          Condition: { StringNotEquals: { 'aws:PrincipalOrgID': ORG } },
        },
      ]),
      { compliance: 'NON_COMPLIANT', annotation: ANY('statement #1') },
    ],
    [
      'Given only Deny statements, then COMPLIANT',
      withStatements([{ Effect: 'Deny', Principal: '*', Action: 'ecr:PutImage', Resource: '*' }]),
      { compliance: 'COMPLIANT' },
    ],
    [
      'Given a policy with an empty Statement list, then COMPLIANT',
      withStatements([]),
      { compliance: 'COMPLIANT' },
    ],
    [
      'Given several exposing statements, then NON_COMPLIANT listing each by Sid or index',
      withStatements([
        { Sid: 'Pull', ...ALLOW_ALL, Action: 'ecr:BatchGetImage' },
        allowAllIf({ StringEquals: { 'aws:PrincipalOrgID': ORG } }),
        { ...ALLOW_ALL, Principal: { AWS: UNTRUSTED } },
      ]),
      {
        compliance: 'NON_COMPLIANT',
        annotation:
          `${DKR} policy allows any principal to reach any account's resources (statement "Pull"); ` +
          `account ${UNTRUSTED} to reach any account's resources (statement #3)${SUFFIX}`,
      },
    ],
  ]);

  it('Given very many exposing statements, then the annotation stays within 256 characters', () => {
    // Prepare
    const statements = Array.from({ length: 12 }, (_, index) => ({ Sid: `Statement${index}`, ...ALLOW_ALL }));
    const endpoint = withStatements(statements);

    // Act
    const verdict = evaluate(endpoint);

    // Assess
    expect(verdict.compliance).toBe('NON_COMPLIANT');
    expect(verdict.annotation?.length).toBeLessThanOrEqual(256);
    expect(verdict.annotation).toMatch(
      new RegExp(
        `^${DKR.replace(/[()]/g, '\\$&')} policy allows any principal .*\\(statement "Statement0"\\);.* and \\d+ more$`,
      ),
    );
  });

  scenarios(evaluate, [
    [
      'Given unparsable policy text, then NON_COMPLIANT "... endpoint policy is unparsable: <reason>"',
      vpcEndpoint({
        policy: {
          kind: 'unparsable',
          text: '{"Statement": [',
          reason: 'invalid JSON: Unexpected end of JSON input',
        },
      }),
      {
        compliance: 'NON_COMPLIANT',
        annotation: `${DKR} endpoint policy is unparsable: invalid JSON: Unexpected end of JSON input`,
      },
    ],
    [
      'Given a document IAM would reject (Effect "allow"), then NON_COMPLIANT naming the reason',
      withStatements([{ ...ALLOW_ALL, Effect: 'allow' }]),
      {
        compliance: 'NON_COMPLIANT',
        annotation: `${DKR} endpoint policy is unparsable: statement #1 Effect must be "Allow" or "Deny" (case-sensitive), not "allow"`,
      },
    ],
    [
      'Given a FIPS endpoint (ecr-fips.api) without a policy document, then NON_COMPLIANT naming ecr-fips.api',
      vpcEndpoint({
        serviceName: 'com.amazonaws.us-east-1.ecr-fips.api',
        policy: { kind: 'none' },
      }),
      {
        compliance: 'NON_COMPLIANT',
        annotation: DEFAULT_POLICY(`${ID} (ecr-fips.api)`),
      },
    ],
    [
      'Given an interface endpoint of a service not known to support policies and no document, then NOT_APPLICABLE with the reason',
      vpcEndpoint({
        serviceName: 'com.amazonaws.eu-west-1.ssmmessages',
        policy: { kind: 'none' },
      }),
      {
        compliance: 'NOT_APPLICABLE',
        annotation: `${ID} (ssmmessages) has no endpoint policy and ssmmessages is not known to support endpoint policies`,
      },
    ],
    [
      'Given an interface endpoint of such a service with a document, then it is evaluated',
      withStatements([ALLOW_ALL], { serviceName: 'com.amazonaws.eu-west-1.ssmmessages' }),
      {
        compliance: 'NON_COMPLIANT',
        annotation: ANY('statement #1', `${ID} (ssmmessages)`),
      },
    ],
  ]);

  it.each([
    ['GatewayLoadBalancer', 'com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0'],
    ['Resource', ''],
    ['ServiceNetwork', ''],
  ])('Given a %s endpoint, then NOT_APPLICABLE', (endpointType, serviceName) => {
    // Prepare
    const endpoint = vpcEndpoint({ endpointType, serviceName, policy: { kind: 'none' } });

    // Act
    const verdict = evaluate(endpoint);

    // Assess
    expect(verdict).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation: `${ID} is a ${endpointType} endpoint: endpoint policies apply to interface and gateway endpoints only`,
    });
  });

  it('Given an endpoint to an endpoint service of another owner, then NOT_APPLICABLE', () => {
    // Prepare
    const serviceName = 'com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0';
    const endpoint = vpcEndpoint({ serviceName, policy: { kind: 'none' } });

    // Act
    const verdict = evaluate(endpoint);

    // Assess
    expect(verdict).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation: `${ID} connects to ${serviceName}, an endpoint service of another owner: AWS allows full access and no endpoint policy applies`,
    });
  });

  it("trusts the endpoint's own account even when it differs from the evaluating account (the engine's trust)", async () => {
    // Prepare
    const endpoint = withStatements(
      [allowAllIf({ StringEquals: { 'aws:PrincipalAccount': '222222222222' } })],
      {
        accountId: '222222222222',
      },
    );
    const params = parseRuleParameters(rule, { trustedAccounts: TRUSTED, trustedOrgIds: ORG });

    // Act
    const outcome = await evaluateResources(rule, params, [endpoint], new RunInputs(fakeReaders({})), {
      accountId: OWN,
      region: 'eu-west-1',
      now: NOW,
    });

    // Assess
    expect(outcome.evaluations.map((e) => e.compliance)).toEqual(['COMPLIANT']);
  });

  it('Given a policy longer than 20,480 characters, then NON_COMPLIANT naming the limit', () => {
    // Prepare: 500 statements of about 45 characters each.
    const deny = { Effect: 'Deny', Principal: '*', Action: 'ecr:PutImage' };
    const endpoint = withStatements(Array(500).fill(deny));

    // Act
    const verdict = evaluate(endpoint);

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: `${DKR} endpoint policy is unparsable: the policy is longer than 20,480 characters, the most AWS accepts for a VPC endpoint policy; not analysed`,
    });
  });
});
