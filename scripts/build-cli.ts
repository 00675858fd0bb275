/**
 * npm run build:cli (and npm pack, through prepack): compiles the `ppguard` CLI to JavaScript in
 * dist/cli/ (entry ppguard.mjs, the package's bin), so an installed package needs neither tsx nor
 * TypeScript. Everything it runs is bundled, the AWS SDK included, as the Lambda functions are
 * (lib/deploy/build.ts): the package has no `dependencies`, installs without resolving any, and
 * runs exactly the code the tests ran. The build fails if the bundle would still import a package
 * at run time. The licences of the bundled packages go to dist/cli/THIRD-PARTY-NOTICES.txt.
 */
import { chmodSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { REQUIRE_SHIM } from '../lib/deploy/build';

export const CLI_OUT_DIR = 'dist/cli';
export const CLI_ENTRY = `${CLI_OUT_DIR}/ppguard.mjs`;
export const NOTICES = `${CLI_OUT_DIR}/THIRD-PARTY-NOTICES.txt`;

/** The npm package a bundled input file comes from (the innermost node_modules), if any. */
export function packageOfInput(input: string): string | undefined {
  const marker = 'node_modules/';
  const at = input.lastIndexOf(marker);
  if (at < 0) return undefined;
  const [first, second] = input.slice(at + marker.length).split('/');
  if (first === undefined || first === '') return undefined;
  return first.startsWith('@') && second !== undefined ? `${first}/${second}` : first;
}

/** The package folders (under node_modules, relative to the root) the bundle holds code of, sorted. */
export function bundledPackageDirs(metafile: Metafile): string[] {
  const dirs = new Set<string>();
  for (const input of Object.keys(metafile.inputs)) {
    const name = packageOfInput(input);
    if (name === undefined) continue;
    const at = input.lastIndexOf(`node_modules/${name}/`);
    dirs.add(input.slice(0, at + 'node_modules/'.length + name.length));
  }
  return [...dirs].sort();
}

/** Imports the bundle leaves to run time other than Node's built-ins: must be none. */
export function runtimeImports(metafile: Metafile): string[] {
  const found = new Set<string>();
  // Node's built-ins ship with Node, with or without the node: prefix (yaml imports `process`).
  for (const output of Object.values(metafile.outputs))
    for (const imported of output.imports)
      if (imported.external && !imported.path.startsWith('node:') && !isBuiltin(imported.path))
        found.add(imported.path);
  return [...found].sort();
}

function licenceFiles(dir: string): string | undefined {
  const files = readdirSync(dir).filter((name) => /^(licen[cs]e|notice)/i.test(name));
  if (files.length === 0) return undefined;
  return files.map((name) => readFileSync(join(dir, name), 'utf8').trim()).join('\n\n');
}

/**
 * One section per bundled package: name, version, licence and its licence/notice files. A package
 * that ships no licence file (some AWS SDK packages) points to the text of its licence given with
 * another package; a licence whose text no bundled package ships fails the build.
 */
function notices(root: string, dirs: readonly string[]): string {
  const packages = dirs.map((dir) => {
    const pkg = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) as {
      name?: string;
      version?: string;
      license?: string;
    };
    return {
      id: `${pkg.name}@${pkg.version}`,
      license: pkg.license ?? 'UNKNOWN',
      text: licenceFiles(join(root, dir)),
    };
  });
  const sections = packages.map(({ id, license, text }) => {
    if (text !== undefined) return `${id} (${license})\n\n${text}`;
    const withText = packages.find((other) => other.license === license && other.text !== undefined);
    if (withText === undefined)
      throw new Error(
        `build:cli: ${id} (${license}) ships no licence file and no bundled package gives that licence's text`,
      );
    return `${id} (${license}): the package ships no licence file; the ${license} text is given with ${withText.id}`;
  });
  return `The ppguard CLI bundle (dist/cli) contains code from these packages:\n\n${sections.join(`\n\n${'-'.repeat(72)}\n\n`)}\n`;
}

export interface BuiltCli {
  entry: string;
  /** Bytes of JavaScript in dist/cli. */
  bytes: number;
  /** The bundled npm packages, name@version. */
  packages: string[];
}

export async function buildCli(root: string): Promise<BuiltCli> {
  const outdir = join(root, CLI_OUT_DIR);
  rmSync(outdir, { recursive: true, force: true });
  const result = await build({
    entryPoints: { ppguard: join(root, 'bin/ppguard.ts') },
    bundle: true,
    // Commands load the SDK and the rules behind import(): `ppguard --help` does not pay for them.
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    // Prefer the SDK's ES module builds: they tree-shake.
    mainFields: ['module', 'main'],
    // yaml (the suppression file) requires the bare builtin names; they are node: builtins.
    alias: { buffer: 'node:buffer', process: 'node:process' },
    // Identifiers stay, so a stack trace in a bug report names its functions.
    minifyWhitespace: true,
    minifySyntax: true,
    outdir,
    outExtension: { '.js': '.mjs' },
    absWorkingDir: root,
    metafile: true,
    logLevel: 'error',
  });
  const leftOver = runtimeImports(result.metafile);
  if (leftOver.length > 0)
    throw new Error(`build:cli: the bundle still imports ${leftOver.join(', ')} at run time`);
  let bytes = 0;
  for (const file of Object.keys(result.metafile.outputs)) {
    const path = join(root, file);
    let code = readFileSync(path, 'utf8');
    // Some bundled SDK code calls require(), which an ES module lacks (see lib/deploy/build.ts).
    if (/\brequire\b/.test(code)) code = `${REQUIRE_SHIM}\n${code}`;
    if (path === join(root, CLI_ENTRY)) code = `#!/usr/bin/env node\n${code}`;
    writeFileSync(path, code);
    bytes += Buffer.byteLength(code);
  }
  const entry = join(root, CLI_ENTRY);
  if (!existsSync(entry)) throw new Error(`build:cli: esbuild wrote no ${CLI_ENTRY}`);
  chmodSync(entry, 0o755);
  const dirs = bundledPackageDirs(result.metafile);
  writeFileSync(join(root, NOTICES), notices(root, dirs));
  const packages = dirs.map((dir) => {
    const pkg = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) as {
      name: string;
      version: string;
    };
    return `${pkg.name}@${pkg.version}`;
  });
  return { entry, bytes, packages };
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const built = await buildCli(join(import.meta.dirname, '..'));
  // On stderr: `npm pack --json` runs this first and its stdout must stay one JSON document.
  console.error(
    `${CLI_ENTRY}: ${(built.bytes / 1024).toFixed(0)} KB of JavaScript, bundling ${built.packages.length} packages (${NOTICES})`,
  );
}
