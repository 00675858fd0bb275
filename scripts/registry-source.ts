/**
 * The rule registry's generated sources (rules/generated/*.ts), rendered from the rule files in
 * rules/: adding a rule is its file and its test, then `npm run generate`. Existing rules keep their
 * order (the catalog order of docs, reports and templates); new ones are appended, sorted by id.
 * Plain string operations: no RegExp is built from a file name.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Files in rules/ that are not rules. */
const NOT_RULES = new Set(['index.ts', 'load.ts']);
const LOADER_PREFIX = "  '";

/** The ids of the rule files in `rulesDir` (a rule's id is its file name). */
export function ruleFileIds(rulesDir: string): string[] {
  return readdirSync(rulesDir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !NOT_RULES.has(entry.name))
    .map((entry) => entry.name.slice(0, -'.ts'.length))
    .sort();
}

/** The ids in the order the generated loaders list them (empty when not generated yet). */
export function generatedOrder(loadersSource: string): string[] {
  return loadersSource
    .split('\n')
    .filter((line) => line.startsWith(LOADER_PREFIX))
    .map((line) => line.slice(LOADER_PREFIX.length, line.indexOf("'", LOADER_PREFIX.length)));
}

/** Existing ids in their order, then new ones sorted; ids whose file is gone are dropped. */
export function registryOrder(files: readonly string[], previous: readonly string[]): string[] {
  const present = new Set(files);
  const kept = previous.filter((id) => present.has(id));
  const known = new Set(kept);
  return [...kept, ...files.filter((id) => !known.has(id))];
}

const HEADER = '// Generated from the rule files in rules/ by `npm run generate`; do not edit by hand.';

function identifier(id: string): string {
  return id
    .split('-')
    .map((part, index) => (index === 0 ? part : `${part.charAt(0).toUpperCase()}${part.slice(1)}`))
    .join('');
}

/** rules/generated/rules.ts: every rule, imported eagerly (CLI, docs, templates, tests). */
export function renderRules(ids: readonly string[]): string {
  return [
    HEADER,
    "import type { AnyRule } from '../../lib/engine/rule';",
    // Imports sorted by path, as the formatter wants them; the list below keeps the registry order.
    ...[...ids].sort().map((id) => `import ${identifier(id)} from '../${id}';`),
    '',
    'export const GENERATED_RULES: readonly AnyRule[] = [',
    ...ids.map((id) => `  ${identifier(id)},`),
    '];',
    '',
  ].join('\n');
}

/** rules/generated/loaders.ts: every rule, loaded on first use (Lambda). */
export function renderLoaders(ids: readonly string[]): string {
  return [
    HEADER,
    "import type { AnyRule } from '../../lib/engine/rule';",
    '',
    'export const GENERATED_LOADERS: Readonly<Record<string, () => Promise<{ default: AnyRule }>>> = {',
    ...ids.map((id) => `${LOADER_PREFIX}${id}': () => import('../${id}'),`),
    '};',
    '',
  ].join('\n');
}

/** The generated sources for the rules in `rulesDir`, keyed by their path under it. */
export function registrySources(rulesDir: string): Record<string, string> {
  const loaders = join(rulesDir, 'generated', 'loaders.ts');
  const previous = existsSync(loaders) ? generatedOrder(readFileSync(loaders, 'utf8')) : [];
  const ids = registryOrder(ruleFileIds(rulesDir), previous);
  return { 'generated/rules.ts': renderRules(ids), 'generated/loaders.ts': renderLoaders(ids) };
}
