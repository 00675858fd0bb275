/**
 * Renders an alert for SNS (docs/aws-data.md §5): the Subject (fewer than 100 characters, one line),
 * the plain-text body for email and `default`, the JSON body for Lambda/SQS/HTTP(S) subscribers, and
 * MessageAttributes for subscription filter policies. Pure and deterministic: the same alert always
 * renders the same bytes.
 */
import type { MessageAttributeValue } from '@aws-sdk/client-sns';
import type { Alert } from './alert';
import { bmpOnly, defangLinks, fitText, oneLine } from './text';

/** SNS counts fewer than 100 characters; 99 UTF-16 code units is at most 99 characters. */
export const MAX_SUBJECT_LENGTH = 99;
/** SNS's limit is 262,144 bytes including attributes; an alert stays within half of it. */
export const MAX_PUBLISH_BYTES = 131_072;
export const MAX_ATTRIBUTE_VALUE_LENGTH = 256;

export class AlertTooLargeError extends Error {
  override name = 'AlertTooLargeError';
}

export interface SnsAlert {
  Subject: string;
  Message: string;
  MessageStructure: 'json';
  MessageAttributes: Record<string, MessageAttributeValue>;
}

const SEVERITY_LABEL = (alert: Alert) => alert.rule.severity.toUpperCase();

const defangNullable = (text: string | null) => (text === null ? null : defangLinks(text));

/**
 * The alert with every string taken from the event (resource, annotations, Config rule name and
 * ARN, event id, timestamps) defanged, so a resource name or tag value cannot put a clickable link
 * in front of a reader. The rule's id, title and remediation come from the registry where the
 * email is rendered, and the console links are built by ppguard: they stay as they are.
 */
export function defangAlert(alert: Alert): Alert {
  return {
    ...alert,
    rule: {
      ...alert.rule,
      configRuleName: defangLinks(alert.rule.configRuleName),
      configRuleArn: defangLinks(alert.rule.configRuleArn),
    },
    resource: {
      type: defangLinks(alert.resource.type),
      id: defangLinks(alert.resource.id),
      account: defangLinks(alert.resource.account),
      region: defangLinks(alert.resource.region),
    },
    compliance: {
      ...alert.compliance,
      annotation: defangNullable(alert.compliance.annotation),
      previousAnnotation: defangNullable(alert.compliance.previousAnnotation),
    },
    evaluatedAt: defangLinks(alert.evaluatedAt),
    orderingTimestamp: defangLinks(alert.orderingTimestamp),
    eventId: defangLinks(alert.eventId),
  };
}

/** The Subject; the resource id in it is defanged like the email body. */
export function renderSubject(original: Alert): string {
  const alert = defangAlert(original);
  const what = `${alert.rule.id} on ${alert.resource.id}`;
  const subject =
    alert.transition === 'violation'
      ? `[ppguard] ${SEVERITY_LABEL(alert)} violation: ${what}`
      : alert.transition === 'resolved'
        ? `[ppguard] Resolved: ${what}`
        : `[ppguard] ${SEVERITY_LABEL(alert)} cause changed: ${what}`;
  return fitText(oneLine(subject), MAX_SUBJECT_LENGTH);
}

/** The first line of every rendering: what happened, in one sentence. */
export function headline(alert: Alert): string {
  const { type, id } = alert.resource;
  switch (alert.transition) {
    case 'violation':
      return `${SEVERITY_LABEL(alert)} violation: ${type} ${id} is NON_COMPLIANT with rule ${alert.rule.id}.`;
    case 'resolved':
      return `Resolved: ${type} ${id} is ${alert.compliance.current} with rule ${alert.rule.id} (was NON_COMPLIANT).`;
    case 'changed':
      return `${SEVERITY_LABEL(alert)}: ${type} ${id} is still NON_COMPLIANT with rule ${alert.rule.id}, for a different reason.`;
  }
}

/** What a resolved alert asks of the reader. */
export function resolution(alert: Alert): string {
  return alert.compliance.current === 'NOT_APPLICABLE'
    ? 'Nothing to do: the rule no longer applies to this resource (deleted, exempted or out of scope).'
    : 'Nothing to do: the resource passes the rule again.';
}

export function footer(alert: Alert): string {
  return alert.transition === 'resolved'
    ? 'You will get a new message if it becomes NON_COMPLIANT again.'
    : 'You will get one message when this is resolved, and none while it stays NON_COMPLIANT for the same reason.';
}

const label = (name: string) => `${name}:`.padEnd(8);
const indent = ' '.repeat(8);

/**
 * The email (and `default`) body: plain text, readable at 3 a.m. Strings from the event are
 * defanged (`defangAlert`), so mail clients do not turn them into links.
 */
export function renderEmail(original: Alert): string {
  const alert = defangAlert(original);
  const { rule, resource, compliance } = alert;
  const lines = [
    headline(alert),
    '',
    `${label('What')}${rule.title}`,
    `${indent}rule ${rule.id}, severity ${rule.severity}`,
    `${label('Where')}${resource.type} ${resource.id}`,
    `${indent}account ${resource.account}, region ${resource.region}`,
  ];
  if (alert.transition === 'resolved') {
    if (compliance.annotation !== null) lines.push(`${label('Note')}${compliance.annotation}`);
  } else {
    lines.push(`${label('Why')}${compliance.annotation ?? 'AWS Config reported no annotation.'}`);
    if (alert.transition === 'changed' && compliance.previousAnnotation !== null) {
      lines.push(`${label('Before')}${compliance.previousAnnotation}`);
    }
  }
  lines.push(
    `${label('Change')}${compliance.previous ?? 'first evaluation'} -> ${compliance.current}, recorded ${alert.evaluatedAt}`,
    '',
  );
  if (alert.transition === 'resolved') lines.push(resolution(alert));
  else lines.push('How to fix:', rule.remediation);
  lines.push('');
  if (alert.links.resourceTimeline !== null) lines.push(`Resource timeline: ${alert.links.resourceTimeline}`);
  if (alert.links.rule !== null) lines.push(`Rule in AWS Config: ${alert.links.rule}`);
  if (alert.links.resourceTimeline === null && alert.links.rule === null) {
    lines.push(`No console links: region ${resource.region} is not in a known partition.`);
  }
  lines.push(
    '',
    '--',
    `ppguard alert for AWS Config rule ${rule.configRuleName}, event ${alert.eventId}.`,
    footer(alert),
    '',
  );
  return lines.join('\n');
}

/** Filterable attributes: valid names, non-empty String values without surrogate pairs or controls. */
export function renderAttributes(alert: Alert): Record<string, MessageAttributeValue> {
  const values: Record<string, string> = {
    severity: alert.rule.severity,
    rule: alert.rule.id,
    transition: alert.transition,
    compliance: alert.compliance.current,
    resourceType: alert.resource.type,
    account: alert.resource.account,
    region: alert.resource.region,
  };
  const attributes: Record<string, MessageAttributeValue> = {};
  for (const [name, value] of Object.entries(values)) {
    const text = fitText(bmpOnly(oneLine(value)), MAX_ATTRIBUTE_VALUE_LENGTH);
    attributes[name] = { DataType: 'String', StringValue: text === '' ? 'unknown' : text };
  }
  return attributes;
}

const bytes = (text: string | undefined) => Buffer.byteLength(text ?? '', 'utf8');

/** The size SNS counts: the message, the subject and every attribute's name, type and value. */
export function publishSize(message: SnsAlert): number {
  let size = bytes(message.Message) + bytes(message.Subject);
  for (const [name, value] of Object.entries(message.MessageAttributes)) {
    size += bytes(name) + bytes(value.DataType) + bytes(value.StringValue);
  }
  return size;
}

/** The Publish parameters (without TopicArn) for an alert, checked against the size budget. */
export function renderSnsAlert(alert: Alert): SnsAlert {
  const text = renderEmail(alert);
  const body = JSON.stringify(alert);
  const message: SnsAlert = {
    Subject: renderSubject(alert),
    MessageStructure: 'json',
    Message: JSON.stringify({ default: text, email: text, lambda: body, sqs: body, http: body, https: body }),
    MessageAttributes: renderAttributes(alert),
  };
  const size = publishSize(message);
  if (size > MAX_PUBLISH_BYTES) {
    // Unreachable with the caps in alert.ts (a property test renders adversarial alerts); a bug if seen.
    throw new AlertTooLargeError(
      `alert for ${alert.rule.id} renders to ${size} bytes (budget ${MAX_PUBLISH_BYTES})`,
    );
  }
  return message;
}
