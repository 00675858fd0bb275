/**
 * Property: whatever AWS Config hands us, the pipeline from configuration item to verdict either
 * produces a well-formed verdict or a typed error about the item. No rule ever throws.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { InputName, RuleContext } from '../../../lib/engine/rule';
import { contextFor, parseRuleParameters } from '../../../lib/engine/run';
import { InvalidResourceDataError, modelFromConfigurationItem } from '../../../lib/resources';
import type { Resource } from '../../../lib/resources/model';
import { RULES } from '../../../rules/index';
import { type FixtureName, invocationItem } from '../../fixtures/config/index';

const FIXTURES: FixtureName[] = [
  'codebuild-project',
  'ecr-repository',
  'vpc-endpoint',
  'ecr-public-repository',
  'ecr-registry-policy',
  'ecr-replication-configuration',
  'ecr-pull-through-cache-rule',
];
const now = new Date('2026-11-25T12:00:00Z');

/** JSON-ish values, including the shapes Config mixes up: strings vs objects, arrays vs objects. */
const jsonValue = fc.jsonValue({ maxDepth: 4 });

/** A fixture item whose configuration keys are replaced, removed or added at random (nested too). */
const mutatedItem = fc
  .record({
    fixture: fc.constantFrom(...FIXTURES),
    replacements: fc.dictionary(fc.string({ maxLength: 12 }), jsonValue, { maxKeys: 6 }),
    overwriteKnown: fc.array(fc.tuple(fc.nat(), jsonValue), { maxLength: 6 }),
    wholeConfiguration: fc.option(jsonValue, { freq: 5 }),
    tags: fc.option(fc.dictionary(fc.string({ maxLength: 20 }), fc.string({ maxLength: 30 })), { freq: 3 }),
  })
  .map(({ fixture, replacements, overwriteKnown, wholeConfiguration, tags }) => {
    const item = invocationItem(fixture) as unknown as Record<string, unknown>;
    const configuration = { ...(item.configuration as Record<string, unknown>) };
    const keys = Object.keys(configuration);
    for (const [index, value] of overwriteKnown) {
      const key = keys[index % keys.length];
      if (key !== undefined) configuration[key] = value;
    }
    Object.assign(configuration, replacements);
    item.configuration = wholeConfiguration === null ? configuration : wholeConfiguration;
    if (tags !== null) item.tags = tags;
    return item;
  });

/** What the pipeline adds before evaluation: Config items do not record project visibility. */
function enriched(resource: Resource): Resource {
  return resource.resourceType === 'AWS::CodeBuild::Project' && resource.visibility === undefined
    ? { ...resource, visibility: 'PRIVATE' }
    : resource;
}

function evaluateAll(found: Resource) {
  const resource = enriched(found);
  for (const rule of RULES) {
    if (!(rule.resourceTypes as readonly string[]).includes(resource.resourceType)) continue;
    if (rule.networkOf) continue; // Network rules get their own property over arbitrary network facts.
    const params = parseRuleParameters(rule, {
      trustedAccounts: '111111111111',
      trustedOrgIds: 'o-abcdefghij',
    });
    // What the pipeline loads for rules that need it (here: the registry's default scanning).
    const context = {
      ...contextFor(resource.accountId, resource.region, params.common, now),
      ecrRegistryScanning: { scanType: 'BASIC', rules: [] },
    } as unknown as RuleContext<InputName>; // network rules are skipped above
    const verdict = rule.evaluate(resource, context, params.own);
    expect(['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE']).toContain(verdict.compliance);
    if (verdict.compliance === 'NON_COMPLIANT') expect(verdict.annotation.length).toBeGreaterThan(0);
  }
}

describe('rules over arbitrary configuration items', () => {
  it('either normalise and get a well-formed verdict from every rule, or fail with a typed item error', () => {
    let evaluated = 0;
    fc.assert(
      fc.property(mutatedItem, (item) => {
        let resource: Resource;
        try {
          resource = modelFromConfigurationItem(item as never);
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidResourceDataError);
          return;
        }
        evaluateAll(resource);
        evaluated++;
      }),
      { numRuns: 1500 },
    );
    // Many mutations leave a usable item: the property must exercise the rules, not only the errors.
    // About 23% do (mean ~340 of 1,500, standard deviation ~16); 250 is far enough below the mean
    // never to fail by chance, and far above what a broken generator would give.
    expect(evaluated).toBeGreaterThan(250);
  });
});
