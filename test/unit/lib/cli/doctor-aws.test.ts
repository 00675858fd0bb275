import {
  ConfigServiceClient,
  DescribeConfigRuleEvaluationStatusCommand,
  DescribeConfigRulesCommand,
  DescribeConfigurationRecorderStatusCommand,
  DescribeConfigurationRecordersCommand,
} from '@aws-sdk/client-config-service';
import { ListSubscriptionsByTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { describe, expect, it } from 'vitest';
import { gatherDoctorFacts } from '../../../../lib/cli/doctor-aws';
import { compliant, defineRule } from '../../../../lib/engine/rule';
import { awsError } from './support';

const rules = Array.from({ length: 30 }, (_, i) =>
  defineRule({
    id: `rule-${String(i).padStart(2, '0')}`,
    title: 't',
    severity: 'low',
    resourceTypes: ['AWS::EC2::VPC'],
    rationale: 'r',
    remediation: 'f',
    parameters: {},
    evaluate: () => compliant(),
  }),
);

type Answers = Map<unknown, (input: Record<string, unknown>) => unknown>;

/**
 * A real SDK client (the paginators check the class) whose send() answers by command class,
 * recording every input.
 */
function fake<C extends ConfigServiceClient | SNSClient>(
  client: C,
  answers: Answers,
): C & { sent: { command: string; input: Record<string, unknown> }[] } {
  const sent: { command: string; input: Record<string, unknown> }[] = [];
  const send = async (command: { constructor: unknown; input: Record<string, unknown> }) => {
    const name = (command.constructor as { name: string }).name;
    sent.push({ command: name, input: command.input });
    const answer = answers.get(command.constructor);
    if (!answer) throw new Error(`unexpected ${name}`);
    const result = answer(command.input);
    if (result instanceof Error) throw result;
    return result;
  };
  return Object.assign(client, { sent, send });
}

const OFFLINE = { region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } };
const configClient = (answers: Answers) => fake(new ConfigServiceClient(OFFLINE), answers);
const snsClient = (answers: Answers) => fake(new SNSClient(OFFLINE), answers);

describe('gatherDoctorFacts', () => {
  it('pages through the Config rules and asks evaluation status for the deployed ppguard ones, 25 names a call', async () => {
    // Prepare: 30 ppguard rules deployed over two DescribeConfigRules pages, plus another rule.
    const names = rules.map((r) => `ppguard-${r.id}`);
    const config = configClient(
      new Map<unknown, (input: Record<string, unknown>) => unknown>([
        [DescribeConfigurationRecordersCommand, () => ({ ConfigurationRecorders: [] })],
        [DescribeConfigurationRecorderStatusCommand, () => ({ ConfigurationRecordersStatus: [] })],
        [
          DescribeConfigRulesCommand,
          (input) =>
            input.NextToken === undefined
              ? {
                  ConfigRules: names.slice(0, 20).map((ConfigRuleName) => ({ ConfigRuleName })),
                  NextToken: 'p2',
                }
              : {
                  ConfigRules: [...names.slice(20), 'other-rule'].map((ConfigRuleName) => ({
                    ConfigRuleName,
                  })),
                },
        ],
        [
          DescribeConfigRuleEvaluationStatusCommand,
          (input) => ({
            ConfigRulesEvaluationStatus: (input.ConfigRuleNames as string[]).map((ConfigRuleName) => ({
              ConfigRuleName,
            })),
          }),
        ],
      ]),
    );

    // Act
    const facts = await gatherDoctorFacts(
      { regions: ['eu-west-1'], rules, prefix: 'ppguard' },
      { config: () => config, sns: () => snsClient(new Map()) },
    );

    // Assess
    const [region] = facts.regions;
    expect(region?.configRules).toMatchObject({ ok: true });
    expect(region?.configRules.ok && region.configRules.value).toHaveLength(31);
    const statusCalls = config.sent.filter((s) => s.command === 'DescribeConfigRuleEvaluationStatusCommand');
    expect(statusCalls.map((s) => (s.input.ConfigRuleNames as string[]).length)).toEqual([25, 5]);
    expect(region?.evaluationStatus?.ok && region.evaluationStatus.value).toHaveLength(30);
    expect(facts.topic).toBeUndefined();
  });

  it('keeps a denied read as an error naming Region, service, operation and permission', async () => {
    // Prepare
    const config = configClient(
      new Map<unknown, (input: Record<string, unknown>) => unknown>([
        [DescribeConfigurationRecordersCommand, () => awsError('AccessDeniedException', 'Access denied')],
        [DescribeConfigurationRecorderStatusCommand, () => ({ ConfigurationRecordersStatus: [] })],
        [DescribeConfigRulesCommand, () => ({ ConfigRules: [] })],
      ]),
    );

    // Act
    const facts = await gatherDoctorFacts(
      { regions: ['eu-west-1'], rules, prefix: 'ppguard' },
      { config: () => config, sns: () => snsClient(new Map()) },
    );

    // Assess
    expect(facts.regions[0]?.recorders).toEqual({
      ok: false,
      error: {
        region: 'eu-west-1',
        service: 'config',
        operation: 'DescribeConfigurationRecorders',
        permission: 'config:DescribeConfigurationRecorders',
        code: 'AccessDeniedException',
        message: 'Access denied',
      },
    });
    expect(facts.regions[0]?.evaluationStatus).toBeUndefined();
  });

  it("reads every page of the topic's subscriptions, in the topic's Region, and a missing topic as undefined", async () => {
    // Prepare
    const topicArn = 'arn:aws:sns:us-east-1:123456789012:ppguard-alerts';
    const sns = snsClient(
      new Map<unknown, (input: Record<string, unknown>) => unknown>([
        [
          ListSubscriptionsByTopicCommand,
          (input) =>
            input.TopicArn !== topicArn
              ? awsError('NotFoundException', 'Topic does not exist', 404)
              : input.NextToken === undefined
                ? { Subscriptions: [{ SubscriptionArn: 'PendingConfirmation' }], NextToken: 'n' }
                : { Subscriptions: [{ SubscriptionArn: `${topicArn}:1` }] },
        ],
      ]),
    );
    const regions: string[] = [];
    const empty = configClient(
      new Map<unknown, (input: Record<string, unknown>) => unknown>([
        [DescribeConfigurationRecordersCommand, () => ({})],
        [DescribeConfigurationRecorderStatusCommand, () => ({})],
        [DescribeConfigRulesCommand, () => ({})],
      ]),
    );
    const clients = {
      config: () => empty,
      sns: (region: string) => {
        regions.push(region);
        return sns;
      },
    };

    // Act
    const found = await gatherDoctorFacts(
      { regions: ['eu-west-1'], rules, prefix: 'ppguard', topicArn },
      clients,
    );
    const missing = await gatherDoctorFacts(
      {
        regions: ['eu-west-1'],
        rules,
        prefix: 'ppguard',
        topicArn: 'arn:aws:sns:us-east-1:123456789012:gone',
      },
      clients,
    );

    // Assess
    expect(regions).toEqual(['us-east-1', 'us-east-1']);
    expect(found.topic?.subscriptions).toEqual({
      ok: true,
      value: [{ SubscriptionArn: 'PendingConfirmation' }, { SubscriptionArn: `${topicArn}:1` }],
    });
    expect(missing.topic?.subscriptions).toEqual({ ok: true, value: undefined });
  });
});
