/**
 * `ppguard doctor`, the reads: AWS Config's recorders, their status, the Config rules and their
 * evaluation status per Region, and the alert topic's subscriptions. Each read that fails is kept
 * as an error naming Region, service, operation and permission; doctor.ts decides.
 */
import {
  type ConfigRuleEvaluationStatus,
  type ConfigServiceClient,
  DescribeConfigRuleEvaluationStatusCommand,
  DescribeConfigRulesCommand,
  DescribeConfigurationRecorderStatusCommand,
  DescribeConfigurationRecordersCommand,
} from '@aws-sdk/client-config-service';
import { ListSubscriptionsByTopicCommand, type SNSClient, type Subscription } from '@aws-sdk/client-sns';
import { collectPages, paginate } from '../aws/paginate';
import type { AnyRule } from '../engine/rule';
import { type DoctorFacts, type RegionFacts, read, type TopicFacts } from './doctor';

export interface DoctorClients {
  config(region: string): ConfigServiceClient;
  sns(region: string): SNSClient;
}

export interface DoctorRequest {
  regions: readonly string[];
  rules: readonly AnyRule[];
  prefix: string;
  topicArn?: string;
}

/** DescribeConfigRuleEvaluationStatus takes at most 25 rule names. */
const NAMES_PER_CALL = 25;

async function regionFacts(
  client: ConfigServiceClient,
  region: string,
  names: readonly string[],
): Promise<RegionFacts> {
  const [recorders, recorderStatus, configRules] = await Promise.all([
    read(region, 'config', 'DescribeConfigurationRecorders', async () => {
      const answer = await client.send(new DescribeConfigurationRecordersCommand({}));
      return answer.ConfigurationRecorders ?? [];
    }),
    read(region, 'config', 'DescribeConfigurationRecorderStatus', async () => {
      const answer = await client.send(new DescribeConfigurationRecorderStatusCommand({}));
      return answer.ConfigurationRecordersStatus ?? [];
    }),
    read(region, 'config', 'DescribeConfigRules', async () => {
      return collectPages(
        'ConfigService DescribeConfigRules',
        (NextToken) => client.send(new DescribeConfigRulesCommand({ NextToken })),
        (page) => page.NextToken,
        (page) => page.ConfigRules,
      );
    }),
  ]);
  const facts: RegionFacts = { region, recorders, recorderStatus, configRules };
  if (!configRules.ok) return facts;
  const deployed = new Set(configRules.value.map((rule) => rule.ConfigRuleName));
  const present = names.filter((name) => deployed.has(name));
  if (present.length === 0) return facts;
  facts.evaluationStatus = await read(region, 'config', 'DescribeConfigRuleEvaluationStatus', async () => {
    const statuses: ConfigRuleEvaluationStatus[] = [];
    for (let start = 0; start < present.length; start += NAMES_PER_CALL) {
      const ConfigRuleNames = present.slice(start, start + NAMES_PER_CALL);
      const pages = paginate(
        'ConfigService DescribeConfigRuleEvaluationStatus',
        (NextToken) =>
          client.send(new DescribeConfigRuleEvaluationStatusCommand({ ConfigRuleNames, NextToken })),
        (page) => page.NextToken,
      );
      for await (const page of pages) statuses.push(...(page.ConfigRulesEvaluationStatus ?? []));
    }
    return statuses;
  });
  return facts;
}

async function topicFacts(client: SNSClient, topicArn: string): Promise<TopicFacts> {
  const region = topicArn.split(':')[3] ?? '';
  const subscriptions = await read(region, 'sns', 'ListSubscriptionsByTopic', async () => {
    let found: Subscription[];
    try {
      found = await collectPages(
        'SNS ListSubscriptionsByTopic',
        (NextToken) => client.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn, NextToken })),
        (page) => page.NextToken,
        (page) => page.Subscriptions,
      );
    } catch (error) {
      if (error instanceof Error && error.name === 'NotFoundException') return undefined;
      throw error;
    }
    return found;
  });
  return { topicArn, subscriptions };
}

export async function gatherDoctorFacts(
  request: DoctorRequest,
  clients: DoctorClients,
): Promise<DoctorFacts> {
  const names = request.rules.map((rule) => `${request.prefix}-${rule.id}`);
  const regions = await Promise.all(
    request.regions.map((region) => regionFacts(clients.config(region), region, names)),
  );
  if (request.topicArn === undefined) return { regions };
  const topicRegion = request.topicArn.split(':')[3] ?? '';
  return { regions, topic: await topicFacts(clients.sns(topicRegion), request.topicArn) };
}
