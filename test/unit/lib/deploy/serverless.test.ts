import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memberRoleTemplate } from '../../../../lib/deploy/member-role';
import { renderServerlessYaml } from '../../../../lib/deploy/render';
import { RULES } from '../../../../rules/index';

const root = join(import.meta.dirname, '../../../..');

describe('serverless.yml', () => {
  it('is up to date with the registry (run `npm run generate:serverless` after changing a rule)', () => {
    // Prepare
    const committed = readFileSync(join(root, 'serverless.yml'), 'utf8');
    const handlers = {
      notify: existsSync(join(root, 'handlers/notify.ts')),
      slack: existsSync(join(root, 'handlers/slack.ts')),
      slackRedrive: existsSync(join(root, 'handlers/slack-redrive.ts')),
    };

    // Act
    const generated = renderServerlessYaml(RULES, handlers);

    // Assess
    expect(committed).toBe(generated);
  });

  it('deploy/member-role.yml is up to date with the registry', () => {
    expect(readFileSync(join(root, 'deploy/member-role.yml'), 'utf8')).toBe(memberRoleTemplate(RULES));
  });
});
