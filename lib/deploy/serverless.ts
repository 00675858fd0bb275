/**
 * The deployment, generated from the rule registry: one AWS Config rule per catalog rule (or
 * one organization rule in organization mode), the functions, the alert topic and the dead-letter
 * queue, and one least-privilege role per function. `npm run generate:serverless` writes
 * serverless.yml from this; a test fails when the file is stale.
 *
 * Deploy parameters are Serverless Framework params (`--param="name=value"`), resolved when the
 * service is packaged. The template therefore only needs CloudFormation conditions for what
 * parameters switch on and off.
 */

import { COMMON_PARAMETERS } from '../engine/params';
import { evaluateFunctionActions } from '../engine/permissions';
import type { AnyRule } from '../engine/rule';
import { NEVER_RECORDED_TYPES } from '../resources/catalog';
import {
  alarmedQueue,
  alertsTopicPolicy,
  deploymentBucket,
  evaluateDestinations,
  evaluateFailureOutputs,
  evaluateFailureResources,
  evaluateFailureStatement,
  generatedResourceExtensions,
  keyServiceStatements,
} from './operations';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export interface DeployParameter {
  name: string;
  default: string;
  description: string;
}

/** Parameters of the deployment itself; every rule parameter is a deploy parameter of the same name. */
export const DEPLOY_PARAMETERS: readonly DeployParameter[] = [
  {
    name: 'prefix',
    default: 'ppguard',
    description: 'Prefix of the Config rule names (<prefix>-<rule id>).',
  },
  {
    name: 'alertEmail',
    default: '',
    description: 'Email address subscribed to alerts (confirm the email AWS sends).',
  },
  {
    name: 'slackSecretArn',
    default: '',
    description: 'ARN of the Secrets Manager secret holding the Slack webhook URL; enables Slack alerts.',
  },
  {
    name: 'slackParameterName',
    default: '',
    description:
      'Name of the SSM SecureString parameter holding the Slack webhook URL (instead of a secret).',
  },
  {
    name: 'suppressionsParameterName',
    default: '',
    description:
      'Name of the SSM parameter (String or SecureString) holding the suppression file (README "Suppression file"); empty: none.',
  },
  {
    name: 'slackMinSeverity',
    default: '',
    description:
      'Post to Slack only alerts of this severity or above (critical, high, medium, low); default all.',
  },
  {
    name: 'frequency',
    default: 'TwentyFour_Hours',
    description: 'Periodic run: One_Hour, Three_Hours, Six_Hours, Twelve_Hours or TwentyFour_Hours.',
  },
  { name: 'enabledRules', default: 'all', description: 'Comma-separated rule ids to deploy, or all.' },
  {
    name: 'organizationMode',
    default: 'false',
    description: 'true: deploy organization Config rules from a delegated administrator account.',
  },
  {
    name: 'memberRoleName',
    default: 'ppguard-member',
    description: 'Organization mode: the role the evaluator assumes in member accounts.',
  },
  {
    name: 'alertPublisherArns',
    default: '',
    description:
      'Comma-separated IAM principal ARNs that may publish to the alerts topic besides the notify function, the account root and the stack alarms (e.g. an admin role).',
  },
  {
    name: 'organizationId',
    default: '',
    description:
      'Organization mode (required): the organization id (o-...); the evaluator assumes member roles only in it.',
  },
  {
    name: 'memberAccounts',
    default: '',
    description:
      'Organization mode: comma-separated member account ids to evaluate; events of other accounts are refused. Empty: every account of the organization.',
  },
];

/** Lambda's maximum: a periodic sweep uses it all before handing off to a follow-up invocation. */
const EVALUATE_TIMEOUT_SECONDS = 900;

const param = (name: string, fallback: string) => `\${param:${name}, '${fallback}'}`;
const sub = (text: string): Json => ({ 'Fn::Sub': text });
const ref = (name: string): Json => ({ Ref: name });
const getAtt = (resource: string, attribute: string): Json => ({ 'Fn::GetAtt': [resource, attribute] });

/** Logical ids are alphanumeric: codebuild-project-in-vpc -> CodebuildProjectInVpc. */
export const logicalId = (ruleId: string) =>
  ruleId
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');

/** Resources the read actions apply to; '*' only where AWS offers no resource-level scoping. */
const ACTION_RESOURCES: Readonly<Record<string, string>> = {
  'codebuild:BatchGetProjects': 'arn:${AWS::Partition}:codebuild:${AWS::Region}:${AWS::AccountId}:project/*',
  'ecr:DescribeRepositories': 'arn:${AWS::Partition}:ecr:${AWS::Region}:${AWS::AccountId}:repository/*',
  'ecr:GetRepositoryPolicy': 'arn:${AWS::Partition}:ecr:${AWS::Region}:${AWS::AccountId}:repository/*',
  'ecr:GetLifecyclePolicy': 'arn:${AWS::Partition}:ecr:${AWS::Region}:${AWS::AccountId}:repository/*',
  'ecr:ListTagsForResource': 'arn:${AWS::Partition}:ecr:${AWS::Region}:${AWS::AccountId}:repository/*',
  'ecr-public:DescribeRepositories': 'arn:${AWS::Partition}:ecr-public::${AWS::AccountId}:repository/*',
  'codecommit:BatchGetRepositories': 'arn:${AWS::Partition}:codecommit:${AWS::Region}:${AWS::AccountId}:*',
  // Resource-level scoping per the Service Authorization Reference (docs/operations.md).
  'codecommit:ListTagsForResource': 'arn:${AWS::Partition}:codecommit:${AWS::Region}:${AWS::AccountId}:*',
  'ecr-public:ListTagsForResource': 'arn:${AWS::Partition}:ecr-public::${AWS::AccountId}:repository/*',
};

export function resourceFor(action: string): string {
  return ACTION_RESOURCES[action] ?? '*';
}

export function statementsFor(actions: readonly string[], sidPrefix: string): Json[] {
  const byResource = new Map<string, string[]>();
  for (const action of actions) {
    const resource = resourceFor(action);
    byResource.set(resource, [...(byResource.get(resource) ?? []), action]);
  }
  return [...byResource.entries()].map(([resource, grouped], index) => ({
    Sid: `${sidPrefix}${index + 1}`,
    Effect: 'Allow',
    Action: grouped.sort(),
    Resource: resource === '*' ? '*' : sub(resource),
  }));
}

/** SSM parameter ARN for a name given with or without its leading slash (never `parameter//name`). */
function parameterArn(name: string): Json {
  const arn = sub(`arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter/${name}`);
  return { 'Fn::Join': ['/', { 'Fn::Split': ['//', arn] }] };
}

function logsStatement(functionName: string): Json {
  return {
    Sid: 'WriteOwnLogs',
    Effect: 'Allow',
    Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
    Resource: sub(
      `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/\${AWS::StackName}-${functionName}:*`,
    ),
  };
}

function role(functionName: string, statements: Json[], condition?: string): Json {
  return {
    Type: 'AWS::IAM::Role',
    ...(condition ? { Condition: condition } : {}),
    Properties: {
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
        ],
      },
      Policies: [
        {
          PolicyName: `ppguard-${functionName}`,
          PolicyDocument: { Version: '2012-10-17', Statement: [logsStatement(functionName), ...statements] },
        },
      ],
    },
  };
}

/**
 * The rule's parameters as Config InputParameters (a JSON string), each taken from the deploy
 * parameter of that name; Serverless resolves the placeholders inside the string when packaging.
 */
function inputParameters(rule: AnyRule): string {
  const names = [...Object.keys(COMMON_PARAMETERS), ...Object.keys(rule.parameters)];
  return JSON.stringify(Object.fromEntries(names.map((name) => [name, param(name, '')])));
}

/** Config must invoke the rule for its own types and for the types whose changes re-evaluate it. */
function scopeTypes(rule: AnyRule): string[] {
  return [...new Set([...rule.resourceTypes, ...(rule.triggeredBy ?? [])])];
}

/** Types AWS Config does not record can only be evaluated by the periodic run. */
const isPeriodicOnly = (rule: AnyRule) => rule.resourceTypes.every((t) => NEVER_RECORDED_TYPES.has(t));

function enabledCondition(rule: AnyRule): Json {
  const padded = { 'Fn::Join': ['', [',', param('enabledRules', 'all'), ',']] };
  return {
    'Fn::Or': [
      { 'Fn::Equals': [param('enabledRules', 'all'), 'all'] },
      {
        'Fn::Not': [
          { 'Fn::Equals': [{ 'Fn::Join': ['', { 'Fn::Split': [`,${rule.id},`, padded] }] }, padded] },
        ],
      },
    ],
  };
}

function configRule(rule: AnyRule): Json {
  const changeTriggered = !isPeriodicOnly(rule);
  return {
    Type: 'AWS::Config::ConfigRule',
    Condition: `Deploy${logicalId(rule.id)}`,
    DependsOn: ['EvaluatePermissionForConfig'],
    Properties: {
      ConfigRuleName: `${param('prefix', 'ppguard')}-${rule.id}`,
      Description: rule.title,
      ...(changeTriggered ? { Scope: { ComplianceResourceTypes: scopeTypes(rule) } } : {}),
      InputParameters: inputParameters(rule),
      MaximumExecutionFrequency: param('frequency', 'TwentyFour_Hours'),
      Source: {
        Owner: 'CUSTOM_LAMBDA',
        SourceIdentifier: getAtt('EvaluateLambdaFunction', 'Arn'),
        SourceDetails: [
          ...(changeTriggered
            ? [
                { EventSource: 'aws.config', MessageType: 'ConfigurationItemChangeNotification' },
                { EventSource: 'aws.config', MessageType: 'OversizedConfigurationItemChangeNotification' },
              ]
            : []),
          {
            EventSource: 'aws.config',
            MessageType: 'ScheduledNotification',
            MaximumExecutionFrequency: param('frequency', 'TwentyFour_Hours'),
          },
        ],
      },
    },
  };
}

function organizationRule(rule: AnyRule): Json {
  const changeTriggered = !isPeriodicOnly(rule);
  return {
    Type: 'AWS::Config::OrganizationConfigRule',
    Condition: `DeployOrganization${logicalId(rule.id)}`,
    DependsOn: ['EvaluatePermissionForOrganization'],
    Properties: {
      OrganizationConfigRuleName: `${param('prefix', 'ppguard')}-${rule.id}`,
      OrganizationCustomRuleMetadata: {
        Description: rule.title,
        LambdaFunctionArn: getAtt('EvaluateLambdaFunction', 'Arn'),
        OrganizationConfigRuleTriggerTypes: [
          ...(changeTriggered
            ? ['ConfigurationItemChangeNotification', 'OversizedConfigurationItemChangeNotification']
            : []),
          'ScheduledNotification',
        ],
        ...(changeTriggered ? { ResourceTypesScope: scopeTypes(rule) } : {}),
        InputParameters: inputParameters(rule),
        MaximumExecutionFrequency: param('frequency', 'TwentyFour_Hours'),
      },
    },
  };
}

const slackEnvironment = () => ({
  PPGUARD_SLACK_SECRET_ARN: param('slackSecretArn', ''),
  PPGUARD_SLACK_PARAMETER: param('slackParameterName', ''),
  PPGUARD_SLACK_MIN_SEVERITY: param('slackMinSeverity', ''),
});

/** Reading the one configured webhook secret or parameter; the other statement is left out. */
const webhookStatements = (): Json[] => [
  {
    'Fn::If': [
      'HasSlackSecret',
      {
        Sid: 'ReadWebhookSecret',
        Effect: 'Allow',
        Action: 'secretsmanager:GetSecretValue',
        // The statement exists only with a secret; the placeholder keeps the template valid without one.
        Resource: param('slackSecretArn', 'arn:aws:secretsmanager:us-east-1:000000000000:secret:unused'),
      },
      ref('AWS::NoValue'),
    ],
  },
  {
    'Fn::If': [
      'HasSlackParameter',
      {
        Sid: 'ReadWebhookParameter',
        Effect: 'Allow',
        Action: 'ssm:GetParameter',
        Resource: parameterArn(param('slackParameterName', '')),
      },
      ref('AWS::NoValue'),
    ],
  },
];

/**
 * The Config rule names whose compliance changes reach the notify function: the account rules
 * (`<prefix>-<rule id>`) and the copies AWS makes of organization rules in member accounts
 * (`OrgConfigRule-<prefix>-<rule id>-<suffix>`, docs/organization.md). The function then resolves
 * the rule and ignores any other name.
 */
export const complianceRuleNames = (): Json => [
  { prefix: `${param('prefix', 'ppguard')}-` },
  { prefix: `OrgConfigRule-${param('prefix', 'ppguard')}-` },
];

/**
 * Organization mode only: the evaluator may assume the member role only in accounts of the
 * organization (`aws:ResourceOrgID` of the role), so an event naming a foreign account that holds
 * a role of that name is refused by STS. In account mode the statement is left out.
 */
function assumeMemberRoleStatement(): Json {
  return {
    'Fn::If': [
      'IsOrganizationMode',
      {
        Sid: 'AssumeMemberRole',
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Resource: sub(`arn:\${AWS::Partition}:iam::*:role/${param('memberRoleName', 'ppguard-member')}`),
        Condition: { StringEquals: { 'aws:ResourceOrgID': param('organizationId', '') } },
      },
      ref('AWS::NoValue'),
    ],
  };
}

export interface HandlerPresence {
  notify: boolean;
  slack: boolean;
  slackRedrive: boolean;
}

export function serverlessConfig(rules: readonly AnyRule[], handlers: HandlerPresence): Json {
  const conditions: Record<string, Json> = {
    IsOrganizationMode: { 'Fn::Equals': [param('organizationMode', 'false'), 'true'] },
    IsAccountMode: { 'Fn::Not': [{ Condition: 'IsOrganizationMode' }] },
    HasAlertEmail: { 'Fn::Not': [{ 'Fn::Equals': [param('alertEmail', ''), ''] }] },
    HasSlackSecret: { 'Fn::Not': [{ 'Fn::Equals': [param('slackSecretArn', ''), ''] }] },
    HasSlackParameter: { 'Fn::Not': [{ 'Fn::Equals': [param('slackParameterName', ''), ''] }] },
    HasSlack: { 'Fn::Or': [{ Condition: 'HasSlackSecret' }, { Condition: 'HasSlackParameter' }] },
    HasSuppressions: { 'Fn::Not': [{ 'Fn::Equals': [param('suppressionsParameterName', ''), ''] }] },
    HasAlertPublishers: { 'Fn::Not': [{ 'Fn::Equals': [param('alertPublisherArns', ''), ''] }] },
  };
  const resources: Record<string, Json> = {};
  for (const rule of rules) {
    const id = logicalId(rule.id);
    conditions[`Enable${id}`] = enabledCondition(rule);
    conditions[`Deploy${id}`] = { 'Fn::And': [{ Condition: `Enable${id}` }, { Condition: 'IsAccountMode' }] };
    conditions[`DeployOrganization${id}`] = {
      'Fn::And': [{ Condition: `Enable${id}` }, { Condition: 'IsOrganizationMode' }],
    };
    resources[`${id}Rule`] = configRule(rule);
    resources[`${id}OrganizationRule`] = organizationRule(rule);
  }

  const evaluateReads = evaluateFunctionActions(rules);
  resources.EvaluateRole = role('evaluate', [
    ...statementsFor(evaluateReads, 'ReadAndReport'),
    assumeMemberRoleStatement(),
    {
      // Exactly the one parameter named; left out without one.
      'Fn::If': [
        'HasSuppressions',
        {
          Sid: 'ReadSuppressions',
          Effect: 'Allow',
          Action: 'ssm:GetParameter',
          Resource: parameterArn(param('suppressionsParameterName', '')),
        },
        ref('AWS::NoValue'),
      ],
    },
    {
      // Hands a long periodic sweep to a follow-up invocation and receives it back (event source).
      Sid: 'ContinueSweeps',
      Effect: 'Allow',
      Action: ['sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage', 'sqs:SendMessage'],
      Resource: getAtt('SweepQueue', 'Arn'),
    },
    {
      Sid: 'EncryptSweeps',
      Effect: 'Allow',
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Resource: getAtt('AlertsKey', 'Arn'),
    },
    evaluateFailureStatement(),
  ]);
  Object.assign(resources, evaluateFailureResources());
  resources.SweepQueue = {
    Type: 'AWS::SQS::Queue',
    Properties: {
      // FIFO: a hand-off retried by the SDK is deduplicated, and a sweep's hops run in order.
      FifoQueue: true,
      // AWS's guidance for Lambda event sources: six times the function timeout.
      VisibilityTimeout: 6 * EVALUATE_TIMEOUT_SECONDS,
      // A continuation older than a day is superseded by the next periodic run.
      MessageRetentionPeriod: 86400,
      KmsMasterKeyId: ref('AlertsKey'),
      RedrivePolicy: { deadLetterTargetArn: getAtt('SweepDeadLetterQueue', 'Arn'), maxReceiveCount: 3 },
    },
  };
  Object.assign(
    resources,
    alarmedQueue(
      'SweepDeadLetterQueue',
      'A ppguard periodic sweep could not finish: its continuation failed three times and is in the sweep dead-letter queue; the evaluate function logs name the error. The next periodic run starts a new sweep.',
      { fifo: true },
    ),
  );
  resources.EvaluatePermissionForConfig = {
    Type: 'AWS::Lambda::Permission',
    Properties: {
      FunctionName: getAtt('EvaluateLambdaFunction', 'Arn'),
      Action: 'lambda:InvokeFunction',
      Principal: 'config.amazonaws.com',
      SourceAccount: ref('AWS::AccountId'),
    },
  };
  resources.EvaluatePermissionForOrganization = {
    Type: 'AWS::Lambda::Permission',
    Condition: 'IsOrganizationMode',
    Properties: {
      FunctionName: getAtt('EvaluateLambdaFunction', 'Arn'),
      Action: 'lambda:InvokeFunction',
      // Member accounts' copies of the organization rules invoke the function. No condition a Lambda
      // permission can carry names an organization for a service principal (docs/organization.md):
      // the boundary is the AssumeMemberRole condition and the evaluator's member-account check.
      Principal: 'config.amazonaws.com',
    },
  };

  resources.AlertsKey = {
    Type: 'AWS::KMS::Key',
    Properties: {
      Description: 'ppguard alerts topic and queues',
      EnableKeyRotation: true,
      KeyPolicy: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'AccountAdministers',
            Effect: 'Allow',
            Principal: { AWS: sub('arn:${AWS::Partition}:iam::${AWS::AccountId}:root') },
            Action: 'kms:*',
            Resource: '*',
          },
          ...keyServiceStatements(),
        ],
      },
    },
  };
  resources.AlertsTopic = {
    Type: 'AWS::SNS::Topic',
    Properties: {
      TopicName: `${param('prefix', 'ppguard')}-alerts`,
      KmsMasterKeyId: ref('AlertsKey'),
    },
  };
  resources.AlertsTopicPolicy = alertsTopicPolicy(handlers.notify);
  resources.AlertEmailSubscription = {
    Type: 'AWS::SNS::Subscription',
    Condition: 'HasAlertEmail',
    Properties: { TopicArn: ref('AlertsTopic'), Protocol: 'email', Endpoint: param('alertEmail', '') },
  };
  Object.assign(
    resources,
    alarmedQueue(
      'SlackDeadLetterQueue',
      'ppguard Slack alerts could not be delivered; invoke the slack-redrive function once Slack is reachable.',
      { condition: 'HasSlack' },
    ),
  );

  const functions: Record<string, Json> = {
    evaluate: {
      handler: 'handlers/evaluate.handler',
      description: 'Evaluates ppguard rules for AWS Config (change-triggered and periodic)',
      role: 'EvaluateRole',
      timeout: EVALUATE_TIMEOUT_SECONDS,
      environment: {
        PPGUARD_MEMBER_ROLE_NAME: {
          'Fn::If': ['IsOrganizationMode', param('memberRoleName', 'ppguard-member'), ''],
        },
        PPGUARD_ORGANIZATION_ID: { 'Fn::If': ['IsOrganizationMode', param('organizationId', ''), ''] },
        PPGUARD_MEMBER_ACCOUNTS: { 'Fn::If': ['IsOrganizationMode', param('memberAccounts', ''), ''] },
        PPGUARD_SWEEP_QUEUE_URL: ref('SweepQueue'),
        PPGUARD_SUPPRESSIONS_PARAMETER: param('suppressionsParameterName', ''),
      },
      events: [{ sqs: { arn: getAtt('SweepQueue', 'Arn'), batchSize: 1 } }],
      destinations: evaluateDestinations(),
    },
  };
  if (handlers.notify) {
    functions.notify = {
      handler: 'handlers/notify.handler',
      description: 'Publishes compliance drift and fixes of ppguard rules to the alerts topic',
      role: 'NotifyRole',
      timeout: 30,
      environment: { PPGUARD_TOPIC_ARN: ref('AlertsTopic'), PPGUARD_RULE_PREFIX: param('prefix', 'ppguard') },
      onError: getAtt('NotifyDeadLetterQueue', 'Arn'),
      events: [
        {
          eventBridge: {
            pattern: {
              source: ['aws.config'],
              'detail-type': ['Config Rules Compliance Change'],
              detail: { configRuleName: complianceRuleNames() },
            },
          },
        },
      ],
    };
    // Organization mode: member accounts forward their compliance changes here
    // (deploy/member-role.yml); the bus accepts events only from principals of the organization.
    // Others cannot forge these: PutEvents refuses an `aws.` source from a caller, so only events
    // forwarded by a rule keep `aws.config`, the source the notify rule requires.
    resources.OrganizationComplianceChangesPolicy = {
      Type: 'AWS::Events::EventBusPolicy',
      Condition: 'IsOrganizationMode',
      Properties: {
        EventBusName: 'default',
        StatementId: `${param('prefix', 'ppguard')}-org`,
        Statement: {
          Effect: 'Allow',
          Principal: '*',
          Action: 'events:PutEvents',
          Resource: sub('arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/default'),
          Condition: { StringEquals: { 'aws:PrincipalOrgID': param('organizationId', '') } },
        },
      },
    };
    Object.assign(
      resources,
      alarmedQueue(
        'NotifyDeadLetterQueue',
        'ppguard could not publish compliance changes to the alerts topic; the events are in the dead-letter queue.',
      ),
    );
    resources.NotifyRole = role('notify', [
      {
        Sid: 'DeadLetter',
        Effect: 'Allow',
        Action: 'sqs:SendMessage',
        Resource: getAtt('NotifyDeadLetterQueue', 'Arn'),
      },
      { Sid: 'PublishAlerts', Effect: 'Allow', Action: 'sns:Publish', Resource: ref('AlertsTopic') },
      {
        Sid: 'EncryptAlerts',
        Effect: 'Allow',
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
        Resource: getAtt('AlertsKey', 'Arn'),
      },
    ]);
  }
  if (handlers.slack) {
    functions.slack = {
      handler: 'handlers/slack.handler',
      description: 'Posts ppguard alerts to Slack',
      role: 'SlackRole',
      condition: 'HasSlack',
      timeout: 60,
      environment: slackEnvironment(),
      onError: getAtt('SlackDeadLetterQueue', 'Arn'),
    };
    resources.SlackRole = role(
      'slack',
      [
        ...webhookStatements(),
        {
          Sid: 'DeadLetter',
          Effect: 'Allow',
          Action: 'sqs:SendMessage',
          Resource: getAtt('SlackDeadLetterQueue', 'Arn'),
        },
        {
          Sid: 'EncryptDeadLetters',
          Effect: 'Allow',
          Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
          Resource: getAtt('AlertsKey', 'Arn'),
        },
      ],
      'HasSlack',
    );
    resources.SlackSubscription = {
      Type: 'AWS::SNS::Subscription',
      Condition: 'HasSlack',
      Properties: {
        TopicArn: ref('AlertsTopic'),
        Protocol: 'lambda',
        Endpoint: getAtt('SlackLambdaFunction', 'Arn'),
      },
    };
    resources.SlackInvokePermission = {
      Type: 'AWS::Lambda::Permission',
      Condition: 'HasSlack',
      Properties: {
        FunctionName: getAtt('SlackLambdaFunction', 'Arn'),
        Action: 'lambda:InvokeFunction',
        Principal: 'sns.amazonaws.com',
        SourceArn: ref('AlertsTopic'),
      },
    };
  }

  if (handlers.slack && handlers.slackRedrive) {
    functions.slackRedrive = {
      handler: 'handlers/slack-redrive.handler',
      description: 'Delivers dead-lettered Slack alerts once Slack is reachable (invoke by hand)',
      role: 'SlackRedriveRole',
      condition: 'HasSlack',
      timeout: 300,
      environment: {
        ...slackEnvironment(),
        PPGUARD_SLACK_DLQ_URL: ref('SlackDeadLetterQueue'),
        PPGUARD_SLACK_PARKING_QUEUE_URL: ref('SlackParkingQueue'),
      },
    };
    // Dead letters the redrive can never deliver (not JSON, an unknown alert version) are moved
    // here, so one poison message does not fail every redrive run; a person reads them.
    Object.assign(
      resources,
      alarmedQueue(
        'SlackParkingQueue',
        'ppguard Slack redrive parked a message it can never deliver (not JSON or an unknown alert version); read it from the parking queue, then delete it.',
        { condition: 'HasSlack' },
      ),
    );
    resources.SlackRedriveRole = role(
      'slackRedrive',
      [
        ...webhookStatements(),
        {
          Sid: 'DrainDeadLetters',
          Effect: 'Allow',
          Action: ['sqs:DeleteMessage', 'sqs:ReceiveMessage'],
          Resource: getAtt('SlackDeadLetterQueue', 'Arn'),
        },
        {
          Sid: 'ParkPoisonMessages',
          Effect: 'Allow',
          Action: 'sqs:SendMessage',
          Resource: getAtt('SlackParkingQueue', 'Arn'),
        },
        {
          Sid: 'DecryptDeadLetters',
          Effect: 'Allow',
          Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
          Resource: getAtt('AlertsKey', 'Arn'),
        },
      ],
      'HasSlack',
    );
  }

  return {
    service: 'ppguard',
    frameworkVersion: '>=3',
    provider: {
      name: 'aws',
      runtime: 'nodejs22.x',
      architecture: 'arm64',
      memorySize: 512,
      logRetentionInDays: 365,
      deploymentBucket: deploymentBucket(),
      environment: {
        POWERTOOLS_SERVICE_NAME: 'ppguard',
        POWERTOOLS_LOG_LEVEL: 'INFO',
      },
    },
    // Artifacts built by `npm run build` (lib/deploy/build.ts): one zip per function, holding
    // only the code its path can load.
    package: { individually: true },
    functions: Object.fromEntries(
      Object.entries(functions).map(([name, fn]) => [
        name,
        { ...(fn as Record<string, Json>), package: { artifact: `.build/${name}.zip` } },
      ]),
    ),
    resources: {
      Conditions: conditions,
      Resources: resources,
      Outputs: evaluateFailureOutputs(),
      extensions: generatedResourceExtensions(Object.keys(functions)),
    },
  };
}
