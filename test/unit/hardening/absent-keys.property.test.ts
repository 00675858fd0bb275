/**
 * Absent is not empty, over every adapter (issue 15, "done when"): for every type AWS Config
 * records (lib/resources/catalog.ts) and every rule of that type, a recorded item the rule judges
 * NON_COMPLIANT keeps being NON_COMPLIANT, or ends in an error, when any one key of it is removed
 * or set to null, at every nesting level. Each mutated item runs through the adapter, the engine's
 * completion (lib/engine/complete.ts) and the rule, twice: with a service API that answers from
 * the original item, and with one whose every read fails. A COMPLIANT outcome is a hole.
 */
import { describe, expect, it } from 'vitest';
import { type AwsReaders, evaluateResources, RunInputs } from '../../../lib/engine/inputs';
import type { AnyRule } from '../../../lib/engine/rule';
import { parseRuleParameters } from '../../../lib/engine/run';
import type { NetworkFacts, VpcNetwork } from '../../../lib/network/model';
import { RESOURCE_CATALOG, RESOURCE_DESCRIPTORS } from '../../../lib/resources/catalog';
import type { ConfigurationItem } from '../../../lib/resources/configuration-item';
import type { Resource, ResourceType } from '../../../lib/resources/model';
import { RULES } from '../../../rules';
import { type FixtureName, invocationItem } from '../../fixtures/config';
import { codeBuildProject } from '../../fixtures/models';
import { facts, privateVpc, RTB_PRIVATE, route, withoutEndpoints, withRoutes } from '../../fixtures/network';
import { denied, fakeReaders } from '../lib/cli/support';

const PUBLIC_POLICY = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'Anyone', Effect: 'Allow', Principal: '*', Action: 'ecr:BatchGetImage' }],
};

/** A NON_COMPLIANT item of a rule: a fixture with its configuration patched, and the network it sees. */
interface Case {
  rule: string;
  fixture: FixtureName;
  configuration?: Record<string, unknown>;
  network?: VpcNetwork;
}

const RECORDED_PROJECT = invocationItem('codebuild-project').configuration ?? {};
const ENVIRONMENT = RECORDED_PROJECT.environment as Record<string, unknown>;
const [SOURCE] = RECORDED_PROJECT.source as Record<string, unknown>[];

/**
 * Config items lack projectVisibility, and the fixture leaves out what a project without an inline
 * buildspec or file systems does not have: these items carry all of it so the original is complete.
 */
const PROJECT = {
  projectVisibility: 'PRIVATE',
  fileSystemLocations: [],
  source: [{ ...SOURCE, buildSpec: 'buildspec.yml' }],
};

const CASES: Case[] = [
  {
    rule: 'codebuild-project-image-private',
    fixture: 'codebuild-project',
    configuration: { ...PROJECT, environment: { ...ENVIRONMENT, image: 'docker.io/library/node:20' } },
  },
  {
    rule: 'codebuild-project-in-vpc',
    fixture: 'codebuild-project',
    configuration: { ...PROJECT, vpcConfig: undefined },
  },
  {
    rule: 'codebuild-project-logging',
    fixture: 'codebuild-project',
    configuration: {
      ...PROJECT,
      logsConfig: { cloudWatchLogs: { status: 'DISABLED' }, s3Logs: { status: 'DISABLED' } },
    },
  },
  {
    rule: 'codebuild-project-no-internet-egress',
    fixture: 'codebuild-project',
    configuration: PROJECT,
    network: withRoutes(privateVpc(), RTB_PRIVATE, route('0.0.0.0/0', 'nat-0a1b')),
  },
  {
    rule: 'codebuild-project-no-plaintext-secrets',
    fixture: 'codebuild-project',
    configuration: {
      ...PROJECT,
      environment: {
        ...ENVIRONMENT,
        environmentVariables: [{ name: 'DB_PASSWORD', type: 'PLAINTEXT', value: 'correct-horse-battery' }],
      },
    },
  },
  {
    rule: 'codebuild-project-not-public',
    fixture: 'codebuild-project',
    configuration: { ...PROJECT, projectVisibility: 'PUBLIC_READ' },
  },
  {
    rule: 'codebuild-project-source-private',
    fixture: 'codebuild-project',
    configuration: {
      ...PROJECT,
      source: [
        {
          type: 'GITHUB',
          location: 'https://github.com/example/app.git',
          buildSpec: 'buildspec.yml',
          gitSubmodulesConfig: { fetchSubmodules: false },
        },
      ],
    },
  },
  {
    rule: 'codebuild-project-artifacts-private',
    fixture: 'codebuild-project',
    configuration: { ...PROJECT, artifacts: [{ type: 'S3', location: 'someone-elses-bucket' }] },
  },
  {
    rule: 'codebuild-project-vpc-endpoints',
    fixture: 'codebuild-project',
    configuration: PROJECT,
    network: withoutEndpoints(privateVpc(), 'ecr.api'),
  },
  {
    rule: 'ecr-repository-not-public',
    fixture: 'ecr-repository',
    configuration: { RepositoryPolicyText: PUBLIC_POLICY },
  },
  {
    rule: 'ecr-repository-hygiene',
    fixture: 'ecr-repository',
    configuration: { ImageTagMutability: 'MUTABLE' },
  },
  { rule: 'vpc-endpoint-policy-restricted', fixture: 'vpc-endpoint' },
  { rule: 'vpc-endpoint-private-dns', fixture: 'vpc-endpoint', configuration: { privateDnsEnabled: false } },
  { rule: 'vpc-required-endpoints', fixture: 'vpc', network: withoutEndpoints(privateVpc(), 'ecr.api') },
  { rule: 'ecr-public-repository-absent', fixture: 'ecr-public-repository' },
  { rule: 'ecr-registry-no-external-sharing', fixture: 'ecr-registry-policy' },
  { rule: 'ecr-registry-no-external-sharing', fixture: 'ecr-replication-configuration' },
  { rule: 'ecr-registry-no-external-sharing', fixture: 'ecr-pull-through-cache-rule' },
];

type Path = (string | number)[];

/** Every key path of a JSON value, parents before children (array elements by index). */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (Array.isArray(value))
    return value.flatMap((item, index) => [[...prefix, index], ...pathsOf(item, [...prefix, index])]);
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([key, item]) => [
      [...prefix, key],
      ...pathsOf(item, [...prefix, key]),
    ]);
  return [];
}

/** A copy of `item` with the key at `path` removed (`remove`) or set to null. */
function mutated(item: ConfigurationItem, path: Path, remove: boolean): ConfigurationItem {
  const copy = structuredClone(item) as unknown as Record<string | number, unknown>;
  let holder: Record<string | number, unknown> = copy;
  for (const step of path.slice(0, -1)) holder = holder[step] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  // An array element is never removed (that is another list, not an absent key): it is nulled.
  if (remove && !Array.isArray(holder)) delete holder[last];
  else holder[last] = null;
  return copy as unknown as ConfigurationItem;
}

function itemOf(testCase: Case): ConfigurationItem {
  const item = structuredClone(invocationItem(testCase.fixture));
  const configuration = { ...item.configuration };
  for (const [key, value] of Object.entries(testCase.configuration ?? {})) {
    if (value === undefined) delete configuration[key];
    else configuration[key] = value;
  }
  return { ...item, configuration };
}

function adapt(item: ConfigurationItem): Resource {
  const adapter = RESOURCE_CATALOG[item.resourceType as ResourceType].fromConfigurationItem;
  if (!adapter) throw new Error(`${item.resourceType} has no adapter`);
  return adapter(item);
}

const scope = { accountId: '123456789012', region: 'eu-west-1', now: new Date('2026-12-04T12:00:00Z') };

/** Readers answering from `original` (the complete model of the unmutated item); or failing every completion read. */
function readers(original: Resource, network: NetworkFacts, completion: 'answers' | 'fails'): AwsReaders {
  const projects = original.resourceType === 'AWS::CodeBuild::Project' ? [] : [codeBuildProject()];
  const aws = fakeReaders(
    {
      [original.resourceType]: [original],
      'AWS::CodeBuild::Project': [original, ...projects].filter(
        (r) => r.resourceType === 'AWS::CodeBuild::Project',
      ),
    },
    { network },
  );
  if (completion === 'answers') return aws;
  return {
    ...aws,
    describe: async (type) => {
      throw denied(`${RESOURCE_CATALOG[type].service}:Describe`);
    },
  };
}

type Outcome = 'COMPLIANT' | 'NON_COMPLIANT' | 'NOT_APPLICABLE' | 'error';

async function outcomeOf(rule: AnyRule, item: ConfigurationItem, aws: AwsReaders): Promise<Outcome> {
  let resource: Resource;
  try {
    resource = adapt(item);
  } catch {
    return 'error';
  }
  // The completion reads are the type's listing reads, so a rule's derived IAM already allows them.
  for (const field of Object.values(resource.unrecorded ?? {}))
    expect(RESOURCE_CATALOG[resource.resourceType].readActions).toContain(field.read);
  const outcome = await evaluateResources(
    rule,
    parseRuleParameters(rule, {}),
    [resource],
    new RunInputs(aws),
    scope,
  );
  if (outcome.failures.length > 0) return 'error';
  const [evaluation] = outcome.evaluations;
  // Skipped: the service API no longer has it (never the case here: it answers the original).
  return evaluation ? evaluation.compliance : 'error';
}

const ruleOf = (id: string): AnyRule => {
  const rule = RULES.find((r) => r.id === id);
  if (!rule) throw new Error(`no rule ${id}`);
  return rule;
};

describe('removing any key of a recorded item never turns NON_COMPLIANT into COMPLIANT', () => {
  it('covers every recorded type and every rule of it', () => {
    // Assess
    const recorded = RESOURCE_DESCRIPTORS.filter((d) => d.fromConfigurationItem).map((d) => d.type);
    const covered = new Set(CASES.map((c) => invocationItem(c.fixture).resourceType));
    expect([...covered].sort()).toEqual([...recorded].sort());
    for (const rule of RULES.filter((r) => r.resourceTypes.some((t) => recorded.includes(t))))
      expect(CASES.map((c) => c.rule)).toContain(rule.id);
  });

  it.each(CASES.map((c) => [`${c.rule} on ${c.fixture}`, c] as const))('%s', async (_name, testCase) => {
    // Prepare
    const rule = ruleOf(testCase.rule);
    const item = itemOf(testCase);
    const original = adapt(item);
    const network = facts(testCase.network ?? privateVpc());
    expect(original.unrecorded, 'the original item is complete').toBeUndefined();
    expect(await outcomeOf(rule, item, readers(original, network, 'answers'))).toBe('NON_COMPLIANT');
    const paths = pathsOf(item);

    // Act
    const holes: string[] = [];
    const notApplicable: string[] = [];
    for (const path of paths) {
      for (const remove of [true, false]) {
        for (const completion of ['answers', 'fails'] as const) {
          const outcome = await outcomeOf(
            rule,
            mutated(item, path, remove),
            readers(original, network, completion),
          );
          const label = `${path.join('.')} ${remove ? 'removed' : 'null'}, completion ${completion}`;
          if (outcome === 'COMPLIANT') holes.push(label);
          if (outcome === 'NOT_APPLICABLE') notApplicable.push(label);
        }
      }
    }

    // Assess
    expect(paths.length).toBeGreaterThan(0);
    expect(holes).toEqual([]);
    expect(notApplicable).toEqual(NOT_APPLICABLE[`${testCase.rule} on ${testCase.fixture}`] ?? []);
  });
});

/**
 * Removals that make a rule NOT_APPLICABLE, each a change of scope rather than a hole: without
 * vpcConfig a project runs outside any VPC (the API's and Config's "no VPC"), which
 * codebuild-project-in-vpc reports NON_COMPLIANT; the network rules judge only projects in a VPC.
 */
const NO_VPC = ['removed', 'null'].flatMap((how) =>
  ['answers', 'fails'].map((completion) => `configuration.vpcConfig ${how}, completion ${completion}`),
);
const NOT_APPLICABLE: Record<string, string[]> = {
  'codebuild-project-no-internet-egress on codebuild-project': NO_VPC,
  'codebuild-project-vpc-endpoints on codebuild-project': NO_VPC,
};
