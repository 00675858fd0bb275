/**
 * Fault-injection benchmark (not part of npm test): the periodic sweep of faults.test.ts at a larger
 * size, over several seeds and throttle rates, against moto behind the fault-injecting front
 * (emulator/faults.ts). Each run is checked as the test checks it: every resource
 * evaluated exactly once at the wire, in chunks of at most 100, with the fault-free verdicts.
 * Reports wall time, the faults injected and the outcome (or the error a run ended in).
 *
 *   npm run bench:faults [-- --repositories 1000] [-- --projects 1000] [-- --seeds 1,2,3]
 *                        [-- --throttles 0,0.002,0.005] [-- --transient 0.05]
 *
 * `--throttles` is the throttling rate of the three per-repository ECR reads (the other operations
 * throttle at 5%); `--transient` the combined rate of 500s (60%) and dropped connections (40%).
 */
import { CodeBuildClient } from '@aws-sdk/client-codebuild';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ECRClient } from '@aws-sdk/client-ecr';
import { ConfigEmulator } from '../emulator/config-emulator';
import { FAULT_KINDS, type FaultRates } from '../emulator/faults';
import { startMoto } from '../emulator/moto';
import { buildSweepAccount, byResource, resourceKey, sweep, tally } from '../emulator/sweep-account';
import { RETRY } from '../lib/aws/clients';

const arg = (name: string, fallback: string) => {
  const index = process.argv.indexOf(`--${name}`);
  return (index > 0 ? process.argv[index + 1] : undefined) ?? fallback;
};
const numbers = (text: string) => text.split(',').map(Number);
const repositories = Number(arg('repositories', '1000'));
const projects = Number(arg('projects', '1000'));
const seeds = numbers(arg('seeds', '1,2,3'));
const throttles = numbers(arg('throttles', '0,0.002,0.005'));
const transient = Number(arg('transient', '0.05'));
const REGION = 'eu-west-1';

const moto = await startMoto();
const emulator = new ConfigEmulator(moto.endpoint);
const endpoint = await emulator.start();
const options = {
  region: REGION,
  endpoint,
  credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
};
const settings = { ...RETRY, ...options };
const clients = {
  ec2: new EC2Client(settings),
  ecr: new ECRClient(settings),
  codebuild: new CodeBuildClient(settings),
};

interface Row {
  seed: number;
  throttle: number;
  seconds: number;
  injected: string;
  outcome: string;
}
const rows: Row[] = [];

try {
  let started = performance.now();
  await buildSweepAccount({ ...clients, emulator, region: REGION }, { repositories, projects });
  const buildSeconds = (performance.now() - started) / 1000;

  emulator.clear();
  started = performance.now();
  await sweep(options, ['ecr', 'codebuild']);
  const cleanSeconds = (performance.now() - started) / 1000;
  const baseline = byResource(emulator.evaluations);
  const baselineCalls = new Map(emulator.calls);

  for (const throttle of throttles) {
    for (const seed of seeds) {
      const everywhere: FaultRates = {
        throttle: 0.05,
        error500: transient * 0.6,
        drop: transient * 0.4,
        slow: 0.05,
      };
      const perRepository: FaultRates = { ...everywhere, throttle };
      emulator.clear();
      const faults = emulator.injectFaults({
        seed,
        all: everywhere,
        operations: {
          'ecr.GetRepositoryPolicy': perRepository,
          'ecr.GetLifecyclePolicy': perRepository,
          'ecr.ListTagsForResource': perRepository,
        },
      });
      started = performance.now();
      let outcome: string;
      try {
        await sweep(options, ['ecr', 'codebuild']);
        const problems: string[] = [];
        const sent = emulator.evaluations;
        if (Object.values(tally(sent.map(resourceKey))).some((n) => n !== 1)) problems.push('duplicates');
        if (emulator.putRequests.some((r) => r.Evaluations.length > 100)) problems.push('chunk > 100');
        if (JSON.stringify(byResource(sent)) !== JSON.stringify(baseline)) problems.push('verdicts differ');
        const forwarded = [...emulator.calls].map(([op, n]) => [op, n - faults.rejected(op)] as const);
        if (forwarded.some(([op, n]) => baselineCalls.get(op) !== n)) problems.push('backend calls differ');
        outcome = problems.length === 0 ? 'ok' : problems.join(', ');
      } catch (error) {
        outcome = `threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
      }
      const seconds = (performance.now() - started) / 1000;
      emulator.stopFaults();
      const injected = FAULT_KINDS.map((kind) => `${kind} ${faults.count(kind)}`).join(', ');
      rows.push({ seed, throttle, seconds, injected, outcome });
      console.error(`throttle ${throttle} seed ${seed}: ${seconds.toFixed(1)} s, ${outcome}`);
    }
  }

  const resources = repositories + projects;
  console.log(`# Fault-injection sweep (${new Date().toISOString()})\n`);
  console.log(
    `${repositories} ECR repositories + ${projects} CodeBuild projects (${resources} resources), ` +
      `account built in ${buildSeconds.toFixed(1)} s, fault-free sweep ${cleanSeconds.toFixed(1)} s.`,
  );
  console.log(
    `Faults on every operation: throttle 5%, 500 ${(transient * 60).toFixed(1)}%, dropped ` +
      `${(transient * 40).toFixed(1)}%, slow 5%; the per-repository ECR reads throttle at the rate shown.\n`,
  );
  console.log('| ECR read throttle | seed | seconds | injected | outcome |');
  console.log('|---|---|---|---|---|');
  for (const row of rows) {
    console.log(
      `| ${(row.throttle * 100).toFixed(1)}% | ${row.seed} | ${row.seconds.toFixed(1)} | ${row.injected} | ${row.outcome} |`,
    );
  }
} finally {
  for (const client of Object.values(clients)) client.destroy();
  await emulator.stop();
  await moto.stop();
}
