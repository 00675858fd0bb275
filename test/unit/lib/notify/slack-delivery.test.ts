import { describe, expect, it } from 'vitest';
import type { Log } from '../../../../lib/log';
import { SlackDeliveryError } from '../../../../lib/notify/deliver';
import { renderSlack } from '../../../../lib/notify/slack';
import { deliverSnsEvent, parseMinSeverity, type SlackDeps } from '../../../../lib/notify/slack-delivery';
import { alertFor, VIOLATION } from './support';

const silent: Log = { info: () => {}, warn: () => {}, error: () => {} };

function setup(status: number, minSeverity?: 'critical' | 'high') {
  const posted: string[] = [];
  let urlReads = 0;
  const fetch = (async (_url: string, init?: RequestInit) => {
    posted.push(String(init?.body));
    return new Response(status === 200 ? 'ok' : 'channel_not_found', { status });
  }) as typeof globalThis.fetch;
  const deps: SlackDeps = {
    webhookUrl: async () => {
      urlReads++;
      return 'https://hooks.slack.com/services/T0000/B0000/SECRETTOKEN';
    },
    delivery: { fetch, sleep: async () => {}, log: silent },
    log: silent,
    ...(minSeverity ? { minSeverity } : {}),
  };
  return { deps, posted, urlReads: () => urlReads };
}

const event = (alert: object) => ({
  Records: [{ Sns: { MessageId: 'm-1', Message: JSON.stringify(alert) } }],
});

describe('deliverSnsEvent', () => {
  it('posts the Block Kit rendering of the alert', async () => {
    // Prepare
    const alert = alertFor(VIOLATION);
    const { deps, posted } = setup(200);

    // Act
    const outcomes = await deliverSnsEvent(event(alert), deps);

    // Assess
    expect(outcomes).toEqual(['delivered']);
    expect(posted).toEqual([JSON.stringify(renderSlack(alert))]);
  });

  it('skips an alert below the severity threshold without reading the webhook URL', async () => {
    // Prepare
    const medium = alertFor({ ...VIOLATION, configRuleName: 'ppguard-codebuild-project-logging' });
    const { deps, posted, urlReads } = setup(200, 'high');

    // Act
    const outcomes = await deliverSnsEvent(event(medium), deps);

    // Assess
    expect(outcomes).toEqual(['filtered']);
    expect(posted).toEqual([]);
    expect(urlReads()).toBe(0);
  });

  it('throws when Slack refuses, so Lambda retries and dead-letters the event', async () => {
    const { deps } = setup(404);
    await expect(deliverSnsEvent(event(alertFor(VIOLATION)), deps)).rejects.toThrowError(SlackDeliveryError);
  });
});

describe('parseMinSeverity', () => {
  it('reads a severity and refuses anything else', () => {
    expect(parseMinSeverity(' High ')).toBe('high');
    expect(parseMinSeverity(undefined)).toBeUndefined();
    expect(() => parseMinSeverity('urgent')).toThrowError(
      'PPGUARD_SLACK_MIN_SEVERITY must be one of critical, high, medium, low',
    );
  });
});
