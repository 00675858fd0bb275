/**
 * The Config rule pipeline: event -> the resources to evaluate (the changed item, the resources a
 * network change affects, or every resource on a schedule) -> their inputs (network facts, project
 * details) loaded once -> rule -> PutEvaluations. Handlers stay thin; every AWS reader is injected.
 */
import type { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { inCallContext } from '../aws/clients';
import { type AwsReaders, evaluateResources, networkOfInputs, networksOf, RunInputs } from '../engine/inputs';
import type { AnyRule, InputName, NetworkOfInputs, RuleLookup } from '../engine/rule';
import {
  type Evaluation,
  parseRuleParameters,
  type RuleEvaluationError,
  type RuleParameters,
} from '../engine/run';
import type { Suppressions } from '../engine/suppressions';
import type { Log } from '../log';
import { InvalidResourceDataError, ResourceReadError } from '../resources/errors';
import type { Resource } from '../resources/model';
import { configIdsByName } from './discovered';
import {
  type EventConfigurationItem,
  InvalidEventError,
  isEvaluable,
  parseRuleEvent,
  type RuleEvent,
} from './event';
import {
  type ConfigEvaluation,
  MAX_EVALUATIONS_PER_CALL,
  PutEvaluationsError,
  putEvaluations,
} from './put-evaluations';
import {
  CONTINUATION_TYPE,
  remainingInOrder,
  SWEEP_CHUNK,
  type SweepContinuation,
  type SweepLimits,
  sweepKey,
  timeForAnotherChunk,
} from './sweep';

export class UnknownRuleError extends Error {
  override name = 'UnknownRuleError';
}

export type { AwsReaders, NetworkLoader } from '../engine/inputs';

export interface EvaluatorDeps {
  config: ConfigServiceClient;
  aws: AwsReaders;
  findRule: RuleLookup;
  log: Log;
  region: string;
  now?: () => Date;
  /** The suppression file's entries (deploy parameter suppressionsParameterName); absent: none. */
  suppressions?: () => Promise<Suppressions>;
}

export interface RunSummary {
  rule: string;
  kind: RuleEvent['kind'];
  evaluations: number;
  putCalls: number;
  /** Resources found through the Describe APIs that AWS Config has not discovered (no id to report under). */
  undiscovered: string[];
  /** Set when a periodic sweep handed the rest of its resources to a follow-up invocation. */
  continuedAfter?: { resourceType: string; resourceId: string; hop: number; remaining: number };
}

/** What one invocation may spend; without limits a sweep runs to the end in one invocation. */
export interface InvocationOptions {
  limits?: SweepLimits;
}

/** A resource that got no verdict: the rule threw on it, or it could not be read. */
export type ResourceFailure = RuleEvaluationError | ResourceReadError;

interface Outcome {
  evaluations: Evaluation[];
  failures: ResourceFailure[];
  undiscovered: string[];
}

/** Failures named in a run's error message; every one is logged. */
const NAMED_FAILURES = 20;

/**
 * The error a run ends in when resources got no verdict (or Config rejected theirs), thrown only
 * after every other resource was reported. It names each failed resource and why.
 */
export class ResourceFailuresError extends AggregateError {
  override name = 'ResourceFailuresError';
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

  /**
   * Every resource of the rule's types, under the ids AWS Config uses (optionally one VPC's only).
   * Those listed but not readable are not here: readFailures() names them.
   */
  async targets(inVpc?: string): Promise<{ resources: Resource[]; undiscovered: string[] }> {
    const resources: Resource[] = [];
    const undiscovered: string[] = [];
    // Loaded on use, like the adapters it names: a cold start does not pay for them.
    const { TYPES_WITH_CONFIG_IDS } = await import('../resources/catalog');
    const inputs =
      inVpc !== undefined && this.rule.networkOf
        ? await networkOfInputs(this.rule, this.inputs)
        : ({} as NetworkOfInputs<InputName>);
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

  /** Loads the networks of every resource to sweep at once, so later chunks find them cached. */
  async prefetchNetworks(resources: readonly Resource[]): Promise<void> {
    if (!this.rule.networkOf) return;
    const named = await networkOfInputs(this.rule, this.inputs);
    const vpcIds = new Set(
      resources.flatMap((r) => networksOf(this.rule, r, named)).filter((id) => id !== ''),
    );
    if (vpcIds.size > 0) await this.inputs.loadNetwork(vpcIds);
  }

  /** Resources listed (of any type the run read) that could not be read. */
  readFailures(): Promise<ResourceReadError[]> {
    return this.inputs.readFailures();
  }

  /** Read once per invocation (lib/lambda/suppressions.ts caches it per container). */
  private suppressions: Promise<Suppressions | undefined> | undefined;

  async evaluate(found: Resource[], undiscovered: string[] = []): Promise<Outcome> {
    this.suppressions ??= this.deps.suppressions?.() ?? Promise.resolve(undefined);
    const suppressions = await this.suppressions;
    const scope = {
      accountId: this.event.accountId,
      region: this.deps.region,
      now: this.now,
      ...(suppressions ? { suppressions } : {}),
    };
    const outcome = await evaluateResources(this.rule, this.params, found, this.inputs, scope);
    if (suppressions) this.logRefused(suppressions);
    return { ...outcome, undiscovered };
  }

  /** Entries that matched but could not apply (expired, beyond exemptMaxDays): a warning to act on. */
  private readonly refusedLogged = new Map<number, number>();

  private logRefused(suppressions: Suppressions): void {
    for (const use of suppressions.uses(this.now)) {
      // A sweep evaluates in chunks: each entry is logged again only when it refused more.
      if (use.refused === (this.refusedLogged.get(use.entry.index) ?? 0)) continue;
      this.refusedLogged.set(use.entry.index, use.refused);
      this.deps.log.warn('suppression entry not applied', {
        rule: this.rule.id,
        entry: use.entry.index,
        line: use.entry.line,
        state: use.state,
        expires: use.entry.expires,
        owner: use.entry.owner,
        resources: use.refused,
      });
    }
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
    // One resource that cannot be read fails the run after the others are reported.
    const { resources, undiscovered } = await run.targets(vpcOfItem(item));
    const outcome = await run.evaluate(resources, undiscovered);
    return { ...outcome, failures: [...outcome.failures, ...(await run.readFailures())] };
  }
  if (!primary) return notApplicable(rule, item, `${rule.id} does not evaluate ${item.resourceType}`);
  if (event.eventLeftScope) return notApplicable(rule, item, 'resource left the scope of the rule');
  if (!isEvaluable(item.configurationItemStatus)) {
    return notApplicable(rule, item, `configuration item status is ${item.configurationItemStatus}`);
  }
  // The adapters of every type load on the first change event, not at cold start.
  const { modelFromConfigurationItem } = await import('../resources');
  let model: Resource;
  try {
    model = modelFromConfigurationItem(item);
  } catch (error) {
    // Typed adapter errors name the resource already; anything else gets named here.
    if (error instanceof InvalidResourceDataError) throw error;
    throw new ResourceReadError(item.resourceType, item.resourceId, error);
  }
  return run.evaluate([model]);
}

function logUndiscovered(log: Log, rule: AnyRule, undiscovered: readonly string[]) {
  if (undiscovered.length === 0) return;
  log.warn('resources not discovered by AWS Config were not reported', {
    rule: rule.id,
    count: undiscovered.length,
    resources: undiscovered.slice(0, 20),
  });
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
  logUndiscovered(log, rule, outcome.undiscovered);
  logFailures(log, rule, outcome.failures);
}

function logFailures(log: Log, rule: AnyRule, failures: readonly ResourceFailure[]) {
  for (const failure of failures) {
    log.error(failure.message, {
      rule: rule.id,
      ...(failure instanceof ResourceReadError ? { resourceType: failure.resourceType } : {}),
      resourceId: failure.resourceId,
    });
  }
}

async function report(deps: EvaluatorDeps, event: RuleEvent, evaluations: Evaluation[], at: Date) {
  const toPut: ConfigEvaluation[] = evaluations.map((e) => ({
    resourceType: e.resourceType,
    resourceId: e.resourceId,
    compliance: e.compliance,
    ...(e.annotation === undefined ? {} : { annotation: e.annotation }),
    orderingTimestamp: at,
  }));
  return toPut.length > 0 ? putEvaluations(deps.config, event.resultToken, toPut) : 0;
}

/** A PutEvaluations failure that is Config rejecting evaluations (not a failed call). */
const isRejection = (error: unknown): error is PutEvaluationsError =>
  error instanceof PutEvaluationsError && error.failed.length > 0;

/**
 * Throws the failures of a run, after everything else was reported: resources the rule threw on
 * or that could not be read, and evaluations Config rejected. One failure is thrown as it is;
 * several as one ResourceFailuresError naming each (the first 20; all are logged).
 */
function throwFailures(rule: AnyRule, failures: readonly Error[], failedEarlier = 0): void {
  const [first, ...more] = failures;
  const earlier =
    failedEarlier > 0
      ? ` (${failedEarlier} more in earlier invocations of this sweep, named in their logs)`
      : '';
  if (first && more.length === 0 && failedEarlier === 0) throw first;
  if (first) {
    const named = failures.slice(0, NAMED_FAILURES).map((failure) => failure.message);
    const rest = failures.length - named.length;
    throw new ResourceFailuresError(
      failures,
      `${failures.length} resources could not be evaluated or reported by ${rule.id}${earlier}: ${named.join('; ')}${
        rest > 0 ? `; and ${rest} more, named in the logs` : ''
      }`,
    );
  }
  if (failedEarlier > 0) {
    throw new Error(
      `${failedEarlier} resources could not be evaluated by ${rule.id} in earlier invocations of this sweep, named in their logs`,
    );
  }
}

/**
 * Evaluates one Config rule event and reports the verdicts. Throws (after reporting whatever
 * could be evaluated) when the event is malformed, parameters are invalid, an AWS call fails or
 * a rule fails on a resource: an error is never turned into a verdict. A periodic sweep that
 * runs short of time (options.limits) continues in a follow-up invocation.
 */
export async function evaluateRuleEvent(
  raw: unknown,
  deps: EvaluatorDeps,
  options: InvocationOptions = {},
): Promise<RunSummary> {
  return evaluateRaw(raw, deps, options);
}

/** Resumes a periodic sweep another invocation handed off (lib/config/sweep.ts). */
export async function resumeSweep(
  continuation: SweepContinuation,
  deps: EvaluatorDeps,
  options: InvocationOptions = {},
): Promise<RunSummary> {
  return evaluateRaw(continuation.event, deps, options, continuation);
}

async function evaluateRaw(
  raw: unknown,
  deps: EvaluatorDeps,
  options: InvocationOptions,
  resumed?: SweepContinuation,
): Promise<RunSummary> {
  const event = parseRuleEvent(raw);
  if (resumed && event.kind !== 'scheduled') {
    throw new InvalidEventError(
      `a sweep continuation must carry a ScheduledNotification event, not ${event.kind}`,
    );
  }
  const rule = await deps.findRule(event.configRuleName);
  if (!rule) throw new UnknownRuleError(`no ppguard rule matches Config rule ${event.configRuleName}`);
  const params = parseRuleParameters(rule, event.ruleParameters);
  const run = new Invocation(rule, params, event, deps);
  try {
    return event.kind === 'scheduled'
      ? await sweep(run, raw as Record<string, unknown>, options.limits, resumed)
      : await evaluateChangeEvent(run, event);
  } catch (error) {
    // SDK errors do not say which call failed; the message gains the rule and the call.
    throw inCallContext(error, rule.id);
  }
}

async function evaluateChangeEvent(
  run: Invocation,
  event: Exclude<RuleEvent, { kind: 'scheduled' }>,
): Promise<RunSummary> {
  const { rule, deps } = run;
  const summaryOnly =
    event.kind === 'oversized' &&
    (event.eventLeftScope || !isEvaluable(event.summary.configurationItemStatus));
  const item: EventConfigurationItem =
    event.kind === 'change'
      ? event.configurationItem
      : summaryOnly
        ? { ...event.summary }
        : await (await import('./history')).fetchConfigurationItem(deps.config, event.summary);
  const outcome = await evaluateChange(run, item);
  logOutcome(deps.log, rule, outcome);
  const failures: Error[] = [...outcome.failures];
  let putCalls = 0;
  try {
    putCalls = await report(deps, event, outcome.evaluations, new Date(item.configurationItemCaptureTime));
  } catch (error) {
    if (!isRejection(error)) throw error;
    failures.push(error);
  }
  throwFailures(rule, failures);
  return {
    rule: rule.id,
    kind: event.kind,
    evaluations: outcome.evaluations.length,
    putCalls,
    undiscovered: outcome.undiscovered,
  };
}

/**
 * Every resource of the rule, reported in chunks in sweep order; with limits, the sweep hands the
 * rest to a follow-up invocation when another chunk might not fit in the time left.
 */
async function sweep(
  run: Invocation,
  raw: Record<string, unknown>,
  limits: SweepLimits | undefined,
  resumed: SweepContinuation | undefined,
): Promise<RunSummary> {
  const { rule, event, deps } = run;
  const { resources, undiscovered } = await run.targets();
  const pending = remainingInOrder(resources, resumed?.after);
  await run.prefetchNetworks(pending);
  logUndiscovered(deps.log, rule, undiscovered);
  const orderingTimestamp = new Date(event.notificationCreationTime);
  const failures: Error[] = [];
  let evaluations = 0;
  let putCalls = 0;
  let slowestChunkMs = 0;
  const summary = (): RunSummary => ({
    rule: rule.id,
    kind: event.kind,
    evaluations,
    putCalls,
    undiscovered,
  });

  for (let start = 0; start < pending.length; start += SWEEP_CHUNK) {
    const began = Date.now();
    const chunk = pending.slice(start, start + SWEEP_CHUNK);
    const outcome = await run.evaluate(chunk);
    logOutcome(deps.log, rule, outcome);
    failures.push(...outcome.failures);
    try {
      putCalls += await report(deps, event, outcome.evaluations, orderingTimestamp);
    } catch (error) {
      // Config rejecting some evaluations must not keep the later chunks from it.
      if (!isRejection(error)) throw error;
      deps.log.error(error.message, { rule: rule.id });
      failures.push(error);
      putCalls += Math.ceil(outcome.evaluations.length / MAX_EVALUATIONS_PER_CALL);
    }
    evaluations += outcome.evaluations.length;
    slowestChunkMs = Math.max(slowestChunkMs, Date.now() - began);

    const remaining = pending.length - start - chunk.length;
    const last = chunk[chunk.length - 1];
    if (remaining > 0 && last && limits && !timeForAnotherChunk(limits, slowestChunkMs)) {
      const hop = (resumed?.hop ?? 0) + 1;
      await limits.handOff({
        type: CONTINUATION_TYPE,
        version: 1,
        event: raw,
        after: sweepKey(last),
        hop,
        reported: (resumed?.reported ?? 0) + evaluations,
        failedEarlier: (resumed?.failedEarlier ?? 0) + failures.length,
      });
      const continuedAfter = { resourceType: last.resourceType, resourceId: last.resourceId, hop, remaining };
      // The failures are named above and counted in the continuation: the sweep's last
      // invocation fails for them. Failing this one would make the queue repeat the hand-off.
      deps.log.warn('periodic sweep continues in a follow-up invocation', {
        rule: rule.id,
        ...continuedAfter,
        reported: evaluations,
        failed: failures.length,
      });
      return { ...summary(), continuedAfter };
    }
  }
  // Each hop re-lists: the last one names what could not be read in the freshest listing.
  const unreadable = await run.readFailures();
  logFailures(deps.log, rule, unreadable);
  throwFailures(rule, [...failures, ...unreadable], resumed?.failedEarlier ?? 0);
  return summary();
}
