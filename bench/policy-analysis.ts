/**
 * Policy analysis at AWS's size limits (not part of npm test): the worst shapes we know of that fit
 * in 10,240 characters (repository policy) and 20,480 (endpoint policy), evaluated by the real
 * rules, against a typical one-statement policy as the baseline of the same run. Also times the
 * rejection of issue 12's 2,000 Allow x 2,000 Deny policy, now over the limit. See
 * docs/policy-limits.md.
 *
 *   npx tsx bench/policy-analysis.ts [-- --runs 5]
 */
import { contextFor, parseRuleParameters } from '../lib/engine/run';
import type { EcrRepository, VpcEndpoint } from '../lib/resources/model';
import ecrRepositoryNotPublic from '../rules/ecr-repository-not-public';
import vpcEndpointPolicyRestricted from '../rules/vpc-endpoint-policy-restricted';
import { ecrRepository, vpcEndpoint } from '../test/fixtures/models';

const runsIndex = process.argv.indexOf('--runs');
const RUNS = Number((runsIndex > 0 ? process.argv[runsIndex + 1] : undefined) ?? '5');
const NOW = new Date('2026-11-25T00:00:00Z');

/** As many statements from `make` as fit in `budget` characters of compact JSON. */
function filled(make: (i: number) => unknown, budget: number): { Statement: unknown[] } {
  const statements: unknown[] = [];
  let size = JSON.stringify({ Statement: [] }).length;
  for (let i = 0; ; i++) {
    const next = JSON.stringify(make(i)).length + (statements.length > 0 ? 1 : 0);
    if (size + next > budget) return { Statement: statements };
    statements.push(make(i));
    size += next;
  }
}

/** Worst shapes within `budget` characters. */
function shapes(budget: number): Record<string, unknown> {
  // Each pattern about half of what the two statements leave.
  const half = Math.floor((budget - 160) / 2);
  return {
    'alternating Allow/Deny statements': filled(
      (i) =>
        i % 2 === 0
          ? { Effect: 'Allow', Principal: '*', Action: 'ecr:*' }
          : { Effect: 'Deny', Principal: '*', Action: 'ecr:Put*' },
      budget,
    ),
    'one Allow naming ~1,000 principals vs a long Deny': {
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: Array.from({ length: Math.floor(budget / 20) }, (_, i) => `A${i}`) },
          Action: '*',
        },
        {
          Effect: 'Deny',
          Principal: '*',
          Action: Array.from({ length: Math.floor(budget / 25) }, (_, i) => `x:${i}*`),
        },
      ],
    },
    'two patterns of half the limit each': {
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: `a${'*a'.repeat(Math.floor(half / 2) - 1)}` },
        { Effect: 'Deny', Principal: '*', Action: `b${'*a'.repeat(Math.floor(half / 2) - 1)}*` },
      ],
    },
  };
}

function timeOf(run: () => unknown): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    run();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)] ?? 0;
}

const repositoryParams = parseRuleParameters(ecrRepositoryNotPublic, {});
const endpointParams = parseRuleParameters(vpcEndpointPolicyRestricted, {});
const context = contextFor('123456789012', 'eu-west-1', repositoryParams.common, NOW);
const onRepository = (document: unknown) => {
  const repository: EcrRepository = ecrRepository({ policy: { kind: 'document', document } });
  return () => ecrRepositoryNotPublic.evaluate(repository, context, repositoryParams.own);
};
const onEndpoint = (document: unknown) => {
  const endpoint: VpcEndpoint = vpcEndpoint({ policy: { kind: 'document', document } });
  return () => vpcEndpointPolicyRestricted.evaluate(endpoint, context, endpointParams.own);
};

const baselineDocument = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'Pull',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111111111111:root' },
      Action: 'ecr:BatchGetImage',
    },
  ],
};
const baseline = timeOf(onRepository(baselineDocument));
console.log(`baseline (one statement): ${baseline.toFixed(3)} ms per evaluation (median of ${RUNS})\n`);
console.log('| policy | characters | ms per evaluation | x baseline |');
console.log('|---|---:|---:|---:|');
const row = (label: string, document: unknown, run: () => unknown) => {
  const ms = timeOf(run);
  console.log(
    `| ${label} | ${JSON.stringify(document).length} | ${ms.toFixed(1)} | ${Math.round(ms / baseline)} |`,
  );
};
for (const [name, document] of Object.entries(shapes(10_240)))
  row(`repository: ${name}`, document, onRepository(document));
for (const [name, document] of Object.entries(shapes(20_480)))
  row(`endpoint: ${name}`, document, onEndpoint(document));
const issue12 = {
  Statement: [
    ...Array(2000).fill({ Effect: 'Allow', Principal: '*', Action: 'ecr:*' }),
    ...Array(2000).fill({ Effect: 'Deny', Principal: '*', Action: 'ecr:Put*' }),
  ],
};
row('repository: 2,000 Allow x 2,000 Deny (over the limit: rejected)', issue12, onRepository(issue12));
