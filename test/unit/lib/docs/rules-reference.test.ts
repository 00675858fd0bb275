import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderRulesReference, withReadmeRulesTable } from '../../../../lib/docs/rules-reference';
import { RULES } from '../../../../rules/index';

describe('docs/rules.md', () => {
  it('is up to date with the registry (run `npm run docs` after changing a rule)', () => {
    // Prepare
    const committed = readFileSync(join(import.meta.dirname, '../../../../docs/rules.md'), 'utf8');

    // Act
    const generated = renderRulesReference(RULES);

    // Assess
    expect(committed).toBe(generated);
  });

  it("README's rules table is up to date with the registry", () => {
    // Prepare
    const readme = readFileSync(join(import.meta.dirname, '../../../../README.md'), 'utf8');

    // Act
    const regenerated = withReadmeRulesTable(readme, RULES);

    // Assess
    expect(readme).toBe(regenerated);
  });

  it('refuses a README without the table markers', () => {
    expect(() => withReadmeRulesTable('# no markers', RULES)).toThrowError(/lacks the <!-- rules:start/);
  });

  it('lists every rule with its section', () => {
    const text = renderRulesReference(RULES);
    for (const rule of RULES) {
      expect(text).toContain(`| [\`${rule.id}\`](#${rule.id}) |`);
      expect(text).toContain(`## ${rule.id}\n`);
    }
  });
});
