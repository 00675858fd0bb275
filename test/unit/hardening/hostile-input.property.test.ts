/**
 * Hostile input: arbitrary events, configuration items, policies and rule parameters — deeply
 * nested, large, of the wrong types, full of unicode — never crash the pipeline with anything
 * but a clear validation error, never produce a verdict from invalid input, and never break the
 * annotation limit.
 */
import type { ConfigServiceClient } from '@aws-sdk/client-config-service';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type EvaluatorDeps, evaluateRuleEvent } from '../../../lib/config/evaluate-event';
import { InvalidEventError } from '../../../lib/config/event';
import { InvalidParameterError } from '../../../lib/engine/params';
import { contextFor, parseRuleParameters } from '../../../lib/engine/run';
import type { Log } from '../../../lib/log';
import { InvalidResourceDataError, UnsupportedResourceTypeError } from '../../../lib/resources';
import { ResourceReadError } from '../../../lib/resources/errors';
import ecrRepositoryNotPublic from '../../../rules/ecr-repository-not-public';
import { RULES, ruleForConfigRuleName } from '../../../rules/index';
import { changeEvent } from '../../fixtures/events';
import { ecrRepository } from '../../fixtures/models';

const silent: Log = { info() {}, warn() {}, error() {} };

/** Stand-ins for AWS (not our code): Config records what would be sent; readers find nothing. */
function deps() {
  const sent: unknown[] = [];
  const config = {
    send: async (command: unknown) => {
      sent.push(command);
      return { FailedEvaluations: [] };
    },
  };
  const value: EvaluatorDeps = {
    config: config as unknown as ConfigServiceClient,
    aws: {
      list: async () => [],
      // What an item lacks cannot be read here: such a resource must end in an error, not a verdict.
      describe: async () => {
        throw new Error('no service API in this test');
      },
      networkLoader: () => ({
        load: async () => ({
          vpc: () => ({
            vpcId: 'x',
            exists: false,
            region: 'eu-west-1',
            routeTables: [],
            subnets: [],
            endpoints: [],
            securityGroups: [],
          }),
        }),
      }),
      ecrRegistryScanning: async () => ({ scanType: 'BASIC', rules: [] }),
    } as unknown as EvaluatorDeps['aws'],
    findRule: ruleForConfigRuleName,
    log: silent,
    region: 'eu-west-1',
  };
  return { deps: value, sent };
}

/** Strings that hurt: unicode, control characters, huge, JSON-looking. */
const nastyString = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('', ' ', '\u0000', '😀'.repeat(200), '{"a":', 'null', '[]', '1e999', 'x'.repeat(10_000)),
);
const deep = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    nastyString,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('node'), { maxLength: 4 }),
    fc.dictionary(nastyString, tie('node'), { maxKeys: 4 }),
  ),
})).node;

const TYPED_ERRORS = [
  InvalidEventError,
  InvalidParameterError,
  InvalidResourceDataError,
  UnsupportedResourceTypeError,
  // An item lacking what a rule needs, whose completion read failed: named, never a verdict.
  ResourceReadError,
];
const isTyped = (error: unknown) => TYPED_ERRORS.some((type) => error instanceof type);

describe('hostile input', () => {
  it('an arbitrary event is rejected with a validation error and nothing is reported', async () => {
    await fc.assert(
      fc.asyncProperty(deep, async (event) => {
        const { deps: d, sent } = deps();
        try {
          await evaluateRuleEvent(event, d);
        } catch (error) {
          expect(isTyped(error), String(error)).toBe(true);
          expect(sent).toEqual([]);
          return;
        }
        throw new Error('an arbitrary value was accepted as a Config rule event');
      }),
      { numRuns: 400 },
    );
  });

  it('a well-formed event carrying an arbitrary configuration item never yields a guessed verdict', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...RULES.filter((r) => !r.resourceTypes.includes('AWS::CodeCommit::Repository'))),
        fc.record({ configuration: deep, tags: deep, resourceName: deep, ARN: deep }),
        async (rule, junk) => {
          // Prepare
          const { deps: d, sent } = deps();
          const item = {
            configurationItemStatus: 'OK',
            configurationItemCaptureTime: '2026-11-25T10:00:00.000Z',
            resourceType: rule.resourceTypes[0],
            resourceId: 'r-1',
            awsAccountId: '123456789012',
            awsRegion: 'eu-west-1',
            ...junk,
          };

          // Act
          let failed: unknown;
          try {
            await evaluateRuleEvent(changeEvent(item, { configRuleName: `ppguard-${rule.id}` }), d);
          } catch (error) {
            failed = error;
          }

          // Assess: either a typed error and nothing sent, or one well-formed evaluation.
          if (failed !== undefined) {
            expect(isTyped(failed), String(failed)).toBe(true);
            expect(sent).toEqual([]);
            return;
          }
          const evaluations = (
            sent as { input: { Evaluations: { ComplianceType: string; Annotation?: string }[] } }[]
          ).flatMap((c) => c.input.Evaluations);
          expect(evaluations).toHaveLength(1);
          for (const e of evaluations) expect((e.Annotation ?? 'x').length).toBeLessThanOrEqual(256);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('arbitrary rule parameters are accepted or rejected with an error naming the parameter', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...RULES),
        fc.dictionary(nastyString, deep, { maxKeys: 5 }),
        (rule, raw) => {
          try {
            parseRuleParameters(rule, raw);
          } catch (error) {
            expect(error).toBeInstanceOf(InvalidParameterError);
            expect((error as InvalidParameterError).message).toMatch(/^invalid rule parameter "/);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('a large policy within the size AWS accepts is judged within the annotation limit', () => {
    // Prepare: 40 statements (about 9,000 characters) opening the repository to many accounts.
    const statements = Array.from({ length: 40 }, (_, i) => ({
      Sid: `S${i}-${'é'.repeat(20)}`,
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${String(100000000000 + i)}:root` },
      Action: ['ecr:BatchGetImage'],
      Condition: { StringEquals: { 'aws:SourceIp': ['10.0.0.1'] } },
    }));
    const repository = ecrRepository({
      policy: { kind: 'document', document: { Version: '2012-10-17', Statement: statements } },
    });
    const params = parseRuleParameters(ecrRepositoryNotPublic, {});

    // Act
    const verdict = ecrRepositoryNotPublic.evaluate(
      repository,
      contextFor('123456789012', 'eu-west-1', params.common, new Date('2026-11-25T00:00:00Z')),
      params.own,
    );

    // Assess
    expect(verdict.compliance).toBe('NON_COMPLIANT');
    expect(verdict.annotation?.length).toBeLessThanOrEqual(256);
    expect(verdict.annotation).toMatch(/; and \d+ more$/);
  });

  it('a policy larger or deeper than AWS accepts is NON_COMPLIANT naming the limit, never a crash', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          // Lists nested deeper than any policy, as text (JSON.stringify itself would overflow).
          fc
            .integer({ min: 12, max: 20_000 })
            .map((depth) => `{"Statement":${'['.repeat(depth)}"x"${']'.repeat(depth)}}`),
          fc.integer({ min: 10_241, max: 200_000 }).map((length) => `{"Id":"${'x'.repeat(length)}"}`),
        ),
        fc.boolean(),
        (text, asText) => {
          // Prepare: the same document as text, or as the parsed object (JSON.parse does not recurse).
          const repository = ecrRepository({
            policy: { kind: 'document', document: asText ? text : JSON.parse(text) },
          });
          const params = parseRuleParameters(ecrRepositoryNotPublic, {});

          // Act
          const verdict = ecrRepositoryNotPublic.evaluate(
            repository,
            contextFor('123456789012', 'eu-west-1', params.common, new Date('2026-11-25T00:00:00Z')),
            params.own,
          );

          // Assess
          expect(verdict.compliance).toBe('NON_COMPLIANT');
          expect(verdict.annotation).toMatch(
            /^repository policy is unparsable: the policy (?:nests deeper than 10 levels|is longer than 10,240 characters)/,
          );
        },
      ),
      { numRuns: 60 },
    );
  });
});
