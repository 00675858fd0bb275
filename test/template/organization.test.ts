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
import { parse } from 'yaml';
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

/** The evaluate role's statements as deployed: an `Fn::If` on IsOrganizationMode resolved for the mode. */
function evaluateStatements(template: Template, organizationMode: boolean): Json[] {
  const policies = (template.Resources.EvaluateRole?.Properties.Policies ?? []) as {
    PolicyDocument: { Statement: Json[] };
  }[];
  return policies
    .flatMap((p) => p.PolicyDocument.Statement)
    .flatMap((statement) => {
      const conditional = statement['Fn::If'] as [string, Json, unknown] | undefined;
      if (!conditional) return [statement];
      expect(conditional[0]).toBe('IsOrganizationMode');
      return organizationMode ? [conditional[1]] : [];
    });
}

function evaluateEnvironment(template: Template): Record<string, unknown> {
  const fn = template.Resources.EvaluateLambdaFunction?.Properties as {
    Environment: { Variables: Record<string, unknown> };
  };
  return fn.Environment.Variables;
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
  organization = await packageWith({
    organizationMode: 'true',
    prefix: 'acme',
    organizationId: 'o-a1b2c3d4e5',
    memberAccounts: '222222222222,333333333333',
  });
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

  it('lets the evaluator assume the member role only in organization mode and only in the organization', () => {
    // Act
    const accountMode = evaluateStatements(account, false).filter((s) => s.Action === 'sts:AssumeRole');
    const organizationMode = evaluateStatements(organization, true).filter(
      (s) => s.Action === 'sts:AssumeRole',
    );

    // Assess
    expect(accountMode).toEqual([]);
    expect(organizationMode).toEqual([
      {
        Sid: 'AssumeMemberRole',
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Resource: { 'Fn::Sub': `arn:\${AWS::Partition}:iam::*:role/ppguard-member` },
        Condition: { StringEquals: { 'aws:ResourceOrgID': 'o-a1b2c3d4e5' } },
      },
    ]);
  });

  it('hands the evaluator the organization and the member-account list in organization mode only', () => {
    // Act
    const organizationEnv = evaluateEnvironment(organization);
    const accountEnv = evaluateEnvironment(account);

    // Assess
    expect(organizationEnv.PPGUARD_ORGANIZATION_ID).toEqual({
      'Fn::If': ['IsOrganizationMode', 'o-a1b2c3d4e5', ''],
    });
    expect(organizationEnv.PPGUARD_MEMBER_ACCOUNTS).toEqual({
      'Fn::If': ['IsOrganizationMode', '222222222222,333333333333', ''],
    });
    expect(accountEnv.PPGUARD_ORGANIZATION_ID).toEqual({ 'Fn::If': ['IsOrganizationMode', '', ''] });
  });

  it("lets AWS Config invoke the evaluator for members' rules in organization mode only, and Config of the own account otherwise", () => {
    // Act
    const forOrganization = organization.Resources.EvaluatePermissionForOrganization;
    const forAccount = account.Resources.EvaluatePermissionForConfig;

    // Assess
    expect(forOrganization?.Condition).toBe('IsOrganizationMode');
    // aws:PrincipalOrgID never matches a service principal: it would stop Config invoking at all.
    expect(forOrganization?.Properties).toEqual({
      FunctionName: { 'Fn::GetAtt': ['EvaluateLambdaFunction', 'Arn'] },
      Action: 'lambda:InvokeFunction',
      Principal: 'config.amazonaws.com',
    });
    expect(forAccount?.Properties.SourceAccount).toEqual({ Ref: 'AWS::AccountId' });
  });
});

describe('the member-account role (deploy/member-role.yml)', () => {
  it('trusts only the evaluator role, and only from inside the organization', () => {
    // Prepare
    const template = parse(readFileSync(join(root, 'deploy/member-role.yml'), 'utf8')) as {
      Parameters: Record<string, { AllowedPattern?: string }>;
      Resources: { MemberRole: { Properties: { AssumeRolePolicyDocument: { Statement: Json[] } } } };
    };

    // Act
    const trust = template.Resources.MemberRole.Properties.AssumeRolePolicyDocument.Statement;

    // Assess
    expect(trust).toEqual([
      {
        Effect: 'Allow',
        Principal: { AWS: { Ref: 'EvaluatorRoleArn' } },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:PrincipalOrgID': { Ref: 'OrganizationId' } } },
      },
    ]);
    expect(template.Parameters.OrganizationId?.AllowedPattern).toBe('^o-[a-z0-9]{10,32}$');
  });

  it('lets the CLI list the Regions of the account (--assume-role with --region all)', () => {
    // Prepare
    const template = parse(readFileSync(join(root, 'deploy/member-role.yml'), 'utf8')) as {
      Resources: { MemberRole: { Properties: { Policies: { PolicyDocument: { Statement: Json[] } }[] } } };
    };

    // Act
    const statements = template.Resources.MemberRole.Properties.Policies.flatMap(
      (p) => p.PolicyDocument.Statement,
    );

    // Assess
    expect(statements.filter((s) => s.Sid === 'CliListRegions')).toEqual([
      { Sid: 'CliListRegions', Effect: 'Allow', Action: 'ec2:DescribeRegions', Resource: '*' },
    ]);
  });
});
