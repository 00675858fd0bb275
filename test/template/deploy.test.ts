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
import { logicalId, resourceFor } from '../../lib/deploy/serverless';
import { evaluateFunctionActions } from '../../lib/engine/permissions';
import { RULES } from '../../rules/index';

const run = promisify(execFile);
const root = join(import.meta.dirname, '../..');
const SLACK_SECRET = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:ppguard/slack-AbCdEf';
const ADMIN_ROLES = ['arn:aws:iam::123456789012:role/Admin', 'arn:aws:iam::123456789012:role/SecOps'];

// CloudFormation Fn::Sub patterns the template must contain, verbatim.
const STACK_ALARMS =
  // biome-ignore lint/suspicious/noTemplateCurlyInString: Fn::Sub syntax, not a JS template
  'arn:${AWS::Partition}:cloudwatch:${AWS::Region}:${AWS::AccountId}:alarm:${AWS::StackName}-*';
const STACK_LOG_GROUPS =
  // biome-ignore lint/suspicious/noTemplateCurlyInString: Fn::Sub syntax, not a JS template
  'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/${AWS::StackName}-*';
// biome-ignore lint/suspicious/noTemplateCurlyInString: Fn::Sub syntax, not a JS template
const LOGS_SERVICE = 'logs.${AWS::Region}.amazonaws.com';
// biome-ignore lint/suspicious/noTemplateCurlyInString: Fn::Sub syntax, not a JS template
const CODECOMMIT_REPOSITORIES = 'arn:${AWS::Partition}:codecommit:${AWS::Region}:${AWS::AccountId}:*';
// biome-ignore lint/suspicious/noTemplateCurlyInString: Fn::Sub syntax, not a JS template
const ECR_PUBLIC_REPOSITORIES = 'arn:${AWS::Partition}:ecr-public::${AWS::AccountId}:repository/*';
const SUPPRESSIONS_PARAMETER =
  // biome-ignore lint/suspicious/noTemplateCurlyInString: Fn::Sub syntax, not a JS template
  'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter//ppguard/suppressions';
// biome-ignore lint/suspicious/noTemplateCurlyInString: Fn::Sub syntax, not a JS template
const ACCOUNT_ROOT = 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root';

type Json = Record<string, unknown>;
interface Packaged {
  dir: string;
  template: {
    Resources: Record<string, { Type: string; Condition?: string; Properties: Json }>;
    Conditions: Json;
    Outputs?: Record<string, { Value: unknown }>;
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

/** checkov exits 1 when a check fails; its JSON report is on stdout either way. */
interface CheckovFailure {
  check_id: string;
  resource: string;
}
const checkovRuns = new Map<string, Promise<CheckovFailure[]>>();
/** One checkov run per packaged template, shared by the tests that read it. */
function checkovFailures(file: string): Promise<CheckovFailure[]> {
  const known = checkovRuns.get(file);
  if (known) return known;
  const started = runCheckov(file);
  checkovRuns.set(file, started);
  return started;
}
async function runCheckov(file: string): Promise<CheckovFailure[]> {
  const args = ['-f', file, '--framework', 'cloudformation', '--output', 'json', '--quiet', '--compact'];
  // --skip-download: the built-in checks only, nothing fetched from a vendor platform.
  args.push('--skip-download');
  let stdout: string;
  try {
    ({ stdout } = await run(join(root, '.venv/bin/checkov'), args, {
      timeout: 120_000,
      maxBuffer: 64 << 20,
    }));
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    if (failed.code !== 1) throw new Error(`checkov failed (${failed.code}): ${failed.stderr}`);
    stdout = failed.stdout;
  }
  const report = JSON.parse(stdout) as { results?: { failed_checks: CheckovFailure[] }; summary?: unknown };
  // No report at all would read as "nothing failed": refuse it.
  if (!report.results) throw new Error(`checkov produced no results: ${stdout.slice(0, 500)}`);
  return report.results.failed_checks.map(({ check_id, resource }) => ({ check_id, resource }));
}

type Skips = Record<string, { reason: string; resources: string[] }>;
const CHECKOV_SKIPS = JSON.parse(
  readFileSync(join(import.meta.dirname, 'checkov-skips.json'), 'utf8'),
) as Skips;

const propertiesOf = (packaged: Packaged, id: string): Json =>
  packaged.template.Resources[id]?.Properties ?? {};

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
    alertPublisherArns: ADMIN_ROLES.join(','),
    suppressionsParameterName: '/ppguard/suppressions',
  });
  organization = await packageWith({
    organizationMode: 'true',
    memberRoleName: 'ppguard-member',
    organizationId: 'o-a1b2c3d4e5',
  });
}, 400_000);

afterAll(() => {
  for (const packaged of [defaults, configured, organization])
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

  it('gives the evaluator exactly the reads its rules need, plus Config reporting, its logs, its sweep queue and its failure queue (the member role only in organization mode)', () => {
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
      'sqs:SendMessage',
    ].sort();
    expect(actionsOf(statements)).toEqual(expected);
    const sweepStatement = statements.find((s) => s.Sid === 'ContinueSweeps') as
      | { Resource?: unknown }
      | undefined;
    expect(sweepStatement?.Resource).toEqual({ 'Fn::GetAtt': ['SweepQueue', 'Arn'] });
  });

  it('lets the evaluator read exactly the suppression file parameter, and only when one is named', () => {
    // Act
    const granted = policyStatements(configured, 'EvaluateRole').find((s) => s.Sid === 'ReadSuppressions');
    const byDefault = policyStatements(defaults, 'EvaluateRole').find((s) => s.Sid === 'ReadSuppressions');
    const environment = (
      propertiesOf(configured, 'EvaluateLambdaFunction').Environment as {
        Variables: Record<string, unknown>;
      }
    ).Variables;

    // Assess
    expect(byDefault).toBeUndefined();
    expect(granted?.Action).toBe('ssm:GetParameter');
    expect(granted?.Resource).toEqual({
      'Fn::Join': [
        '/',
        {
          'Fn::Split': ['//', { 'Fn::Sub': SUPPRESSIONS_PARAMETER }],
        },
      ],
    });
    expect(environment.PPGUARD_SUPPRESSIONS_PARAMETER).toBe('/ppguard/suppressions');
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

describe('failed evaluations never vanish', () => {
  it('sends an evaluation that failed every retry to an encrypted failure queue kept 14 days', () => {
    // Prepare
    const resources = defaults.template.Resources;
    const invokeConfigs = Object.values(resources).filter((r) => r.Type === 'AWS::Lambda::EventInvokeConfig');

    // Assess
    expect(invokeConfigs.map((r) => r.Properties)).toContainEqual({
      FunctionName: { Ref: 'EvaluateLambdaFunction' },
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': ['EvaluateFailureQueue', 'Arn'] } } },
      Qualifier: '$LATEST',
    });
    expect(resources.EvaluateFailureQueue).toEqual({
      Type: 'AWS::SQS::Queue',
      Properties: { MessageRetentionPeriod: 1209600, KmsMasterKeyId: { Ref: 'AlertsKey' } },
    });
    expect(defaults.template.Outputs?.EvaluateFailureQueueUrl?.Value).toEqual({
      Ref: 'EvaluateFailureQueue',
    });
  });

  it('lets the evaluate role send to the failure queue and nowhere else new, with the key it needs', () => {
    // Act
    const statements = policyStatements(defaults, 'EvaluateRole');

    // Assess
    const failure = statements.filter((s) => JSON.stringify(s.Resource).includes('EvaluateFailureQueue'));
    expect(failure).toEqual([
      {
        Sid: 'RecordFailedEvaluations',
        Effect: 'Allow',
        Action: 'sqs:SendMessage',
        Resource: { 'Fn::GetAtt': ['EvaluateFailureQueue', 'Arn'] },
      },
    ]);
    const key = statements.find(
      (s) => JSON.stringify(s.Resource) === JSON.stringify({ 'Fn::GetAtt': ['AlertsKey', 'Arn'] }),
    );
    expect(actionsOf(key ? [key] : [])).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
  });

  it.each([
    [
      'EvaluateErrorsAlarm',
      'AWS/Lambda',
      'Errors',
      'Sum',
      { Name: 'FunctionName', Value: { Ref: 'EvaluateLambdaFunction' } },
    ],
    [
      'EvaluateFailureAlarm',
      'AWS/SQS',
      'ApproximateNumberOfMessagesVisible',
      'Maximum',
      { Name: 'QueueName', Value: { 'Fn::GetAtt': ['EvaluateFailureQueue', 'QueueName'] } },
    ],
  ])(
    'alarms on the first failure (%s) and tells the alerts topic when it fires and clears',
    (id, namespace, metric, statistic, dimension) => {
      // Act
      const alarm = defaults.template.Resources[id];

      // Assess
      expect(alarm?.Type).toBe('AWS::CloudWatch::Alarm');
      expect(alarm?.Condition).toBeUndefined();
      expect(alarm?.Properties).toMatchObject({
        Namespace: namespace,
        MetricName: metric,
        Statistic: statistic,
        Dimensions: [dimension],
        Period: 300,
        EvaluationPeriods: 1,
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'notBreaching',
        AlarmActions: [{ Ref: 'AlertsTopic' }],
        OKActions: [{ Ref: 'AlertsTopic' }],
      });
    },
  );

  it('has an alarm on every dead-letter and failure queue, telling the alerts topic when it fires and clears', () => {
    const resources = configured.template.Resources;
    const queues = Object.entries(resources)
      .filter(([id, r]) => r.Type === 'AWS::SQS::Queue' && id !== 'SweepQueue')
      .map(([id]) => id)
      .sort();
    const alarmed = Object.values(resources)
      .filter((r) => r.Type === 'AWS::CloudWatch::Alarm' && r.Properties.Namespace === 'AWS/SQS')
      .map(
        (r) =>
          ((r.Properties.Dimensions as { Value: { 'Fn::GetAtt': string[] } }[])[0]?.Value['Fn::GetAtt'] ??
            [])[0],
      )
      .sort();
    expect(queues).toEqual([
      'EvaluateFailureQueue',
      'NotifyDeadLetterQueue',
      'SlackDeadLetterQueue',
      'SlackParkingQueue',
      'SweepDeadLetterQueue',
    ]);
    expect(alarmed).toEqual(queues);
    const sqsAlarms = Object.values(resources).filter(
      (r) => r.Type === 'AWS::CloudWatch::Alarm' && r.Properties.Namespace === 'AWS/SQS',
    );
    for (const alarm of sqsAlarms)
      expect(alarm.Properties).toMatchObject({
        AlarmActions: [{ Ref: 'AlertsTopic' }],
        OKActions: [{ Ref: 'AlertsTopic' }],
      });
  });

  it('parks Slack dead letters that can never be delivered in an encrypted queue the redrive alone may send to', () => {
    // Prepare
    const resources = configured.template.Resources;
    const redrive = resources.SlackRedriveLambdaFunction?.Properties as {
      Environment: { Variables: Record<string, unknown> };
    };

    // Act
    const statements = policyStatements(configured, 'SlackRedriveRole');

    // Assess
    expect(resources.SlackParkingQueue).toEqual({
      Type: 'AWS::SQS::Queue',
      Condition: 'HasSlack',
      Properties: { MessageRetentionPeriod: 1209600, KmsMasterKeyId: { Ref: 'AlertsKey' } },
    });
    expect(redrive.Environment.Variables.PPGUARD_SLACK_PARKING_QUEUE_URL).toEqual({
      Ref: 'SlackParkingQueue',
    });
    expect(statements.filter((s) => JSON.stringify(s.Resource).includes('SlackParkingQueue'))).toEqual([
      {
        Sid: 'ParkPoisonMessages',
        Effect: 'Allow',
        Action: 'sqs:SendMessage',
        Resource: { 'Fn::GetAtt': ['SlackParkingQueue', 'Arn'] },
      },
    ]);
    const writers = Object.entries(resources)
      .filter(
        ([, r]) => r.Type === 'AWS::IAM::Role' && JSON.stringify(r.Properties).includes('SlackParkingQueue'),
      )
      .map(([id]) => id);
    expect(writers).toEqual(['SlackRedriveRole']);
  });

  it("lets only this account's CloudWatch alarms of this stack use the alerts key", () => {
    // Act
    const statements = (propertiesOf(defaults, 'AlertsKey').KeyPolicy as { Statement: Json[] }).Statement;

    // Assess
    expect(statements.find((s) => s.Sid === 'AlarmsPublish')).toEqual({
      Sid: 'AlarmsPublish',
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      Resource: '*',
      Condition: {
        StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
        ArnLike: {
          'aws:SourceArn': {
            'Fn::Sub': STACK_ALARMS,
          },
        },
      },
    });
  });
});

describe('template hardening', () => {
  it.each([
    ['default parameters', () => defaults],
    ['alerts, Slack and a rule subset configured', () => configured],
    ['organization mode', () => organization],
  ])('fails no checkov check outside the justified skip list (%s)', async (_label, packaged) => {
    // Act
    const failures = await checkovFailures(join(packaged().dir, 'cloudformation-template-update-stack.json'));

    // Assess
    const unjustified = failures.filter((f) => !CHECKOV_SKIPS[f.check_id]?.resources.includes(f.resource));
    expect(unjustified).toEqual([]);
  });

  it('keeps no stale checkov skip: each one names a check id, a reason and a resource that still fails it', async () => {
    // Prepare
    const failed = new Set<string>();
    for (const packaged of [defaults, configured, organization])
      for (const f of await checkovFailures(join(packaged.dir, 'cloudformation-template-update-stack.json')))
        failed.add(`${f.check_id} ${f.resource}`);

    // Assess
    for (const [id, skip] of Object.entries(CHECKOV_SKIPS)) {
      expect(id).toMatch(/^CKV_AWS_\d+$/);
      expect(skip.reason.length, id).toBeGreaterThan(80);
      for (const resource of skip.resources)
        expect(failed, `${id} ${resource}`).toContain(`${id} ${resource}`);
    }
  });

  it('blocks public access to the deployment bucket, versions it and encrypts it', () => {
    const bucket = defaults.template.Resources.ServerlessDeploymentBucket?.Properties;
    expect(bucket?.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket?.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(bucket?.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
    });
  });

  it('encrypts every log group with the project key, which CloudWatch Logs may use only for this stack', () => {
    // Prepare
    const resources = configured.template.Resources;
    const logGroups = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::Logs::LogGroup');
    const keyStatements = (propertiesOf(configured, 'AlertsKey').KeyPolicy as { Statement: Json[] })
      .Statement;

    // Assess
    expect(logGroups.map(([id]) => id).sort()).toEqual([
      'EvaluateLogGroup',
      'NotifyLogGroup',
      'SlackLogGroup',
      'SlackRedriveLogGroup',
    ]);
    for (const [id, group] of logGroups)
      expect(group.Properties.KmsKeyId, id).toEqual({ 'Fn::GetAtt': ['AlertsKey', 'Arn'] });
    expect(keyStatements.find((s) => s.Sid === 'LogGroupsEncrypt')).toMatchObject({
      Principal: { Service: { 'Fn::Sub': LOGS_SERVICE } },
      Condition: {
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn': {
            'Fn::Sub': STACK_LOG_GROUPS,
          },
        },
      },
    });
  });

  it('scopes the tag reads of CodeCommit and ECR Public repositories to repository ARNs', () => {
    // Act
    const statements = policyStatements(defaults, 'EvaluateRole');
    const resourceOf = (action: string) =>
      statements
        .filter((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]).includes(action))
        .map((s) => s.Resource);

    // Assess
    expect(resourceOf('codecommit:ListTagsForResource')).toEqual([{ 'Fn::Sub': CODECOMMIT_REPOSITORIES }]);
    expect(resourceOf('ecr-public:ListTagsForResource')).toEqual([{ 'Fn::Sub': ECR_PUBLIC_REPOSITORIES }]);
  });
});

describe('who may publish alerts', () => {
  /** Whether the topic policy's Deny stops a caller (the Allow side is IAM's and the statements'). */
  function denied(packaged: Packaged, caller: { arn?: string; service: boolean }): boolean {
    const statements = (propertiesOf(packaged, 'AlertsTopicPolicy').PolicyDocument as { Statement: Json[] })
      .Statement;
    return statements
      .filter((s) => s.Effect === 'Deny')
      .some((s) => {
        const condition = s.Condition as {
          ArnNotEquals: { 'aws:PrincipalArn': { 'Fn::If': [string, Json, unknown[]] } };
          Bool: { 'aws:PrincipalIsAWSService': string };
        };
        const [name, whenTrue, whenFalse] = condition.ArnNotEquals['aws:PrincipalArn']['Fn::If'];
        const list = conditionHolds(packaged, name)
          ? (whenTrue as { 'Fn::Split': [string, { 'Fn::Join': [string, unknown[]] }] })['Fn::Split'][1][
              'Fn::Join'
            ][1].flatMap((item) => (typeof item === 'string' ? item.split(',') : [JSON.stringify(item)]))
          : whenFalse.map((item) => JSON.stringify(item));
        const notListed = caller.arn === undefined || !list.includes(caller.arn);
        const notService = String(caller.service) === condition.Bool['aws:PrincipalIsAWSService'];
        return s.Action === 'sns:Publish' && notListed && notService;
      });
  }
  const NOTIFY = JSON.stringify({ 'Fn::GetAtt': ['NotifyRole', 'Arn'] });
  const ROOT = JSON.stringify({ 'Fn::Sub': ACCOUNT_ROOT });

  it('denies publishing to any other principal of the account, so forged alerts cannot reach Slack', () => {
    expect(denied(defaults, { arn: 'arn:aws:iam::123456789012:role/SomeBuildRole', service: false })).toBe(
      true,
    );
    expect(denied(configured, { arn: 'arn:aws:iam::123456789012:user/mallory', service: false })).toBe(true);
  });

  it('lets the notify role, the account root, the named admin roles and AWS services (CloudWatch alarms) publish', () => {
    expect(denied(defaults, { arn: NOTIFY, service: false })).toBe(false);
    expect(denied(defaults, { arn: ROOT, service: false })).toBe(false);
    expect(denied(defaults, { arn: ADMIN_ROLES[0], service: false })).toBe(true);
    for (const admin of ADMIN_ROLES) expect(denied(configured, { arn: admin, service: false })).toBe(false);
    expect(denied(configured, { arn: NOTIFY, service: false })).toBe(false);
    expect(denied(defaults, { service: true })).toBe(false);
  });

  it("allows CloudWatch to publish only for this account's alarms of this stack", () => {
    const statements = (propertiesOf(defaults, 'AlertsTopicPolicy').PolicyDocument as { Statement: Json[] })
      .Statement;
    expect(statements.filter((s) => s.Effect === 'Allow')).toEqual([
      {
        Sid: 'StackAlarmsPublish',
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: 'sns:Publish',
        Resource: { Ref: 'AlertsTopic' },
        Condition: {
          StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
          ArnLike: {
            'aws:SourceArn': {
              'Fn::Sub': STACK_ALARMS,
            },
          },
        },
      },
      {
        Sid: 'NotifyPublishes',
        Effect: 'Allow',
        Principal: { AWS: { 'Fn::GetAtt': ['NotifyRole', 'Arn'] } },
        Action: 'sns:Publish',
        Resource: { Ref: 'AlertsTopic' },
      },
    ]);
  });
});
