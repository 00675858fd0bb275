/**
 * Renders an alert as a Slack incoming-webhook message (Block Kit, docs/aws-data.md §5): a header of at
 * most 150 characters, sections of at most 3,000, at most 10 fields of at most 2,000 each, and a
 * fallback `text` for notifications. Total block text stays far below the ~13k characters where
 * Slack starts refusing (`msg_blocks_too_long`). Pure and deterministic.
 *
 * Every string of the alert is untrusted here: resource names, annotations and tag values come
 * from the account, and the body itself from whoever may publish to the topic. So (README, "Text from the account"):
 * - text carrying alert strings goes in `plain_text` objects, where Slack applies no mrkdwn
 *   (`*bold*`, `_x_`, `~x~`, backticks, `>` quotes stay literal) and parses no mentions;
 * - links are defanged (`hxxps://evil[.]example`) and a word joiner (U+2060) follows every `@`
 *   and `<`, so neither Slack's auto-linking nor `@channel`, `@here` or `<!everyone>` can fire;
 * - the only mrkdwn objects are the console links (ppguard's own, checked to point at an AWS
 *   console host) and the fallback `text`, which is escaped (&, <, >) and defused the same way;
 *   the links section sets `verbatim: true` so Slack does not rewrite it.
 * Cuts never split an escape or a character.
 */
import type { Alert } from './alert';
import { footer, headline, resolution } from './render';
import { defangLinks, fitText, oneLine } from './text';

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
  verbatim?: boolean;
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

/** Word joiner: invisible, and it breaks `@channel` and `<!here>` apart. */
const WJ = '\u2060';
const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const defuseGrapheme = (g: string) => (g === '@' || g === '<' ? `${g}${WJ}` : g);
const escapeGrapheme = (g: string) => (g === '@' ? `@${WJ}` : g.replace(/[&<>]/g, (c) => ESCAPES[c] ?? c));

/** Untrusted text for a `plain_text` object: one line, links defanged, mentions defused, cut to `max`. */
export function plainText(text: string, max: number): string {
  return fitText(defangLinks(oneLine(text)), max, { transform: defuseGrapheme });
}

/** Untrusted text for mrkdwn: like `plainText`, and escaped (&, <, >); the escaped length counts. */
export function mrkdwn(text: string, max: number): string {
  return fitText(defangLinks(oneLine(text)), max, { transform: escapeGrapheme });
}

export const plain = (text: string): TextObject => ({ type: 'plain_text', text, emoji: false });

/** A field or section: the title, a line break, then the value, within `max` (plain text). */
export const titled = (title: string, value: string, max: number): TextObject =>
  plain(`${title}\n${plainText(value, max - title.length - 1)}`);

const ICON = { violation: ':rotating_light:', resolved: ':white_check_mark:', changed: ':warning:' } as const;

function headerText(alert: Alert): string {
  const what =
    alert.transition === 'violation'
      ? `${alert.rule.severity.toUpperCase()} violation`
      : alert.transition === 'resolved'
        ? 'Resolved'
        : `${alert.rule.severity.toUpperCase()} cause changed`;
  // The icon is ours; the rule id is defused so only the icon's emoji code can render.
  return fitText(
    `${ICON[alert.transition]} ${what}: ${plainText(alert.rule.id, SLACK_LIMITS.header)}`,
    SLACK_LIMITS.header,
  );
}

/** AWS console hosts the alert builds links for (alert.ts); a link elsewhere is left out. */
const CONSOLE_HOST =
  /^https:\/\/(?:[a-z]{2}(?:-[a-z]+)+-\d{1,2}\.console\.aws\.amazon\.com|console\.amazonaws\.cn|console\.amazonaws-us-gov\.com)\//;

function link(url: string | null, label: string): string | undefined {
  // Links are built from encoded components (alert.ts); refuse anything that would break <url|label>.
  return url !== null && CONSOLE_HOST.test(url) && !/[\s<>|]/.test(url) ? `<${url}|${label}>` : undefined;
}

export function renderSlack(alert: Alert): SlackMessage {
  const { rule, resource, compliance } = alert;
  const blocks: Block[] = [
    { type: 'header', text: { type: 'plain_text', text: headerText(alert), emoji: true } },
    {
      type: 'section',
      text: plain(plainText(headline(alert), CAPS.headline)),
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
    blocks.push({ type: 'section', text: plain(plainText(resolution(alert), CAPS.why)) });
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
  if (kept.length > 0) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: kept.join('  ·  '), verbatim: true } });
  }
  blocks.push({
    type: 'context',
    elements: [
      plain(
        plainText(
          `Config rule ${rule.configRuleName} · recorded ${alert.evaluatedAt} · event ${alert.eventId}. ${footer(alert)}`,
          CAPS.context,
        ),
      ),
    ],
  });
  // The top-level text is what notifications and screen readers show; Slack reads it as mrkdwn.
  return { text: mrkdwn(headline(alert), SLACK_LIMITS.text), blocks };
}
