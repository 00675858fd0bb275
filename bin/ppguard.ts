/**
 * The ppguard CLI entry point: `ppguard scan | doctor | rules` (lib/cli/main.ts). Runs through
 * bin/ppguard.mjs (package.json bin, `npm run ppguard -- ...`, `npm run scan -- ...`) or directly
 * with `npx tsx bin/ppguard.ts ...`. The exit code is set, not forced, so stdout is fully flushed.
 */
import { readFile } from 'node:fs/promises';
import { main } from '../lib/cli/main';

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  readFile: (path) => readFile(path, 'utf8'),
  now: () => new Date(),
});
