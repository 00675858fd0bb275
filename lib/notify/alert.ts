/**
 * The alert: one compliance transition of one resource under one ppguard rule, as the versioned
 * JSON body (schema `ppguard.alert`, version 1) that Lambda, SQS and HTTPS subscribers receive and
 * every other rendering (subject, email text, Slack) is made from. Every string from the event is
 * cleaned (one line, well-formed) and capped, so an alert's size is bounded whatever the event
 * holds. Pure and deterministic.
 */
import type { AnyRule, Severity } from '../engine/rule';
import type { ComplianceType, Transition } from './decide';
import type { ComplianceChange } from './event';
import { clean, wellFormed } from './text';

export const ALERT_SCHEMA = 'ppguard.alert';
export const ALERT_VERSION = 1;

/** Caps in UTF-16 code units for strings taken from the event (Config's own limits where it has one). */
export const LIMITS = {
  annotation: 1024,
  resourceId: 768,
  resourceType: 256,
  configRuleName: 256,
  configRuleArn: 512,
  eventId: 256,
  account: 64,
  region: 64,
  timestamp: 64,
  title: 256,
  remediation: 2000,
} as const;

export interface Alert {
  schema: typeof ALERT_SCHEMA;
  version: typeof ALERT_VERSION;
  transition: Transition;
  rule: {
    id: string;
    title: string;
    severity: Severity;
    remediation: string;
    configRuleName: string;
    configRuleArn: string;
  };
  resource: { type: string; id: string; account: string; region: string };
  compliance: {
    previous: ComplianceType | null;
    current: ComplianceType;
    annotation: string | null;
    previousAnnotation: string | null;
  };
  /** When AWS Config recorded the new result. */
  evaluatedAt: string;
  /** The new result's ordering timestamp (when the evaluated configuration was captured). */
  orderingTimestamp: string;
  /** The EventBridge event id: the same for a redelivered event. */
  eventId: string;
  /** AWS console pages; null when the Region or partition is not one the links can be built for. */
  links: { resourceTimeline: string | null; rule: string | null };
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

const CONSOLE: Readonly<Record<string, (region: string) => string>> = {
  aws: (region) => `https://${region}.console.aws.amazon.com`,
  'aws-cn': () => 'https://console.amazonaws.cn',
  'aws-us-gov': () => 'https://console.amazonaws-us-gov.com',
};

const encode = (text: string) => encodeURIComponent(wellFormed(text));

/** The resource's Config timeline and the rule's page in the AWS console of the event's partition. */
export function consoleLinks(change: ComplianceChange): Alert['links'] {
  const host = change.partition === undefined ? undefined : CONSOLE[change.partition];
  if (!host || !REGION.test(change.region)) return { resourceTimeline: null, rule: null };
  const base = `${host(change.region)}/config/home?region=${change.region}#`;
  const type = encode(change.resourceType).replaceAll('%3A', ':');
  const timelineOk =
    change.resourceId.length <= LIMITS.resourceId && change.resourceType.length <= LIMITS.resourceType;
  return {
    resourceTimeline: timelineOk
      ? `${base}/timeline/${type}/${encode(change.resourceId)}/configuration`
      : null,
    rule:
      change.configRuleName.length <= LIMITS.configRuleName
        ? `${base}/rules/details?configRuleName=${encode(change.configRuleName)}`
        : null,
  };
}

const nullable = (text: string | undefined, max: number): string | null => {
  const cleaned = text === undefined ? '' : clean(text, max);
  return cleaned === '' ? null : cleaned;
};

export function buildAlert(change: ComplianceChange, rule: AnyRule, transition: Transition): Alert {
  return {
    schema: ALERT_SCHEMA,
    version: ALERT_VERSION,
    transition,
    rule: {
      id: rule.id,
      title: clean(rule.title, LIMITS.title),
      severity: rule.severity,
      remediation: clean(rule.remediation, LIMITS.remediation),
      configRuleName: clean(change.configRuleName, LIMITS.configRuleName),
      configRuleArn: clean(change.configRuleArn, LIMITS.configRuleArn),
    },
    resource: {
      type: clean(change.resourceType, LIMITS.resourceType),
      id: clean(change.resourceId, LIMITS.resourceId),
      account: clean(change.account, LIMITS.account),
      region: clean(change.region, LIMITS.region),
    },
    compliance: {
      previous: change.previous?.compliance ?? null,
      current: change.current.compliance,
      annotation: nullable(change.current.annotation, LIMITS.annotation),
      previousAnnotation: nullable(change.previous?.annotation, LIMITS.annotation),
    },
    evaluatedAt: clean(change.current.resultRecordedTime, LIMITS.timestamp),
    orderingTimestamp: clean(change.current.orderingTimestamp, LIMITS.timestamp),
    eventId: clean(change.eventId, LIMITS.eventId),
    links: consoleLinks(change),
  };
}

export class InvalidAlertError extends Error {
  override name = 'InvalidAlertError';
}

const TRANSITIONS: readonly string[] = ['violation', 'resolved', 'changed'];
const SEVERITIES: readonly string[] = ['critical', 'high', 'medium', 'low'];
const COMPLIANCE: readonly string[] = ['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE', 'INSUFFICIENT_DATA'];

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function check(
  object: Json,
  where: string,
  fields: Record<string, 'string' | 'string?' | readonly string[]>,
) {
  for (const [key, kind] of Object.entries(fields)) {
    const value = object[key];
    const ok =
      kind === 'string'
        ? typeof value === 'string'
        : kind === 'string?'
          ? typeof value === 'string' || value === null
          : typeof value === 'string' && kind.includes(value);
    if (!ok) throw new InvalidAlertError(`${where}.${key} is not a valid value`);
  }
}

function section(object: Json, key: string): Json {
  const value = object[key];
  if (!isObject(value)) throw new InvalidAlertError(`alert.${key} must be an object`);
  return value;
}

/** A value for an error message: JSON, at most 64 characters (a body may hold anything). */
const brief = (value: unknown): string => {
  const json = JSON.stringify(value) ?? 'undefined';
  return json.length > 64 ? `${json.slice(0, 63)}…` : json;
};

/** Reads an alert body (the SNS message a Lambda subscriber receives); other schemas or versions are refused. */
export function parseAlert(text: string): Alert {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new InvalidAlertError('the message is not JSON');
  }
  if (!isObject(raw)) throw new InvalidAlertError('the message is not a JSON object');
  if (raw.schema !== ALERT_SCHEMA || raw.version !== ALERT_VERSION) {
    throw new InvalidAlertError(
      `the message is not a ${ALERT_SCHEMA} version ${ALERT_VERSION} alert (schema ${brief(raw.schema)}, version ${brief(raw.version)})`,
    );
  }
  check(raw, 'alert', {
    transition: TRANSITIONS,
    evaluatedAt: 'string',
    orderingTimestamp: 'string',
    eventId: 'string',
  });
  check(section(raw, 'rule'), 'alert.rule', {
    id: 'string',
    title: 'string',
    severity: SEVERITIES,
    remediation: 'string',
    configRuleName: 'string',
    configRuleArn: 'string',
  });
  check(section(raw, 'resource'), 'alert.resource', {
    type: 'string',
    id: 'string',
    account: 'string',
    region: 'string',
  });
  const compliance = section(raw, 'compliance');
  check(compliance, 'alert.compliance', {
    current: COMPLIANCE,
    annotation: 'string?',
    previousAnnotation: 'string?',
  });
  if (compliance.previous !== null) check(compliance, 'alert.compliance', { previous: COMPLIANCE });
  check(section(raw, 'links'), 'alert.links', { resourceTimeline: 'string?', rule: 'string?' });
  return raw as unknown as Alert;
}
