/** Writes serverless.yml from the rule registry (npm run generate:serverless). */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderServerlessYaml } from '../lib/deploy/render';
import { RULES } from '../rules/index';

const root = join(import.meta.dirname, '..');
const handlers = {
  notify: existsSync(join(root, 'handlers/notify.ts')),
  slack: existsSync(join(root, 'handlers/slack.ts')),
  slackRedrive: existsSync(join(root, 'handlers/slack-redrive.ts')),
};
writeFileSync(join(root, 'serverless.yml'), renderServerlessYaml(RULES, handlers));
console.log(`wrote serverless.yml (${RULES.length} rules)`);
