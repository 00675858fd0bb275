/**
 * `ppguard doctor`, the decisions: from what AWS Config and SNS report (API response shapes, as
 * gathered by doctor-aws.ts), what is healthy and what to fix. Pure, so every decision is unit
 * tested with realistic responses, including those of APIs the emulator lacks.
 *
 * Per Region:
 *  - a configuration recorder exists and is recording; its last recording did not fail;
 *  - it records every type the chosen rules evaluate or are re-evaluated by (allSupported, the
 *    inclusion list, or all but the exclusion list). CodeCommit repositories are never recorded:
 *    their rule runs periodically (info, not a fault). ECR Public repositories are recorded in
 *    us-east-1 only. Types recorded daily are a warning: changes reach the rules a day late;
 *  - each chosen rule is deployed as `<prefix>-<rule id>`, ACTIVE (or EVALUATING), and evaluating:
 *    it has run successfully, its last invocation and evaluation did not fail, and its last
 *    success is no older than twice its periodic frequency.
 * For the alert topic (--topic-arn): at least one confirmed subscription; pending confirmations
 * are named (nobody gets alerts through them).
 * A fact that could not be read is "unchecked" (exit 2), never assumed healthy.
 */
import type {
  ConfigRule,
  ConfigRuleEvaluationStatus,
  ConfigurationRecorder,
  ConfigurationRecorderStatus,
} from '@aws-sdk/client-config-service';
import type { Subscription } from '@aws-sdk/client-sns';
import type { AnyRule } from '../engine/rule';
import { descriptorOf } from '../resources/catalog';
import { describeAwsError, formatReportError, type ReportError } from './aws-errors';
import { EXIT, type ExitCode } from './io';

/** A fact read from AWS, or the error that kept it from being read. */
export type Read<T> = { ok: true; value: T } | { ok: false; error: ReportError };

/** Runs one AWS read of doctor's; a failure becomes that read's error (with the permission it lacked), not a crash. */
export async function read<T>(
  region: string,
  service: string,
  operation: string,
  call: () => Promise<T>,
): Promise<Read<T>> {
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    const described = describeAwsError(error);
    const permission =
      described.kind === 'access-denied' ? (described.permission ?? `${service}:${operation}`) : undefined;
    return {
      ok: false,
      error: {
        region,
        service,
        operation,
        ...(permission ? { permission } : {}),
        code: described.code,
        message: described.message,
      },
    };
  }
}

export interface RegionFacts {
  region: string;
  recorders: Read<ConfigurationRecorder[]>;
  recorderStatus: Read<ConfigurationRecorderStatus[]>;
  /** The Region's Config rules (every page of DescribeConfigRules). */
  configRules: Read<ConfigRule[]>;
  /** Evaluation status of the deployed ppguard rules (absent when none is deployed). */
  evaluationStatus?: Read<ConfigRuleEvaluationStatus[]>;
}

export interface TopicFacts {
  topicArn: string;
  /** undefined value: the topic does not exist. */
  subscriptions: Read<Subscription[] | undefined>;
}

export interface DoctorFacts {
  regions: RegionFacts[];
  topic?: TopicFacts;
}

export interface DoctorOptions {
  rules: readonly AnyRule[];
  prefix: string;
  now: Date;
  /** --organization: the rules are organization rules, checked by doctor-organization.ts instead. */
  organization?: boolean;
}

export type CheckStatus = 'ok' | 'fix' | 'warn' | 'info' | 'unchecked';

export interface Check {
  /** The Region, or the topic ARN for alert checks. */
  scope: string;
  status: CheckStatus;
  message: string;
  /** What to do about it. */
  fix?: string;
}

export interface Diagnosis {
  checks: Check[];
  exitCode: ExitCode;
}

const RUNNING_STATES = new Set(['ACTIVE', 'EVALUATING']);
const HOUR = 60 * 60 * 1000;
const FREQUENCY_HOURS: Record<string, number> = {
  One_Hour: 1,
  Three_Hours: 3,
  Six_Hours: 6,
  Twelve_Hours: 12,
  TwentyFour_Hours: 24,
};
/** A rule activated this recently may not have run yet. */
const FIRST_RUN_GRACE_MS = HOUR;

const iso = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');
const list = (items: readonly string[]) => items.join(', ');

/** The types a rule needs recorded: its own, and those whose changes re-evaluate it. */
function neededTypes(rule: AnyRule): string[] {
  return [...rule.resourceTypes, ...(rule.triggeredBy ?? [])];
}

/** Which of `types` a recorder records, per its recording group. */
function recordedBy(recorder: ConfigurationRecorder, types: readonly string[]): Set<string> {
  const group = recorder.recordingGroup;
  const strategy = group?.recordingStrategy?.useOnly;
  if (strategy === 'ALL_SUPPORTED_RESOURCE_TYPES' || (strategy === undefined && group?.allSupported)) {
    return new Set(types);
  }
  if (strategy === 'EXCLUSION_BY_RESOURCE_TYPES') {
    const excluded = new Set<string>(group?.exclusionByResourceTypes?.resourceTypes ?? []);
    return new Set(types.filter((type) => !excluded.has(type)));
  }
  const included = new Set<string>(group?.resourceTypes ?? []);
  return new Set(types.filter((type) => included.has(type)));
}

/** The recording frequency of a type under a recorder (CONTINUOUS unless set or overridden). */
function frequencyOf(recorder: ConfigurationRecorder, type: string): string {
  const mode = recorder.recordingMode;
  const override = mode?.recordingModeOverrides?.find((o) =>
    (o.resourceTypes as string[] | undefined)?.includes(type),
  );
  return override?.recordingFrequency ?? mode?.recordingFrequency ?? 'CONTINUOUS';
}

function unchecked(scope: string, error: ReportError): Check {
  return { scope, status: 'unchecked', message: `could not check: ${formatReportError(error)}` };
}

function recordingChecks(facts: RegionFacts, rules: readonly AnyRule[]): Check[] {
  const scope = facts.region;
  if (!facts.recorders.ok) return [unchecked(scope, facts.recorders.error)];
  if (!facts.recorderStatus.ok) return [unchecked(scope, facts.recorderStatus.error)];
  const checks: Check[] = [];

  const needed = new Map<string, string[]>();
  for (const rule of rules) {
    for (const type of neededTypes(rule)) needed.set(type, [...(needed.get(type) ?? []), rule.id]);
  }
  for (const [type, ids] of needed) {
    // What Config records of the type is in its catalog descriptor (lib/resources/catalog.ts).
    const config = descriptorOf(type)?.config;
    if (config?.recorded === 'never') {
      checks.push({
        scope,
        status: 'info',
        message: `AWS Config never records ${type}: ${list(ids)} ${ids.length === 1 ? 'is' : 'are'} evaluated by the periodic run, which lists them itself`,
      });
      needed.delete(type);
    } else if (config?.recorded === 'one-region' && facts.region !== config.region) {
      checks.push({
        scope,
        status: 'info',
        message: `AWS Config records ${type} in ${config.region} only: ${list(ids)} ${ids.length === 1 ? 'reports' : 'report'} them from ${config.region}`,
      });
      needed.delete(type);
    }
  }
  const types = [...needed.keys()];

  const recorders = facts.recorders.value;
  if (recorders.length === 0) {
    checks.push({
      scope,
      status: 'fix',
      message: `AWS Config has no configuration recorder in ${scope}: no rule is triggered by changes and CodeBuild projects have no Config id to report under`,
      fix: 'set up AWS Config recording in this Region (console: AWS Config > Get started, recording all resource types), or aws configservice put-configuration-recorder, put-delivery-channel and start-configuration-recorder',
    });
    return checks;
  }
  const status = new Map(facts.recorderStatus.value.map((s) => [s.name ?? '', s]));
  const recording = recorders.filter((r) => status.get(r.name ?? '')?.recording === true);
  for (const recorder of recorders) {
    const name = recorder.name ?? '(unnamed)';
    const state = status.get(recorder.name ?? '');
    if (state?.recording !== true) {
      checks.push({
        scope,
        status: 'fix',
        message: `configuration recorder ${name} is not recording`,
        fix: `aws configservice start-configuration-recorder --configuration-recorder-name ${name} --region ${scope}`,
      });
    } else if (state.lastStatus?.toUpperCase() === 'FAILURE') {
      checks.push({
        scope,
        status: 'warn',
        message: `configuration recorder ${name}'s last recording failed: ${state.lastErrorCode ?? 'error'}: ${state.lastErrorMessage ?? 'no message'}`,
        fix: 'check the recorder role and the delivery channel (S3 bucket policy, KMS key)',
      });
    }
  }
  if (recording.length === 0) return checks;

  const recorded = new Set<string>();
  const daily = new Set<string>();
  for (const recorder of recording) {
    for (const type of recordedBy(recorder, types)) {
      recorded.add(type);
      if (frequencyOf(recorder, type) === 'DAILY') daily.add(type);
    }
  }
  // A type recorded continuously by one recorder is not late because another records it daily.
  for (const recorder of recording) {
    for (const type of recordedBy(recorder, types))
      if (frequencyOf(recorder, type) !== 'DAILY') daily.delete(type);
  }
  const missing = types.filter((type) => !recorded.has(type));
  if (missing.length > 0) {
    const affected = [...new Set(missing.flatMap((type) => needed.get(type) ?? []))];
    const codeBuild = missing.includes('AWS::CodeBuild::Project')
      ? ' AWS Config has no id for unrecorded CodeBuild projects, so their rules report nothing.'
      : '';
    checks.push({
      scope,
      status: 'fix',
      message: `AWS Config does not record ${list(missing)}: changes to them do not trigger ${list(affected)}.${codeBuild}`,
      fix: 'add these types to the recorder (console: AWS Config > Settings > Recording strategy), or record all supported resource types',
    });
  } else {
    checks.push({
      scope,
      status: 'ok',
      message: `AWS Config is recording every type the rules need (${types.length} types, recorder ${list(recording.map((r) => r.name ?? '(unnamed)'))})`,
    });
  }
  const late = types.filter((type) => daily.has(type));
  if (late.length > 0) {
    checks.push({
      scope,
      status: 'warn',
      message: `AWS Config records ${list(late)} daily: changes reach the rules up to a day late`,
      fix: 'record these types continuously (recording mode override CONTINUOUS)',
    });
  }
  return checks;
}

function evaluationChecks(
  scope: string,
  name: string,
  rule: ConfigRule,
  status: ConfigRuleEvaluationStatus | undefined,
  now: Date,
): Check[] {
  const lastOk = status?.LastSuccessfulInvocationTime;
  const lastFail = status?.LastFailedInvocationTime;
  const logs =
    'see the evaluate function\'s logs in CloudWatch Logs, and "ppguard scan" for the same rules from here';
  if (lastFail && (!lastOk || lastFail.getTime() > lastOk.getTime())) {
    return [
      {
        scope,
        status: 'fix',
        message: `${name}: last invocation failed at ${iso(lastFail)}: ${status?.LastErrorCode ?? 'error'}: ${status?.LastErrorMessage ?? 'no message'}`,
        fix: logs,
      },
    ];
  }
  const evalOk = status?.LastSuccessfulEvaluationTime;
  const evalFail = status?.LastFailedEvaluationTime;
  if (evalFail && (!evalOk || evalFail.getTime() > evalOk.getTime())) {
    return [
      {
        scope,
        status: 'fix',
        message: `${name}: last evaluation failed at ${iso(evalFail)}${status?.LastErrorCode ? `: ${status.LastErrorCode}: ${status.LastErrorMessage ?? ''}`.trimEnd() : ''}`,
        fix: logs,
      },
    ];
  }
  if (!lastOk) {
    const activated = status?.FirstActivatedTime;
    if (activated && now.getTime() - activated.getTime() < FIRST_RUN_GRACE_MS) {
      return [{ scope, status: 'warn', message: `${name}: activated at ${iso(activated)}, has not run yet` }];
    }
    return [
      {
        scope,
        status: 'fix',
        message: `${name}: has never run successfully${activated ? ` since it was activated at ${iso(activated)}` : ''}`,
        fix: `check that AWS Config may invoke the evaluate function (its resource policy), then aws configservice start-config-rules-evaluation --config-rule-names ${name}`,
      },
    ];
  }
  const hours = FREQUENCY_HOURS[rule.MaximumExecutionFrequency ?? 'TwentyFour_Hours'] ?? 24;
  if (now.getTime() - lastOk.getTime() > 2 * hours * HOUR) {
    return [
      {
        scope,
        status: 'warn',
        message: `${name}: last ran successfully at ${iso(lastOk)}, more than ${2 * hours} hours ago (periodic frequency ${rule.MaximumExecutionFrequency ?? 'TwentyFour_Hours'})`,
        fix: `aws configservice start-config-rules-evaluation --config-rule-names ${name}`,
      },
    ];
  }
  return [];
}

function ruleChecks(facts: RegionFacts, options: DoctorOptions): Check[] {
  const scope = facts.region;
  if (!facts.configRules.ok) return [unchecked(scope, facts.configRules.error)];
  const deployed = new Map(facts.configRules.value.map((r) => [r.ConfigRuleName ?? '', r]));
  const expected = options.rules.map((rule) => `${options.prefix}-${rule.id}`);
  const present = expected.filter((name) => deployed.has(name));
  const missing = expected.filter((name) => !deployed.has(name));
  const checks: Check[] = [];
  if (present.length === 0) {
    return [
      {
        scope,
        status: 'fix',
        message: `no ppguard Config rule is deployed in ${scope} (looked for ${options.prefix}-<rule id>)`,
        fix: 'deploy ppguard in this account and Region (see README "Deploy"), or pass the --prefix it was deployed with',
      },
    ];
  }
  if (missing.length > 0) {
    checks.push({
      scope,
      status: 'fix',
      message: `${missing.length} of ${expected.length} ppguard Config rules are not deployed: ${list(missing)}`,
      fix: 'redeploy with these rules enabled (deployment parameter enabledRules), or leave them out with --rules',
    });
  }
  const stopped = present.filter(
    (name) => !RUNNING_STATES.has(deployed.get(name)?.ConfigRuleState ?? 'ACTIVE'),
  );
  for (const name of stopped) {
    checks.push({
      scope,
      status: 'fix',
      message: `${name} is ${deployed.get(name)?.ConfigRuleState}: it no longer evaluates`,
      fix: 'redeploy the stack',
    });
  }
  const running = present.filter((name) => !stopped.includes(name));
  if (running.length === 0) return checks;
  if (!facts.evaluationStatus) return checks;
  if (!facts.evaluationStatus.ok) return [...checks, unchecked(scope, facts.evaluationStatus.error)];
  const statuses = new Map(facts.evaluationStatus.value.map((s) => [s.ConfigRuleName ?? '', s]));
  const problems: Check[] = [];
  let healthy = 0;
  for (const name of running) {
    const rule = deployed.get(name);
    const found = rule ? evaluationChecks(scope, name, rule, statuses.get(name), options.now) : [];
    if (found.length === 0) healthy++;
    problems.push(...found);
  }
  if (healthy > 0) {
    checks.push({
      scope,
      status: 'ok',
      message: `${healthy} of ${expected.length} ppguard Config rules are deployed and evaluating`,
    });
  }
  return [...checks, ...problems];
}

function topicChecks(topic: TopicFacts): Check[] {
  const scope = topic.topicArn;
  if (!topic.subscriptions.ok) return [unchecked(scope, topic.subscriptions.error)];
  const subscriptions = topic.subscriptions.value;
  if (subscriptions === undefined) {
    return [
      {
        scope,
        status: 'fix',
        message: 'the alert topic does not exist',
        fix: 'pass the topic ARN from the stack outputs, or deploy ppguard with an alert email',
      },
    ];
  }
  const describe = (s: Subscription) => `${s.Protocol ?? '?'} ${s.Endpoint ?? '?'}`;
  const live = subscriptions.filter((s) => s.SubscriptionArn !== 'Deleted');
  const pending = live.filter((s) => s.SubscriptionArn === 'PendingConfirmation');
  const confirmed = live.filter((s) => s.SubscriptionArn !== 'PendingConfirmation');
  const checks: Check[] = [];
  if (confirmed.length > 0) {
    checks.push({
      scope,
      status: 'ok',
      message: `${confirmed.length} confirmed subscription${confirmed.length === 1 ? '' : 's'}: ${list(confirmed.map(describe))}`,
    });
  }
  if (pending.length > 0) {
    checks.push({
      scope,
      status: confirmed.length > 0 ? 'warn' : 'fix',
      message: `${pending.length} subscription${pending.length === 1 ? '' : 's'} pending confirmation, receiving nothing: ${list(pending.map(describe))}`,
      fix: 'open the "AWS Notification - Subscription Confirmation" email and click "Confirm subscription" (links expire after 3 days: subscribe again with aws sns subscribe)',
    });
  }
  if (live.length === 0) {
    checks.push({
      scope,
      status: 'fix',
      message: 'the alert topic has no subscriptions: compliance changes alert nobody',
      fix: `aws sns subscribe --topic-arn ${scope} --protocol email --notification-endpoint <address>, then confirm the email`,
    });
  }
  return checks;
}

export function diagnose(facts: DoctorFacts, options: DoctorOptions): Diagnosis {
  const checks: Check[] = [];
  for (const region of facts.regions) {
    checks.push(...recordingChecks(region, options.rules));
    if (!options.organization) checks.push(...ruleChecks(region, options));
  }
  if (facts.topic) checks.push(...topicChecks(facts.topic));
  else {
    checks.push({
      scope: 'alerts',
      status: 'info',
      message: "alert subscriptions not checked: pass --topic-arn <the stack's alert topic ARN>",
    });
  }
  const exitCode = checks.some((c) => c.status === 'unchecked')
    ? EXIT.error
    : checks.some((c) => c.status === 'fix')
      ? EXIT.findings
      : EXIT.ok;
  return { checks, exitCode };
}

const LABEL: Record<CheckStatus, string> = {
  ok: 'ok',
  fix: 'FIX',
  warn: 'warn',
  info: 'info',
  unchecked: 'ERROR',
};

export function renderDiagnosis(diagnosis: Diagnosis, header: string): string {
  const lines = [header];
  let scope: string | undefined;
  for (const check of diagnosis.checks) {
    if (check.scope !== scope) {
      scope = check.scope;
      lines.push('', scope);
    }
    lines.push(`  ${LABEL[check.status].padEnd(5)} ${check.message}`);
    if (check.fix) lines.push(`        fix: ${check.fix}`);
  }
  const count = (status: CheckStatus) => diagnosis.checks.filter((c) => c.status === status).length;
  const [fix, warn, errors] = [count('fix'), count('warn'), count('unchecked')];
  const verdict =
    diagnosis.exitCode === EXIT.ok
      ? `healthy${warn > 0 ? ` (${warn} warning${warn === 1 ? '' : 's'})` : ''}`
      : diagnosis.exitCode === EXIT.findings
        ? `${fix} thing${fix === 1 ? '' : 's'} to fix${warn > 0 ? `, ${warn} warning${warn === 1 ? '' : 's'}` : ''}`
        : `could not check everything (${errors} error${errors === 1 ? '' : 's'})${fix > 0 ? `; ${fix} thing${fix === 1 ? '' : 's'} to fix` : ''}`;
  lines.push('', `Result: ${verdict}`);
  return `${lines.join('\n')}\n`;
}
