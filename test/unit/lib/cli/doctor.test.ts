/**
 * ppguard doctor's decisions, from realistic API responses (the shapes the SDK returns, dates as
 * Date). These cover what the emulator cannot: DescribeConfigRuleEvaluationStatus, recorder
 * failures, recording strategies and modes, pending email confirmations.
 */
import type {
  ConfigRule,
  ConfigRuleEvaluationStatus,
  ConfigurationRecorder,
  ConfigurationRecorderStatus,
} from '@aws-sdk/client-config-service';
import type { Subscription } from '@aws-sdk/client-sns';
import { describe, expect, it } from 'vitest';
import { type DoctorFacts, diagnose, type RegionFacts, renderDiagnosis } from '../../../../lib/cli/doctor';
import { compliant, defineRule } from '../../../../lib/engine/rule';

const NOW = new Date('2026-11-25T12:00:00Z');
const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:ppguard-alerts';

const egress = defineRule({
  id: 'test-egress',
  title: 'egress',
  severity: 'critical',
  resourceTypes: ['AWS::CodeBuild::Project'],
  triggeredBy: ['AWS::EC2::RouteTable', 'AWS::EC2::Subnet'],
  rationale: 'r',
  remediation: 'f',
  parameters: {},
  evaluate: () => compliant(),
});
const endpoints = defineRule({ ...egress, id: 'test-endpoints', triggeredBy: ['AWS::EC2::VPCEndpoint'] });
const codecommit = defineRule({
  id: 'test-codecommit',
  title: 'codecommit',
  severity: 'high',
  resourceTypes: ['AWS::CodeCommit::Repository'],
  rationale: 'r',
  remediation: 'f',
  parameters: {},
  evaluate: () => compliant(),
});
const RULES = [egress, endpoints, codecommit];

/** DescribeConfigurationRecorders after `aws configservice put-configuration-recorder` with all types. */
const recorder = (overrides: Partial<ConfigurationRecorder> = {}): ConfigurationRecorder => ({
  arn: 'arn:aws:config:eu-west-1:123456789012:configuration-recorder/default/ab12cd34',
  name: 'default',
  roleARN: 'arn:aws:iam::123456789012:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig',
  recordingGroup: {
    allSupported: true,
    includeGlobalResourceTypes: false,
    resourceTypes: [],
    exclusionByResourceTypes: { resourceTypes: [] },
    recordingStrategy: { useOnly: 'ALL_SUPPORTED_RESOURCE_TYPES' },
  },
  recordingMode: { recordingFrequency: 'CONTINUOUS', recordingModeOverrides: [] },
  ...overrides,
});

const recording = (overrides: Partial<ConfigurationRecorderStatus> = {}): ConfigurationRecorderStatus => ({
  arn: 'arn:aws:config:eu-west-1:123456789012:configuration-recorder/default/ab12cd34',
  name: 'default',
  lastStartTime: new Date('2026-10-01T08:00:00Z'),
  recording: true,
  lastStatus: 'Success',
  lastStatusChangeTime: new Date('2026-11-25T11:58:00Z'),
  ...overrides,
});

const configRule = (id: string, overrides: Partial<ConfigRule> = {}): ConfigRule => ({
  ConfigRuleName: `ppguard-${id}`,
  ConfigRuleArn: `arn:aws:config:eu-west-1:123456789012:config-rule/config-rule-${id.length}abcde`,
  ConfigRuleId: `config-rule-${id.length}abcde`,
  Description: id,
  Source: {
    Owner: 'CUSTOM_LAMBDA',
    SourceIdentifier: 'arn:aws:lambda:eu-west-1:123456789012:function:ppguard-prod-evaluate',
    SourceDetails: [
      {
        EventSource: 'aws.config',
        MessageType: 'ScheduledNotification',
        MaximumExecutionFrequency: 'TwentyFour_Hours',
      },
    ],
  },
  InputParameters: '{"trustedAccounts":""}',
  MaximumExecutionFrequency: 'TwentyFour_Hours',
  ConfigRuleState: 'ACTIVE',
  ...overrides,
});

const evaluating = (
  id: string,
  overrides: Partial<ConfigRuleEvaluationStatus> = {},
): ConfigRuleEvaluationStatus => ({
  ConfigRuleName: `ppguard-${id}`,
  ConfigRuleArn: `arn:aws:config:eu-west-1:123456789012:config-rule/config-rule-${id.length}abcde`,
  ConfigRuleId: `config-rule-${id.length}abcde`,
  LastSuccessfulInvocationTime: new Date('2026-11-25T09:00:00Z'),
  LastSuccessfulEvaluationTime: new Date('2026-11-25T09:00:02Z'),
  FirstActivatedTime: new Date('2026-10-01T08:05:00Z'),
  FirstEvaluationStarted: true,
  ...overrides,
});

const confirmed: Subscription = {
  SubscriptionArn: `${TOPIC}:0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0`,
  Owner: '123456789012',
  Protocol: 'email',
  Endpoint: 'secops@example.com',
  TopicArn: TOPIC,
};
const pending: Subscription = {
  SubscriptionArn: 'PendingConfirmation',
  Owner: '123456789012',
  Protocol: 'email',
  Endpoint: 'platform@example.com',
  TopicArn: TOPIC,
};

const ok = <T>(value: T) => ({ ok: true as const, value });

function healthyRegion(overrides: Partial<RegionFacts> = {}): RegionFacts {
  return {
    region: 'eu-west-1',
    recorders: ok([recorder()]),
    recorderStatus: ok([recording()]),
    configRules: ok([configRule('test-egress'), configRule('test-endpoints'), configRule('test-codecommit')]),
    evaluationStatus: ok([
      evaluating('test-egress'),
      evaluating('test-endpoints'),
      evaluating('test-codecommit'),
    ]),
    ...overrides,
  };
}

function run(facts: Partial<DoctorFacts> = {}) {
  const diagnosis = diagnose(
    { regions: [healthyRegion()], topic: { topicArn: TOPIC, subscriptions: ok([confirmed]) }, ...facts },
    { rules: RULES, prefix: 'ppguard', now: NOW },
  );
  return {
    code: diagnosis.exitCode,
    text: renderDiagnosis(diagnosis, 'ppguard doctor: eu-west-1'),
    lines: diagnosis.checks
      .filter((c) => c.status !== 'info' && c.status !== 'ok')
      .map((c) => `${c.status} ${c.message}`),
  };
}

describe('ppguard doctor on a healthy deployment', () => {
  it('exits 0 and says why each part is healthy; CodeCommit is evaluated periodically', () => {
    const { code, text } = run();
    expect(code).toBe(0);
    expect(text).toBe(
      [
        'ppguard doctor: eu-west-1',
        '',
        'eu-west-1',
        '  info  AWS Config never records AWS::CodeCommit::Repository: test-codecommit is evaluated by the periodic run, which lists them itself',
        '  ok    AWS Config is recording every type the rules need (4 types, recorder default)',
        '  ok    3 of 3 ppguard Config rules are deployed and evaluating',
        '',
        TOPIC,
        '  ok    1 confirmed subscription: email secops@example.com',
        '',
        'Result: healthy',
        '',
      ].join('\n'),
    );
  });

  it('accepts an inclusion list or an exclusion list that covers every needed type', () => {
    const inclusion = recorder({
      recordingGroup: {
        allSupported: false,
        resourceTypes: [
          'AWS::CodeBuild::Project',
          'AWS::EC2::RouteTable',
          'AWS::EC2::Subnet',
          'AWS::EC2::VPCEndpoint',
        ],
        recordingStrategy: { useOnly: 'INCLUSION_BY_RESOURCE_TYPES' },
      },
    });
    const exclusion = recorder({
      recordingGroup: {
        allSupported: false,
        exclusionByResourceTypes: { resourceTypes: ['AWS::EC2::Instance'] },
        recordingStrategy: { useOnly: 'EXCLUSION_BY_RESOURCE_TYPES' },
      },
    });
    expect(run({ regions: [healthyRegion({ recorders: ok([inclusion]) })] }).code).toBe(0);
    expect(run({ regions: [healthyRegion({ recorders: ok([exclusion]) })] }).code).toBe(0);
  });
});

describe('ppguard doctor on AWS Config recording', () => {
  it('says to set up recording when there is no recorder', () => {
    const { code, text } = run({ regions: [healthyRegion({ recorders: ok([]), recorderStatus: ok([]) })] });
    expect(code).toBe(1);
    expect(text).toContain(
      '  FIX   AWS Config has no configuration recorder in eu-west-1: no rule is triggered by changes and CodeBuild projects have no Config id to report under\n' +
        '        fix: set up AWS Config recording in this Region',
    );
  });

  it('says how to start a stopped recorder', () => {
    const { code, text } = run({
      regions: [
        healthyRegion({ recorderStatus: ok([recording({ recording: false, lastStatus: 'Success' })]) }),
      ],
    });
    expect(code).toBe(1);
    expect(text).toContain(
      '  FIX   configuration recorder default is not recording\n' +
        '        fix: aws configservice start-configuration-recorder --configuration-recorder-name default --region eu-west-1\n',
    );
  });

  it('names the types an inclusion list misses and the rules they no longer trigger', () => {
    const partial = recorder({
      recordingGroup: {
        allSupported: false,
        resourceTypes: ['AWS::EC2::VPC', 'AWS::EC2::Subnet'],
        recordingStrategy: { useOnly: 'INCLUSION_BY_RESOURCE_TYPES' },
      },
    });
    expect(run({ regions: [healthyRegion({ recorders: ok([partial]) })] }).lines).toEqual([
      'fix AWS Config does not record AWS::CodeBuild::Project, AWS::EC2::RouteTable, AWS::EC2::VPCEndpoint: changes to them do not trigger test-egress, test-endpoints. AWS Config has no id for unrecorded CodeBuild projects, so their rules report nothing.',
    ]);
  });

  it('names the types an exclusion list removes', () => {
    const excluding = recorder({
      recordingGroup: {
        allSupported: false,
        exclusionByResourceTypes: { resourceTypes: ['AWS::EC2::Subnet'] },
        recordingStrategy: { useOnly: 'EXCLUSION_BY_RESOURCE_TYPES' },
      },
    });
    expect(run({ regions: [healthyRegion({ recorders: ok([excluding]) })] }).lines).toEqual([
      'fix AWS Config does not record AWS::EC2::Subnet: changes to them do not trigger test-egress.',
    ]);
  });

  it('warns about daily recording and a failed last recording, without failing', () => {
    const daily = recorder({
      recordingMode: {
        recordingFrequency: 'CONTINUOUS',
        recordingModeOverrides: [
          { description: 'cost', resourceTypes: ['AWS::EC2::RouteTable'], recordingFrequency: 'DAILY' },
        ],
      },
    });
    const failed = recording({
      lastStatus: 'Failure',
      lastErrorCode: 'NoSuchBucket',
      lastErrorMessage: 'The specified bucket does not exist.',
    });
    const result = run({
      regions: [healthyRegion({ recorders: ok([daily]), recorderStatus: ok([failed]) })],
    });
    expect(result.code).toBe(0);
    expect(result.lines).toEqual([
      "warn configuration recorder default's last recording failed: NoSuchBucket: The specified bucket does not exist.",
      'warn AWS Config records AWS::EC2::RouteTable daily: changes reach the rules up to a day late',
    ]);
  });

  it('reports ECR Public repositories as recorded in us-east-1 only, outside us-east-1', () => {
    const publicRule = defineRule({
      id: 'test-public',
      title: 'public',
      severity: 'high',
      resourceTypes: ['AWS::ECR::PublicRepository'],
      rationale: 'r',
      remediation: 'f',
      parameters: {},
      evaluate: () => compliant(),
    });
    const diagnosis = diagnose(
      {
        regions: [
          healthyRegion({
            configRules: ok([configRule('test-public')]),
            evaluationStatus: ok([evaluating('test-public')]),
          }),
        ],
      },
      { rules: [publicRule], prefix: 'ppguard', now: NOW },
    );
    expect(diagnosis.checks.map((c) => `${c.status} ${c.message}`)).toContain(
      'info AWS Config records AWS::ECR::PublicRepository in us-east-1 only: test-public reports them from us-east-1',
    );
  });
});

describe('ppguard doctor on the deployed rules', () => {
  it('says when no ppguard rule is deployed, and when some are missing or being deleted', () => {
    expect(
      run({ regions: [healthyRegion({ configRules: ok([]), evaluationStatus: undefined })] }).lines,
    ).toEqual(['fix no ppguard Config rule is deployed in eu-west-1 (looked for ppguard-<rule id>)']);
    const some = healthyRegion({
      configRules: ok([
        configRule('test-egress', { ConfigRuleState: 'DELETING' }),
        configRule('test-codecommit'),
      ]),
      evaluationStatus: ok([evaluating('test-codecommit')]),
    });
    expect(run({ regions: [some] }).lines).toEqual([
      'fix 1 of 3 ppguard Config rules are not deployed: ppguard-test-endpoints',
      'fix ppguard-test-egress is DELETING: it no longer evaluates',
    ]);
  });

  it('reports a failed last invocation with its error', () => {
    const failing = evaluating('test-egress', {
      LastFailedInvocationTime: new Date('2026-11-25T10:00:00Z'),
      LastErrorCode: 'AccessDeniedException',
      LastErrorMessage:
        'User: arn:aws:sts::123456789012:assumed-role/ppguard-evaluate/ppguard-prod-evaluate is not authorized to perform: ec2:DescribeRouteTables',
    });
    const result = run({
      regions: [
        healthyRegion({
          evaluationStatus: ok([failing, evaluating('test-endpoints'), evaluating('test-codecommit')]),
        }),
      ],
    });
    expect(result.code).toBe(1);
    expect(result.text).toContain(
      '  ok    2 of 3 ppguard Config rules are deployed and evaluating\n' +
        '  FIX   ppguard-test-egress: last invocation failed at 2026-11-25T10:00:00Z: AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/ppguard-evaluate/ppguard-prod-evaluate is not authorized to perform: ec2:DescribeRouteTables\n',
    );
  });

  it('distinguishes a rule that never ran, one just activated, one whose evaluation failed, and a stale one', () => {
    const statuses = [
      evaluating('test-egress', {
        LastSuccessfulInvocationTime: undefined,
        LastSuccessfulEvaluationTime: undefined,
        FirstEvaluationStarted: false,
        FirstActivatedTime: new Date('2026-11-20T12:00:00Z'),
      }),
      evaluating('test-endpoints', {
        LastSuccessfulInvocationTime: undefined,
        LastSuccessfulEvaluationTime: undefined,
        FirstActivatedTime: new Date('2026-11-25T11:40:00Z'),
      }),
      evaluating('test-codecommit', {
        LastSuccessfulInvocationTime: new Date('2026-11-22T09:00:00Z'),
        LastSuccessfulEvaluationTime: new Date('2026-11-22T09:00:02Z'),
      }),
    ];
    expect(run({ regions: [healthyRegion({ evaluationStatus: ok(statuses) })] }).lines).toEqual([
      'fix ppguard-test-egress: has never run successfully since it was activated at 2026-11-20T12:00:00Z',
      'warn ppguard-test-endpoints: activated at 2026-11-25T11:40:00Z, has not run yet',
      'warn ppguard-test-codecommit: last ran successfully at 2026-11-22T09:00:00Z, more than 48 hours ago (periodic frequency TwentyFour_Hours)',
    ]);
    const evaluationFailed = evaluating('test-egress', {
      LastFailedEvaluationTime: new Date('2026-11-25T10:00:00Z'),
    });
    expect(
      run({
        regions: [
          healthyRegion({
            evaluationStatus: ok([
              evaluationFailed,
              evaluating('test-endpoints'),
              evaluating('test-codecommit'),
            ]),
          }),
        ],
      }).lines,
    ).toEqual(['fix ppguard-test-egress: last evaluation failed at 2026-11-25T10:00:00Z']);
  });

  it('checks the rules under another prefix', () => {
    const diagnosis = diagnose({ regions: [healthyRegion()] }, { rules: RULES, prefix: 'guard', now: NOW });
    expect(diagnosis.checks.map((c) => `${c.status} ${c.message}`)).toContain(
      'fix no ppguard Config rule is deployed in eu-west-1 (looked for guard-<rule id>)',
    );
  });
});

describe('ppguard doctor on the alert topic', () => {
  it('fails when every subscription is pending confirmation, naming them', () => {
    const { code, text } = run({ topic: { topicArn: TOPIC, subscriptions: ok([pending]) } });
    expect(code).toBe(1);
    expect(text).toContain(
      `${TOPIC}\n  FIX   1 subscription pending confirmation, receiving nothing: email platform@example.com\n` +
        '        fix: open the "AWS Notification - Subscription Confirmation" email and click "Confirm subscription"',
    );
  });

  it('warns about pending ones next to a confirmed one', () => {
    const result = run({ topic: { topicArn: TOPIC, subscriptions: ok([confirmed, pending]) } });
    expect(result.code).toBe(0);
    expect(result.lines).toEqual([
      'warn 1 subscription pending confirmation, receiving nothing: email platform@example.com',
    ]);
  });

  it('fails without subscriptions or without the topic, and says how to subscribe', () => {
    const none = run({ topic: { topicArn: TOPIC, subscriptions: ok([]) } });
    expect(none.code).toBe(1);
    expect(none.text).toContain(
      `  FIX   the alert topic has no subscriptions: compliance changes alert nobody\n        fix: aws sns subscribe --topic-arn ${TOPIC} --protocol email --notification-endpoint <address>, then confirm the email\n`,
    );
    expect(run({ topic: { topicArn: TOPIC, subscriptions: ok(undefined) } }).lines).toEqual([
      'fix the alert topic does not exist',
    ]);
  });

  it('says the topic was not checked when no ARN is given', () => {
    const { code, text } = run({ topic: undefined });
    expect(code).toBe(0);
    expect(text).toContain(
      "\nalerts\n  info  alert subscriptions not checked: pass --topic-arn <the stack's alert topic ARN>\n",
    );
  });
});

describe('ppguard doctor when it cannot check', () => {
  it('exits 2 and names Region, service, operation and permission of a denied read', () => {
    const denied = {
      ok: false as const,
      error: {
        region: 'eu-west-1',
        service: 'config',
        operation: 'DescribeConfigurationRecorders',
        permission: 'config:DescribeConfigurationRecorders',
        code: 'AccessDeniedException',
        message:
          'User: arn:aws:iam::123456789012:user/ci is not authorized to perform: config:DescribeConfigurationRecorders',
      },
    };
    const { code, text } = run({ regions: [healthyRegion({ recorders: denied })] });
    expect(code).toBe(2);
    expect(text).toContain(
      '  ERROR could not check: eu-west-1 config DescribeConfigurationRecorders: AccessDeniedException (missing permission config:DescribeConfigurationRecorders): User: arn:aws:iam::123456789012:user/ci is not authorized to perform: config:DescribeConfigurationRecorders\n',
    );
    expect(text).toMatch(/\nResult: could not check everything \(1 error\)\n$/);
  });
});

describe('ppguard doctor --organization', () => {
  it('leaves the account rules out (the organization checks replace them) but still checks recording', () => {
    // Prepare: no account rule is deployed, as in a delegated administrator account.
    const facts: DoctorFacts = {
      regions: [healthyRegion({ configRules: ok([]), evaluationStatus: undefined, recorders: ok([]) })],
    };

    // Act
    const diagnosis = diagnose(facts, { rules: RULES, prefix: 'ppguard', now: NOW, organization: true });

    // Assess
    const messages = diagnosis.checks.filter((c) => c.status === 'fix').map((c) => c.message);
    expect(messages).not.toContain(
      'no ppguard Config rule is deployed in eu-west-1 (looked for ppguard-<rule id>)',
    );
    expect(messages.length).toBeGreaterThan(0);
    expect(messages.every((m) => !m.includes('ppguard-'))).toBe(true);
  });
});
