/**
 * npm run bench: runs every benchmark one after another (they would disturb each other in
 * parallel), prints their figures and writes them to bench/results.md with the machine and date.
 *
 *   npm run bench [-- --quick]   (--quick: sweep sizes 100 and 1,000 over 1 and 10 VPCs; fault
 *                                 injection over 200 repositories + 200 projects, 2 seeds, 2 throttle rates)
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const quick = process.argv.includes('--quick');
const tsx = join(root, 'node_modules/.bin/tsx');
const benches: [string, string[]][] = [
  ['Cold start', ['bench/cold-start.ts']],
  ['Change-event latency', ['bench/latency.ts']],
  ['Sweep scale', ['bench/sweep.ts', ...(quick ? ['--sizes', '100,1000', '--vpcs', '1,10'] : [])]],
  [
    'Fault injection',
    [
      'bench/faults.ts',
      ...(quick
        ? ['--repositories', '200', '--projects', '200', '--seeds', '1,2', '--throttles', '0,0.005']
        : []),
    ],
  ],
];

const sections: string[] = [];
for (const [title, args] of benches) {
  console.log(`\n== ${title}`);
  const run = spawnSync(tsx, args, {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 2 ** 20,
  });
  process.stdout.write(run.stdout);
  if (run.status !== 0) throw new Error(`${args[0]} failed with exit ${run.status}`);
  sections.push(`## ${title}\n\n\`npx tsx ${args.join(' ')}\`\n\n\`\`\`text\n${run.stdout.trim()}\n\`\`\`\n`);
}

const cpu = cpus();
const machine = `${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${process.platform} ${process.arch}, node ${process.version}`;
writeFileSync(
  join(root, 'bench/results.md'),
  `# Benchmark results\n\nMeasured ${new Date().toISOString()} on ${machine}${quick ? ' (quick sizes)' : ''}.\n` +
    'Figures from one run on a shared, noisy machine: compare ratios within a run, not absolute times across runs.\n\n' +
    sections.join('\n'),
);
console.log('\nwrote bench/results.md');
