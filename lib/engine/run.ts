import type { Resource } from '../resources/model';
import { namingProject } from './annotation';
import { exemptionOf } from './exemptions';
import {
  COMMON_PARAMETERS,
  type CommonParams,
  type ParamSchema,
  type ParamValues,
  parseParameters,
} from './params';
import type { AnyRule, BaseContext, Compliance, InputName, Rule, RuleContext, Trust } from './rule';

/** One verdict about one resource, ready for AWS Config, the CLI or a test. */
export interface Evaluation {
  ruleId: string;
  resourceType: string;
  resourceId: string;
  resourceName: string;
  compliance: Compliance;
  annotation?: string;
  /** True when an exemption tag made the resource NOT_APPLICABLE. */
  exempt?: boolean;
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
 * Evaluates one resource: exemption first, then the rule. Anything that throws on the resource
 * (the rule, or reading its exemption tags), typed or not (a RangeError from data nested too
 * deep), is reported as a RuleEvaluationError naming rule and resource, never turned into a verdict.
 */
export function evaluateResource<N extends InputName>(
  rule: Rule<ParamSchema, Resource, N>,
  resource: Resource,
  context: RuleContext<N>,
  params: RuleParameters,
): Evaluation {
  let verdict: ReturnType<AnyRule['evaluate']>;
  try {
    // Absent is not empty: a field completion did not fill in is never judged as a default.
    if (resource.unrecorded !== undefined && Object.keys(resource.unrecorded).length > 0) {
      const keys = Object.values(resource.unrecorded).map((field) => field.key);
      throw new Error(`${keys.join(', ')} not recorded and not read from the service API`);
    }
    const { exemptTagKey, exemptMaxDays } = params.common;
    const exemption = exemptionOf(resource.tags, exemptTagKey, context.now, exemptMaxDays);
    if (exemption.exempt) {
      return {
        ...describe(rule, resource),
        compliance: 'NOT_APPLICABLE',
        annotation: annotationOf(resource, `exempt: ${exemption.reason}`) ?? '',
        exempt: true,
      };
    }
    verdict = rule.evaluate(resource, context, params.own);
  } catch (error) {
    throw new RuleEvaluationError(rule.id, resource.resourceId, error);
  }
  const evaluation: Evaluation = { ...describe(rule, resource), compliance: verdict.compliance };
  const annotation = annotationOf(resource, verdict.annotation);
  if (annotation !== undefined && annotation !== '') evaluation.annotation = annotation;
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
