/**
 * Pull-through cache rules are unit-tested only (moto has no pull-through cache API): the models
 * come from the builders, which match the Describe/Config fixtures (adapter tests).
 */
import { describe, expect, it } from 'vitest';
import { InvalidParameterError, parseParameters } from '../../../lib/engine/params';
import { contextFor, parseRuleParameters } from '../../../lib/engine/run';
import type {
  EcrPullThroughCacheRule,
  EcrRegistryPolicy,
  EcrReplicationConfiguration,
  EcrReplicationRule,
} from '../../../lib/resources/model';
import rule from '../../../rules/ecr-registry-no-external-sharing';
import {
  ecrPullThroughCacheRule,
  ecrRegistryPolicy,
  ecrReplicationConfiguration,
} from '../../fixtures/models';
import { scenarios } from './scenarios';

const OWN = '123456789012';
const TRUSTED = '111111111111';
const UNTRUSTED = '444444444444';
const ORG = 'o-a1b2c3d4e5';
const REPLICATE = ['ecr:CreateRepository', 'ecr:ReplicateImage'];
const SUFFIX = '; to pass, limit callers to trusted accounts/orgs or own VPCs/endpoints';

const common = parseRuleParameters(rule, { trustedAccounts: TRUSTED, trustedOrgIds: ORG }).common;
const context = contextFor(OWN, 'eu-west-1', common, new Date('2026-11-25T00:00:00Z'));
type Evaluated = EcrRegistryPolicy | EcrReplicationConfiguration | EcrPullThroughCacheRule;
const evaluate = (resource: Evaluated, raw: Record<string, unknown> = {}) =>
  rule.evaluate(resource, context, parseParameters(rule.parameters, raw));

const withStatements = (...statements: unknown[]) =>
  ecrRegistryPolicy({
    policy: { kind: 'document', document: { Version: '2012-10-17', Statement: statements } },
  });
const replicating = (...rules: EcrReplicationRule[]) => ecrReplicationConfiguration({ rules });
const toAccount = (registryId: string, region = 'eu-central-1'): EcrReplicationRule => ({
  destinations: [{ region, registryId }],
  repositoryFilters: [],
});
const partner = (account: string) => ({
  Sid: 'ReplicateFromPartner',
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${account}:root` },
  Action: REPLICATE,
  Resource: `arn:aws:ecr:eu-west-1:${OWN}:repository/*`,
});

describe('ecr-registry-no-external-sharing: registry policy', () => {
  it('Given a registry policy granting an untrusted account, then NON_COMPLIANT naming the statement and the account', () => {
    // Act
    const verdict = evaluate(withStatements(partner('333333333333')));

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: `registry policy of ${OWN} shares the registry: statement "ReplicateFromPartner" allows account 333333333333${SUFFIX}`,
    });
  });

  it('Given a registry policy granting only the own and trusted accounts, then COMPLIANT', () => {
    // Act
    const verdict = evaluate(withStatements(partner(TRUSTED), { ...partner(OWN), Sid: 'Own' }));

    // Assess
    expect(verdict).toEqual({
      compliance: 'COMPLIANT',
      annotation: `registry policy of ${OWN} grants only trusted principals`,
    });
  });

  scenarios(evaluate, [
    [
      'Given a registry policy with Principal "*" pinned by aws:PrincipalOrgID to a trusted org, then COMPLIANT',
      withStatements({
        Sid: 'Org',
        Effect: 'Allow',
        Principal: '*',
        Action: REPLICATE,
        Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG } },
      }),
      {
        compliance: 'COMPLIANT',
        annotation: `registry policy of ${OWN} grants only trusted principals`,
      },
    ],
    [
      'Given a registry policy with an untrusted Allow and a Deny that spares an untrusted org, then NON_COMPLIANT naming the Deny and the org',
      withStatements(partner('333333333333'), {
        Sid: 'OrgOnly',
        Effect: 'Deny',
        Principal: '*',
        Action: 'ecr:*',
        Condition: { StringNotEquals: { 'aws:PrincipalOrgID': [ORG, 'o-zzzzzzzzzz'] } },
      }),
      {
        compliance: 'NON_COMPLIANT',
        annotation:
          `registry policy of ${OWN} shares the registry: statement "ReplicateFromPartner" allows account 333333333333: ` +
          'Deny statement "OrgOnly" spares aws:PrincipalOrgID untrusted organization o-zzzzzzzzzz',
      },
    ],
    [
      'Given a registry policy with Principal "*" pinned by aws:SourceVpce to an endpoint the account does not own, then NON_COMPLIANT naming it',
      withStatements({
        Sid: 'ViaEndpoint',
        Effect: 'Allow',
        Principal: '*',
        Action: REPLICATE,
        Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-0fff0000aaaa11112' } },
      }),
      {
        compliance: 'NON_COMPLIANT',
        annotation:
          `registry policy of ${OWN} shares the registry: statement "ViaEndpoint" allows any AWS account (Principal "*"): ` +
          `aws:SourceVpce names vpce-0fff0000aaaa11112, not an endpoint of account ${OWN} in eu-west-1`,
      },
    ],
    [
      'Given a registry policy with an untrusted Allow neutralised by a Deny outside the trusted org, then COMPLIANT',
      withStatements(partner('333333333333'), {
        Sid: 'OrgOnly',
        Effect: 'Deny',
        Principal: '*',
        Action: 'ecr:*',
        Condition: { StringNotEquals: { 'aws:PrincipalOrgID': ORG } },
      }),
      {
        compliance: 'COMPLIANT',
        annotation: `registry policy of ${OWN} grants only trusted principals`,
      },
    ],
    [
      'Given a registry policy granting a service principal, then COMPLIANT',
      withStatements({
        Effect: 'Allow',
        Principal: { Service: 'replication.ecr.amazonaws.com' },
        Action: REPLICATE,
      }),
      {
        compliance: 'COMPLIANT',
        annotation: `registry policy of ${OWN} grants only trusted principals`,
      },
    ],
    [
      'Given an unparsable registry policy, then NON_COMPLIANT naming the reason',
      ecrRegistryPolicy({
        policy: {
          kind: 'unparsable',
          text: '{"Statement": [',
          reason: 'invalid JSON: Unexpected end of JSON input',
        },
      }),
      {
        compliance: 'NON_COMPLIANT',
        annotation: `registry policy of ${OWN} is unparsable: invalid JSON: Unexpected end of JSON input`,
      },
    ],
  ]);

  it('Given a registry policy with Principal "*" and no condition, then NON_COMPLIANT naming "*"', () => {
    // Act
    const verdict = evaluate(
      withStatements({ Sid: 'Everyone', Effect: 'Allow', Principal: '*', Action: REPLICATE }),
    );

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: `registry policy of ${OWN} shares the registry: statement "Everyone" allows any AWS account (Principal "*")${SUFFIX}`,
    });
  });

  it('Given an empty registry policy, then COMPLIANT', () => {
    // Act
    const verdict = evaluate(ecrRegistryPolicy({ policy: { kind: 'none' } }));

    // Assess
    expect(verdict).toEqual({
      compliance: 'COMPLIANT',
      annotation: `registry ${OWN} has an empty registry policy`,
    });
  });

  it('Given a registry policy as JSON text, then it is evaluated like the object', () => {
    // Prepare
    const document = { Version: '2012-10-17', Statement: [partner('333333333333')] };
    const asText = ecrRegistryPolicy({ policy: { kind: 'document', document: JSON.stringify(document) } });

    // Act
    const fromText = evaluate(asText);

    // Assess
    expect(fromText).toEqual(evaluate(ecrRegistryPolicy({ policy: { kind: 'document', document } })));
    expect(fromText).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: `registry policy of ${OWN} shares the registry: statement "ReplicateFromPartner" allows account 333333333333${SUFFIX}`,
    });
  });

  it('Given several exposing statements, then NON_COMPLIANT listing each within 256 characters', () => {
    // Prepare
    const statements = Array.from({ length: 12 }, (_, i) => ({
      ...partner(String(300000000000 + i)),
      Sid: `Partner${i + 1}`,
    }));

    // Act
    const verdict = evaluate(withStatements(...statements));

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        `registry policy of ${OWN} shares the registry: statement "Partner1" allows account 300000000000; ` +
        'statement "Partner2" allows account 300000000001; statement "Partner3" allows account 300000000002; ' +
        'and 9 more',
    });
    expect(verdict.annotation?.length).toBeLessThanOrEqual(256);
  });
});

describe('ecr-registry-no-external-sharing: replication', () => {
  it('Given replication to another Region of the own account, then COMPLIANT', () => {
    // Act
    const verdict = evaluate(ecrReplicationConfiguration());

    // Assess
    expect(verdict).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'replication copies images only to trusted accounts',
    });
  });

  it('Given replication to a trusted account, then COMPLIANT', () => {
    // Act
    const verdict = evaluate(replicating(toAccount(TRUSTED, 'us-east-1')));

    // Assess
    expect(verdict).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'replication copies images only to trusted accounts',
    });
  });

  it('Given replication to an untrusted account, then NON_COMPLIANT naming the rule index, repositories, destination account and Region', () => {
    // Act
    const verdict = evaluate(replicating(toAccount(UNTRUSTED)));

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: `replication copies images to untrusted accounts: rule #1 copies all repositories to account ${UNTRUSTED} (eu-central-1)`,
    });
  });

  it('Given a second rule replicating prefixed repositories to an untrusted account, then NON_COMPLIANT naming rule #2 and its prefixes', () => {
    // Prepare
    const configuration = replicating(toAccount(OWN), {
      destinations: [
        { region: 'us-east-1', registryId: TRUSTED },
        { region: 'us-east-1', registryId: UNTRUSTED },
      ],
      repositoryFilters: [
        { filter: 'prod', filterType: 'PREFIX_MATCH' },
        { filter: 'team/', filterType: 'PREFIX_MATCH' },
      ],
    });

    // Act
    const verdict = evaluate(configuration);

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: `replication copies images to untrusted accounts: rule #2 copies repositories prefixed prod, team/ to account ${UNTRUSTED} (us-east-1)`,
    });
  });

  it('Given an untrusted destination whose account is only covered by trustedOrgIds, then NON_COMPLIANT', () => {
    // Prepare: the context trusts ORG, but an account id alone cannot be placed in an organization.
    const configuration = replicating(toAccount('555555555555'));

    // Act
    const verdict = evaluate(configuration);

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        'replication copies images to untrusted accounts: rule #1 copies all repositories to account 555555555555 (eu-central-1)',
    });
  });

  it('Given a replication configuration without rules, then COMPLIANT', () => {
    // Act
    const verdict = evaluate(replicating());

    // Assess
    expect(verdict).toEqual({ compliance: 'COMPLIANT', annotation: 'replication has no rules' });
  });

  it('Given many untrusted destinations, then the annotation stays within 256 characters', () => {
    // Prepare
    const rules = Array.from({ length: 10 }, (_, i) => ({
      destinations: [{ region: 'eu-central-1', registryId: String(600000000000 + i) }],
      repositoryFilters: [{ filter: `team-${i}`, filterType: 'PREFIX_MATCH' }],
    }));

    // Act
    const verdict = evaluate(replicating(...rules));

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        'replication copies images to untrusted accounts: ' +
        'rule #1 copies repositories prefixed team-0 to account 600000000000 (eu-central-1); ' +
        'rule #2 copies repositories prefixed team-1 to account 600000000001 (eu-central-1); and 8 more',
    });
  });
});

describe('ecr-registry-no-external-sharing: pull-through cache rules', () => {
  it('Given a pull-through cache rule for Docker Hub and no allowedUpstreams, then NON_COMPLIANT naming the prefix and upstream', () => {
    // Act
    const verdict = evaluate(ecrPullThroughCacheRule());

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        'pull-through cache rule docker-hub caches registry-1.docker.io (docker-hub): a registry outside AWS, ' +
        'pulled over the internet; not listed in allowedUpstreams',
    });
  });

  scenarios(evaluate, [
    [
      'Given a pull-through cache rule for ECR Public and no allowedUpstreams, then NON_COMPLIANT',
      ecrPullThroughCacheRule({
        ecrRepositoryPrefix: 'ecr-public',
        upstreamRegistryUrl: 'public.ecr.aws',
        upstreamRegistry: 'ecr-public',
      }),
      {
        compliance: 'NON_COMPLIANT',
        annotation:
          'pull-through cache rule ecr-public caches public.ecr.aws (ecr-public): ECR Public, where anyone can ' +
          'publish images; not listed in allowedUpstreams',
      },
    ],
    [
      'Given a pull-through cache rule for the ECR registry of a trusted account, then COMPLIANT',
      ecrPullThroughCacheRule({
        ecrRepositoryPrefix: 'team-images',
        upstreamRegistryUrl: `${TRUSTED}.dkr.ecr.eu-central-1.amazonaws.com`,
        upstreamRegistry: 'ecr',
      }),
      {
        compliance: 'COMPLIANT',
        annotation: `pull-through cache rule team-images caches the private ECR registry of trusted account ${TRUSTED}`,
      },
    ],
    [
      'Given a pull-through cache rule for the ECR registry of an untrusted account, then NON_COMPLIANT naming the account',
      ecrPullThroughCacheRule({
        ecrRepositoryPrefix: 'partner',
        upstreamRegistryUrl: '999999999999.dkr.ecr.eu-central-1.amazonaws.com',
        upstreamRegistry: 'ecr',
      }),
      {
        compliance: 'NON_COMPLIANT',
        annotation:
          'pull-through cache rule partner caches 999999999999.dkr.ecr.eu-central-1.amazonaws.com (ecr): the ECR ' +
          'registry of untrusted account 999999999999; not listed in allowedUpstreams',
      },
    ],
    [
      'reports an ecr-kind upstream whose host is not a private ECR registry',
      ecrPullThroughCacheRule({
        ecrRepositoryPrefix: 'odd',
        upstreamRegistryUrl: 'registry.example.com',
        upstreamRegistry: 'ecr',
      }),
      {
        compliance: 'NON_COMPLIANT',
        annotation:
          'pull-through cache rule odd caches registry.example.com (ecr): not a recognisable private ECR registry ' +
          'host; not listed in allowedUpstreams',
      },
    ],
  ]);

  it('Given a pull-through cache rule whose upstream host is in allowedUpstreams, then COMPLIANT', () => {
    // Act
    const verdict = evaluate(ecrPullThroughCacheRule(), {
      allowedUpstreams: 'public.ecr.aws,registry-1.docker.io',
    });

    // Assess
    expect(verdict).toEqual({
      compliance: 'COMPLIANT',
      annotation:
        'pull-through cache rule docker-hub caches registry-1.docker.io (docker-hub), listed in allowedUpstreams',
    });
  });

  it('Given a pull-through cache rule whose upstream kind is in allowedUpstreams, then COMPLIANT', () => {
    // Act
    const verdict = evaluate(ecrPullThroughCacheRule(), { allowedUpstreams: 'docker-hub' });

    // Assess
    expect(verdict).toEqual({
      compliance: 'COMPLIANT',
      annotation:
        'pull-through cache rule docker-hub caches registry-1.docker.io (docker-hub), listed in allowedUpstreams',
    });
  });

  it('Given an allowedUpstreams entry in other letter case, or an upstream URL with scheme and slash, then it matches', () => {
    // Prepare
    const cacheRule = ecrPullThroughCacheRule({ upstreamRegistryUrl: 'https://Registry-1.docker.io/' });

    // Act
    const verdict = evaluate(cacheRule, { allowedUpstreams: 'REGISTRY-1.DOCKER.IO' });

    // Assess
    expect(verdict).toEqual({
      compliance: 'COMPLIANT',
      annotation:
        'pull-through cache rule docker-hub caches registry-1.docker.io (docker-hub), listed in allowedUpstreams',
    });
  });

  it.each([
    [
      'quay.io',
      'quay',
      'pull-through cache rule quay caches quay.io: a registry outside AWS, pulled over the internet; not listed in allowedUpstreams',
    ],
    [
      'public.ecr.aws',
      'ecr-public',
      'pull-through cache rule ecr-public caches public.ecr.aws: ECR Public, where anyone can publish images; not listed in allowedUpstreams',
    ],
  ])(
    'Given a pull-through cache rule recorded without its upstream kind (Config), then the host decides: %s',
    (url, prefix, annotation) => {
      // Prepare
      const cacheRule = ecrPullThroughCacheRule({
        ecrRepositoryPrefix: prefix,
        upstreamRegistryUrl: url,
        upstreamRegistry: undefined,
      });

      // Act
      const verdict = evaluate(cacheRule);

      // Assess
      expect(verdict).toEqual({ compliance: 'NON_COMPLIANT', annotation });
    },
  );

  it('Given an allowedUpstreams item that is not a host or kind, then parameter parsing fails naming the parameter', () => {
    // Act
    const act = () => parseRuleParameters(rule, { allowedUpstreams: 'https://quay.io' });

    // Assess
    expect(act).toThrow(InvalidParameterError);
    expect(act).toThrow(
      'invalid rule parameter "allowedUpstreams": "https://quay.io" is not comma-separated upstream registry hosts ' +
        'or kinds (e.g. public.ecr.aws,docker-hub)',
    );
  });

  it('Given a registry policy longer than 10,240 characters, then NON_COMPLIANT naming the limit', () => {
    // Prepare: 250 statements of about 50 characters each.
    const deny = { Effect: 'Deny', Principal: '*', Action: 'ecr:ReplicateImage' };
    const policy = withStatements(...Array(250).fill(deny));

    // Act
    const verdict = evaluate(policy);

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: `registry policy of ${OWN} is unparsable: the policy is longer than 10,240 characters, the most AWS accepts for an ECR registry policy; not analysed`,
    });
  });
});
