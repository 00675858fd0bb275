import type { Resource, ResourceType } from '../resources/model';
import type { ParamSchema, ParamValues } from './params';

export type Compliance = 'COMPLIANT' | 'NON_COMPLIANT' | 'NOT_APPLICABLE';

/** A NON_COMPLIANT verdict always names its cause; the others may explain themselves. */
export type Verdict =
  | { compliance: 'NON_COMPLIANT'; annotation: string }
  | { compliance: 'COMPLIANT' | 'NOT_APPLICABLE'; annotation?: string };

export type Severity = 'critical' | 'high' | 'medium' | 'low';

/** Who may be granted access. The resource's own account is always in `accounts`. */
export interface Trust {
  accounts: ReadonlySet<string>;
  orgIds: ReadonlySet<string>;
}

export interface RuleContext {
  /** The account being evaluated (the resource's own account). */
  accountId: string;
  region: string;
  trust: Trust;
  now: Date;
}

export interface Rule<S extends ParamSchema = ParamSchema, R extends Resource = Resource> {
  /** Stable id; equals the rule's file name. Appears in Config rule names, alerts and reports. */
  id: string;
  title: string;
  severity: Severity;
  resourceTypes: readonly R['resourceType'][];
  rationale: string;
  remediation: string;
  /** Rule-specific parameters; the common ones (trust, exemptions) are added by the engine. */
  parameters: S;
  /** IAM read actions the rule's inputs need beyond AWS Config itself (deploy-time least privilege). */
  permissions: readonly string[];
  // Method syntax on purpose: a rule over one resource type is usable where any rule is expected.
  evaluate(resource: R, context: RuleContext, params: ParamValues<S>): Verdict;
}

export type AnyRule = Rule<ParamSchema, Resource>;

export function defineRule<S extends ParamSchema, T extends ResourceType>(
  rule: Rule<S, Extract<Resource, { resourceType: T }>> & { resourceTypes: readonly T[] },
): Rule<S, Extract<Resource, { resourceType: T }>> {
  return rule;
}

export const nonCompliant = (annotation: string): Verdict => ({ compliance: 'NON_COMPLIANT', annotation });
export const compliant = (annotation?: string): Verdict =>
  annotation === undefined ? { compliance: 'COMPLIANT' } : { compliance: 'COMPLIANT', annotation };
export const notApplicable = (annotation?: string): Verdict =>
  annotation === undefined ? { compliance: 'NOT_APPLICABLE' } : { compliance: 'NOT_APPLICABLE', annotation };

export function isResourceType(value: string): value is ResourceType {
  return (['AWS::CodeBuild::Project', 'AWS::ECR::Repository', 'AWS::EC2::VPCEndpoint'] as string[]).includes(
    value,
  );
}
