/**
 * AWS Config rule events exactly as Config invokes a custom rule's Lambda (docs/aws-data.md §1):
 * `invokingEvent` and `ruleParameters` are JSON strings.
 */

export interface EventOptions {
  configRuleName?: string;
  ruleParameters?: Record<string, string> | '';
  eventLeftScope?: boolean;
  accountId?: string;
  resultToken?: string;
  notificationCreationTime?: string;
}

function envelope(invokingEvent: Record<string, unknown>, options: EventOptions) {
  const accountId = options.accountId ?? '123456789012';
  const ruleName = options.configRuleName ?? 'ppguard-codebuild-project-in-vpc';
  return {
    invokingEvent: JSON.stringify(invokingEvent),
    ruleParameters:
      options.ruleParameters === undefined || options.ruleParameters === ''
        ? ''
        : JSON.stringify(options.ruleParameters),
    resultToken: options.resultToken ?? 'test-result-token',
    eventLeftScope: options.eventLeftScope ?? false,
    executionRoleArn: `arn:aws:iam::${accountId}:role/config-role`,
    configRuleArn: `arn:aws:config:eu-west-1:${accountId}:config-rule/config-rule-abc123`,
    configRuleName: ruleName,
    configRuleId: 'config-rule-abc123',
    accountId,
    version: '1.0',
  };
}

export function changeEvent(configurationItem: Record<string, unknown>, options: EventOptions = {}) {
  return envelope(
    {
      configurationItem,
      configurationItemDiff: { changeType: 'UPDATE', changedProperties: {} },
      notificationCreationTime: options.notificationCreationTime ?? '2026-11-25T10:00:01.000Z',
      messageType: 'ConfigurationItemChangeNotification',
      recordVersion: '1.3',
    },
    options,
  );
}

/** The oversized notification carries a summary of the item, without its configuration. */
export function oversizedEvent(configurationItem: Record<string, unknown>, options: EventOptions = {}) {
  const keys = [
    'configurationItemVersion',
    'configurationItemCaptureTime',
    'configurationStateId',
    'awsAccountId',
    'configurationItemStatus',
    'resourceType',
    'resourceId',
    'resourceName',
    'ARN',
    'awsRegion',
    'availabilityZone',
    'configurationStateMd5Hash',
    'resourceCreationTime',
  ];
  const summary = Object.fromEntries(
    keys.filter((k) => k in configurationItem).map((k) => [k, configurationItem[k]]),
  );
  return envelope(
    {
      configurationItemSummary: { changeType: 'UPDATE', ...summary },
      notificationCreationTime: options.notificationCreationTime ?? '2026-11-25T10:00:01.000Z',
      messageType: 'OversizedConfigurationItemChangeNotification',
      recordVersion: '1.0',
    },
    options,
  );
}

export function scheduledEvent(options: EventOptions = {}) {
  return envelope(
    {
      awsAccountId: options.accountId ?? '123456789012',
      notificationCreationTime: options.notificationCreationTime ?? '2026-11-25T10:00:00.000Z',
      messageType: 'ScheduledNotification',
      recordVersion: '1.0',
    },
    options,
  );
}

/** The item Config sends when a resource was deleted (captured shape: no configuration). */
export function deletedItem(resourceType: string, resourceId: string, resourceName?: string) {
  return {
    configurationItemVersion: '1.3',
    configurationItemCaptureTime: '2026-11-25T10:00:00.000Z',
    configurationStateId: 1764064800000,
    awsAccountId: '123456789012',
    configurationItemStatus: 'ResourceDeleted',
    resourceType,
    resourceId,
    resourceName: resourceName ?? null,
    ARN: null,
    awsRegion: 'eu-west-1',
    availabilityZone: 'Not Applicable',
    configurationStateMd5Hash: '',
    resourceCreationTime: null,
    tags: {},
    relatedEvents: [],
    relationships: [],
    configuration: null,
    supplementaryConfiguration: {},
  };
}

/** The event Lambda's SQS event source sends for queue messages (one record per message). */
export function sqsEvent(
  bodies: readonly string[],
  queueArn = 'arn:aws:sqs:eu-west-1:123456789012:ppguard-sweep',
) {
  return {
    Records: bodies.map((body, index) => ({
      messageId: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
      receiptHandle: `receipt-${index}`,
      body,
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: '1764064800000',
        SenderId: 'AROAEXAMPLE:ppguard-evaluate',
        ApproximateFirstReceiveTimestamp: '1764064800001',
      },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: queueArn,
      awsRegion: 'eu-west-1',
    })),
  };
}
