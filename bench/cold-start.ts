/**
 * Cold-start benchmark: builds every Lambda function exactly as it is deployed (lib/deploy/build.ts)
 * and measures zipped size, the JavaScript a cold start loads, and module initialisation time in
 * fresh Node processes, beside two baselines built and measured the same way in the same run: an
 * empty ESM module, and a bundle holding only the AWS Config client (the floor for any handler
 * that must report to Config). "cpu ms" is the CPU time of the same init (all threads): on a
 * shared machine it moves less than wall time when other work competes for the cores.
 *
 * Two more groups, measured in the same processes' rotation:
 * - opt-in source maps: NODE_OPTIONS=--enable-source-maps (not deployed by default; bundles keep
 *   their identifiers instead) reads the source map of every module loaded;
 * - an experiment, not deployed: a V8 compile cache generated at build time and shipped in the
 *   function (bench/compile-cache.ts), run as on Lambda from a read-only copy at another path, with
 *   a fresh TMPDIR each run, and as another user when this runs as root (root ignores file modes).
 *   "first EC2 load" is the network-path rules' first use of the EC2 client after init: modules
 *   the shipped cache lacks are compiled and then serialised into the cache, which costs time.
 *
 *   npm run bench:cold-start [-- --runs 21]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BuiltFunction, buildFunction, FUNCTIONS } from '../lib/deploy/build';
import { type CacheScope, readOnlyCopy, shipCompileCache } from './compile-cache';

const root = join(import.meta.dirname, '..');
const out = join(root, '.bench-out');
const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 15;
/** Where the read-only copies run from: not where they were built. */
const deployed = join(tmpdir(), `ppguard-bench-task-${process.pid}`);
/** Root ignores file modes: run the read-only copies as `nobody` where that works here. */
const asNobody = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'];
const otherUser =
  process.getuid?.() === 0 &&
  spawnSync(asNobody[0] ?? '', [...asNobody.slice(1), process.execPath, '-e', ''], { cwd: tmpdir() })
    .status === 0
    ? asNobody
    : [];

interface Subject {
  name: string;
  entryFile: string;
  zippedBytes: number;
  bytes: number;
  initBytes: number;
  /** Flags for the Node process (they change V8's cache tag, so the compile cache must match them). */
  nodeArgs?: string[];
  env?: Record<string, string>;
  /** A read-only copy: run as another user where possible, with a fresh TMPDIR. */
  lambdaLike?: boolean;
  /** A chunk to import after init, timed as the first EC2 client load. */
  ec2Chunk?: string;
  cacheBytes?: number;
  group: 'built' | 'sourceMaps' | 'cache';
}

interface Sample {
  init: number;
  /** CPU time (user + system, all threads) of the init: steadier than wall time on a busy machine. */
  cpu: number;
  ec2?: number;
}

function measure(subject: Subject): Sample {
  const ec2 = subject.ec2Chunk ? JSON.stringify(pathToFileURL(subject.ec2Chunk).href) : 'undefined';
  const script =
    `const c=process.cpuUsage();let t=performance.now();` +
    `await import(${JSON.stringify(pathToFileURL(subject.entryFile).href)});` +
    `const init=performance.now()-t;const u=process.cpuUsage(c);const ec2=${ec2};let lazy=-1;` +
    'if(ec2){t=performance.now();await import(ec2);lazy=performance.now()-t;}' +
    "process.stdout.write(init+' '+(u.user+u.system)/1000+' '+lazy);";
  const scratch = subject.lambdaLike ? mkdtempSync(join(tmpdir(), 'ppguard-bench-tmp-')) : undefined;
  if (scratch) chmodSync(scratch, 0o777);
  const [command = process.execPath, ...prefix] = subject.lambdaLike ? [...otherUser, process.execPath] : [];
  try {
    const output = execFileSync(
      command,
      [...prefix, ...(subject.nodeArgs ?? []), '--input-type=module', '-e', script],
      {
        cwd: tmpdir(),
        env: {
          ...process.env,
          AWS_REGION: 'eu-west-1',
          NODE_COMPILE_CACHE: '',
          ...(scratch ? { TMPDIR: scratch } : {}),
          ...subject.env,
        },
      },
    );
    const [init = Number.NaN, cpu = Number.NaN, lazy = -1] = output.toString().split(' ').map(Number);
    return lazy >= 0 ? { init, cpu, ec2: lazy } : { init, cpu };
  } finally {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};
const kb = (bytes: number | undefined) => (bytes === undefined ? '' : (bytes / 1024).toFixed(0));

/** The chunk holding the EC2 client (the largest, if several hold parts of it). */
function ec2ChunkOf(fn: BuiltFunction, dir: string): string | undefined {
  const chunks = Object.entries(fn.metafile.outputs).filter(([, output]) =>
    Object.keys(output.inputs).some((input) => input.includes('node_modules/@aws-sdk/client-ec2/')),
  );
  const largest = chunks.sort(([, a], [, b]) => b.bytes - a.bytes)[0]?.[0];
  return largest ? join(dir, relative(fn.dir, join(root, largest))) : undefined;
}

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'src'), { recursive: true });
writeFileSync(join(out, 'src/empty.ts'), 'export const handler = async () => undefined;\n');
writeFileSync(
  join(out, 'src/config-only.ts'),
  "import { ConfigServiceClient } from '@aws-sdk/client-config-service';\n" +
    'const client = new ConfigServiceClient({});\nexport const handler = async () => client;\n',
);
const configOnly = await buildFunction(root, 'baseline-config-only', '.bench-out/src/config-only.ts', out);
const built: BuiltFunction[] = [
  await buildFunction(root, 'baseline-empty', '.bench-out/src/empty.ts', out),
  configOnly,
];
for (const [name, entry] of Object.entries(FUNCTIONS))
  built.push(await buildFunction(root, name, entry, out));
const evaluate = built.find((fn) => fn.name === 'evaluate');
if (!evaluate) throw new Error('no evaluate function built');

const subjects: Subject[] = built.map((fn) => ({
  ...fn,
  group: 'built',
  ...(fn === evaluate ? { ec2Chunk: ec2ChunkOf(fn, fn.dir) } : {}),
}));
const sourceMaps = { NODE_OPTIONS: '--enable-source-maps' };
for (const fn of [configOnly, evaluate])
  subjects.push({ ...fn, name: `${fn.name} (source maps)`, env: sourceMaps, group: 'sourceMaps' });

mkdirSync(deployed, { recursive: true });
chmodSync(deployed, 0o755);
// The deployed bundles under the same conditions, for comparison.
const readOnly = (fn: BuiltFunction): Subject => {
  const copy = join(deployed, `${fn.name}-plain`);
  readOnlyCopy(fn.dir, copy);
  return {
    ...fn,
    name: `${fn.name} (read-only)`,
    entryFile: join(copy, relative(fn.dir, fn.entryFile)),
    lambdaLike: true,
    ...(fn === evaluate ? { ec2Chunk: ec2ChunkOf(fn, copy) } : {}),
    group: 'cache',
  };
};
const plainEvaluate = readOnly(evaluate);
// Any V8 flag changes V8's cache tag (Lambda's bootstrap reportedly passes heap sizes); this one
// changes little else. Node's own built-in modules then lose their embedded code cache too.
const otherFlags = ['--stack-size=985'];
const cacheSubjects: (Subject | [BuiltFunction, CacheScope, string, string[]])[] = [
  readOnly(configOnly),
  [configOnly, 'all', 'baseline-config-only +cache', []],
  plainEvaluate,
  [evaluate, 'init', 'evaluate +cache (init chunks)', []],
  [evaluate, 'all', 'evaluate +cache (all chunks)', []],
  { ...plainEvaluate, name: 'evaluate (read-only) --stack-size', nodeArgs: otherFlags },
  [evaluate, 'all', 'evaluate +cache (all) --stack-size', otherFlags],
];
for (const [index, variant] of cacheSubjects.entries()) {
  if (!Array.isArray(variant)) {
    subjects.push(variant);
    continue;
  }
  // Generated with no flags, for the folder the read-only copy runs from.
  const [fn, scope, name, runtimeFlags] = variant;
  const copy = join(deployed, String(index));
  const shipped = shipCompileCache(root, fn, join(out, `cache-${index}`), scope, { target: copy });
  readOnlyCopy(shipped.dir, copy);
  subjects.push({
    name,
    entryFile: join(copy, relative(shipped.dir, shipped.entryFile)),
    zippedBytes: shipped.zippedBytes,
    bytes: fn.bytes + shipped.cacheBytes,
    initBytes: fn.initBytes,
    cacheBytes: shipped.cacheBytes,
    nodeArgs: runtimeFlags,
    lambdaLike: true,
    ...(fn === evaluate ? { ec2Chunk: ec2ChunkOf(fn, copy) } : {}),
    group: 'cache',
  });
}

// Interleave the subjects so machine noise hits them alike.
const samples = new Map<string, Sample[]>(subjects.map((s) => [s.name, []]));
for (let run = 0; run < runs; run++) {
  for (const subject of subjects) samples.get(subject.name)?.push(measure(subject));
}

const initOf = (name: string) => median((samples.get(name) ?? []).map((s) => s.init));
const cpuOf = (name: string) => median((samples.get(name) ?? []).map((s) => s.cpu));
const floor = initOf(configOnly.name);
const cpuFloor = cpuOf(configOnly.name);
const header = (first: string, extra = '') =>
  `${first.padEnd(34)} zip KB  files KB  loaded at init KB  init ms (median)  x config-only  cpu ms  x${extra}`;
const row = (s: Subject, extra = '') => {
  const ms = initOf(s.name);
  const cpu = cpuOf(s.name);
  return (
    `${s.name.padEnd(34)} ${kb(s.zippedBytes).padStart(6)} ${kb(s.bytes).padStart(9)} ` +
    `${kb(s.initBytes).padStart(18)} ${ms.toFixed(1).padStart(17)} ${(ms / floor).toFixed(2).padStart(14)} ` +
    `${cpu.toFixed(1).padStart(7)} ${(cpu / cpuFloor).toFixed(2).padStart(5)}${extra}`
  );
};
const ec2Column = (s: Subject) => {
  const values = (samples.get(s.name) ?? []).flatMap((v) => (v.ec2 === undefined ? [] : [v.ec2]));
  return values.length ? median(values).toFixed(1).padStart(18) : ''.padStart(18);
};

console.log(`node ${process.version}, ${runs} fresh processes per subject, ${new Date().toISOString()}`);
console.log(header('subject', '  first EC2 load ms'));
for (const s of subjects.filter((s) => s.group === 'built')) console.log(row(s, ec2Column(s)));

console.log(
  '\nOpt-in, not deployed by default: NODE_OPTIONS=--enable-source-maps (x is against the config-only floor above)',
);
console.log(header('subject'));
for (const s of subjects.filter((s) => s.group === 'sourceMaps')) console.log(row(s));

const user = otherUser.length ? 'as uid 65534' : `as uid ${process.getuid?.() ?? '?'}`;
console.log(
  `\nExperiment, not deployed: compile cache built at build time (generated with no Node flags), run from a\n` +
    `read-only copy in ${deployed} ${user} with a fresh TMPDIR; zip KB estimated; x against the floor above.\n` +
    '--stack-size=985 stands for any V8 flag: it changes V8 cache tag, so the shipped cache is skipped, and\n' +
    "Node rejects its own built-in modules' code cache as well.",
);
// Against the floor run the same way, too.
const readOnlyFloor = initOf(`${configOnly.name} (read-only)`);
console.log(header('subject', '  x read-only floor  cache KB  first EC2 load ms'));
for (const s of subjects.filter((s) => s.group === 'cache')) {
  const ratio = (initOf(s.name) / readOnlyFloor).toFixed(2).padStart(19);
  console.log(row(s, `${ratio}${kb(s.cacheBytes).padStart(10)}${ec2Column(s)}`));
}

rmSync(out, { recursive: true, force: true });
// The read-only copies: their folders must be writable again to be removed (by a non-root user).
const writable = (path: string) => {
  chmodSync(path, 0o755);
  for (const entry of readdirSync(path, { withFileTypes: true }))
    if (entry.isDirectory()) writable(join(path, entry.name));
};
writable(deployed);
rmSync(deployed, { recursive: true, force: true });
