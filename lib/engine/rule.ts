import type { NetworkFacts } from '../network/model';
import type { CodeBuildProject, EcrRegistryScanning, Resource, ResourceType } from '../resources/model';
import type { ParamSchema, ParamValues } from './params';

export type Compliance = 'COMPLIANT' | 'NON_COMPLIANT' | 'NOT_APPLICABLE';

/** A NON_COMPLIANT verdict always names its cause; the others may explain themselves. */
export type Verdict =
  | { compliance: 'NON_COMPLIANT'; annotation: string }
  | { compliance: 'COMPLIANT' | 'NOT_APPLICABLE'; annotation?: string };

export type Severity = 'critical' | 'high' | 'medium' | 'low';

/** Who may be granted access. The engine puts the resource's own account in `accounts` (lib/engine/inputs.ts). */
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
  /** Facts of the VPCs named by the rule's networkOf(), loaded once per invocation. */
  network?: NetworkFacts;
  /** Every CodeBuild project of the account and region, for rules that declare needs: codeBuildProjects. */
  codeBuildProjects?: readonly CodeBuildProject[];
  /** The registry's image scanning configuration, for rules that declare needs: ecrRegistryScanning. */
  ecrRegistryScanning?: EcrRegistryScanning;
}

/** What networkOf() may read besides the resource: inputs the pipeline loads before network facts. */
export interface NetworkOfInputs {
  /** Loaded when the rule declares needs: codeBuildProjects. */
  codeBuildProjects?: readonly CodeBuildProject[];
}

/** Config resource types whose changes can break resources of another type (cross-resource rules). */
export type TriggerResourceType =
  | 'AWS::EC2::RouteTable'
  | 'AWS::EC2::Subnet'
  | 'AWS::EC2::VPCEndpoint'
  | 'AWS::EC2::VPC';

export interface Rule<S extends ParamSchema = ParamSchema, R extends Resource = Resource> {
  /** Stable id; equals the rule's file name. Appears in Config rule names, alerts and reports. */
  id: string;
  title: string;
  severity: Severity;
  resourceTypes: readonly R['resourceType'][];
  rationale: string;
  remediation: string;
  /** The AWS managed rule / Security Hub control it matches, for the docs; omitted: no equivalent. */
  equivalent?: string;
  /** Rule-specific parameters; the common ones (trust, exemptions) are added by the engine. */
  parameters: S;
  /** IAM read actions the rule's inputs need beyond AWS Config itself (deploy-time least privilege). */
  permissions: readonly string[];
  /** Inputs the pipeline must load into the context before evaluate() runs. */
  needs?: readonly ('codeBuildProjects' | 'projectVisibility' | 'ecrRegistryScanning')[];
  /** Changes of these types re-evaluate every resource of this rule in the changed VPC. */
  triggeredBy?: readonly TriggerResourceType[];
  /**
   * The VPC(s) whose facts evaluate() reads from context.network (undefined: none needed); several
   * when the resource is used from several VPCs (a repository cloned by projects in many VPCs).
   */
  networkOf?(resource: R, inputs?: NetworkOfInputs): string | readonly string[] | undefined;
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

/** Finds the rule a deployed Config rule runs; Lambda loads it lazily (rules/load.ts). */
export type RuleLookup = (configRuleName: string) => AnyRule | undefined | Promise<AnyRule | undefined>;
