import { describe, expect, it } from 'vitest';
import { contextFor, parseRuleParameters } from '../../../lib/engine/run';
import type { EcrRepository } from '../../../lib/resources/model';
import rule from '../../../rules/ecr-repository-not-public';
import { ecrRepository } from '../../fixtures/models';
import { scenarios } from './scenarios';

const OWN = '123456789012';
const TRUSTED = '111111111111';
const UNTRUSTED = '999999999999';
const ORG = 'o-a1b2c3d4e5';
const NOW = new Date('2026-11-25T00:00:00Z');

const params = parseRuleParameters(rule, { trustedAccounts: TRUSTED, trustedOrgIds: ORG });
const OWN_VPC = 'vpc-0a1b';
const OWN_VPCE = 'vpce-0123456789abcdef0';
/** The engine fills networkIds with what the account owns in the Region (lib/engine/inputs.ts). */
const context = contextFor(OWN, 'eu-west-1', params.common, NOW, new Set([OWN_VPC, OWN_VPCE]));

const PULL = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'];
const SUFFIX = '; to pass, limit callers to trusted accounts/orgs or own VPCs/endpoints';
const PUBLIC_PULL = `repository policy exposes builder: statement "PublicPull" allows any AWS account (Principal "*")${SUFFIX}`;
/** The public pull statement's annotation with the cause that keeps it open. */
const publicPullBecause = (cause: string, suffix = SUFFIX) =>
  `repository policy exposes builder: statement "PublicPull" allows any AWS account (Principal "*"): ${cause}${suffix}`;

/** A public pull statement, optionally with a Condition block. */
const publicPull = (condition?: Record<string, Record<string, unknown>>) => ({
  Sid: 'PublicPull',
  Effect: 'Allow',
  Principal: '*',
  Action: PULL,
  ...(condition ? { Condition: condition } : {}),
});

const withStatements = (...statements: unknown[]): EcrRepository =>
  ecrRepository({ policy: { kind: 'document', document: { Version: '2012-10-17', Statement: statements } } });

const evaluate = (repository: EcrRepository) => rule.evaluate(repository, context, params.own);

describe('ecr-repository-not-public', () => {
  scenarios(evaluate, [
    [
      'Given no repository policy, then COMPLIANT',
      ecrRepository({ policy: { kind: 'none' } }),
      { compliance: 'COMPLIANT' },
    ],
    [
      'Given an empty policy document {}, then COMPLIANT',
      ecrRepository({ policy: { kind: 'document', document: {} } }),
      { compliance: 'COMPLIANT' },
    ],
    [
      'Given a policy with an empty Statement list, then COMPLIANT',
      withStatements(),
      { compliance: 'COMPLIANT' },
    ],
    [
      'Given a policy text the collector could not parse, then NON_COMPLIANT with the reason',
      ecrRepository({
        policy: {
          kind: 'unparsable',
          text: '{"Statement": [',
          reason: 'invalid JSON: Unexpected end of JSON input',
        },
      }),
      {
        compliance: 'NON_COMPLIANT',
        annotation: 'repository policy is unparsable: invalid JSON: Unexpected end of JSON input',
      },
    ],
    [
      'Given a document that is not a valid IAM policy (Effect "allow"), then NON_COMPLIANT naming the reason',
      withStatements({ ...publicPull(), Effect: 'allow' }),
      {
        compliance: 'NON_COMPLIANT',
        annotation:
          'repository policy is unparsable: statement "PublicPull" Effect must be "Allow" or "Deny" (case-sensitive), not "allow"',
      },
    ],
  ]);

  it('Given an unparsable policy with a very long reason, then the annotation is cut to 256 characters', () => {
    // Prepare
    const repository = ecrRepository({
      policy: { kind: 'unparsable', text: 'x', reason: `invalid JSON: ${'x'.repeat(400)}` },
    });

    // Act
    const verdict = evaluate(repository);

    // Assess
    expect(verdict.compliance).toBe('NON_COMPLIANT');
    expect(verdict.annotation).toHaveLength(256);
    expect(verdict.annotation).toBe(`repository policy is unparsable: invalid JSON: ${'x'.repeat(208)}…`);
  });

  it('Given the policy as JSON text instead of an object, then it is evaluated the same way', () => {
    // Prepare
    const document = { Version: '2012-10-17', Statement: [publicPull()] };
    const asText = ecrRepository({ policy: { kind: 'document', document: JSON.stringify(document) } });
    const asObject = ecrRepository({ policy: { kind: 'document', document } });

    // Act
    const fromText = evaluate(asText);
    const fromObject = evaluate(asObject);

    // Assess
    expect(fromText).toEqual({ compliance: 'NON_COMPLIANT', annotation: PUBLIC_PULL });
    expect(fromObject).toEqual(fromText);
  });

  scenarios(evaluate, [
    [
      'Given Principal "*" without conditions, then NON_COMPLIANT naming the statement and "*"',
      withStatements(publicPull()),
      { compliance: 'NON_COMPLIANT', annotation: PUBLIC_PULL },
    ],
    [
      'Given Principal {"AWS":"*"} without conditions, then NON_COMPLIANT naming {"AWS":"*"}',
      withStatements({ ...publicPull(), Principal: { AWS: '*' } }),
      {
        compliance: 'NON_COMPLIANT',
        annotation: `repository policy exposes builder: statement "PublicPull" allows any AWS account (Principal {"AWS":"*"})${SUFFIX}`,
      },
    ],
    [
      'Given the root ARN of an untrusted account, then NON_COMPLIANT naming the account',
      withStatements({
        Sid: 'Partner',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${UNTRUSTED}:root` },
        Action: PULL,
      }),
      {
        compliance: 'NON_COMPLIANT',
        annotation: `repository policy exposes builder: statement "Partner" allows account ${UNTRUSTED}${SUFFIX}`,
      },
    ],
    [
      'Given the bare id of an untrusted account, then NON_COMPLIANT naming the account',
      withStatements({ Effect: 'Allow', Principal: { AWS: UNTRUSTED }, Action: PULL }),
      {
        compliance: 'NON_COMPLIANT',
        annotation: `repository policy exposes builder: statement #1 allows account ${UNTRUSTED}${SUFFIX}`,
      },
    ],
    [
      'Given a role ARN of an untrusted account, then NON_COMPLIANT naming the account',
      withStatements({
        Effect: 'Allow',
        Principal: { AWS: [`arn:aws:iam::${OWN}:role/builder`, `arn:aws:iam::${UNTRUSTED}:role/ci`] },
        Action: 'ecr:*',
      }),
      {
        compliance: 'NON_COMPLIANT',
        annotation: `repository policy exposes builder: statement #1 allows account ${UNTRUSTED}${SUFFIX}`,
      },
    ],
    [
      'Given the own account as principal, then COMPLIANT',
      withStatements({
        Effect: 'Allow',
        Principal: { AWS: [OWN, `arn:aws:iam::${OWN}:root`, `arn:aws:iam::${OWN}:role/codebuild-app-role`] },
        Action: 'ecr:*',
      }),
      { compliance: 'COMPLIANT' },
    ],
  ]);

  it('Given an account listed in trustedAccounts, then COMPLIANT', () => {
    // Prepare
    const repository = withStatements({
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${TRUSTED}:root` },
      Action: PULL,
    });
    const untrustingParams = parseRuleParameters(rule, {});
    const untrusting = contextFor(OWN, 'eu-west-1', untrustingParams.common, NOW);

    // Act
    const verdict = evaluate(repository);
    const withoutParameter = rule.evaluate(repository, untrusting, untrustingParams.own);

    // Assess
    expect(verdict).toEqual({ compliance: 'COMPLIANT' });
    expect(withoutParameter).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: `repository policy exposes builder: statement #1 allows account ${TRUSTED}${SUFFIX}`,
    });
  });

  scenarios(evaluate, [
    [
      'Given an Allow with NotPrincipal, then NON_COMPLIANT "allows every principal not listed in its NotPrincipal"',
      withStatements({
        Sid: 'AllButOwn',
        Effect: 'Allow',
        NotPrincipal: { AWS: OWN },
        Action: PULL,
      }),
      {
        compliance: 'NON_COMPLIANT',
        annotation: `repository policy exposes builder: statement "AllButOwn" allows every principal not listed in its NotPrincipal${SUFFIX}`,
      },
    ],
    [
      'Given a service principal (codebuild.amazonaws.com), then COMPLIANT',
      withStatements({
        Sid: 'CodeBuildAccess',
        Effect: 'Allow',
        Principal: { Service: 'codebuild.amazonaws.com' },
        Action: PULL,
      }),
      { compliance: 'COMPLIANT' },
    ],
    [
      'Given an external federated identity provider, then NON_COMPLIANT naming the provider',
      withStatements({
        Effect: 'Allow',
        Principal: { Federated: 'accounts.google.com' },
        Action: PULL,
      }),
      {
        compliance: 'NON_COMPLIANT',
        annotation: `repository policy exposes builder: statement #1 allows identities federated by accounts.google.com${SUFFIX}`,
      },
    ],
    [
      'Given an S3 canonical user, then NON_COMPLIANT naming the canonical user',
      withStatements({
        Effect: 'Allow',
        Principal: { CanonicalUser: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be' },
        Action: PULL,
      }),
      {
        compliance: 'NON_COMPLIANT',
        annotation: `repository policy exposes builder: statement #1 allows S3 canonical user 79a59df900b949e55d…${SUFFIX}`,
      },
    ],
    [
      'Given an AWS principal whose account cannot be read (a unique id), then NON_COMPLIANT naming it',
      withStatements({
        Effect: 'Allow',
        Principal: { AWS: 'AROAEXAMPLEID1234567' },
        Action: PULL,
      }),
      {
        compliance: 'NON_COMPLIANT',
        annotation: `repository policy exposes builder: statement #1 allows unattributable principal {"AWS":"AROAEXAMPLEID1234567"}${SUFFIX}`,
      },
    ],
    [
      'Given Principal "*" pinned by aws:PrincipalOrgID to a trusted org, then COMPLIANT',
      withStatements(publicPull({ StringEquals: { 'aws:PrincipalOrgID': ORG } })),
      { compliance: 'COMPLIANT' },
    ],
    [
      'Given Principal "*" pinned by aws:PrincipalOrgPaths under a trusted org, then COMPLIANT',
      withStatements(
        publicPull({
          'ForAnyValue:StringLike': {
            'aws:PrincipalOrgPaths': [`${ORG}/r-ab12/ou-ab12-11111111/*`, `${ORG}/*`],
          },
        }),
      ),
      { compliance: 'COMPLIANT' },
    ],
    [
      'Given Principal "*" pinned by aws:PrincipalAccount to a trusted account, then COMPLIANT',
      withStatements(publicPull({ StringEquals: { 'aws:PrincipalAccount': [OWN, TRUSTED] } })),
      { compliance: 'COMPLIANT' },
    ],
    [
      'Given Principal "*" pinned by aws:PrincipalArn (ArnEquals) to a trusted role, then COMPLIANT',
      withStatements(
        publicPull({ ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::${TRUSTED}:role/deployer` } }),
      ),
      { compliance: 'COMPLIANT' },
    ],
    [
      'Given Principal "*" pinned by aws:SourceAccount to a trusted account, then COMPLIANT',
      withStatements(publicPull({ StringEquals: { 'aws:SourceAccount': OWN } })),
      { compliance: 'COMPLIANT' },
    ],
    [
      'Given Principal "*" pinned by aws:SourceOrgID to a trusted org, then COMPLIANT',
      withStatements(publicPull({ StringEquals: { 'aws:SourceOrgID': ORG } })),
      { compliance: 'COMPLIANT' },
    ],
    [
      'Given Principal "*" pinned by aws:SourceArn to a trusted account\'s resource, then COMPLIANT',
      withStatements(
        publicPull({ ArnLike: { 'aws:SourceArn': `arn:aws:codebuild:eu-west-1:${OWN}:project/*` } }),
      ),
      { compliance: 'COMPLIANT' },
    ],
    [
      'Given Principal "*" pinned by aws:SourceVpc to a VPC of the own account, then COMPLIANT',
      withStatements(publicPull({ StringEquals: { 'aws:SourceVpc': OWN_VPC } })),
      { compliance: 'COMPLIANT' },
    ],
    [
      'Given Principal "*" pinned by aws:SourceVpce to an endpoint of the own account, then COMPLIANT',
      withStatements(publicPull({ StringEquals: { 'aws:SourceVpce': OWN_VPCE } })),
      { compliance: 'COMPLIANT' },
    ],
    [
      'Given Principal "*" pinned by aws:SourceVpce to an endpoint the account does not own, then NON_COMPLIANT naming it',
      withStatements(publicPull({ StringEquals: { 'aws:SourceVpce': 'vpce-0fff0000aaaa11112' } })),
      {
        compliance: 'NON_COMPLIANT',
        annotation: publicPullBecause(
          `aws:SourceVpce names vpce-0fff0000aaaa11112, not an endpoint of account ${OWN} in eu-west-1`,
          '',
        ),
      },
    ],
    [
      'Given Principal "*" pinned by aws:SourceVpc to a VPC the account does not own, then NON_COMPLIANT naming it',
      withStatements(publicPull({ StringEquals: { 'aws:SourceVpc': 'vpc-0fff' } })),
      {
        compliance: 'NON_COMPLIANT',
        annotation: publicPullBecause(
          `aws:SourceVpc names vpc-0fff, not a VPC of account ${OWN} in eu-west-1`,
        ),
      },
    ],
    [
      'Given aws:PrincipalOrgID naming an untrusted org, then NON_COMPLIANT',
      withStatements(publicPull({ StringEquals: { 'aws:PrincipalOrgID': 'o-zzzzzzzzzz' } })),
      {
        compliance: 'NON_COMPLIANT',
        annotation: publicPullBecause('aws:PrincipalOrgID names untrusted organization o-zzzzzzzzzz'),
      },
    ],
    [
      'Given aws:PrincipalAccount listing a trusted and an untrusted account, then NON_COMPLIANT',
      withStatements(publicPull({ StringEquals: { 'aws:PrincipalAccount': [OWN, UNTRUSTED] } })),
      {
        compliance: 'NON_COMPLIANT',
        annotation: publicPullBecause(`aws:PrincipalAccount names untrusted account ${UNTRUSTED}`),
      },
    ],
    [
      'Given a pinning key spelt in another case (AWS:principalorgid), then COMPLIANT',
      withStatements(publicPull({ StringEquals: { 'AWS:principalorgid': ORG } })),
      { compliance: 'COMPLIANT' },
    ],
    [
      'Given StringEqualsIgnoreCase on aws:PrincipalOrgID with a trusted org, then COMPLIANT',
      withStatements(publicPull({ StringEqualsIgnoreCase: { 'aws:PrincipalOrgID': ORG.toUpperCase() } })),
      { compliance: 'COMPLIANT' },
    ],
    [
      'Given StringEqualsIfExists on aws:PrincipalOrgID, then NON_COMPLIANT (a caller without the key passes)',
      withStatements(publicPull({ StringEqualsIfExists: { 'aws:PrincipalOrgID': ORG } })),
      {
        compliance: 'NON_COMPLIANT',
        annotation: publicPullBecause(
          'StringEqualsIfExists on aws:PrincipalOrgID lets other callers through',
        ),
      },
    ],
    [
      'Given StringLike aws:PrincipalArn arn:aws:iam::<trusted>:*, then COMPLIANT',
      withStatements(publicPull({ StringLike: { 'aws:PrincipalArn': `arn:aws:iam::${TRUSTED}:*` } })),
      { compliance: 'COMPLIANT' },
    ],
    [
      'Given StringLike aws:PrincipalArn "*", then NON_COMPLIANT',
      withStatements(publicPull({ StringLike: { 'aws:PrincipalArn': '*' } })),
      {
        compliance: 'NON_COMPLIANT',
        annotation: publicPullBecause('aws:PrincipalArn names *, a pattern that can match untrusted callers'),
      },
    ],
    [
      'Given ArnLike aws:PrincipalArn with a wildcard account, then NON_COMPLIANT',
      withStatements(publicPull({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/builder' } })),
      {
        compliance: 'NON_COMPLIANT',
        annotation: publicPullBecause(
          'aws:PrincipalArn names arn:aws:iam::*:role/builder, a pattern that can match untrusted callers',
          '',
        ),
      },
    ],
    [
      'Given ForAnyValue:StringEquals aws:PrincipalOrgID with a trusted org, then COMPLIANT',
      withStatements(publicPull({ 'ForAnyValue:StringEquals': { 'aws:PrincipalOrgID': ORG } })),
      { compliance: 'COMPLIANT' },
    ],
    [
      'Given ForAllValues:StringEquals aws:PrincipalOrgID, then NON_COMPLIANT (true when the key is absent)',
      withStatements(publicPull({ 'ForAllValues:StringEquals': { 'aws:PrincipalOrgID': ORG } })),
      {
        compliance: 'NON_COMPLIANT',
        annotation: publicPullBecause(
          'ForAllValues:StringEquals on aws:PrincipalOrgID lets other callers through',
        ),
      },
    ],
    [
      'Given StringNotEquals aws:PrincipalOrgID on an Allow, then NON_COMPLIANT',
      withStatements(publicPull({ StringNotEquals: { 'aws:PrincipalOrgID': 'o-zzzzzzzzzz' } })),
      {
        compliance: 'NON_COMPLIANT',
        annotation: publicPullBecause('StringNotEquals on aws:PrincipalOrgID lets other callers through'),
      },
    ],
    [
      'Given only an aws:SourceIp condition, then NON_COMPLIANT',
      withStatements(publicPull({ IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } })),
      { compliance: 'NON_COMPLIANT', annotation: PUBLIC_PULL },
    ],
    [
      'Given only a Bool aws:SecureTransport condition, then NON_COMPLIANT',
      withStatements(publicPull({ Bool: { 'aws:SecureTransport': 'true' } })),
      { compliance: 'NON_COMPLIANT', annotation: PUBLIC_PULL },
    ],
    [
      'Given a Deny of all actions to callers outside the trusted org, then COMPLIANT',
      withStatements(publicPull(), {
        Sid: 'OrgOnly',
        Effect: 'Deny',
        Principal: '*',
        Action: '*',
        Condition: { StringNotEquals: { 'aws:PrincipalOrgID': ORG } },
      }),
      { compliance: 'COMPLIANT' },
    ],
    [
      'Given a Deny by ArnNotLike aws:PrincipalArn with trusted account patterns, then COMPLIANT',
      withStatements(
        { ...publicPull(), Principal: { AWS: '*' } },
        {
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Action: 'ecr:*',
          Condition: {
            ArnNotLike: { 'aws:PrincipalArn': [`arn:aws:iam::${OWN}:*`, `arn:aws:iam::${TRUSTED}:*`] },
          },
        },
      ),
      { compliance: 'COMPLIANT' },
    ],
    [
      'Given a Deny that covers fewer actions than the Allow grants, then NON_COMPLIANT',
      withStatements(publicPull(), {
        Effect: 'Deny',
        Principal: '*',
        Action: 'ecr:BatchGetImage',
        Condition: { StringNotEquals: { 'aws:PrincipalOrgID': ORG } },
      }),
      { compliance: 'NON_COMPLIANT', annotation: PUBLIC_PULL },
    ],
    [
      'Given a Deny with an extra condition block, then NON_COMPLIANT',
      withStatements(publicPull(), {
        Effect: 'Deny',
        Principal: '*',
        Action: '*',
        Condition: {
          StringNotEquals: { 'aws:PrincipalOrgID': ORG },
          Bool: { 'aws:PrincipalIsAWSService': 'false' },
        },
      }),
      {
        compliance: 'NON_COMPLIANT',
        annotation: publicPullBecause(
          'Deny statement #2 applies only when Bool aws:PrincipalIsAWSService holds',
        ),
      },
    ],
    [
      'Given a Deny by ForAnyValue:StringNotEquals (false when the key is absent), then NON_COMPLIANT',
      withStatements(publicPull(), {
        Effect: 'Deny',
        Principal: '*',
        Action: '*',
        Condition: { 'ForAnyValue:StringNotEquals': { 'aws:PrincipalOrgID': ORG } },
      }),
      {
        compliance: 'NON_COMPLIANT',
        annotation: publicPullBecause(
          'Deny statement #2 spares some untrusted callers (ForAnyValue:StringNotEquals on aws:PrincipalOrgID)',
          '',
        ),
      },
    ],
    [
      'Given only Deny statements, then COMPLIANT',
      withStatements({
        Sid: 'NoDelete',
        Effect: 'Deny',
        Principal: '*',
        Action: 'ecr:DeleteRepository',
      }),
      { compliance: 'COMPLIANT' },
    ],
    [
      'Given Statement as a single object, then it is evaluated like a one-element list',
      ecrRepository({
        policy: { kind: 'document', document: { Version: '2012-10-17', Statement: publicPull() } },
      }),
      { compliance: 'NON_COMPLIANT', annotation: PUBLIC_PULL },
    ],
    [
      'Given an exposing statement without Sid, then it is named "statement #<index>"',
      withStatements(
        { Sid: 'OwnPush', Effect: 'Allow', Principal: { AWS: OWN }, Action: 'ecr:PutImage' },
        { Effect: 'Allow', Principal: '*', Action: PULL },
      ),
      {
        compliance: 'NON_COMPLIANT',
        annotation: `repository policy exposes builder: statement #2 allows any AWS account (Principal "*")${SUFFIX}`,
      },
    ],
    [
      'Given several exposing statements, then NON_COMPLIANT listing each by Sid or index',
      withStatements(
        publicPull(),
        { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${UNTRUSTED}:root` }, Action: PULL },
        {
          Sid: 'Pinned',
          Effect: 'Allow',
          Principal: '*',
          Action: PULL,
          Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG } },
        },
        { Sid: 'Everyone', Effect: 'Allow', NotPrincipal: { AWS: OWN }, Action: PULL },
      ),
      {
        compliance: 'NON_COMPLIANT',
        annotation:
          'repository policy exposes builder: statement "PublicPull" allows any AWS account (Principal "*"); ' +
          `statement #2 allows account ${UNTRUSTED}; statement "Everyone" allows every principal not listed in its NotPrincipal`,
      },
    ],
    [
      'Given one statement naming several untrusted accounts, then they are listed together',
      withStatements({
        Sid: 'Partners',
        Effect: 'Allow',
        Principal: {
          AWS: [UNTRUSTED, `arn:aws:iam::${UNTRUSTED}:role/ci`, 'arn:aws:iam::888888888888:root', TRUSTED],
        },
        Action: PULL,
      }),
      {
        compliance: 'NON_COMPLIANT',
        annotation: `repository policy exposes builder: statement "Partners" allows accounts ${UNTRUSTED}, 888888888888${SUFFIX}`,
      },
    ],
  ]);

  it('Given very many exposing statements and a long name, then the annotation stays within 256 characters', () => {
    // Prepare
    const name = `team/${'very-long-repository-name-'.repeat(9)}`;
    const statements = Array.from({ length: 60 }, (_, i) => ({
      Sid: `Partner${i + 1}`,
      Effect: 'Allow',
      Principal: { AWS: String(200000000000 + i) },
      Action: PULL,
    }));
    const repository = ecrRepository({
      name,
      policy: { kind: 'document', document: { Statement: statements } },
    });

    // Act
    const verdict = evaluate(repository);

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        `repository policy exposes ${name.slice(0, 63)}…: ` +
        'statement "Partner1" allows account 200000000000; statement "Partner2" allows account 200000000001; ' +
        'statement "Partner3" allows account 200000000002; and 57 more',
    });
    expect(verdict.annotation?.length).toBeLessThanOrEqual(256);
  });

  it('Given 2,000 Allow and 2,000 Deny statements (over 10,240 characters), then NON_COMPLIANT naming the limit, at once', () => {
    // Prepare: issue 12 saw this policy take over 30 s to analyse.
    const allow = { Effect: 'Allow', Principal: '*', Action: 'ecr:*' };
    const deny = { Effect: 'Deny', Principal: '*', Action: 'ecr:Put*' };
    const repository = withStatements(...Array(2000).fill(allow), ...Array(2000).fill(deny));

    // Act
    const started = performance.now();
    const verdict = evaluate(repository);
    const elapsed = performance.now() - started;

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        'repository policy is unparsable: the policy is longer than 10,240 characters, the most AWS accepts for an ECR repository policy; not analysed',
    });
    expect(elapsed).toBeLessThan(1000);
  });

  it('Given a policy nested 10,000 lists deep, then NON_COMPLIANT naming the depth limit', () => {
    // Prepare
    const text = `{"Version":"2012-10-17","Statement":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    const repository = ecrRepository({ policy: { kind: 'document', document: text } });

    // Act
    const verdict = evaluate(repository);

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        'repository policy is unparsable: the policy nests deeper than 10 levels (an IAM policy needs at most 6); not analysed',
    });
  });
});
