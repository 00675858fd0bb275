/**
 * `ppguard scan`: every chosen rule over every resource the Describe APIs return, Region by
 * Region, with the inputs the Lambda pipeline gives the same rule (lib/engine/inputs.ts: one set
 * of reads per Region, shared by its rules). The account comes from STS GetCallerIdentity, asked
 * in each Region first, so an unreachable endpoint, bad credentials or a Region that does not
 * exist fail fast with one error instead of one per rule.
 *
 * Outside AWS Config there is no Config resource id: a CodeBuild project's resourceId is its name.
 */

import type { ExemptionState } from '../engine/exemptions';
import { INPUT_CATALOG, type InputDescriptor } from '../engine/input-catalog';
import { type AwsReaders, evaluateResources, type NetworkLoader, RunInputs } from '../engine/inputs';
import { NEEDS_READ_ACTIONS, READ_ACTIONS_BY_TYPE } from '../engine/permissions';
import type { AnyRule, Compliance, Severity } from '../engine/rule';
import { RuleEvaluationError, type RuleParameters } from '../engine/run';
import type { Suppressions, SuppressionUse } from '../engine/suppressions';
import { descriptorOf } from '../resources/catalog';
import { ResourceReadError } from '../resources/errors';
import type { CodeBuildProject, Resource, ResourceType } from '../resources/model';
import { describeAwsError, type ReportError } from './aws-errors';
import { type BuildPath, buildPathOf, type NeedsParams, outsideVpc } from './build-path';

/** One verdict of the report. */
export interface Finding {
  rule: string;
  resourceType: string;
  resourceId: string;
  resourceName: string;
  region: string;
  compliance: Compliance;
  /** Empty when the rule gave no explanation (COMPLIANT and NOT_APPLICABLE may). */
  annotation: string;
  /**
   * An exemption applied (tag: annotation `exempt: <reason>`; suppression file entry: annotation
   * `suppressed: <reason> (<owner>, until <date>)`): NOT_APPLICABLE.
   */
  exempt?: boolean;
  /** An exemption found for the resource, applied or not, and why (lib/engine/exemptions.ts). */
  exemption?: ExemptionState;
  /** The resource's ARN (SARIF locations); empty when unknown. */
  arn: string;
  /** The rule's catalog entry, so every format carries it without a join. */
  severity: Severity;
  title: string;
  remediation: string;
  /** When the Region's evaluation started (ISO 8601, UTC): the time the rules were given. */
  evaluatedAt: string;
}

export interface ScanResult {
  /** The account behind the credentials; null when no Region could tell (see errors). */
  account: string | null;
  regions: string[];
  findings: Finding[];
  errors: ReportError[];
  /** With ScanRequest.buildPaths: each CodeBuild project's build path (the HTML report draws them). */
  buildPaths?: BuildPath[];
  /** With --suppressions: the file and the state of each entry after the scan. */
  suppressions?: SuppressionReport;
}

export interface SuppressionReport {
  file: string;
  entries: SuppressionUse[];
}

export interface ScanStep {
  region: string;
  regionIndex: number;
  regionCount: number;
  rule: string;
  ruleIndex: number;
  ruleCount: number;
}

export interface ScanDeps {
  /** The account behind the credentials, asked in a Region (STS GetCallerIdentity). */
  callerAccount(region: string): Promise<string>;
  /** Describe-API readers of a Region. */
  readers(region: string): AwsReaders;
  now(): Date;
  onProgress?(step: ScanStep): void;
  /** After each rule in each Region: its verdicts and errors (what Ctrl-C reports as evaluated so far). */
  onRuleDone?(done: RuleDone): void;
}

export interface RuleDone {
  region: string;
  rule: string;
  findings: readonly Finding[];
  errors: readonly ReportError[];
}

export interface ScanRequest {
  regions: readonly string[];
  rules: readonly AnyRule[];
  params: ReadonlyMap<string, RuleParameters>;
  /** --suppressions: the file's entries, whose use this scan counts. */
  suppressions?: Suppressions;
  /** Also derive each CodeBuild project's build path from the Region's reads (the HTML report). */
  buildPaths?: boolean;
}

/** A failed read, labelled with what was being read, for an error that names service and permission. */
export class ReadFailure extends Error {
  override name = 'ReadFailure';
  constructor(
    readonly service: string,
    readonly reading: string,
    readonly permissions: readonly string[],
    override readonly cause: unknown,
  ) {
    super(`${reading}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** The service its catalog descriptor names; a type outside the catalog by its name's second part. */
export function serviceOfType(type: string): string {
  return descriptorOf(type)?.service ?? (type.split('::')[1] ?? type).toLowerCase();
}

async function labelled<T>(
  service: string,
  reading: string,
  permissions: readonly string[],
  read: () => Promise<T>,
): Promise<T> {
  try {
    return await read();
  } catch (error) {
    throw new ReadFailure(service, reading, permissions, error);
  }
}

/** The same readers, whose failures say what was being read (from the catalogs' descriptors). */
export function labelReaders(aws: AwsReaders): AwsReaders {
  const { ecrRegistryScanning, network } = INPUT_CATALOG;
  const label = <T>(input: InputDescriptor, read: () => Promise<T>, detail = '') =>
    labelled(input.service, `${input.reading}${detail}`, NEEDS_READ_ACTIONS[input.name] ?? [], read);
  return {
    list: (type) =>
      labelled(serviceOfType(type), `listing ${type}`, READ_ACTIONS_BY_TYPE[type] ?? [], () =>
        aws.list(type),
      ),
    describe: (type, names) =>
      labelled(
        serviceOfType(type),
        `reading what the configuration items of ${type} lacked`,
        READ_ACTIONS_BY_TYPE[type] ?? [],
        () => aws.describe(type, names),
      ),
    ecrRegistryScanning: () => label(ecrRegistryScanning, () => aws.ecrRegistryScanning()),
    networkLoader: (): NetworkLoader => {
      const loader = aws.networkLoader();
      return {
        load: (vpcIds) => {
          const ids = [...vpcIds];
          return label(network, () => loader.load(ids), ` of ${ids.join(', ')}`);
        },
      };
    },
  };
}

/** A report error for a failure while evaluating `rule` in `region`. */
export function reportErrorOf(error: unknown, region: string, rule?: string): ReportError {
  const rules = rule === undefined ? {} : { rules: [rule] };
  if (error instanceof ResourceReadError) {
    // One resource that could not be read: the others were still evaluated and reported.
    const described = describeAwsError(error.cause);
    return {
      region,
      service: serviceOfType(error.resourceType),
      ...(described.operation ? { operation: described.operation } : {}),
      ...(described.permission ? { permission: described.permission } : {}),
      code: described.code,
      message: error.message,
      resourceId: error.resourceId,
      ...rules,
    };
  }
  if (error instanceof RuleEvaluationError) {
    return {
      region,
      code: 'RuleEvaluationError',
      message: error.message,
      resourceId: error.resourceId,
      ...rules,
    };
  }
  if (error instanceof ReadFailure) {
    const described = describeAwsError(error.cause);
    const [only] = error.permissions.length === 1 ? error.permissions : [];
    const permission = described.kind === 'access-denied' ? (described.permission ?? only) : undefined;
    const needs =
      described.kind === 'access-denied' && permission === undefined && error.permissions.length > 0
        ? ` (needs ${error.permissions.join(', ')})`
        : '';
    const operation = described.operation ?? (permission ? permission.split(':')[1] : undefined);
    return {
      region,
      service: error.service,
      ...(operation ? { operation } : {}),
      ...(permission ? { permission } : {}),
      code: described.code,
      message: `${error.reading}: ${described.message}${needs}`,
      ...rules,
    };
  }
  const described = describeAwsError(error);
  return { region, code: described.code, message: described.message, ...rules };
}

/** Merges errors that differ only by rule, so one denied call is reported once with every rule it blocked. */
export function mergeErrors(errors: readonly ReportError[]): ReportError[] {
  const merged = new Map<string, ReportError>();
  for (const error of errors) {
    const key = JSON.stringify([
      error.region,
      error.service,
      error.operation,
      error.code,
      error.message,
      error.resourceId,
    ]);
    const seen = merged.get(key);
    if (!seen) {
      merged.set(key, { ...error, ...(error.rules ? { rules: [...error.rules] } : {}) });
      continue;
    }
    for (const rule of error.rules ?? []) {
      seen.rules ??= [];
      if (!seen.rules.includes(rule)) seen.rules.push(rule);
    }
  }
  return [...merged.values()];
}

/** The resources a rule reads (its own types, and every project when it needs them) that could not be read. */
async function unreadable(rule: AnyRule, inputs: RunInputs): Promise<ResourceReadError[]> {
  const types = new Set<ResourceType>(rule.resourceTypes);
  for (const need of rule.needs ?? []) for (const type of INPUT_CATALOG[need].listsTypes) types.add(type);
  const listings = await Promise.all([...types].map((type) => inputs.listing(type)));
  return listings.flatMap((listing) => listing.failures);
}

async function scanRegion(
  request: ScanRequest,
  deps: ScanDeps,
  region: string,
  regionIndex: number,
  accountId: string,
): Promise<{ findings: Finding[]; errors: ReportError[]; buildPaths: BuildPath[] }> {
  const inputs = new RunInputs(labelReaders(deps.readers(region)));
  const scope = {
    accountId,
    region,
    now: deps.now(),
    ...(request.suppressions ? { suppressions: request.suppressions } : {}),
  };
  const findings: Finding[] = [];
  const errors: ReportError[] = [];
  for (const [ruleIndex, rule] of request.rules.entries()) {
    deps.onProgress?.({
      region,
      regionIndex,
      regionCount: request.regions.length,
      rule: rule.id,
      ruleIndex,
      ruleCount: request.rules.length,
    });
    const params = request.params.get(rule.id);
    if (!params) throw new Error(`no parameters resolved for rule ${rule.id}`);
    const [firstFinding, firstError] = [findings.length, errors.length];
    try {
      const resources = await inputs.resourcesOf(rule);
      const byId = new Map<string, Resource>(resources.map((r) => [`${r.resourceType}|${r.resourceId}`, r]));
      const outcome = await evaluateResources(rule, params, resources, inputs, scope);
      for (const e of outcome.evaluations) {
        const resource = byId.get(`${e.resourceType}|${e.resourceId}`);
        findings.push({
          rule: rule.id,
          resourceType: e.resourceType,
          resourceId: e.resourceId,
          resourceName: e.resourceName,
          region: resource?.region || region,
          compliance: e.compliance,
          annotation: e.annotation ?? '',
          ...(e.exempt ? { exempt: true } : {}),
          ...(e.exemption ? { exemption: e.exemption } : {}),
          arn: resource?.arn ?? '',
          severity: rule.severity,
          title: rule.title,
          remediation: rule.remediation,
          evaluatedAt: scope.now.toISOString(),
        });
      }
      for (const failure of outcome.failures) errors.push(reportErrorOf(failure, region, rule.id));
      for (const failure of await unreadable(rule, inputs))
        errors.push(reportErrorOf(failure, region, rule.id));
    } catch (error) {
      errors.push(reportErrorOf(error, region, rule.id));
    }
    deps.onRuleDone?.({
      region,
      rule: rule.id,
      findings: findings.slice(firstFinding),
      errors: errors.slice(firstError),
    });
  }
  const paths = request.buildPaths ? await buildPathsOf(request, inputs, region, errors) : [];
  return { findings, errors, buildPaths: paths };
}

const ENDPOINTS_RULE = 'codebuild-project-vpc-endpoints';
const EGRESS_RULE = 'codebuild-project-no-internet-egress';

/**
 * The build path of every CodeBuild project of the Region, from the same reads the rules made (the
 * listing and the network loader are cached per Region). The needs follow the endpoints rule's
 * parameters and the egress routes the egress rule's allowed targets, when those rules ran; else
 * their defaults. A read that fails is a report error (merged with the rules' own), never a path.
 */
async function buildPathsOf(
  request: ScanRequest,
  inputs: RunInputs,
  region: string,
  errors: ReportError[],
): Promise<BuildPath[]> {
  const own = (id: string) => request.params.get(id)?.own as Record<string, unknown> | undefined;
  const endpointParams = own(ENDPOINTS_RULE);
  const needs: NeedsParams = {
    requireEcr: endpointParams?.requireEcr !== false,
    additionalServices: (endpointParams?.additionalServices as string[] | undefined) ?? [],
  };
  const allowed = (own(EGRESS_RULE)?.allowedEgressTargets as string[] | undefined) ?? [];
  try {
    const projects = (await inputs.list('AWS::CodeBuild::Project')) as CodeBuildProject[];
    const inVpc = projects.filter((p) => p.vpcConfig?.vpcId && p.vpcConfig.subnetIds.length > 0);
    const facts = await inputs.loadNetwork(new Set(inVpc.map((p) => p.vpcConfig?.vpcId ?? '')));
    return projects.map((project) => {
      const vpcId = project.vpcConfig?.vpcId;
      if (!vpcId || !inVpc.includes(project)) return outsideVpc(project, project.region || region);
      return buildPathOf(project, facts.vpc(vpcId), needs, allowed);
    });
  } catch (error) {
    errors.push(reportErrorOf(error, region));
    return [];
  }
}

/** Runs the scan. Never throws for AWS failures: they are in `errors` (and the exit code is 2). */
export async function runScan(request: ScanRequest, deps: ScanDeps): Promise<ScanResult> {
  let account: string | null = null;
  const findings: Finding[] = [];
  const errors: ReportError[] = [];
  const buildPaths: BuildPath[] = [];
  for (const [regionIndex, region] of request.regions.entries()) {
    let accountId: string;
    try {
      accountId = await deps.callerAccount(region);
    } catch (error) {
      const described = describeAwsError(error);
      errors.push({
        region,
        service: 'sts',
        operation: 'GetCallerIdentity',
        ...(described.kind === 'access-denied' ? { permission: 'sts:GetCallerIdentity' } : {}),
        code: described.code,
        message: `${described.message}; Region ${region} was not scanned`,
        rules: request.rules.map((rule) => rule.id),
      });
      continue;
    }
    account ??= accountId;
    const scanned = await scanRegion(request, deps, region, regionIndex, accountId);
    findings.push(...scanned.findings);
    errors.push(...scanned.errors);
    buildPaths.push(...scanned.buildPaths);
  }
  return {
    account,
    regions: [...request.regions],
    findings: sortFindings(findings, request),
    errors: mergeErrors(errors),
    ...(request.buildPaths ? { buildPaths } : {}),
  };
}

const ORDER: Record<Compliance, number> = { NON_COMPLIANT: 0, COMPLIANT: 1, NOT_APPLICABLE: 2 };

/** Registry order of rules, then Region order, then NON_COMPLIANT first, then by resource. */
export function sortFindings(
  findings: readonly Finding[],
  request: Pick<ScanRequest, 'rules' | 'regions'>,
): Finding[] {
  const ruleIndex = new Map(request.rules.map((rule, index) => [rule.id, index]));
  const regionIndex = new Map(request.regions.map((region, index) => [region, index]));
  const rank = (f: Finding) => ORDER[f.compliance] * 2 + (f.exempt ? 0 : 1);
  return [...findings].sort(
    (a, b) =>
      (ruleIndex.get(a.rule) ?? 0) - (ruleIndex.get(b.rule) ?? 0) ||
      (regionIndex.get(a.region) ?? 0) - (regionIndex.get(b.region) ?? 0) ||
      rank(a) - rank(b) ||
      a.resourceType.localeCompare(b.resourceType) ||
      a.resourceName.localeCompare(b.resourceName) ||
      a.resourceId.localeCompare(b.resourceId),
  );
}
