/**
 * Cold-start benchmark: builds every Lambda function exactly as it is deployed (lib/deploy/build.ts)
 * and measures zipped size, the JavaScript a cold start loads, and module initialisation time in
 * fresh Node processes, beside two baselines built and measured the same way in the same run: an
 * empty ESM module, and a bundle holding only the AWS Config client (the floor for any handler
 * that must report to Config).
 *
 *   npm run bench:cold-start [-- --runs 21]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BuiltFunction, buildFunction, FUNCTIONS } from '../lib/deploy/build';

const root = join(import.meta.dirname, '..');
const out = join(root, '.bench-out');
const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 15;

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
mkdirSync(join(out, 'src'), { recursive: true });
writeFileSync(join(out, 'src/empty.ts'), 'export const handler = async () => undefined;\n');
writeFileSync(
  join(out, 'src/config-only.ts'),
  "import { ConfigServiceClient } from '@aws-sdk/client-config-service';\n" +
    'const client = new ConfigServiceClient({});\nexport const handler = async () => client;\n',
);
const subjects: BuiltFunction[] = [
  await buildFunction(root, 'baseline-empty', '.bench-out/src/empty.ts', out),
  await buildFunction(root, 'baseline-config-only', '.bench-out/src/config-only.ts', out),
];
for (const [name, entry] of Object.entries(FUNCTIONS))
  subjects.push(await buildFunction(root, name, entry, out));

// Interleave the subjects so machine noise hits them alike.
const samples = new Map<string, number[]>(subjects.map((s) => [s.name, []]));
for (let run = 0; run < runs; run++) {
  for (const subject of subjects) samples.get(subject.name)?.push(initMs(subject.entryFile));
}

const floor = median(samples.get('baseline-config-only') ?? []);
console.log(`node ${process.version}, ${runs} fresh processes per subject, ${new Date().toISOString()}`);
console.log('subject                zip KB  files KB  loaded at init KB  init ms (median)  x config-only');
for (const s of subjects) {
  const ms = median(samples.get(s.name) ?? []);
  console.log(
    `${s.name.padEnd(22)} ${kb(s.zippedBytes).padStart(6)} ${kb(s.bytes).padStart(9)} ` +
      `${kb(s.initBytes).padStart(18)} ${ms.toFixed(1).padStart(17)} ${(ms / floor).toFixed(2).padStart(14)}`,
  );
}
rmSync(out, { recursive: true, force: true });
