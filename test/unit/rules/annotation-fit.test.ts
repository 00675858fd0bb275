/**
 * Every rule fits its annotation through lib/engine/annotation.ts: with names as long as AWS
 * allows, the annotation stays within 256 characters, uses the one mark, and keeps the cause
 * whole (the name is cut, not what is wrong).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AnyRule, Verdict } from '../../../lib/engine/rule';
import { contextFor, evaluateResource, parseRuleParameters } from '../../../lib/engine/run';
import type { Resource } from '../../../lib/resources/model';
import imagePrivate from '../../../rules/codebuild-project-image-private';
import inVpc from '../../../rules/codebuild-project-in-vpc';
import logging from '../../../rules/codebuild-project-logging';
import plaintextSecrets from '../../../rules/codebuild-project-no-plaintext-secrets';
import notPublic from '../../../rules/codebuild-project-not-public';
import sourcePrivate from '../../../rules/codebuild-project-source-private';
import endpointPolicy from '../../../rules/vpc-endpoint-policy-restricted';
import privateDns from '../../../rules/vpc-endpoint-private-dns';
import { codeBuildProject, vpcEndpoint } from '../../fixtures/models';

/** CodeBuild project names run to 255 characters. */
const LONG_NAME = `p${'n'.repeat(254)}`;
const LONG_SERVICE = `com.amazonaws.vpce.eu-west-1.vpce-svc-${'0'.repeat(230)}`;

function evaluate(rule: AnyRule, resource: Resource): Verdict {
  const params = parseRuleParameters(rule, {});
  const context = contextFor('123456789012', 'eu-west-1', params.common, new Date('2026-11-25T00:00:00Z'));
  // The rules listed here need no inputs: the base context is all their context holds.
  return rule.evaluate(resource as never, context as never, params.own);
}

describe('CodeBuild verdicts through the engine, with the longest project name AWS allows', () => {
  it.each([
    {
      rule: inVpc,
      resource: codeBuildProject({ name: LONG_NAME, vpcConfig: undefined }),
      cause:
        ': no vpcConfig: builds run outside any VPC with direct internet access; to pass, set vpcConfig to ' +
        'private subnets and a security group',
    },
    {
      rule: logging,
      resource: codeBuildProject({
        name: LONG_NAME,
        logs: {
          cloudWatchLogs: { status: 'DISABLED' },
          s3Logs: { status: 'DISABLED', encryptionDisabled: false },
        },
      }),
      cause:
        ': no log destination is enabled (CloudWatch Logs and S3 logs are both disabled); to pass, enable either',
    },
    {
      rule: notPublic,
      resource: codeBuildProject({ name: LONG_NAME, visibility: 'PUBLIC_READ' }),
      cause:
        ': public build access (PUBLIC_READ): anyone can read its build logs and download its artifacts; ' +
        'to pass, set visibility PRIVATE',
    },
  ])(
    '$rule.id names the project and keeps "$cause" whole within 256 characters',
    ({ rule, resource, cause }) => {
      // Prepare
      const params = parseRuleParameters(rule as AnyRule, {});
      const context = contextFor(
        '123456789012',
        'eu-west-1',
        params.common,
        new Date('2026-11-25T00:00:00Z'),
      );

      // Act
      const evaluation = evaluateResource(rule as AnyRule, resource, context as never, params);

      // Assess
      const annotation = evaluation.annotation ?? '';
      expect(annotation.length).toBeLessThanOrEqual(256);
      expect(annotation.endsWith(cause)).toBe(true);
      expect(annotation.slice(0, -cause.length)).toMatch(/^project pn+…$/);
    },
  );
});

describe('annotations with the longest names AWS allows', () => {
  it.each([
    {
      rule: imagePrivate,
      resource: codeBuildProject({
        environment: { ...codeBuildProject().environment, image: `docker.io/library/${LONG_NAME}:1` },
      }),
      cause: ' is pulled from Docker Hub over the internet',
    },
    {
      rule: sourcePrivate,
      resource: codeBuildProject({ name: LONG_NAME, sources: [] }),
      cause: ' has no recorded source: where its builds fetch code from cannot be verified',
    },
    {
      rule: sourcePrivate,
      resource: codeBuildProject({
        name: LONG_NAME,
        sources: [{ type: 'GITHUB', location: 'https://github.com/example/app.git', primary: true }],
      }),
      cause: ' fetches sources from outside AWS: primary GITHUB from github.com',
    },
    {
      rule: plaintextSecrets,
      resource: codeBuildProject({
        name: LONG_NAME,
        environment: {
          ...codeBuildProject().environment,
          variables: [{ name: 'DB_PASSWORD', value: 'hunter2-hunter2', type: 'PLAINTEXT' }],
        },
      }),
      cause: ' has credentials in plaintext: DB_PASSWORD (password)',
    },
    {
      rule: privateDns,
      resource: vpcEndpoint({ serviceName: LONG_SERVICE }),
      cause: ' is not an AWS regional service (com.amazonaws.<region>.<service>)',
    },
    {
      rule: endpointPolicy,
      resource: vpcEndpoint({ serviceName: LONG_SERVICE }),
      cause: ', an endpoint service of another owner: AWS allows full access and no endpoint policy applies',
    },
  ])('$rule.id keeps "$cause" whole within 256 characters', ({ rule, resource, cause }) => {
    // Act
    const verdict = evaluate(rule as AnyRule, resource);

    // Assess
    const annotation = verdict.annotation ?? '';
    expect(annotation.length).toBeLessThanOrEqual(256);
    expect(annotation.endsWith(cause)).toBe(true);
    expect(annotation.slice(0, -cause.length)).toMatch(/…$/);
    expect(annotation).not.toContain('...');
  });
});

describe('one annotation module', () => {
  const dir = join(import.meta.dirname, '../../../rules');
  const ruleFiles = readdirSync(dir).filter(
    (file) => file.endsWith('.ts') && !['index.ts', 'load.ts'].includes(file),
  );

  it.each(ruleFiles)('%s fits its annotations through lib/engine/annotation.ts only', (file) => {
    // Prepare
    const source = readFileSync(join(dir, file), 'utf8');

    // Assess: no limit, cutter, mark or "more" phrasing of its own
    expect(source).toContain("from '../lib/engine/annotation'");
    expect(source).not.toMatch(
      /MAX_ANNOTATION\s*=|\bshorten\b|\bfitClauses\b|\}\.\.\.`|\[truncated\]|\+\$\{|more statements?\b/,
    );
  });
});
