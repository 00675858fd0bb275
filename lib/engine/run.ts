import type { Resource } from '../resources/model';
import { CUT_MARK, cutName, cutToLimit, keepCause, MAX_ANNOTATION, namingProject } from './annotation';
import { type ExemptionState, exemptionNote, exemptionOf } from './exemptions';
import {
  COMMON_PARAMETERS,
  type CommonParams,
  type ParamSchema,
  type ParamValues,
  parseParameters,
} from './params';
import type { AnyRule, BaseContext, Compliance, InputName, Rule, RuleContext, Trust } from './rule';
import type { Suppressions } from './suppressions';

/** One verdict about one resource, ready for AWS Config, the CLI or a test. */
export interface Evaluation {
  ruleId: string;
  resourceType: string;
  resourceId: string;
  resourceName: string;
  compliance: Compliance;
  annotation?: string;
  /** True when an exemption (tag or suppression file entry) made the resource NOT_APPLICABLE. */
  exempt?: boolean;
  /** An exemption found for the resource, applied or not, and why (absent: none found). */
  exemption?: ExemptionState;
}

export class RuleEvaluationError extends Error {
  override name = 'RuleEvaluationError';
  constructor(
    readonly ruleId: string,
    readonly resourceId: string,
    cause: unknown,
  ) {
    super(
      `rule ${ruleId} failed on resource ${resourceId}: ${cause instanceof Error ? cause.message : String(cause)}`,
      {
        cause,
      },
    );
  }
}

export interface RuleParameters {
  common: CommonParams;
  own: ParamValues<ParamSchema>;
}

/** Validates a rule's raw parameters (common ones included) in one pass, so unknown names are caught. */
export function parseRuleParameters(rule: AnyRule, raw: Record<string, unknown>): RuleParameters {
  const all = parseParameters({ ...COMMON_PARAMETERS, ...rule.parameters }, raw) as Record<string, unknown>;
  const common = Object.fromEntries(Object.keys(COMMON_PARAMETERS).map((k) => [k, all[k]])) as CommonParams;
  const own = Object.fromEntries(
    Object.keys(rule.parameters).map((k) => [k, all[k]]),
  ) as ParamValues<ParamSchema>;
  return { common, own };
}

/**
 * The trust of a resource in `accountId`. `networkIds` are the VPC and endpoint ids that account
 * owns in the resource's Region (the ownNetworks input); none by default, so an aws:SourceVpc or
 * aws:SourceVpce pin is never trusted on an id nobody checked.
 */
export function trustFor(
  accountId: string,
  common: CommonParams,
  networkIds: ReadonlySet<string> = new Set(),
): Trust {
  return {
    accounts: new Set([accountId, ...common.trustedAccounts]),
    orgIds: new Set(common.trustedOrgIds),
    networkIds,
  };
}

export function contextFor(
  accountId: string,
  region: string,
  common: CommonParams,
  now: Date,
  networkIds?: ReadonlySet<string>,
): BaseContext {
  return { accountId, region, trust: trustFor(accountId, common, networkIds), now };
}

function describe(rule: AnyRule, resource: Resource) {
  return {
    ruleId: rule.id,
    resourceType: resource.resourceType,
    resourceId: resource.resourceId,
    resourceName: resource.resourceName,
  };
}

/**
 * The exemption of a resource under a rule, from its tags or from the suppression file: one
 * decision for both kinds. An applied one wins (the tag first); otherwise the one that was found
 * but refused (the tag first), so a report says why the resource was evaluated after all.
 */
export function exemptionFor(
  rule: AnyRule,
  resource: Resource,
  context: Pick<BaseContext, 'accountId' | 'region' | 'now'>,
  common: Pick<CommonParams, 'exemptTagKey' | 'exemptMaxDays'>,
  suppressions?: Suppressions,
): ExemptionState | undefined {
  const tag = exemptionOf(resource.tags, common.exemptTagKey, context.now, common.exemptMaxDays);
  if (tag.exempt)
    return { source: 'tag', applied: true, reason: tag.reason, ...(tag.until ? { until: tag.until } : {}) };
  const tagState: ExemptionState | undefined =
    tag.why === undefined
      ? undefined
      : {
          source: 'tag',
          applied: false,
          why: tag.why,
          ...(Object.hasOwn(resource.tags, `${common.exemptTagKey}-until`)
            ? { until: resource.tags[`${common.exemptTagKey}-until`] ?? '' }
            : {}),
        };
  const match = suppressions?.match(
    {
      rule: rule.id,
      names: [resource.resourceId, resource.resourceName, resource.arn ?? ''],
      account: resource.accountId || context.accountId,
      region: resource.region || context.region,
    },
    context.now,
    common.exemptMaxDays,
  );
  if (match === undefined) return tagState;
  const { entry } = match;
  const fileState: ExemptionState = {
    source: 'file',
    applied: match.applied,
    ...(match.applied ? {} : { why: match.why }),
    reason: entry.reason,
    owner: entry.owner,
    until: entry.expires,
    entry: entry.index,
  };
  return match.applied ? fileState : (tagState ?? fileState);
}

/** `suppressed: <reason> (<owner>, until <date>)` within the annotation limit, the reason cut first. */
function suppressedAnnotation(state: ExemptionState): string {
  return keepCause(
    'suppressed: ',
    state.reason ?? '',
    ` (${cutName(state.owner ?? '')}, until ${state.until ?? ''})`,
  );
}

/** A NON_COMPLIANT annotation with why an exemption did not apply, the suffix kept whole. */
function withNote(annotation: string, state: ExemptionState): string {
  const suffix = ` (${exemptionNote(state)})`;
  if (annotation.length + suffix.length <= MAX_ANNOTATION) return `${annotation}${suffix}`;
  return `${cutToLimit(annotation, Math.max(CUT_MARK.length, MAX_ANNOTATION - suffix.length))}${suffix}`;
}

/**
 * Evaluates one resource: exemption first, then the rule. Anything that throws on the resource
 * (the rule, or reading its exemption tags), typed or not (a RangeError from data nested too
 * deep), is reported as a RuleEvaluationError naming rule and resource, never turned into a verdict.
 */
export function evaluateResource<N extends InputName>(
  rule: Rule<ParamSchema, Resource, N>,
  resource: Resource,
  context: RuleContext<N>,
  params: RuleParameters,
  suppressions?: Suppressions,
): Evaluation {
  let verdict: ReturnType<AnyRule['evaluate']>;
  let exemption: ExemptionState | undefined;
  try {
    // Absent is not empty: a field completion did not fill in is never judged as a default.
    if (resource.unrecorded !== undefined && Object.keys(resource.unrecorded).length > 0) {
      const keys = Object.values(resource.unrecorded).map((field) => field.key);
      throw new Error(`${keys.join(', ')} not recorded and not read from the service API`);
    }
    exemption = exemptionFor(rule as AnyRule, resource, context, params.common, suppressions);
    if (exemption?.applied) {
      return {
        ...describe(rule, resource),
        compliance: 'NOT_APPLICABLE',
        annotation:
          annotationOf(
            resource,
            exemption.source === 'tag'
              ? `exempt: ${exemption.reason ?? ''}`
              : suppressedAnnotation(exemption),
          ) ?? '',
        exempt: true,
        exemption,
      };
    }
    verdict = rule.evaluate(resource, context, params.own);
  } catch (error) {
    throw new RuleEvaluationError(rule.id, resource.resourceId, error);
  }
  const evaluation: Evaluation = { ...describe(rule, resource), compliance: verdict.compliance };
  // The project's name first, then the exemption note, which keeps its place at the end.
  const named = annotationOf(resource, verdict.annotation);
  const annotation =
    verdict.compliance === 'NON_COMPLIANT' && exemption !== undefined
      ? withNote(named ?? '', exemption)
      : named;
  if (annotation !== undefined && annotation !== '') evaluation.annotation = annotation;
  if (exemption !== undefined) evaluation.exemption = exemption;
  return evaluation;
}

/**
 * Config reports a CodeBuild project under its UUID, so the engine makes every verdict reported
 * under an id other than the project's name name it. The CLI reports under the name: no prefix.
 */
function annotationOf(resource: Resource, annotation: string | undefined): string | undefined {
  return resource.resourceType === 'AWS::CodeBuild::Project' && resource.resourceId !== resource.name
    ? namingProject(resource.name, annotation)
    : annotation;
}
