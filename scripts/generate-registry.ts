/** Writes the rule registry's generated sources (rules/generated/) from the rule files in rules/. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { registrySources } from './registry-source';

const rulesDir = join(import.meta.dirname, '..', 'rules');
mkdirSync(join(rulesDir, 'generated'), { recursive: true });
const sources = registrySources(rulesDir);
for (const [path, source] of Object.entries(sources)) writeFileSync(join(rulesDir, path), source);
console.log(`wrote ${Object.keys(sources).join(', ')} under rules/`);
