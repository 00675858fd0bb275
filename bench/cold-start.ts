/**
 * Cold-start benchmark: bundles each handler as it is deployed (esbuild, ESM, minified, node22,
 * code behind dynamic import() split into chunks loaded only when that path runs) and measures
 * bundle size and module initialisation time in fresh Node processes, beside two baselines
 * bundled and measured in the same run: an empty ESM module, and a bundle holding only the AWS
 * Config client (the floor for any handler that must report to Config).
 *
 *   npm run bench:cold-start [-- --runs 21]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { deflateRawSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';

const root = join(import.meta.dirname, '..');
const out = join(root, '.bench-out');
const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 15;

interface Bundle {
  name: string;
  entry: string;
  /** Every output file (what the deployment zip holds). */
  totalBytes: number;
  zippedBytes: number;
  /** The entry and the chunks it imports statically: what a cold start loads. */
  initBytes: number;
  samples: number[];
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

async function bundle(name: string, entryPoint: string): Promise<Bundle> {
  const outdir = join(out, name);
  const result = await build({
    entryPoints: { [name]: entryPoint },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    minify: true,
    metafile: true,
    outdir,
    outExtension: { '.js': '.mjs' },
    // Prefer the SDK's ES module builds: they tree-shake.
    mainFields: ['module', 'main'],
    // Some dependencies still call require(); give the ESM bundle one.
    banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
    absWorkingDir: root,
    logLevel: 'error',
  });
  const outputs = Object.keys(result.metafile.outputs);
  // Dynamically imported modules are entry points too in the metafile: pick the real one.
  const entryPath = relative(root, entryPoint);
  const entryOutput = outputs.find((file) => result.metafile.outputs[file]?.entryPoint === entryPath);
  if (!entryOutput) throw new Error(`no output for ${entryPath}`);
  const size = (file: string) => readFileSync(join(root, file)).length;
  let totalBytes = 0;
  let zippedBytes = 0;
  for (const file of outputs) {
    totalBytes += size(file);
    zippedBytes += deflateRawSync(readFileSync(join(root, file)), { level: 9 }).length;
  }
  let initBytes = 0;
  for (const file of staticClosure(result.metafile, entryOutput)) initBytes += size(file);
  return { name, entry: join(root, entryOutput), totalBytes, zippedBytes, initBytes, samples: [] };
}

function initMs(file: string): number {
  const script = `const t=performance.now();await import(${JSON.stringify(pathToFileURL(file).href)});process.stdout.write(String(performance.now()-t));`;
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, AWS_REGION: 'eu-west-1', NODE_COMPILE_CACHE: '' },
  });
  return Number(output.toString());
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};
const kb = (bytes: number) => (bytes / 1024).toFixed(0);

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'empty-entry.ts'), 'export const handler = async () => undefined;\n');
writeFileSync(
  join(out, 'config-only-entry.ts'),
  "import { ConfigServiceClient } from '@aws-sdk/client-config-service';\n" +
    'const client = new ConfigServiceClient({});\nexport const handler = async () => client;\n',
);
const bundles = [
  await bundle('baseline-empty', join(out, 'empty-entry.ts')),
  await bundle('baseline-config-only', join(out, 'config-only-entry.ts')),
  await bundle('evaluate', join(root, 'handlers/evaluate.ts')),
];
// Interleave the subjects so machine noise hits them alike.
for (let run = 0; run < runs; run++) {
  for (const subject of bundles) subject.samples.push(initMs(subject.entry));
}

const floor = median(bundles.find((b) => b.name === 'baseline-config-only')?.samples ?? []);
console.log(`node ${process.version}, ${runs} fresh processes per subject, ${new Date().toISOString()}`);
console.log('subject                total KB  zipped KB  loaded at init KB  init ms (median)  x config-only');
for (const b of bundles) {
  const ms = median(b.samples);
  console.log(
    `${b.name.padEnd(22)} ${kb(b.totalBytes).padStart(8)} ${kb(b.zippedBytes).padStart(10)} ` +
      `${kb(b.initBytes).padStart(18)} ${ms.toFixed(1).padStart(17)} ${(ms / floor).toFixed(2).padStart(14)}`,
  );
}
rmSync(out, { recursive: true, force: true });
