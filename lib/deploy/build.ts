/**
 * Builds each Lambda function as it is deployed: esbuild (ESM, node22, minified), with code
 * behind a dynamic import() split into chunks that load only when that path runs, so a function
 * pays at cold start only for the clients its path uses. Each function gets its own folder and
 * zip holding exactly its entry and the chunks it can reach (no other function's code).
 * serverless.yml deploys these zips as artifacts; the cold-start benchmark measures them.
 */
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { type BuildOptions, build, type Metafile } from 'esbuild';
import { ZipFile } from 'yazl';

/** The deployed functions and their entry points (the Lambda handler is `<entry without .ts>.handler`). */
export const FUNCTIONS = {
  evaluate: 'handlers/evaluate.ts',
  notify: 'handlers/notify.ts',
  slack: 'handlers/slack.ts',
  slackRedrive: 'handlers/slack-redrive.ts',
} as const;

export type FunctionName = keyof typeof FUNCTIONS;

export const ESBUILD_OPTIONS: BuildOptions = {
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  // Identifiers stay: a stack trace names its functions without NODE_OPTIONS=--enable-source-maps,
  // which would add ~8-17 ms to every cold start (bench/cold-start.ts). The linked maps still ship,
  // to resolve positions offline or by opting in to that flag.
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: 'linked',
  sourcesContent: false,
  outExtension: { '.js': '.mjs' },
  // Prefer the SDK's ES module builds: they tree-shake.
  mainFields: ['module', 'main'],
  logLevel: 'error',
};

/**
 * Some dependencies may call require(); an ESM bundle has none, so the outputs that mention it get
 * this first line. Only those: it costs each module a createRequire() at load, and a cold start
 * loads some 20 chunks of which none needs it today.
 */
export const REQUIRE_SHIM =
  "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);";

/** Prepends REQUIRE_SHIM to an output that mentions `require` (strings too: a spare shim is harmless). */
function addRequireShim(file: string): void {
  const code = readFileSync(file, 'utf8');
  if (!/\brequire\b/.test(code)) return;
  writeFileSync(file, `${REQUIRE_SHIM}\n${code}`);
  // The linked source map: one more generated line before the first mapped one.
  const mapFile = `${file}.map`;
  if (!existsSync(mapFile)) return;
  const map = JSON.parse(readFileSync(mapFile, 'utf8')) as { mappings: string };
  writeFileSync(mapFile, JSON.stringify({ ...map, mappings: `;${map.mappings}` }));
}

export interface BuiltFunction {
  name: string;
  /** The build folder: what the zip holds. */
  dir: string;
  /** The entry module in the build folder (what Lambda imports first). */
  entryFile: string;
  zipFile: string;
  /** Every file in the zip, source maps included. */
  bytes: number;
  /** The JavaScript a cold start loads: the entry and the chunks it imports statically. */
  initBytes: number;
  zippedBytes: number;
  /** esbuild's account of the outputs (paths relative to the project root): which chunk holds what. */
  metafile: Metafile;
}

function staticClosure(metafile: Metafile, entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const imported of metafile.outputs[file]?.imports ?? []) {
      if (imported.kind === 'import-statement' && !imported.external) visit(imported.path);
    }
  };
  visit(entry);
  return seen;
}

async function zip(files: { path: string; name: string }[], target: string): Promise<void> {
  const archive = new ZipFile();
  // A fixed date keeps artifacts reproducible: CloudFormation redeploys only what changed.
  for (const file of files)
    archive.addFile(file.path, file.name, { mtime: new Date('2020-01-01T00:00:00Z') });
  archive.end();
  await new Promise<void>((resolve, reject) => {
    archive.outputStream.pipe(createWriteStream(target)).on('close', resolve).on('error', reject);
  });
}

/** Builds one function into `<outRoot>/<name>/` and `<outRoot>/<name>.zip`. */
export async function buildFunction(
  root: string,
  name: string,
  entry: string,
  outRoot: string,
  options: BuildOptions = {},
): Promise<BuiltFunction> {
  const outdir = join(outRoot, name);
  rmSync(outdir, { recursive: true, force: true });
  const entryName = entry.replace(/\.ts$/, '');
  const result = await build({
    ...ESBUILD_OPTIONS,
    ...options,
    entryPoints: { [entryName]: join(root, entry) },
    outdir,
    absWorkingDir: root,
    metafile: true,
  });
  const outputs = Object.keys(result.metafile.outputs);
  for (const file of outputs) if (file.endsWith('.mjs')) addRequireShim(join(root, file));
  const entryPath = relative(root, join(root, entry));
  const entryOutput = outputs.find((file) => result.metafile.outputs[file]?.entryPoint === entryPath);
  if (!entryOutput) throw new Error(`esbuild produced no output for ${entry}`);
  const files = outputs.map((file) => ({ path: join(root, file), name: relative(outdir, join(root, file)) }));
  const zipFile = join(outRoot, `${name}.zip`);
  mkdirSync(dirname(zipFile), { recursive: true });
  await zip(files, zipFile);
  let initBytes = 0;
  for (const file of staticClosure(result.metafile, entryOutput))
    initBytes += readFileSync(join(root, file)).length;
  const bytes = files.reduce((sum, f) => sum + readFileSync(f.path).length, 0);
  return {
    name,
    dir: outdir,
    entryFile: join(root, entryOutput),
    zipFile,
    bytes,
    initBytes,
    zippedBytes: readFileSync(zipFile).length,
    metafile: result.metafile,
  };
}

/** A quick estimate of compressed size without zipping (baselines in the benchmark). */
export const deflatedSize = (bytes: Buffer) => deflateRawSync(bytes, { level: 9 }).length;
