/** Writes serverless.yml and the member-account role template from the rule registry. */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { memberRoleTemplate } from '../lib/deploy/member-role';
import { renderServerlessYaml } from '../lib/deploy/render';
import { RULES } from '../rules/index';

const root = join(import.meta.dirname, '..');
const handlers = {
  notify: existsSync(join(root, 'handlers/notify.ts')),
  slack: existsSync(join(root, 'handlers/slack.ts')),
  slackRedrive: existsSync(join(root, 'handlers/slack-redrive.ts')),
};
writeFileSync(join(root, 'serverless.yml'), renderServerlessYaml(RULES, handlers));
mkdirSync(join(root, 'deploy'), { recursive: true });
writeFileSync(join(root, 'deploy/member-role.yml'), memberRoleTemplate(RULES));
console.log(`wrote serverless.yml and deploy/member-role.yml (${RULES.length} rules)`);
