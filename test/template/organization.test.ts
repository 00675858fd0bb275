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
      // HasSuppressions: no suppression parameter is named in these templates.
      expect(['IsOrganizationMode', 'HasSuppressions']).toContain(conditional[0]);
      return conditional[0] === 'IsOrganizationMode' && organizationMode ? [conditional[1]] : [];
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

/**
 * The subset of EventBridge matching these patterns use: each key of the pattern must match, a
 * list matches a value equal to one of its strings or starting with one of its `{ prefix }`.
 */
function matches(pattern: Json, event: Json): boolean {
  return Object.entries(pattern).every(([key, expected]) => {
    const value = event[key];
    if (!Array.isArray(expected))
      return typeof value === 'object' && value !== null && matches(expected as Json, value as Json);
    return expected.some((item: unknown) =>
      typeof item === 'string'
        ? value === item
        : typeof value === 'string' && value.startsWith(String((item as { prefix: unknown }).prefix)),
    );
  });
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

describe('member-account alerts reaching the administrator', () => {
  it('lets only principals of the organization put events on the default bus, in organization mode only', () => {
    // Act
    const policy = organization.Resources.OrganizationComplianceChangesPolicy;

    // Assess
    expect(policy?.Type).toBe('AWS::Events::EventBusPolicy');
    expect(policy?.Condition).toBe('IsOrganizationMode');
    expect(account.Resources.OrganizationComplianceChangesPolicy?.Condition).toBe('IsOrganizationMode');
    expect(policy?.Properties).toEqual({
      EventBusName: 'default',
      StatementId: 'acme-org',
      Statement: {
        Effect: 'Allow',
        Principal: '*',
        Action: 'events:PutEvents',
        Resource: {
          'Fn::Sub': `arn:\${AWS::Partition}:events:\${AWS::Region}:\${AWS::AccountId}:event-bus/default`,
        },
        Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
      },
    });
  });

  it("matches a member's forwarded compliance change with the notify rule: no account or Region in its pattern", () => {
    // Prepare: a change forwarded from a member keeps its source, detail-type, detail and account.
    const forwarded = {
      source: 'aws.config',
      'detail-type': 'Config Rules Compliance Change',
      account: '222222222222',
      region: 'eu-west-1',
      detail: { configRuleName: 'OrgConfigRule-acme-ecr-repository-not-public-dbgzf8ba' },
    };
    const other = {
      ...forwarded,
      detail: { configRuleName: 'OrgConfigRule-other-ecr-repository-not-public-x1' },
    };

    // Act
    const pattern = notifyPattern(organization) as unknown as Json;

    // Assess
    expect(Object.keys(pattern).sort()).toEqual(['detail', 'detail-type', 'source']);
    expect(matches(pattern, forwarded)).toBe(true);
    expect(matches(pattern, other)).toBe(false);
  });
});

describe('the member-account role (deploy/member-role.yml)', () => {
  it('trusts the evaluator role and, only if named at rollout, scanner roles; both only from inside the organization', () => {
    // Prepare
    const template = parse(readFileSync(join(root, 'deploy/member-role.yml'), 'utf8')) as {
      Parameters: Record<string, { AllowedPattern?: string; Type?: string; Default?: string }>;
      Conditions: Record<string, Json>;
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
      {
        'Fn::If': [
          'HasScanners',
          {
            Effect: 'Allow',
            Principal: { AWS: { Ref: 'ScannerRoleArns' } },
            Action: 'sts:AssumeRole',
            Condition: { StringEquals: { 'aws:PrincipalOrgID': { Ref: 'OrganizationId' } } },
          },
          { Ref: 'AWS::NoValue' },
        ],
      },
    ]);
    expect(template.Parameters.ScannerRoleArns).toMatchObject({ Type: 'CommaDelimitedList', Default: '' });
    expect(template.Conditions.HasScanners).toEqual({
      'Fn::Not': [{ 'Fn::Equals': [{ 'Fn::Join': [',', { Ref: 'ScannerRoleArns' }] }, ''] }],
    });
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

describe('member-account alert forwarding (deploy/member-role.yml)', () => {
  const template = () =>
    parse(readFileSync(join(root, 'deploy/member-role.yml'), 'utf8')) as {
      Parameters: Record<string, { AllowedPattern?: string; Default?: string }>;
      Conditions: Record<string, unknown>;
      Resources: Record<string, { Type: string; Condition?: string; Properties: Json }>;
      Outputs: Record<string, { Condition?: string }>;
    };

  it("forwards only the organization rules' compliance changes, unchanged, to the administrator's default bus", () => {
    // Act
    const { Resources, Conditions, Parameters } = template();
    const rule = Resources.ForwardComplianceChanges;

    // Assess
    expect(rule?.Type).toBe('AWS::Events::Rule');
    expect(rule?.Condition).toBe('IsNotAdministrator');
    expect(Conditions.IsNotAdministrator).toEqual({
      'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'AWS::AccountId' }, { Ref: 'AdministratorAccountId' }] }],
    });
    expect(rule?.Properties).toEqual({
      Name: { 'Fn::Sub': `\${RulePrefix}-fwd` },
      Description:
        'ppguard: forwards compliance changes of the ppguard organization rules to the delegated administrator, which alerts on them',
      EventBusName: 'default',
      State: 'ENABLED',
      EventPattern: {
        source: ['aws.config'],
        'detail-type': ['Config Rules Compliance Change'],
        detail: { configRuleName: [{ prefix: { 'Fn::Sub': `OrgConfigRule-\${RulePrefix}-` } }] },
      },
      Targets: [
        {
          Id: 'administrator-bus',
          Arn: {
            'Fn::Sub': `arn:\${AWS::Partition}:events:\${AWS::Region}:\${AdministratorAccountId}:event-bus/default`,
          },
          RoleArn: { 'Fn::GetAtt': ['ForwardComplianceChangesRole', 'Arn'] },
        },
      ],
    });
    expect(Parameters.AdministratorAccountId?.AllowedPattern).toBe('^\\d{12}$');
    expect(Parameters.RulePrefix).toMatchObject({
      Default: 'ppguard',
      AllowedPattern: '^[A-Za-z0-9_-]{1,60}$',
    });
  });

  it("matches what notify matches: a member's forwarded change is one the administrator alerts on", () => {
    // Prepare: the member rule's pattern with RulePrefix as the administrator's prefix (acme).
    const pattern = JSON.parse(
      JSON.stringify(template().Resources.ForwardComplianceChanges?.Properties.EventPattern).replace(
        `{"Fn::Sub":"OrgConfigRule-\${RulePrefix}-"}`,
        '"OrgConfigRule-acme-"',
      ),
    ) as Json;
    const change = (configRuleName: string) => ({
      source: 'aws.config',
      'detail-type': 'Config Rules Compliance Change',
      account: '222222222222',
      detail: { configRuleName },
    });

    // Act
    const copy = change('OrgConfigRule-acme-ecr-repository-not-public-dbgzf8ba');
    const accountRule = change('acme-ecr-repository-not-public');

    // Assess
    expect([matches(pattern, copy), matches(notifyPattern(organization) as unknown as Json, copy)]).toEqual([
      true,
      true,
    ]);
    // The member account's own rules are not ppguard's: nothing else leaves the account.
    expect(matches(pattern, accountRule)).toBe(false);
    expect(matches(pattern, change('OrgConfigRule-acmex-rule-abc'))).toBe(false);
  });

  it("lets the forwarding role put events on the administrator's bus only, used only by this account's forwarding rule", () => {
    // Act
    const role = template().Resources.ForwardComplianceChangesRole;

    // Assess
    expect(role?.Condition).toBe('IsNotAdministrator');
    expect(role?.Properties).toEqual({
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: 'sts:AssumeRole',
            Condition: {
              StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
              ArnEquals: {
                'aws:SourceArn': {
                  'Fn::Sub': `arn:\${AWS::Partition}:events:\${AWS::Region}:\${AWS::AccountId}:rule/\${RulePrefix}-fwd`,
                },
              },
            },
          },
        ],
      },
      Policies: [
        {
          PolicyName: 'ppguard-forward',
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'PutOnAdministratorBus',
                Effect: 'Allow',
                Action: 'events:PutEvents',
                Resource: {
                  'Fn::Sub': `arn:\${AWS::Partition}:events:\${AWS::Region}:\${AdministratorAccountId}:event-bus/default`,
                },
              },
            ],
          },
        },
      ],
    });
  });

  it('lets the member role read in every Region: it exists once, in MemberRoleRegion, and serves them all', () => {
    // Act
    const policies = template().Resources.MemberRole?.Properties.Policies as {
      PolicyDocument: { Statement: { Sid: string; Resource: unknown }[] };
    }[];
    const resources = policies.flatMap((p) => p.PolicyDocument.Statement.map((s) => [s.Sid, s.Resource]));

    // Assess
    expect(resources.filter(([, r]) => JSON.stringify(r).includes('AWS::Region'))).toEqual([]);
    expect(resources.filter(([sid]) => sid === 'ReadAndReport1')).toEqual([
      ['ReadAndReport1', { 'Fn::Sub': `arn:\${AWS::Partition}:codebuild:*:\${AWS::AccountId}:project/*` }],
    ]);
  });

  it('creates the member role in one Region of the StackSet only (IAM is global), the forwarding in each', () => {
    // Act
    const { Resources, Conditions, Parameters, Outputs } = template();

    // Assess
    expect(Resources.MemberRole?.Condition).toBe('IsMemberRoleRegion');
    expect(Outputs.MemberRoleArn?.Condition).toBe('IsMemberRoleRegion');
    expect(Conditions.IsMemberRoleRegion).toEqual({
      'Fn::Equals': [{ Ref: 'AWS::Region' }, { Ref: 'MemberRoleRegion' }],
    });
    // Required: a default could delete the role from a StackSet deployed in another Region.
    expect(Parameters.MemberRoleRegion?.Default).toBeUndefined();
    expect(Object.keys(Resources).sort()).toEqual([
      'ForwardComplianceChanges',
      'ForwardComplianceChangesRole',
      'MemberRole',
    ]);
  });
});
