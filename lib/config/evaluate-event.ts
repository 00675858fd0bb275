/**
 * The Config rule pipeline: event -> configuration items or a sweep -> rule -> PutEvaluations.
 * Handlers stay thin; everything here is testable with injected clients.
 */
import type { ConfigServiceClient } from '@aws-sdk/client-config-service';
import type { AnyRule } from '../engine/rule';
import {
  contextFor,
  type Evaluation,
  evaluateResource,
  parseRuleParameters,
  RuleEvaluationError,
  type RuleParameters,
} from '../engine/run';
import type { Log } from '../log';
import { modelFromConfigurationItem } from '../resources';
import type { Resource, ResourceType } from '../resources/model';
import { configIdsByName, TYPES_WITH_CONFIG_IDS } from './discovered';
import { type EventConfigurationItem, isEvaluable, parseRuleEvent, type RuleEvent } from './event';
import { fetchConfigurationItem } from './history';
import { type ConfigEvaluation, putEvaluations } from './put-evaluations';

export class UnknownRuleError extends Error {
  override name = 'UnknownRuleError';
}

/** Lists every resource of a type in the account and region (Describe APIs, paginated). */
export type ResourceSource = (resourceType: ResourceType) => Promise<Resource[]>;

export interface EvaluatorDeps {
  config: ConfigServiceClient;
  resources: ResourceSource;
  findRule: (configRuleName: string) => AnyRule | undefined;
  log: Log;
  region: string;
  now?: () => Date;
}

export interface RunSummary {
  rule: string;
  kind: RuleEvent['kind'];
  evaluations: number;
  putCalls: number;
  /** Resources the sweep found but AWS Config has not discovered (no Config id to report under). */
  undiscovered: string[];
}

function logEvaluation(log: Log, evaluation: Evaluation) {
  log.info('evaluated', {
    rule: evaluation.ruleId,
    resourceType: evaluation.resourceType,
    resourceId: evaluation.resourceId,
    resourceName: evaluation.resourceName,
    compliance: evaluation.compliance,
    ...(evaluation.exempt ? { exempt: true } : {}),
  });
}

function notApplicable(
  rule: AnyRule,
  item: { resourceType: string; resourceId: string; resourceName?: string | null },
  why: string,
): Evaluation {
  return {
    ruleId: rule.id,
    resourceType: item.resourceType,
    resourceId: item.resourceId,
    resourceName: item.resourceName ?? item.resourceId,
    compliance: 'NOT_APPLICABLE',
    annotation: why,
  };
}

function evaluateItem(
  rule: AnyRule,
  item: EventConfigurationItem,
  event: RuleEvent,
  params: RuleParameters,
  deps: EvaluatorDeps,
): Evaluation {
  if (event.eventLeftScope) return notApplicable(rule, item, 'resource left the scope of the rule');
  if (!isEvaluable(item.configurationItemStatus)) {
    return notApplicable(rule, item, `configuration item status is ${item.configurationItemStatus}`);
  }
  if (!(rule.resourceTypes as readonly string[]).includes(item.resourceType)) {
    return notApplicable(rule, item, `${rule.id} does not evaluate ${item.resourceType}`);
  }
  const resource = modelFromConfigurationItem(item);
  const now = deps.now?.() ?? new Date();
  const context = contextFor(
    resource.accountId || event.accountId,
    resource.region || deps.region,
    params.common,
    now,
  );
  return evaluateResource(rule, resource, context, params);
}

async function sweep(rule: AnyRule, event: RuleEvent, params: RuleParameters, deps: EvaluatorDeps) {
  const evaluations: Evaluation[] = [];
  const failures: RuleEvaluationError[] = [];
  const undiscovered: string[] = [];
  const now = deps.now?.() ?? new Date();
  const context = contextFor(event.accountId, deps.region, params.common, now);
  for (const type of rule.resourceTypes) {
    const [resources, configIds] = await Promise.all([
      deps.resources(type),
      TYPES_WITH_CONFIG_IDS.has(type) ? configIdsByName(deps.config, type) : undefined,
    ]);
    for (const found of resources) {
      let resource = found;
      if (configIds) {
        const configId = configIds.get(found.resourceName);
        if (configId === undefined) {
          // Reporting under a guessed id would create a phantom resource in Config.
          undiscovered.push(`${type} ${found.resourceName}`);
          continue;
        }
        resource = { ...found, resourceId: configId };
      }
      try {
        evaluations.push(evaluateResource(rule, resource, context, params));
      } catch (error) {
        if (!(error instanceof RuleEvaluationError)) throw error;
        failures.push(error);
      }
    }
  }
  return { evaluations, failures, undiscovered };
}

/**
 * Evaluates one Config rule event and reports the verdicts. Throws (after reporting whatever
 * could be evaluated) when the event is malformed, parameters are invalid, an AWS call fails or
 * a rule fails on a resource: an error is never turned into a verdict.
 */
export async function evaluateRuleEvent(raw: unknown, deps: EvaluatorDeps): Promise<RunSummary> {
  const event = parseRuleEvent(raw);
  const rule = deps.findRule(event.configRuleName);
  if (!rule) throw new UnknownRuleError(`no ppguard rule matches Config rule ${event.configRuleName}`);
  const params = parseRuleParameters(rule, event.ruleParameters);

  let evaluations: Evaluation[];
  let failures: RuleEvaluationError[] = [];
  let undiscovered: string[] = [];
  let orderingTimestamp: Date;
  if (event.kind === 'scheduled') {
    ({ evaluations, failures, undiscovered } = await sweep(rule, event, params, deps));
    orderingTimestamp = new Date(event.notificationCreationTime);
  } else {
    const item =
      event.kind === 'change'
        ? event.configurationItem
        : event.eventLeftScope || !isEvaluable(event.summary.configurationItemStatus)
          ? { ...event.summary }
          : await fetchConfigurationItem(deps.config, event.summary);
    evaluations = [evaluateItem(rule, item as EventConfigurationItem, event, params, deps)];
    orderingTimestamp = new Date(item.configurationItemCaptureTime);
  }

  for (const evaluation of evaluations) logEvaluation(deps.log, evaluation);
  if (undiscovered.length > 0) {
    deps.log.warn('resources not discovered by AWS Config were not reported', {
      rule: rule.id,
      count: undiscovered.length,
      resources: undiscovered.slice(0, 20),
    });
  }
  const toPut: ConfigEvaluation[] = evaluations.map((e) => ({
    resourceType: e.resourceType,
    resourceId: e.resourceId,
    compliance: e.compliance,
    ...(e.annotation === undefined ? {} : { annotation: e.annotation }),
    orderingTimestamp,
  }));
  const putCalls = toPut.length > 0 ? await putEvaluations(deps.config, event.resultToken, toPut) : 0;
  if (failures.length > 0) {
    for (const failure of failures)
      deps.log.error(failure.message, { rule: failure.ruleId, resourceId: failure.resourceId });
    throw new AggregateError(
      failures,
      `${failures.length} resource(s) could not be evaluated by ${rule.id}: ${failures[0]?.message}`,
    );
  }
  return { rule: rule.id, kind: event.kind, evaluations: evaluations.length, putCalls, undiscovered };
}
