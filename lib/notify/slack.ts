/**
 * Renders an alert as a Slack incoming-webhook message (Block Kit, aws-facts.md §5): a header of at
 * most 150 characters, sections of at most 3,000, at most 10 fields of at most 2,000 each, and a
 * fallback `text` for notifications. Text from the event is mrkdwn-escaped (&, <, >), so an
 * annotation cannot mention @channel or forge a link, and cuts never split an escape or a
 * character. Total block text stays far below the ~13k characters where Slack starts refusing
 * (`msg_blocks_too_long`). Pure and deterministic.
 */
import type { Alert } from './alert';
import { footer, headline, resolution } from './render';
import { fitText, oneLine } from './text';

export const SLACK_LIMITS = {
  header: 150,
  sectionText: 3000,
  field: 2000,
  fields: 10,
  blocks: 50,
  /** Our own cap for the fallback text (Slack truncates above 40,000). */
  text: 3000,
} as const;

/** Caps below Slack's limits so the whole message stays small. */
const CAPS = { headline: 1000, field: 500, why: 1500, fix: 2000, links: 2000, context: 600 } as const;

export interface TextObject {
  type: 'plain_text' | 'mrkdwn';
  text: string;
  emoji?: boolean;
}

export type Block =
  | { type: 'header'; text: TextObject }
  | { type: 'section'; text?: TextObject; fields?: TextObject[] }
  | { type: 'context'; elements: TextObject[] }
  | { type: 'divider' };

export interface SlackMessage {
  text: string;
  blocks: Block[];
}

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const escapeGrapheme = (g: string) => g.replace(/[&<>]/g, (c) => ESCAPES[c] ?? c);

/** mrkdwn-escaped and cut to `max` characters (the escaped length counts). */
export function mrkdwn(text: string, max: number): string {
  return fitText(oneLine(text), max, { transform: escapeGrapheme });
}

const md = (text: string): TextObject => ({ type: 'mrkdwn', text });

/** A field or section: bold title, a line break, then the escaped value, within `max`. */
const titled = (title: string, value: string, max: number) =>
  md(`*${title}*\n${mrkdwn(value, max - title.length - 3)}`);

const ICON = { violation: ':rotating_light:', resolved: ':white_check_mark:', changed: ':warning:' } as const;

function headerText(alert: Alert): string {
  const what =
    alert.transition === 'violation'
      ? `${alert.rule.severity.toUpperCase()} violation`
      : alert.transition === 'resolved'
        ? 'Resolved'
        : `${alert.rule.severity.toUpperCase()} cause changed`;
  return fitText(oneLine(`${ICON[alert.transition]} ${what}: ${alert.rule.id}`), SLACK_LIMITS.header);
}

function link(url: string | null, label: string): string | undefined {
  // Links are built from encoded components (alert.ts); refuse anything that would break <url|label>.
  return url?.startsWith('https://') && !/[\s<>|]/.test(url) ? `<${url}|${label}>` : undefined;
}

export function renderSlack(alert: Alert): SlackMessage {
  const { rule, resource, compliance } = alert;
  const blocks: Block[] = [
    { type: 'header', text: { type: 'plain_text', text: headerText(alert), emoji: true } },
    {
      type: 'section',
      text: md(mrkdwn(headline(alert), CAPS.headline)),
      fields: [
        titled('Rule', `${rule.id} (${rule.severity}): ${rule.title}`, CAPS.field),
        titled('Resource', `${resource.type} ${resource.id}`, CAPS.field),
        titled('Account / Region', `${resource.account} / ${resource.region}`, CAPS.field),
        titled(
          'Compliance',
          `${compliance.previous ?? 'first evaluation'} → ${compliance.current}`,
          CAPS.field,
        ),
      ],
    },
  ];
  if (alert.transition === 'resolved') {
    if (compliance.annotation !== null)
      blocks.push({ type: 'section', text: titled('Note', compliance.annotation, CAPS.why) });
    blocks.push({ type: 'section', text: md(mrkdwn(resolution(alert), CAPS.why)) });
  } else {
    blocks.push({
      type: 'section',
      text: titled('Why', compliance.annotation ?? 'AWS Config reported no annotation.', CAPS.why),
    });
    if (alert.transition === 'changed' && compliance.previousAnnotation !== null) {
      blocks.push({ type: 'section', text: titled('Before', compliance.previousAnnotation, CAPS.why) });
    }
    blocks.push({ type: 'section', text: titled('How to fix', rule.remediation, CAPS.fix) });
  }
  // A link is never cut (a cut URL is a wrong URL): one too long for the section is left out.
  const links = [
    link(alert.links.resourceTimeline, 'Resource timeline'),
    link(alert.links.rule, 'Rule in AWS Config'),
  ];
  const kept = links.filter((l): l is string => l !== undefined && l.length <= CAPS.links / 2);
  if (kept.length > 0) blocks.push({ type: 'section', text: md(kept.join('  ·  ')) });
  blocks.push({
    type: 'context',
    elements: [
      md(
        mrkdwn(
          `Config rule ${rule.configRuleName} · recorded ${alert.evaluatedAt} · event ${alert.eventId}. ${footer(alert)}`,
          CAPS.context,
        ),
      ),
    ],
  });
  // The top-level text is mrkdwn too (it is what notifications and screen readers show).
  return { text: mrkdwn(headline(alert), SLACK_LIMITS.text), blocks };
}
