import { describe, expect, it } from 'vitest';
import { type Block, renderSlack, SLACK_LIMITS, type TextObject } from '../../../../lib/notify/slack';
import { alertFor, CHANGED, RESOLVED, VIOLATION } from './support';

const WJ = '\u2060';
const ECR_FIX_DEFUSED = `Remove the statement or name only trusted accounts, or add a condition pinning callers to the trusted set, e.g. "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-..."}}; then aws ecr set-repository-policy --repository-name <${WJ}name> --policy-text file[:]//policy[.]json`;
const plain = (text: string) => ({ type: 'plain_text', text, emoji: false });

function texts(blocks: Block[]): string[] {
  return blocks.flatMap((block): string[] => {
    if (block.type === 'header') return [block.text.text];
    if (block.type === 'section')
      return [...(block.text ? [block.text.text] : []), ...(block.fields ?? []).map((f) => f.text)];
    if (block.type === 'context') return block.elements.map((e: TextObject) => e.text);
    return [];
  });
}

describe('renderSlack', () => {
  it('renders a violation as Block Kit: header, rule, resource, account/region, why, fix, links, fallback text', () => {
    expect(renderSlack(alertFor(VIOLATION))).toEqual({
      text: 'CRITICAL violation: AWS::ECR::Repository builder is NON_COMPLIANT with rule ecr-repository-not-public.',
      blocks: [
        {
          type: 'header',
          text: {
            type: 'plain_text',
            text: ':rotating_light: CRITICAL violation: ecr-repository-not-public',
            emoji: true,
          },
        },
        {
          type: 'section',
          text: plain(
            'CRITICAL violation: AWS::ECR::Repository builder is NON_COMPLIANT with rule ecr-repository-not-public.',
          ),
          fields: [
            plain(
              'Rule\necr-repository-not-public (critical): ECR repository policy grants access only to trusted accounts',
            ),
            plain('Resource\nAWS::ECR::Repository builder'),
            plain('Account / Region\n123456789012 / eu-west-1'),
            plain('Compliance\nCOMPLIANT → NON_COMPLIANT'),
          ],
        },
        { type: 'section', text: plain('Why\nRepository policy allows Principal *') },
        { type: 'section', text: plain(`How to fix\n${ECR_FIX_DEFUSED}`) },
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: '<https://eu-west-1.console.aws.amazon.com/config/home?region=eu-west-1#/timeline/AWS::ECR::Repository/builder/configuration|Resource timeline>  ·  <https://eu-west-1.console.aws.amazon.com/config/home?region=eu-west-1#/rules/details?configRuleName=ppguard-ecr-repository-not-public|Rule in AWS Config>',
            verbatim: true,
          },
        },
        {
          type: 'context',
          elements: [
            plain(
              'Config rule ppguard-ecr-repository-not-public · recorded 2025-05-01T10:00:00.741Z · event c0bb891c-0000-0000-0000-be78b966f95b. You will get one message when this is resolved, and none while it stays NON_COMPLIANT for the same reason.',
            ),
          ],
        },
      ],
    });
  });

  it('renders a resolution without a fix', () => {
    // Act
    const message = renderSlack(alertFor(RESOLVED));

    // Assess
    expect(message.text).toBe(
      'Resolved: AWS::ECR::Repository builder is COMPLIANT with rule ecr-repository-not-public (was NON_COMPLIANT).',
    );
    expect(texts(message.blocks).slice(0, 1)).toEqual([
      ':white_check_mark: Resolved: ecr-repository-not-public',
    ]);
    expect(message.blocks[2]).toEqual({
      type: 'section',
      text: plain('Nothing to do: the resource passes the rule again.'),
    });
    expect(texts(message.blocks).some((t) => t.startsWith('How to fix'))).toBe(false);
  });

  it('renders a changed cause with the new and the previous annotation', () => {
    const message = renderSlack(alertFor(CHANGED));
    expect(texts(message.blocks).filter((t) => /^(Why|Before)\n/.test(t))).toEqual([
      'Why\nRepository policy allows untrusted account 210987654321',
      'Before\nRepository policy allows Principal *',
    ]);
    expect(message.blocks[0]).toEqual({
      type: 'header',
      text: {
        type: 'plain_text',
        text: ':warning: CRITICAL cause changed: ecr-repository-not-public',
        emoji: true,
      },
    });
  });

  it('puts annotations in plain_text with mentions defused and links defanged, so they cannot ping a channel or link', () => {
    // Prepare
    const hostile =
      '@channel @here <!everyone> *bold* _x_ ~x~ `code` > quote see https://evil.example/signin or www.evil.example & more';
    const alert = alertFor({
      ...RESOLVED,
      resourceId: '@here',
      new: { compliance: 'COMPLIANT', annotation: hostile, orderingTimestamp: '2025-05-01T11:00:00.000Z' },
    });

    // Act
    const message = renderSlack(alert);
    const note = message.blocks.find((b) => b.type === 'section' && b.text?.text.startsWith('Note'));

    // Assess
    expect(note).toEqual({
      type: 'section',
      text: plain(
        `Note\n@${WJ}channel @${WJ}here <${WJ}!everyone> *bold* _x_ ~x~ \`code\` > quote see hxxps://evil[.]example/signin or www[.]evil[.]example & more`,
      ),
    });
    expect(message.text).toBe(
      `Resolved: AWS::ECR::Repository @${WJ}here is COMPLIANT with rule ecr-repository-not-public (was NON_COMPLIANT).`,
    );
    const mrkdwnObjects = JSON.stringify(message).match(/"type":"mrkdwn"[^}]*\}/g) ?? [];
    expect(mrkdwnObjects.every((o) => o.includes('"verbatim":true'))).toBe(true);
    expect(JSON.stringify(message)).not.toMatch(/@(channel|here)|<!everyone|https:\/\/evil|www\.evil/);
  });

  it('escapes the mrkdwn fallback text, defuses its mentions and defangs its links', () => {
    // Prepare
    const alert = alertFor({ ...VIOLATION, resourceId: '<!channel> @channel https://evil.example & *x*' });

    // Act
    const { text } = renderSlack(alert);

    // Assess
    expect(text).toBe(
      `CRITICAL violation: AWS::ECR::Repository &lt;!channel&gt; @${WJ}channel hxxps://evil[.]example &amp; *x* is NON_COMPLIANT with rule ecr-repository-not-public.`,
    );
  });

  it('leaves out a link in the alert body that does not point at an AWS console host', () => {
    // Prepare
    const alert = alertFor(VIOLATION);
    const forged = {
      ...alert,
      links: { resourceTimeline: 'https://evil.example/signin', rule: alert.links.rule },
    };

    // Act
    const links = texts(renderSlack(forged).blocks).find((t) => t.startsWith('<https://'));

    // Assess
    expect(links).toBe(
      '<https://eu-west-1.console.aws.amazon.com/config/home?region=eu-west-1#/rules/details?configRuleName=ppguard-ecr-repository-not-public|Rule in AWS Config>',
    );
  });

  it('keeps every block within Slack limits for the largest, escape-heavy and emoji inputs', () => {
    for (const char of ['&', '<', '😀', 'é', 'a']) {
      // Prepare
      const huge = char.repeat(20_000);
      const alert = alertFor({
        id: huge,
        configRuleName: `${huge}-ecr-repository-not-public`,
        resourceType: huge,
        resourceId: huge,
        account: huge,
        region: huge,
        old: { compliance: 'NON_COMPLIANT', annotation: `${huge}x` },
        new: { compliance: 'NON_COMPLIANT', annotation: huge },
      });

      // Act
      const message = renderSlack(alert);

      // Assess
      const header = message.blocks[0];
      expect(header?.type === 'header' && header.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.header);
      expect(message.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
      for (const block of message.blocks) {
        if (block.type !== 'section') continue;
        expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
        expect(block.fields?.length ?? 0).toBeLessThanOrEqual(SLACK_LIMITS.fields);
        for (const field of block.fields ?? [])
          expect(field.text.length).toBeLessThanOrEqual(SLACK_LIMITS.field);
      }
      expect(message.text.length).toBeLessThanOrEqual(SLACK_LIMITS.text);
      expect(texts(message.blocks).join('').length).toBeLessThan(12_000);
      expect(JSON.stringify(message)).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
      expect(message.text).not.toMatch(/&(?!amp;|lt;|gt;)/);
    }
  });

  it('leaves out a console link too long for its section rather than cutting the URL', () => {
    // Prepare
    const alert = alertFor({ ...VIOLATION, resourceId: '&'.repeat(700) });

    // Act
    const links = texts(renderSlack(alert).blocks).find((t) => t.startsWith('<https://'));

    // Assess
    expect(links).toBe(
      '<https://eu-west-1.console.aws.amazon.com/config/home?region=eu-west-1#/rules/details?configRuleName=ppguard-ecr-repository-not-public|Rule in AWS Config>',
    );
  });

  it('renders the same message for the same event (deterministic)', () => {
    expect(JSON.stringify(renderSlack(alertFor(VIOLATION)))).toBe(
      JSON.stringify(renderSlack(alertFor(VIOLATION))),
    );
  });
});
