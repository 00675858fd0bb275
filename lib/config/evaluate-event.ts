/**
 * The Config rule pipeline: event -> the resources to evaluate (the changed item, the resources a
 * network change affects, or every resource on a schedule) -> their inputs (network facts, project
 * details) loaded once -> rule -> PutEvaluations. Handlers stay thin; every AWS reader is injected.
 */
import type { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { inCallContext } from '../aws/clients';
import { type AwsReaders, evaluateResources, networkOfInputs, networksOf, RunInputs } from '../engine/inputs';
import type { AnyRule } from '../engine/rule';
import {
  type Evaluation,
  parseRuleParameters,
  type RuleEvaluationError,
  type RuleParameters,
} from '../engine/run';
import type { Log } from '../log';
import { modelFromConfigurationItem } from '../resources';
import type { Resource } from '../resources/model';
import { configIdsByName, TYPES_WITH_CONFIG_IDS } from './discovered';
import { type EventConfigurationItem, isEvaluable, parseRuleEvent, type RuleEvent } from './event';
import { fetchConfigurationItem } from './history';
import { type ConfigEvaluation, putEvaluations } from './put-evaluations';

export class UnknownRuleError extends Error {
  override name = 'UnknownRuleError';
}

export type { AwsReaders, NetworkLoader } from '../engine/inputs';

export interface EvaluatorDeps {
  config: ConfigServiceClient;
  aws: AwsReaders;
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
  /** Resources found through the Describe APIs that AWS Config has not discovered (no id to report under). */
  undiscovered: string[];
}

interface Outcome {
  evaluations: Evaluation[];
  failures: RuleEvaluationError[];
  undiscovered: string[];
}

/**
 * One invocation: its reads (lib/engine/inputs.ts, shared with the CLI) live as long as it does, so
 * each type is listed and each VPC loaded at most once, and are never reused stale.
 */
class Invocation {
  private readonly inputs: RunInputs;
  readonly now: Date;

  constructor(
    readonly rule: AnyRule,
    readonly params: RuleParameters,
    readonly event: RuleEvent,
    readonly deps: EvaluatorDeps,
  ) {
    this.inputs = new RunInputs(deps.aws);
    this.now = deps.now?.() ?? new Date();
  }

  /** Every resource of the rule's types, under the ids AWS Config uses (optionally one VPC's only). */
  async targets(inVpc?: string): Promise<{ resources: Resource[]; undiscovered: string[] }> {
    const resources: Resource[] = [];
    const undiscovered: string[] = [];
    const inputs =
      inVpc !== undefined && this.rule.networkOf ? await networkOfInputs(this.rule, this.inputs) : {};
    for (const type of this.rule.resourceTypes) {
      const [found, configIds] = await Promise.all([
        this.inputs.list(type),
        TYPES_WITH_CONFIG_IDS.has(type) ? configIdsByName(this.deps.config, type) : undefined,
      ]);
      for (const resource of found) {
        if (
          inVpc !== undefined &&
          this.rule.networkOf &&
          !networksOf(this.rule, resource, inputs).includes(inVpc)
        ) {
          continue;
        }
        if (!configIds) {
          resources.push(resource);
          continue;
        }
        const configId = configIds.get(resource.resourceName);
        // Reporting under a guessed id would create a phantom resource in Config.
        if (configId === undefined) undiscovered.push(`${type} ${resource.resourceName}`);
        else resources.push({ ...resource, resourceId: configId });
      }
    }
    return { resources, undiscovered };
  }

  async evaluate(found: Resource[], undiscovered: string[] = []): Promise<Outcome> {
    const scope = { accountId: this.event.accountId, region: this.deps.region, now: this.now };
    const outcome = await evaluateResources(this.rule, this.params, found, this.inputs, scope);
    return { ...outcome, undiscovered };
  }
}

function notApplicable(rule: AnyRule, item: EventConfigurationItem, why: string): Outcome {
  const evaluation: Evaluation = {
    ruleId: rule.id,
    resourceType: item.resourceType,
    resourceId: item.resourceId,
    resourceName: item.resourceName ?? item.resourceId,
    compliance: 'NOT_APPLICABLE',
    annotation: why,
  };
  return { evaluations: [evaluation], failures: [], undiscovered: [] };
}

/** The VPC a changed network resource belongs to; undefined when the item no longer says (deleted). */
function vpcOfItem(item: EventConfigurationItem): string | undefined {
  if (item.resourceType === 'AWS::EC2::VPC') return item.resourceId;
  const configuration = item.configuration;
  if (configuration && typeof configuration === 'object' && 'vpcId' in configuration) {
    const vpcId = (configuration as { vpcId: unknown }).vpcId;
    if (typeof vpcId === 'string' && vpcId !== '') return vpcId;
  }
  return undefined;
}

async function evaluateChange(run: Invocation, item: EventConfigurationItem): Promise<Outcome> {
  const { rule, event } = run;
  const primary = (rule.resourceTypes as readonly string[]).includes(item.resourceType);
  const trigger =
    !primary && (rule.triggeredBy as readonly string[] | undefined)?.includes(item.resourceType);
  if (trigger) {
    // A route table, subnet or endpoint changed: re-evaluate what it can break, in its VPC
    // (every VPC when a deleted item no longer names one).
    const { resources, undiscovered } = await run.targets(vpcOfItem(item));
    return run.evaluate(resources, undiscovered);
  }
  if (!primary) return notApplicable(rule, item, `${rule.id} does not evaluate ${item.resourceType}`);
  if (event.eventLeftScope) return notApplicable(rule, item, 'resource left the scope of the rule');
  if (!isEvaluable(item.configurationItemStatus)) {
    return notApplicable(rule, item, `configuration item status is ${item.configurationItemStatus}`);
  }
  return run.evaluate([modelFromConfigurationItem(item)]);
}

function logOutcome(log: Log, rule: AnyRule, outcome: Outcome) {
  for (const e of outcome.evaluations) {
    log.info('evaluated', {
      rule: e.ruleId,
      resourceType: e.resourceType,
      resourceId: e.resourceId,
      resourceName: e.resourceName,
      compliance: e.compliance,
      ...(e.exempt ? { exempt: true } : {}),
    });
  }
  if (outcome.undiscovered.length > 0) {
    log.warn('resources not discovered by AWS Config were not reported', {
      rule: rule.id,
      count: outcome.undiscovered.length,
      resources: outcome.undiscovered.slice(0, 20),
    });
  }
  for (const failure of outcome.failures) {
    log.error(failure.message, { rule: failure.ruleId, resourceId: failure.resourceId });
  }
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
  try {
    return await evaluateParsed(event, rule, params, deps);
  } catch (error) {
    // SDK errors do not say which call failed; the message gains the rule and the call.
    throw inCallContext(error, rule.id);
  }
}

async function evaluateParsed(
  event: RuleEvent,
  rule: AnyRule,
  params: RuleParameters,
  deps: EvaluatorDeps,
): Promise<RunSummary> {
  const run = new Invocation(rule, params, event, deps);

  let outcome: Outcome;
  let orderingTimestamp: Date;
  if (event.kind === 'scheduled') {
    const { resources, undiscovered } = await run.targets();
    outcome = await run.evaluate(resources, undiscovered);
    orderingTimestamp = new Date(event.notificationCreationTime);
  } else {
    const summaryOnly =
      event.kind === 'oversized' &&
      (event.eventLeftScope || !isEvaluable(event.summary.configurationItemStatus));
    const item: EventConfigurationItem =
      event.kind === 'change'
        ? event.configurationItem
        : summaryOnly
          ? { ...event.summary }
          : await fetchConfigurationItem(deps.config, event.summary);
    outcome = await evaluateChange(run, item);
    orderingTimestamp = new Date(item.configurationItemCaptureTime);
  }

  logOutcome(deps.log, rule, outcome);
  const toPut: ConfigEvaluation[] = outcome.evaluations.map((e) => ({
    resourceType: e.resourceType,
    resourceId: e.resourceId,
    compliance: e.compliance,
    ...(e.annotation === undefined ? {} : { annotation: e.annotation }),
    orderingTimestamp,
  }));
  const putCalls = toPut.length > 0 ? await putEvaluations(deps.config, event.resultToken, toPut) : 0;
  const [first, ...more] = outcome.failures;
  if (first && more.length === 0) throw first;
  if (first) {
    throw new AggregateError(
      outcome.failures,
      `${outcome.failures.length} resources could not be evaluated by ${rule.id}; first: ${first.message}`,
    );
  }
  return {
    rule: rule.id,
    kind: event.kind,
    evaluations: outcome.evaluations.length,
    putCalls,
    undiscovered: outcome.undiscovered,
  };
}
