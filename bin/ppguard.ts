/**
 * The ppguard CLI entry point: `ppguard scan | doctor | rules` (lib/cli/main.ts). Runs through
 * bin/ppguard.mjs (`npm run ppguard -- ...`, `npm run scan -- ...`), directly with
 * `npx tsx bin/ppguard.ts ...`, or compiled as the installed package's bin (scripts/build-cli.ts).
 * The exit code is set, not forced, so stdout is fully flushed; only after Ctrl-C (130) does the
 * process exit at once, abandoning the AWS calls still in flight.
 */
import { readFile } from 'node:fs/promises';
import { EXIT } from '../lib/cli/io';
import { main } from '../lib/cli/main';

const code = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  readFile: (path) => readFile(path, 'utf8'),
  now: () => new Date(),
  onInterrupt: (listener) => {
    process.once('SIGINT', listener);
    return () => process.off('SIGINT', listener);
  },
});
if (code === EXIT.interrupted) process.exit(code);
process.exitCode = code;
