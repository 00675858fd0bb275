/**
 * Hang guard (issue 12): every rule, over resources whose strings are pathological for pattern
 * matching (wildcard runs that make a backtracking matcher explode, long runs of one character
 * that make an unanchored regex retry from every position), answers each evaluation within a
 * second, even on a slow shared machine. A backtracking matcher takes minutes or hours on these
 * inputs, so the bound tells a hang from a slow run; it is not a benchmark.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AnyRule, InputName, RuleContext } from '../../../lib/engine/rule';
import { contextFor, parseRuleParameters } from '../../../lib/engine/run';
import type { EcrRegistryScanning, Resource, ResourceType } from '../../../lib/resources/model';
import { RULES } from '../../../rules/index';
import {
  codeBuildProject,
  codeCommitRepository,
  ecrPublicRepository,
  ecrPullThroughCacheRule,
  ecrRegistryPolicy,
  ecrReplicationConfiguration,
  ecrRepository,
  vpc,
  vpcEndpoint,
} from '../../fixtures/models';
import { facts, privateVpc, VPC_ID } from '../../fixtures/network';

const BOUND_MS = 1000;

/** Strings that make pattern matchers backtrack, retry or loop. */
const PATHOLOGICAL: readonly string[] = [
  '*a*a*a*a*a*a*b',
  'a'.repeat(128),
  `${'a'.repeat(4000)}!`,
  `${'*a'.repeat(60)}b`,
  `${'a*'.repeat(200)}b`,
  '*'.repeat(2000),
  '?'.repeat(2000),
  '*?'.repeat(1000),
  `${'?*'.repeat(1000)}x`,
  `${'/'.repeat(60_000)}x`,
  `https://${'/'.repeat(60_000)}x`,
  `${'-'.repeat(20_000)}!`,
  `${'.'.repeat(20_000)}!`,
  `${'a.'.repeat(10_000)}!`,
  `${'A'.repeat(20_000)}a`,
  `${'Aa'.repeat(10_000)}1`,
  `${'a://'.repeat(5000)}x`,
  `https://${'a'.repeat(20_000)}`,
  `arn:aws:iam::${'1'.repeat(5000)}:${'*'.repeat(1000)}`,
  `arn:${'*:'.repeat(2000)}`,
  `${'$'.repeat(5000)}{`,
  `${'\\'.repeat(5000)}x`,
  `${'%7B'.repeat(3000)}`,
  `${'0'.repeat(20_000)}x`,
  `${' '.repeat(20_000)}x`,
];
/** Indexes into PATHOLOGICAL: a counterexample then prints numbers, not 60,000 slashes. */
const pathological = fc.nat(PATHOLOGICAL.length - 1);
const at = (index: number): string => PATHOLOGICAL[index] ?? '';

/** A model per resource type, from the fixtures every rule test uses. */
const MODELS: Record<ResourceType, () => Resource> = {
  'AWS::CodeBuild::Project': () =>
    codeBuildProject({
      sources: [
        { type: 'GITHUB', location: 'https://github.com/o/r', primary: true },
        {
          type: 'CODECOMMIT',
          location: 'https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/app',
          primary: false,
          sourceIdentifier: 's2',
        },
      ],
      environment: {
        ...codeBuildProject().environment,
        variables: [
          { name: 'DB_PASSWORD', value: 'x', type: 'PLAINTEXT' },
          { name: 'URL', value: 'https://u:p@h/x', type: 'PLAINTEXT' },
        ],
      },
    }),
  'AWS::ECR::Repository': () => ecrRepository(),
  'AWS::ECR::PublicRepository': () => ecrPublicRepository(),
  'AWS::ECR::RegistryPolicy': () => ecrRegistryPolicy(),
  'AWS::ECR::ReplicationConfiguration': () => ecrReplicationConfiguration(),
  'AWS::ECR::PullThroughCacheRule': () => ecrPullThroughCacheRule(),
  'AWS::EC2::VPCEndpoint': () => vpcEndpoint(),
  'AWS::EC2::VPC': () => vpc(),
  'AWS::CodeCommit::Repository': () => codeCommitRepository(),
} as Record<ResourceType, () => Resource>;

interface PolicyPicks {
  actions: string[];
  denied: string[];
  resources: string[];
  condition: string;
  principal: string;
}

/** Which pathological strings a policy holds: Allows and Denies that the analysis must compare. */
const pathologicalPolicy = fc
  .record({
    actions: fc.array(pathological, { minLength: 1, maxLength: 2 }),
    denied: fc.array(pathological, { minLength: 1, maxLength: 2 }),
    resources: fc.array(pathological, { minLength: 1, maxLength: 2 }),
    condition: pathological,
    principal: pathological,
  })
  .map((picked) => ({
    actions: picked.actions.map(at),
    denied: picked.denied.map(at),
    resources: picked.resources.map(at),
    condition: at(picked.condition),
    principal: at(picked.principal),
  }));

function policyOf({ actions, denied, resources, condition, principal }: PolicyPicks) {
  return {
    kind: 'document' as const,
    document: {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: actions, Resource: resources },
        { Effect: 'Allow', Principal: { AWS: [principal] }, Action: actions, Resource: '*' },
        {
          Effect: 'Allow',
          Principal: '*',
          Action: '*',
          Condition: { StringLike: { 'aws:PrincipalArn': condition, 'aws:PrincipalAccount': condition } },
        },
        { Effect: 'Deny', Principal: '*', Action: denied, Resource: resources },
        {
          Effect: 'Deny',
          Principal: '*',
          Action: denied,
          Condition: { StringNotLike: { 'aws:PrincipalArn': condition } },
        },
      ],
    },
  };
}

/** Replaces string leaves of a model (not resourceType) with pathological strings, as `picks` say. */
function poison(
  value: unknown,
  picks: readonly (number | null)[],
  cursor: { at: number },
  key = '',
): unknown {
  if (typeof value === 'string') {
    if (key === 'resourceType') return value;
    const pick = picks[cursor.at++ % picks.length];
    return pick === null || pick === undefined ? value : at(pick);
  }
  if (Array.isArray(value)) return value.map((item) => poison(item, picks, cursor));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, poison(v, picks, cursor, k)]));
  }
  return value;
}

function contextOf(rule: AnyRule, resource: Resource, filters: readonly string[]): RuleContext<InputName> {
  const params = parseRuleParameters(rule, {});
  const base = contextFor(
    resource.accountId,
    resource.region,
    params.common,
    new Date('2026-11-25T00:00:00Z'),
  );
  const network = facts(privateVpc());
  const codeBuildProjects = [
    codeBuildProject({
      vpcConfig: { vpcId: VPC_ID, subnetIds: ['subnet-0c1d'], securityGroupIds: ['sg-1'] },
    }),
  ];
  const ecrRegistryScanning: EcrRegistryScanning = {
    scanType: 'ENHANCED',
    rules: [
      {
        scanFrequency: 'SCAN_ON_PUSH',
        repositoryFilters: filters.map((filter) => ({ filter, filterType: 'WILDCARD' })),
      },
    ],
  };
  return { ...base, network, codeBuildProjects, ecrRegistryScanning };
}

/** Milliseconds one evaluation takes; a throw is fine here (other suites judge verdicts). */
function timed(run: () => unknown): number {
  const started = performance.now();
  try {
    run();
  } catch {
    // The bound is what this suite checks.
  }
  return performance.now() - started;
}

describe('every rule over pathological patterns', { timeout: 120_000 }, () => {
  for (const rule of RULES) {
    it(`${rule.id} answers each evaluation within ${BOUND_MS} ms`, () => {
      fc.assert(
        fc.property(
          fc.array(fc.option(pathological, { freq: 2 }), { minLength: 8, maxLength: 24 }),
          pathologicalPolicy,
          fc.array(pathological, { minLength: 1, maxLength: 3 }),
          (picks, policy, filterPicks) => {
            // Prepare
            const type = rule.resourceTypes[0] as ResourceType;
            const resource = poison(MODELS[type](), picks, { at: 0 }) as Resource;
            if ('policy' in resource) (resource as { policy: unknown }).policy = policyOf(policy);
            const context = contextOf(rule, resource, filterPicks.map(at));
            const params = parseRuleParameters(rule, {}).own;

            // Act
            const elapsed = timed(() => rule.evaluate(resource, context, params));

            // Assess
            expect(elapsed).toBeLessThan(BOUND_MS);
          },
        ),
        { numRuns: 40 },
      );
    });
  }

  it('rule parameters holding pathological values are validated within the bound', () => {
    fc.assert(
      fc.property(fc.constantFrom(...RULES), pathological, (rule, index) => {
        // Prepare: every parameter of the rule, common ones included, set to the same value.
        const value = at(index);
        const names = ['trustedAccounts', 'trustedOrgIds', 'exemptTagKey', ...Object.keys(rule.parameters)];
        const raw = Object.fromEntries(names.map((name) => [name, value]));

        // Act
        const elapsed = timed(() => parseRuleParameters(rule, raw));

        // Assess
        expect(elapsed).toBeLessThan(BOUND_MS);
      }),
      { numRuns: 200 },
    );
  });
});
