import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { permissionsOf } from '../../../lib/engine/permissions';
import { RESOURCE_TYPES } from '../../../lib/resources/model';
import { RULES, ruleForConfigRuleName } from '../../../rules/index';
import { loadRuleForConfigRuleName, RULE_IDS } from '../../../rules/load';
import { registrySources } from '../../../scripts/registry-source';

const rulesDir = join(import.meta.dirname, '../../../rules');
const testsDir = import.meta.dirname;
const ruleFiles = readdirSync(rulesDir)
  .filter((file) => file.endsWith('.ts') && file !== 'index.ts' && file !== 'load.ts')
  .map((file) => file.replace(/\.ts$/, ''));

const scenariosOf = (id: string) =>
  readFileSync(join(rulesDir, `${id}.ts`), 'utf8')
    .split('\n')
    .filter((line) => /^\s*\*\s+- Given /.test(line)).length;
/** Tests of a rule: its `it`/`test` calls plus one per row of its `scenarios(...)` tables. */
const testsOf = (id: string) => {
  const source = readFileSync(join(testsDir, `${id}.test.ts`), 'utf8');
  const calls = (source.match(/^\s*(it|test)(\.each)?\(/gm) ?? []).length;
  const rows = [...source.matchAll(/^ {2}scenarios\([\s\S]*?^ {2}\]?\);$/gm)].map(
    ([table]) => (table.match(/^\s*\[(?:\s*\n\s*)?['"`]/gm) ?? []).length,
  );
  return rows.reduce((sum, count) => sum + count, calls);
};

describe('rule registry', () => {
  it('lists every rule file exactly once, and nothing else', () => {
    // Act
    const ids = RULES.map((rule) => rule.id).sort();

    // Assess
    expect(ids).toEqual([...ruleFiles].sort());
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('is generated from the rule files and current (run `npm run generate` after adding a rule)', () => {
    // Act
    const expected = registrySources(rulesDir);

    // Assess
    for (const [path, source] of Object.entries(expected)) {
      expect(readFileSync(join(rulesDir, path), 'utf8'), path).toBe(source);
    }
  });

  it('loads lazily (rules/load.ts) the same rules, in the same order, as the registry', async () => {
    // Act
    const loaded = await Promise.all(RULE_IDS.map((id) => loadRuleForConfigRuleName(`ppguard-${id}`)));

    // Assess
    expect(RULE_IDS).toEqual(RULES.map((rule) => rule.id));
    expect(loaded).toEqual([...RULES]);
    for (const [index, rule] of RULES.entries()) expect(loaded[index]).toBe(rule);
    expect(await loadRuleForConfigRuleName('ppguard-unknown-rule')).toBeUndefined();
  });

  it.each(ruleFiles)('%s: the file default-exports the rule whose id is the file name', async (file) => {
    // Act
    const module = (await import(join(rulesDir, `${file}.ts`))) as { default: { id: string } };

    // Assess
    expect(module.default.id).toBe(file);
  });

  describe.each(RULES.map((rule) => [rule.id, rule] as const))('%s', (id, rule) => {
    it('has complete metadata', () => {
      expect(rule.title.length).toBeGreaterThan(10);
      expect(rule.rationale.length).toBeGreaterThan(20);
      expect(rule.remediation.length).toBeGreaterThan(20);
      expect(['critical', 'high', 'medium', 'low']).toContain(rule.severity);
      expect(rule.resourceTypes.length).toBeGreaterThan(0);
      for (const type of rule.resourceTypes) expect(RESOURCE_TYPES).toContain(type);
      expect(permissionsOf(rule).length).toBeGreaterThan(0);
      for (const action of rule.extraPermissions ?? []) expect(action).toMatch(/^[a-z0-9-]+:[A-Za-z]+$/);
    });

    it('declares the network input exactly when it names VPCs (networkOf)', () => {
      expect(rule.needs?.includes('network') ?? false).toBe(rule.networkOf !== undefined);
    });

    it('declares a parameter schema whose defaults are valid', () => {
      expect(rule.parameters).toBeTypeOf('object');
      for (const [name, spec] of Object.entries(rule.parameters)) {
        expect(name).toMatch(/^[a-z][A-Za-z0-9]*$/);
        expect(spec.description.length).toBeGreaterThan(10);
        if (spec.type === 'list' && spec.itemPattern) {
          for (const item of spec.default) expect(spec.itemPattern.test(item), item).toBe(true);
        }
      }
    });

    it('lists Given/Then scenarios in its header, each with a test', () => {
      const scenarios = scenariosOf(id);
      expect(scenarios).toBeGreaterThan(0);
      expect(testsOf(id)).toBeGreaterThanOrEqual(scenarios);
    });

    it('is found from a deployed Config rule name', () => {
      expect(ruleForConfigRuleName(`ppguard-${id}`)?.id).toBe(id);
      expect(ruleForConfigRuleName(id)?.id).toBe(id);
    });
  });

  it('finds no rule for an unknown Config rule name', () => {
    expect(ruleForConfigRuleName('ppguard-something-else')).toBeUndefined();
  });
});
