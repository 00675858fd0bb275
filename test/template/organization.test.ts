/**
 * Organization mode as AWS would receive it: serverless.yml packaged offline with osls in account
 * mode and in organization mode, and the organization boundaries asserted on the template
 * (docs/organization.md says which conditions AWS supports and why these were chosen).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFunction, FUNCTIONS } from '../../lib/deploy/build';

const run = promisify(execFile);
const root = join(import.meta.dirname, '../..');

type Json = Record<string, unknown>;
interface Template {
  dir: string;
  Resources: Record<string, { Type: string; Condition?: string; Properties: Json }>;
}

async function packageWith(params: Record<string, string>): Promise<Template> {
  const dir = mkdtempSync(join(tmpdir(), 'ppguard-org-package-'));
  const args = ['package', '--stage', 'test', '--region', 'eu-west-1', '--package', dir];
  for (const [name, value] of Object.entries(params)) args.push(`--param=${name}=${value}`);
  await run(join(root, 'node_modules/.bin/osls'), args, { cwd: root, timeout: 240_000 });
  const template = JSON.parse(readFileSync(join(dir, 'cloudformation-template-update-stack.json'), 'utf8'));
  return { dir, Resources: template.Resources };
}

/** The EventBridge rule that feeds the notify function. */
function notifyPattern(template: Template): { detail: { configRuleName: unknown } } {
  const rule = Object.values(template.Resources).find(
    (r) => r.Type === 'AWS::Events::Rule' && JSON.stringify(r.Properties).includes('NotifyLambdaFunction'),
  );
  return rule?.Properties.EventPattern as { detail: { configRuleName: unknown } };
}

let account: Template;
let organization: Template;

beforeAll(async () => {
  for (const [name, entry] of Object.entries(FUNCTIONS))
    await buildFunction(root, name, entry, join(root, '.build'));
  account = await packageWith({});
  organization = await packageWith({ organizationMode: 'true', prefix: 'acme' });
}, 400_000);

afterAll(() => {
  for (const template of [account, organization])
    if (template) rmSync(template.dir, { recursive: true, force: true });
});

describe('organization mode in the packaged template', () => {
  it("routes compliance changes of the account rules and of the members' copies to notify", () => {
    // Act
    const accountNames = notifyPattern(account).detail.configRuleName;
    const organizationNames = notifyPattern(organization).detail.configRuleName;

    // Assess
    expect(accountNames).toEqual([{ prefix: 'ppguard-' }, { prefix: 'OrgConfigRule-ppguard-' }]);
    expect(organizationNames).toEqual([{ prefix: 'acme-' }, { prefix: 'OrgConfigRule-acme-' }]);
  });
});
