/** Writes docs/rules.md from the rule registry (npm run docs). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderRulesReference } from '../lib/docs/rules-reference';
import { RULES } from '../rules/index';

const target = join(import.meta.dirname, '..', 'docs', 'rules.md');
mkdirSync(join(target, '..'), { recursive: true });
writeFileSync(target, renderRulesReference(RULES));
console.log(`wrote ${target} (${RULES.length} rules)`);
