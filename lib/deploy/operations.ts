/**
 * What keeps the deployment observable and closed (issue 12, items 3 and 8; docs/operations.md):
 * the evaluate function's on-failure destination and the alarms on it, who may publish to the
 * alerts topic, who may use the project's key, encrypted log groups and the deployment bucket.
 * lib/deploy/serverless.ts places these into the generated serverless.yml.
 */

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

const sub = (text: string): Json => ({ 'Fn::Sub': text });
const ref = (name: string): Json => ({ Ref: name });
const getAtt = (resource: string, attribute: string): Json => ({ 'Fn::GetAtt': [resource, attribute] });

/** SQS's maximum: an operator back from two weeks off still finds the failed events. */
export const FAILURE_RETENTION_SECONDS = 14 * 24 * 60 * 60;

/** Alarms without an AlarmName are named `<stack>-<logical id>-<suffix>` by CloudFormation. */
const STACK_ALARMS =
  'arn:${AWS::Partition}:cloudwatch:${AWS::Region}:${AWS::AccountId}:alarm:${AWS::StackName}-*';

/** Lambda log groups of this stack: `/aws/lambda/<service>-<stage>-<function>`, the stack being `<service>-<stage>`. */
const STACK_LOG_GROUPS =
  'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/${AWS::StackName}-*';

interface AlarmSpec {
  description: string;
  namespace: string;
  metric: string;
  dimension: { Name: string; Value: Json };
  statistic: 'Sum' | 'Maximum';
  condition?: string;
}

/**
 * An alarm that fires on the first failure of a 5-minute period and tells the alerts topic both
 * when it fires and when it clears, so the operator knows the failure stopped.
 */
export function alertingAlarm(spec: AlarmSpec): Json {
  return {
    Type: 'AWS::CloudWatch::Alarm',
    ...(spec.condition ? { Condition: spec.condition } : {}),
    Properties: {
      AlarmDescription: spec.description,
      Namespace: spec.namespace,
      MetricName: spec.metric,
      Dimensions: [spec.dimension],
      Statistic: spec.statistic,
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [ref('AlertsTopic')],
      OKActions: [ref('AlertsTopic')],
    },
  };
}

/**
 * A queue where failures wait for a person (a dead letter, a failed evaluation, a parked message):
 * encrypted with the project key, kept as long as SQS allows, and alarmed on the alerts topic as
 * soon as anything is in it. The alarm's id is the queue's with `Queue` replaced by `Alarm`.
 */
export function alarmedQueue(
  queueId: `${string}Queue`,
  description: string,
  options: { condition?: string; fifo?: boolean } = {},
): Record<string, Json> {
  const queue: { [key: string]: Json } = { Type: 'AWS::SQS::Queue' };
  if (options.condition) queue.Condition = options.condition;
  queue.Properties = {
    ...(options.fifo ? { FifoQueue: true } : {}),
    MessageRetentionPeriod: FAILURE_RETENTION_SECONDS,
    KmsMasterKeyId: ref('AlertsKey'),
  };
  return {
    [queueId]: queue,
    [`${queueId.slice(0, -'Queue'.length)}Alarm`]: alertingAlarm({
      description,
      namespace: 'AWS/SQS',
      metric: 'ApproximateNumberOfMessagesVisible',
      dimension: { Name: 'QueueName', Value: getAtt(queueId, 'QueueName') },
      statistic: 'Maximum',
      ...(options.condition ? { condition: options.condition } : {}),
    }),
  };
}

/**
 * AWS Config invokes the evaluator asynchronously: Lambda retries a failed invocation twice and
 * then drops it, leaving the previous verdict standing. The on-failure destination keeps the
 * event and the error; the alarms say that it happened.
 */
export function evaluateFailureResources(): Record<string, Json> {
  return {
    ...alarmedQueue(
      'EvaluateFailureQueue',
      'ppguard: an AWS Config evaluation failed three times and was dropped by Lambda; its event and error are in the evaluate failure queue (stack output EvaluateFailureQueueUrl). The last verdict stands until the rule is re-evaluated: see "Failed evaluations" in the README.',
    ),
    EvaluateErrorsAlarm: alertingAlarm({
      description:
        'ppguard: the evaluate function failed (an error or timeout in an invocation; Lambda retries Config events twice). Its logs name the error; an evaluation that fails every retry lands in the evaluate failure queue.',
      namespace: 'AWS/Lambda',
      metric: 'Errors',
      dimension: { Name: 'FunctionName', Value: ref('EvaluateLambdaFunction') },
      statistic: 'Sum',
    }),
  };
}

/** The evaluate function's async invocation config (osls compiles it to AWS::Lambda::EventInvokeConfig). */
export const evaluateDestinations = (): Json => ({
  onFailure: { type: 'sqs', arn: getAtt('EvaluateFailureQueue', 'Arn') },
});

/** What the evaluate role needs to hand a failed invocation to its destination (the key is granted already). */
export const evaluateFailureStatement = (): Json => ({
  Sid: 'RecordFailedEvaluations',
  Effect: 'Allow',
  Action: 'sqs:SendMessage',
  Resource: getAtt('EvaluateFailureQueue', 'Arn'),
});

export const evaluateFailureOutputs = (): Record<string, Json> => ({
  EvaluateFailureQueueUrl: {
    Description:
      'Queue holding AWS Config evaluations that failed every retry (see "Failed evaluations" in the README)',
    Value: ref('EvaluateFailureQueue'),
  },
});

/**
 * Services that use the project's key, each held to this account (and where the service sends it,
 * to this stack's resources): CloudWatch alarms publish to the encrypted topic, SNS for encrypted
 * deliveries, CloudWatch Logs for the encrypted log groups (docs/operations.md).
 */
export function keyServiceStatements(): Json[] {
  return [
    {
      Sid: 'AlarmsPublish',
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      Resource: '*',
      Condition: {
        StringEquals: { 'aws:SourceAccount': ref('AWS::AccountId') },
        ArnLike: { 'aws:SourceArn': sub(STACK_ALARMS) },
      },
    },
    {
      Sid: 'TopicDeliveries',
      Effect: 'Allow',
      Principal: { Service: 'sns.amazonaws.com' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      Resource: '*',
      Condition: { StringEquals: { 'aws:SourceAccount': ref('AWS::AccountId') } },
    },
    {
      Sid: 'LogGroupsEncrypt',
      Effect: 'Allow',
      Principal: { Service: sub('logs.${AWS::Region}.amazonaws.com') },
      Action: ['kms:Decrypt*', 'kms:Describe*', 'kms:Encrypt*', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'],
      Resource: '*',
      Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': sub(STACK_LOG_GROUPS) } },
    },
  ];
}

/**
 * Only the notify function, the account root, the principals named in `alertPublisherArns` and
 * this stack's CloudWatch alarms may publish: a Deny for every other caller, because an Allow
 * in the topic policy would not stop a same-account principal whose IAM policy allows
 * sns:Publish. AWS services are left to their own Allow statements (aws:PrincipalIsAWSService).
 */
export function alertsTopicPolicy(notify: boolean): Json {
  const topic = ref('AlertsTopic');
  const own = [
    sub('arn:${AWS::Partition}:iam::${AWS::AccountId}:root'),
    ...(notify ? [getAtt('NotifyRole', 'Arn')] : []),
  ];
  const publishers: Json = {
    'Fn::If': [
      'HasAlertPublishers',
      { 'Fn::Split': [',', { 'Fn::Join': [',', [...own, "${param:alertPublisherArns, ''}"]] }] },
      own,
    ],
  };
  return {
    Type: 'AWS::SNS::TopicPolicy',
    Properties: {
      Topics: [topic],
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'StackAlarmsPublish',
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Resource: topic,
            Condition: {
              StringEquals: { 'aws:SourceAccount': ref('AWS::AccountId') },
              ArnLike: { 'aws:SourceArn': sub(STACK_ALARMS) },
            },
          },
          ...(notify
            ? [
                {
                  Sid: 'NotifyPublishes',
                  Effect: 'Allow',
                  Principal: { AWS: getAtt('NotifyRole', 'Arn') },
                  Action: 'sns:Publish',
                  Resource: topic,
                },
              ]
            : []),
          {
            Sid: 'NoOtherPublishers',
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: 'sns:Publish',
            Resource: topic,
            Condition: {
              ArnNotEquals: { 'aws:PrincipalArn': publishers },
              Bool: { 'aws:PrincipalIsAWSService': 'false' },
            },
          },
        ],
      },
    },
  };
}

/** Log group logical ids osls gives a function: `evaluate` -> `EvaluateLogGroup`. */
export const logGroupId = (functionName: string) =>
  `${functionName.charAt(0).toUpperCase()}${functionName.slice(1).replaceAll('-', 'Dash').replaceAll('_', 'Underscore')}LogGroup`;

/**
 * Extensions of resources osls generates: each function's log group encrypted with the project's
 * key, and a lifecycle for the versioned deployment bucket so old artifacts do not pile up.
 */
export function generatedResourceExtensions(functionNames: readonly string[]): Record<string, Json> {
  return {
    ...Object.fromEntries(
      functionNames.map((name) => [
        logGroupId(name),
        { Properties: { KmsKeyId: getAtt('AlertsKey', 'Arn') } },
      ]),
    ),
    ServerlessDeploymentBucket: {
      Properties: {
        LifecycleConfiguration: {
          Rules: [
            {
              Id: 'ExpireReplacedArtifacts',
              Status: 'Enabled',
              NoncurrentVersionExpiration: { NoncurrentDays: 90 },
              AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
            },
          ],
        },
      },
    },
  };
}

/**
 * The bucket osls creates for the artifacts: no public access, versioned, encrypted (SSE-S3, which
 * osls sets by default; the project's key would make every deployer need it, docs/operations.md).
 */
export const deploymentBucket = (): Json => ({
  blockPublicAccess: true,
  versioning: true,
  serverSideEncryption: 'AES256',
});
