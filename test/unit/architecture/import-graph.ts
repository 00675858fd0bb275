/**
 * The project's import graph, read with the TypeScript parser, and the layer rules of
 * docs/architecture.md checked over it. Pure over (path, text) pairs, so a test can plant a
 * file and watch a rule fire.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import ts from 'typescript';

export interface SourceFile {
  /** Relative to the repository root, with forward slashes. */
  path: string;
  text: string;
}

export interface Import {
  from: string;
  /** A repository path (without extension) for a relative import; the bare specifier otherwise. */
  to: string;
  typeOnly: boolean;
}

/** Top-down: a folder may import only folders of a LOWER rank (docs/architecture.md "Layers"). */
export const LAYERS: readonly (readonly [unit: string, rank: number])[] = [
  ['scripts', 11],
  ['bench', 11],
  ['emulator', 10],
  ['handlers', 9],
  ['bin', 10],
  ['lib/cli', 9],
  ['lib/lambda', 7],
  ['lib/config', 6],
  ['lib/notify', 6],
  ['lib/deploy', 6],
  ['lib/docs', 6],
  ['lib/collect', 5],
  ['lib/aws', 4],
  ['rules', 3],
  ['lib/engine', 2],
  ['lib/network', 1],
  ['lib/policy', 0],
  ['lib/resources', 0],
  ['lib/log', 0],
];

/** Folders that hold no I/O: verdicts, models and analysis over what the edges loaded. */
export const PURE_UNITS = ['rules', 'lib/engine', 'lib/network', 'lib/policy', 'lib/resources'];
/** What a rule may import besides other rules. */
const RULE_IMPORTS = ['lib/engine', 'lib/network', 'lib/policy', 'lib/resources'];
/** Node modules that do I/O (or start it); pure folders import none of them. */
const IO_NODE_MODULES =
  /^(?:node:)?(?:fs|fs\/promises|http|https|http2|net|tls|dgram|dns|child_process|worker_threads|cluster)$/;
const SOURCE_FILE = /\.(?:ts|mts|cts)$/;

export const SOURCE_DIRECTORIES = ['handlers', 'bin', 'scripts', 'bench', 'emulator', 'lib', 'rules'];

export function readSources(root: string, directories = SOURCE_DIRECTORIES): SourceFile[] {
  const walk = (directory: string): string[] =>
    readdirSync(join(root, directory), { withFileTypes: true }).flatMap((entry) => {
      const path = `${directory}/${entry.name}`;
      if (entry.isDirectory()) return walk(path);
      return SOURCE_FILE.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
    });
  return directories.flatMap(walk).map((path) => ({ path, text: readFileSync(join(root, path), 'utf8') }));
}

function importOf(from: string, specifier: string, typeOnly: boolean): Import {
  if (!specifier.startsWith('.')) return { from, to: specifier, typeOnly };
  const to = normalize(join(dirname(from), specifier))
    .split('\\')
    .join('/');
  return { from, to: to.replace(/\.(?:m?js|ts)$/, ''), typeOnly };
}

/** Static imports, re-exports and dynamic `import()` of one file. */
export function importsOf(file: SourceFile): Import[] {
  const source = ts.createSourceFile(file.path, file.text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const found: Import[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const bindings = clause?.namedBindings;
      const allNamedAreTypes =
        bindings !== undefined &&
        ts.isNamedImports(bindings) &&
        bindings.elements.length > 0 &&
        bindings.elements.every((element) => element.isTypeOnly) &&
        clause?.name === undefined;
      found.push(
        importOf(file.path, node.moduleSpecifier.text, Boolean(clause?.isTypeOnly) || allNamedAreTypes),
      );
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      found.push(importOf(file.path, node.moduleSpecifier.text, node.isTypeOnly));
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      found.push(importOf(file.path, node.arguments[0].text, false));
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      const literal = node.argument.literal;
      if (ts.isStringLiteral(literal)) found.push(importOf(file.path, literal.text, true));
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The layer unit a repository path belongs to, or undefined outside the layered tree. */
export function unitOf(path: string): string | undefined {
  const match = LAYERS.map(([unit]) => unit)
    .filter((unit) => path === unit || path.startsWith(`${unit}/`) || path === `${unit}.ts`)
    .sort((a, b) => b.length - a.length);
  return match[0];
}

const rankOf = (unit: string): number => LAYERS.find(([name]) => name === unit)?.[1] ?? Number.NaN;

/** Imports from one folder into another that is not below it: `from -> to`. */
export function importsRunningUp(imports: readonly Import[]): string[] {
  return imports.flatMap(({ from, to }) => {
    const fromUnit = unitOf(from);
    const toUnit = unitOf(to);
    if (!fromUnit || !toUnit || fromUnit === toUnit) return [];
    return rankOf(toUnit) < rankOf(fromUnit) ? [] : [`${from} -> ${to} (${fromUnit} imports ${toUnit})`];
  });
}

/** Loops between folders: each a list of units, the first repeated at the end. */
export function folderLoops(imports: readonly Import[]): string[][] {
  const edges = new Map<string, Set<string>>();
  for (const { from, to } of imports) {
    const fromUnit = unitOf(from);
    const toUnit = unitOf(to);
    if (!fromUnit || !toUnit || fromUnit === toUnit) continue;
    edges.set(fromUnit, (edges.get(fromUnit) ?? new Set()).add(toUnit));
  }
  const loops: string[][] = [];
  const seen = new Set<string>();
  for (const start of [...edges.keys()].sort()) {
    const walk = (unit: string, path: string[]): void => {
      for (const next of [...(edges.get(unit) ?? [])].sort()) {
        if (next === start) {
          const loop = [...path, start];
          const key = [...path].sort().join(' ');
          if (!seen.has(key)) {
            seen.add(key);
            loops.push(loop);
          }
        } else if (!path.includes(next) && next > start) walk(next, [...path, next]);
      }
    };
    walk(start, [start]);
  }
  return loops;
}

/** Imports of a pure folder that reach I/O: an I/O folder, an I/O node module, or the SDK's values. */
export function impureImports(imports: readonly Import[]): string[] {
  return imports.flatMap(({ from, to, typeOnly }) => {
    const fromUnit = unitOf(from);
    if (!fromUnit || !PURE_UNITS.includes(fromUnit)) return [];
    const toUnit = unitOf(to);
    const reason =
      toUnit !== undefined && !PURE_UNITS.includes(toUnit)
        ? `the impure ${toUnit}`
        : IO_NODE_MODULES.test(to)
          ? 'a node I/O module'
          : to.startsWith('@aws-sdk/') && (!typeOnly || fromUnit === 'rules')
            ? 'the AWS SDK'
            : undefined;
    return reason ? [`${from} -> ${to} (${reason})`] : [];
  });
}

/** Imports of rules/ outside engine, network resolution, policy, resources and rules/ itself. */
export function ruleImportsOutsideTheirLayers(imports: readonly Import[]): string[] {
  return imports.flatMap(({ from, to }) => {
    if (unitOf(from) !== 'rules') return [];
    const toUnit = unitOf(to);
    if (toUnit === 'rules' || (toUnit !== undefined && RULE_IMPORTS.includes(toUnit))) return [];
    return [`${from} -> ${to}`];
  });
}
