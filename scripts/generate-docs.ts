/** Writes docs/rules.md and the README's rules table from the rule registry (npm run docs). */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderRulesReference, withReadmeRulesTable } from '../lib/docs/rules-reference';
import { RULES } from '../rules/index';

const root = join(import.meta.dirname, '..');
const reference = join(root, 'docs', 'rules.md');
mkdirSync(join(root, 'docs'), { recursive: true });
writeFileSync(reference, renderRulesReference(RULES));
const readme = join(root, 'README.md');
writeFileSync(readme, withReadmeRulesTable(readFileSync(readme, 'utf8'), RULES));
console.log(`wrote ${reference} and the README rules table (${RULES.length} rules)`);
