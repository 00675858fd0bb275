/**
 * The deployment as AWS would receive it: serverless.yml is packaged offline with osls (the
 * esbuild bundles included), the CloudFormation template is linted by cfn-lint, and its
 * security properties are asserted from the template itself.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFunction, FUNCTIONS } from '../../lib/deploy/build';
import { evaluateFunctionActions } from '../../lib/deploy/permissions';
import { logicalId, resourceFor } from '../../lib/deploy/serverless';
import { RULES } from '../../rules/index';

const run = promisify(execFile);
const root = join(import.meta.dirname, '../..');
const SLACK_SECRET = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:ppguard/slack-AbCdEf';

type Json = Record<string, unknown>;
interface Packaged {
  dir: string;
  template: {
    Resources: Record<string, { Type: string; Condition?: string; Properties: Json }>;
    Conditions: Json;
  };
  text: string;
}

async function packageWith(params: Record<string, string>): Promise<Packaged> {
  const dir = mkdtempSync(join(tmpdir(), 'ppguard-package-'));
  const args = ['package', '--stage', 'test', '--region', 'eu-west-1', '--package', dir];
  for (const [name, value] of Object.entries(params)) args.push(`--param=${name}=${value}`);
  await run(join(root, 'node_modules/.bin/osls'), args, { cwd: root, timeout: 240_000 });
  const text = readFileSync(join(dir, 'cloudformation-template-update-stack.json'), 'utf8');
  return { dir, template: JSON.parse(text), text };
}

/** cfn-lint exits with a bit mask: 2 = errors, 4 = warnings, 8 = informational. */
async function lintErrors(file: string): Promise<string> {
  try {
    await run(join(root, '.venv/bin/cfn-lint'), ['--format', 'parseable', file], { timeout: 120_000 });
    return '';
  } catch (error) {
    const { code, stdout } = error as { code: number; stdout: string };
    if ((code & 2) === 0 && (code & 1) === 0) return '';
    return stdout
      .split('\n')
      .filter((line) => /:E\d{4}:/.test(line) || (code & 1) === 1)
      .join('\n');
  }
}

function policyStatements(packaged: Packaged, roleId: string) {
  const roleResource = packaged.template.Resources[roleId];
  const policies = (roleResource?.Properties.Policies ?? []) as { PolicyDocument: { Statement: Json[] } }[];
  // A statement left out by a false condition (Fn::If -> AWS::NoValue) is not granted.
  const statements = policies
    .flatMap((p) => p.PolicyDocument.Statement)
    .flatMap((statement) => {
      const conditional = statement['Fn::If'] as [string, Json, unknown] | undefined;
      if (!conditional) return [statement];
      return conditionHolds(packaged, conditional[0]) ? [conditional[1]] : [];
    });
  return statements as {
    Sid: string;
    Action: string | string[];
    Resource: unknown;
  }[];
}

/** Evaluates the CloudFormation condition functions the template uses (Serverless resolved the params). */
function conditionHolds(packaged: Packaged, name: string): boolean {
  const evaluate = (node: unknown): unknown => {
    if (typeof node === 'string') return node;
    if (Array.isArray(node)) return node.map(evaluate);
    const [fn, args] = Object.entries(node as Json)[0] ?? [];
    const list = args as unknown[];
    switch (fn) {
      case 'Condition':
        return evaluate(packaged.template.Conditions[args as string]);
      case 'Fn::Equals':
        return evaluate(list[0]) === evaluate(list[1]);
      case 'Fn::Not':
        return !evaluate(list[0]);
      case 'Fn::And':
        return list.every((x) => evaluate(x) === true);
      case 'Fn::Or':
        return list.some((x) => evaluate(x) === true);
      case 'Fn::Join':
        return (evaluate(list[1]) as string[]).join(list[0] as string);
      case 'Fn::Split':
        return (evaluate(list[1]) as string).split(list[0] as string);
      default:
        throw new Error(`unsupported condition function ${fn}`);
    }
  };
  return evaluate({ Condition: name }) === true;
}

const actionsOf = (statements: { Action: string | string[] }[]) =>
  statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])).sort();

let defaults: Packaged;
let configured: Packaged;
let organization: Packaged;

beforeAll(async () => {
  // The artifacts serverless.yml deploys, built as `npm run build` builds them.
  for (const [name, entry] of Object.entries(FUNCTIONS))
    await buildFunction(root, name, entry, join(root, '.build'));
  // One after the other, like a person would.
  defaults = await packageWith({});
  configured = await packageWith({
    alertEmail: 'secops@example.com',
    slackSecretArn: SLACK_SECRET,
    enabledRules: 'codebuild-project-in-vpc,ecr-repository-not-public',
    trustedAccounts: '111111111111',
    frequency: 'Six_Hours',
  });
  organization = await packageWith({
    organizationMode: 'true',
    memberRoleName: 'ppguard-member',
    organizationId: 'o-a1b2c3d4e5',
  });
}, 400_000);

afterAll(() => {
  for (const packaged of [defaults, configured])
    if (packaged) rmSync(packaged.dir, { recursive: true, force: true });
});

describe('the packaged deployment', () => {
  it.each([
    ['default parameters', () => defaults],
    ['alerts, Slack and a rule subset configured', () => configured],
    ['organization mode', () => organization],
  ])('passes cfn-lint without errors (%s)', async (_label, packaged) => {
    expect(await lintErrors(join(packaged().dir, 'cloudformation-template-update-stack.json'))).toBe('');
  });

  it('ships an evaluate bundle that loads on the Lambda runtime major and exports the handler', async () => {
    // Prepare
    const unpacked = join(defaults.dir, 'evaluate');
    await run('unzip', ['-q', '-o', join(root, '.build/evaluate.zip'), '-d', unpacked]);

    // Act
    const { stdout } = await run(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const m = await import('${join(unpacked, 'handlers/evaluate.mjs')}'); console.log(typeof m.handler, process.version);`,
      ],
      { env: { ...process.env, AWS_REGION: 'eu-west-1' } },
    );

    // Assess
    expect(stdout.trim()).toMatch(/^function v22\./);
  });

  it('member-account role template (StackSet) passes cfn-lint without errors', async () => {
    expect(await lintErrors(join(root, 'deploy/member-role.yml'))).toBe('');
  });

  it('deploys organization rules instead of account rules in organization mode', () => {
    const orgRules = RULES.filter((rule) =>
      conditionHolds(organization, `DeployOrganization${logicalId(rule.id)}`),
    );
    const accountRules = RULES.filter((rule) => conditionHolds(organization, `Deploy${logicalId(rule.id)}`));
    expect(orgRules).toHaveLength(RULES.length);
    expect(accountRules).toHaveLength(0);
    const example = organization.template.Resources.CodebuildProjectInVpcOrganizationRule?.Properties as {
      OrganizationCustomRuleMetadata: { LambdaFunctionArn: unknown; ResourceTypesScope: string[] };
    };
    expect(example.OrganizationCustomRuleMetadata.ResourceTypesScope).toEqual(['AWS::CodeBuild::Project']);
  });

  it('has one AWS Config rule per registry rule, named <prefix>-<id>, scoped to its types and triggers', () => {
    for (const rule of RULES) {
      const resource = defaults.template.Resources[`${logicalId(rule.id)}Rule`];
      expect(resource?.Type).toBe('AWS::Config::ConfigRule');
      expect(resource?.Properties.ConfigRuleName).toBe(`ppguard-${rule.id}`);
      const scope = (resource?.Properties.Scope as { ComplianceResourceTypes?: string[] } | undefined)
        ?.ComplianceResourceTypes;
      if (scope) expect(scope).toEqual([...new Set([...rule.resourceTypes, ...(rule.triggeredBy ?? [])])]);
      expect(JSON.parse(String(resource?.Properties.InputParameters))).toHaveProperty('trustedAccounts');
    }
  });

  it('passes deploy parameters into the rules', () => {
    const inVpc = configured.template.Resources.CodebuildProjectInVpcRule;
    expect(JSON.parse(String(inVpc?.Properties.InputParameters)).trustedAccounts).toBe('111111111111');
    expect(inVpc?.Properties.MaximumExecutionFrequency).toBe('Six_Hours');
  });

  it('lets only AWS Config of the own account invoke the evaluator', () => {
    const permission = defaults.template.Resources.EvaluatePermissionForConfig?.Properties;
    expect(permission?.Principal).toBe('config.amazonaws.com');
    expect(permission?.SourceAccount).toEqual({ Ref: 'AWS::AccountId' });
  });

  it('gives the evaluator exactly the reads its rules need, plus Config reporting, its logs and its sweep queue (the member role only in organization mode)', () => {
    // Act
    const statements = policyStatements(defaults, 'EvaluateRole');

    // Assess
    const expected = [
      ...evaluateFunctionActions(RULES),
      'kms:Decrypt',
      'kms:GenerateDataKey',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'sqs:DeleteMessage',
      'sqs:GetQueueAttributes',
      'sqs:ReceiveMessage',
      'sqs:SendMessage',
    ].sort();
    expect(actionsOf(statements)).toEqual(expected);
    const sweepStatement = statements.find((s) => s.Sid === 'ContinueSweeps') as
      | { Resource?: unknown }
      | undefined;
    expect(sweepStatement?.Resource).toEqual({ 'Fn::GetAtt': ['SweepQueue', 'Arn'] });
  });

  it('continues long periodic sweeps through an encrypted FIFO queue that invokes the evaluator, with a dead-letter alarm', () => {
    // Prepare
    const resources = defaults.template.Resources;
    const mapping = Object.values(resources).find((r) => r.Type === 'AWS::Lambda::EventSourceMapping');
    const evaluate = Object.values(resources).find(
      (r) =>
        r.Type === 'AWS::Lambda::Function' &&
        JSON.stringify(r.Properties).includes('PPGUARD_SWEEP_QUEUE_URL'),
    );

    // Assess
    expect(mapping?.Properties).toMatchObject({
      BatchSize: 1,
      EventSourceArn: { 'Fn::GetAtt': ['SweepQueue', 'Arn'] },
      FunctionName: { 'Fn::GetAtt': ['EvaluateLambdaFunction', 'Arn'] },
    });
    expect(evaluate?.Properties).toMatchObject({
      Timeout: 900,
      Environment: { Variables: { PPGUARD_SWEEP_QUEUE_URL: { Ref: 'SweepQueue' } } },
    });
    expect(resources.SweepQueue?.Properties).toEqual({
      FifoQueue: true,
      VisibilityTimeout: 5400,
      MessageRetentionPeriod: 86400,
      KmsMasterKeyId: { Ref: 'AlertsKey' },
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': ['SweepDeadLetterQueue', 'Arn'] },
        maxReceiveCount: 3,
      },
    });
    expect(resources.SweepDeadLetterQueue?.Properties).toEqual({
      FifoQueue: true,
      MessageRetentionPeriod: 1209600,
      KmsMasterKeyId: { Ref: 'AlertsKey' },
    });
    expect(resources.SweepDeadLetterAlarm?.Properties).toMatchObject({
      AlarmActions: [{ Ref: 'AlertsTopic' }],
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': ['SweepDeadLetterQueue', 'QueueName'] } }],
    });
  });

  it('never grants a wildcard action, and scopes resources wherever AWS allows it', () => {
    for (const roleId of Object.keys(configured.template.Resources).filter((id) => id.endsWith('Role'))) {
      for (const statement of policyStatements(configured, roleId)) {
        const actions = Array.isArray(statement.Action) ? statement.Action : [statement.Action];
        for (const action of actions) {
          expect(action, `${roleId} ${statement.Sid}`).not.toMatch(/\*$/);
          if (statement.Resource === '*') expect(resourceFor(action), `${roleId} ${action}`).toBe('*');
        }
      }
    }
  });

  it('gives each function its own role', () => {
    const roles = Object.entries(configured.template.Resources)
      .filter(([, r]) => r.Type === 'AWS::Lambda::Function')
      .map(([, r]) => JSON.stringify(r.Properties.Role));
    expect(roles.length).toBeGreaterThanOrEqual(1);
    expect(new Set(roles).size).toBe(roles.length);
  });

  it('encrypts the alerts topic with its own key', () => {
    expect(defaults.template.Resources.AlertsTopic?.Properties.KmsMasterKeyId).toEqual({ Ref: 'AlertsKey' });
    expect(defaults.template.Resources.AlertsKey?.Properties.EnableKeyRotation).toBe(true);
  });

  it('keeps no webhook URL in the template: only the secret ARN', () => {
    expect(configured.text).not.toMatch(/hooks\.slack\.com/);
    expect(configured.text).toContain(SLACK_SECRET);
  });

  it('deploys only the enabled rules', () => {
    // Act: evaluate each rule's deploy condition as CloudFormation would.
    const deployed = RULES.filter((rule) => conditionHolds(configured, `Deploy${logicalId(rule.id)}`)).map(
      (r) => r.id,
    );
    const deployedByDefault = RULES.filter((rule) => conditionHolds(defaults, `Deploy${logicalId(rule.id)}`));

    // Assess
    expect(deployed).toEqual(['codebuild-project-in-vpc', 'ecr-repository-not-public']);
    expect(deployedByDefault).toHaveLength(RULES.length);
    expect(RULES.some((rule) => conditionHolds(defaults, `DeployOrganization${logicalId(rule.id)}`))).toBe(
      false,
    );
  });
});
