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
  /**
   * The VPC and VPC endpoint ids the resource's account owns in the resource's Region, for rules
   * that declare `ownNetworks`; empty otherwise (no network id is trusted).
   */
  networkIds: ReadonlySet<string>;
}

/** What every rule is given, whatever it needs. */
export interface BaseContext {
  /** The account being evaluated (the resource's own account). */
  accountId: string;
  region: string;
  trust: Trust;
  now: Date;
}

/** The context value of each input a rule can declare in `needs` (lib/engine/input-catalog.ts). */
export interface InputValues {
  /** Facts of the VPCs named by the rule's networkOf(), loaded once per invocation. */
  network: NetworkFacts;
  /** Every CodeBuild project of the account and region. */
  codeBuildProjects: readonly CodeBuildProject[];
  /** The registry's image scanning configuration. */
  ecrRegistryScanning: EcrRegistryScanning;
}

/**
 * The inputs a rule can declare; projectVisibility fills in the resources, ownNetworks the trust
 * (Trust.networkIds), not the context.
 */
export type InputName = keyof InputValues | 'projectVisibility' | 'ownNetworks';

/**
 * What evaluate() reads: the base context and exactly the inputs the rule declares in `needs`, so
 * the compiler stops a rule reading an input it did not declare, and the engine (which loads every
 * declared input, lib/engine/inputs.ts) leaves none of them absent.
 */
export type RuleContext<N extends InputName = never> = BaseContext & {
  [K in Extract<N, keyof InputValues>]: InputValues[K];
};

/**
 * What networkOf() may read besides the resource: the inputs the pipeline loads before network
 * facts, those the rule declares (every project, for needs: codeBuildProjects).
 */
export type NetworkOfInputs<N extends InputName = never> = {
  [K in Extract<N, 'codeBuildProjects'>]: InputValues[K];
};

/** Config resource types whose changes can break resources of another type (cross-resource rules). */
export type TriggerResourceType =
  | 'AWS::EC2::RouteTable'
  | 'AWS::EC2::Subnet'
  | 'AWS::EC2::VPCEndpoint'
  | 'AWS::EC2::SecurityGroup'
  | 'AWS::EC2::VPC';

export interface Rule<
  S extends ParamSchema = ParamSchema,
  R extends Resource = Resource,
  N extends InputName = InputName,
> {
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
  /**
   * IAM actions the rule needs beyond what its types and inputs call, which permissionsOf()
   * (lib/engine/permissions.ts) derives from the catalogs. Omitted: none.
   */
  extraPermissions?: readonly string[];
  /** Inputs the pipeline loads before evaluate() runs; `network` goes with networkOf(). */
  needs?: readonly N[];
  /** Changes of these types re-evaluate every resource of this rule in the changed VPC. */
  triggeredBy?: readonly TriggerResourceType[];
  /**
   * The VPC(s) whose facts evaluate() reads from context.network (undefined: none needed); several
   * when the resource is used from several VPCs (a repository cloned by projects in many VPCs).
   */
  networkOf?(resource: R, inputs: NetworkOfInputs<N>): string | readonly string[] | undefined;
  // Method syntax on purpose: a rule over one resource type is usable where any rule is expected.
  evaluate(resource: R, context: RuleContext<N>, params: ParamValues<S>): Verdict;
}

export type AnyRule = Rule<ParamSchema, Resource, InputName>;

/** A rule over types T with inputs N; N is what its `needs` lists, nothing when it lists none. */
export function defineRule<S extends ParamSchema, T extends ResourceType, N extends InputName = never>(
  rule: Rule<S, Extract<Resource, { resourceType: T }>, N> & { resourceTypes: readonly T[] },
): Rule<S, Extract<Resource, { resourceType: T }>, N> {
  return rule;
}

export const nonCompliant = (annotation: string): Verdict => ({ compliance: 'NON_COMPLIANT', annotation });
export const compliant = (annotation?: string): Verdict =>
  annotation === undefined ? { compliance: 'COMPLIANT' } : { compliance: 'COMPLIANT', annotation };
export const notApplicable = (annotation?: string): Verdict =>
  annotation === undefined ? { compliance: 'NOT_APPLICABLE' } : { compliance: 'NOT_APPLICABLE', annotation };

/** Finds the rule a deployed Config rule runs; Lambda loads it lazily (rules/load.ts). */
export type RuleLookup = (configRuleName: string) => AnyRule | undefined | Promise<AnyRule | undefined>;
