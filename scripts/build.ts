/** npm run build: builds every Lambda function into .build/<name>.zip (what serverless.yml deploys). */
import { join } from 'node:path';
import { buildFunction, FUNCTIONS } from '../lib/deploy/build';

const root = join(import.meta.dirname, '..');
for (const [name, entry] of Object.entries(FUNCTIONS)) {
  const built = await buildFunction(root, name, entry, join(root, '.build'));
  console.log(
    `${name.padEnd(13)} ${(built.zippedBytes / 1024).toFixed(0).padStart(6)} KB zipped, ` +
      `${(built.initBytes / 1024).toFixed(0).padStart(5)} KB loaded at cold start  ${built.zipFile}`,
  );
}
