/**
 * No RegExp is ever built from data (issue 12): a pattern from a resource turned into a
 * backtracking RegExp hung every periodic run. Regex literals are fine (their shape is ours);
 * wildcard patterns from resources go through lib/policy/wildcard.ts. Biome enforces the same
 * (style/noRestrictedGlobals on RegExp in biome.json); this test keeps the rule true even if
 * that configuration is ever loosened.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../..');
const SOURCE_DIRECTORIES = ['lib', 'rules', 'handlers', 'bin', 'scripts'];
const SOURCE_FILE = /\.(?:ts|mts|cts|js|mjs|cjs)$/;
const REGEXP_CONSTRUCTOR = /\bRegExp\s*\(/;

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return SOURCE_FILE.test(entry.name) ? [path] : [];
  });
}

/** `file:line` of every RegExp constructor call in a text. */
function constructorCalls(file: string, text: string): string[] {
  return text
    .split('\n')
    .flatMap((line, index) => (REGEXP_CONSTRUCTOR.test(line) ? [`${file}:${index + 1}`] : []));
}

describe('the source tree', () => {
  it('never calls the RegExp constructor (lib, rules, handlers, bin, scripts)', () => {
    // Prepare
    const files = SOURCE_DIRECTORIES.flatMap((directory) => sourceFiles(join(ROOT, directory)));

    // Act
    const calls = files.flatMap((path) => constructorCalls(relative(ROOT, path), readFileSync(path, 'utf8')));

    // Assess: the scan saw the rules, and found nothing.
    expect(files.some((path) => path.endsWith('ecr-repository-hygiene.ts'))).toBe(true);
    expect(calls).toEqual([]);
  });

  it('finds a constructor call however it is written', () => {
    // Act
    const found = [
      'new RegExp("^" + name + "$")',
      'RegExp(pattern)',
      'new RegExp (p, "i")',
      'const r = /a*b/;',
      '// RegExp literals only',
    ].map((line) => constructorCalls('x.ts', line).length);

    // Assess
    expect(found).toEqual([1, 1, 1, 0, 0]);
  });

  it('is also enforced by Biome on the same directories', () => {
    // Prepare
    const biome = JSON.parse(readFileSync(join(ROOT, 'biome.json'), 'utf8')) as {
      overrides?: { includes?: string[]; linter?: { rules?: { style?: Record<string, unknown> } } }[];
    };

    // Act
    const override = biome.overrides?.find((o) => o.linter?.rules?.style?.noRestrictedGlobals !== undefined);
    const rule = override?.linter?.rules?.style?.noRestrictedGlobals as
      | { level: string; options: { deniedGlobals: Record<string, string> } }
      | undefined;

    // Assess
    expect(override?.includes).toEqual(SOURCE_DIRECTORIES.map((directory) => `${directory}/**`));
    expect(rule?.level).toBe('error');
    expect(Object.keys(rule?.options.deniedGlobals ?? {})).toEqual(['RegExp']);
  });
});
