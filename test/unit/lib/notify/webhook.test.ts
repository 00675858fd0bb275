import { describe, expect, it } from 'vitest';
import { SlackConfigError, webhookSourceFromEnv, webhookUrlFrom } from '../../../../lib/notify/webhook';

const SECRET = {
  kind: 'secret',
  id: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:ppguard/slack-AbCdEf',
} as const;
const URL = 'https://hooks.slack.com/services/T0000/B0000/SECRETTOKEN';

describe('webhookSourceFromEnv', () => {
  it('reads a Secrets Manager secret or an SSM parameter', () => {
    expect(webhookSourceFromEnv({ PPGUARD_SLACK_SECRET_ARN: SECRET.id })).toEqual(SECRET);
    expect(webhookSourceFromEnv({ PPGUARD_SLACK_PARAMETER: '/ppguard/slack' })).toEqual({
      kind: 'parameter',
      name: '/ppguard/slack',
    });
  });

  it('refuses both or neither', () => {
    expect(() =>
      webhookSourceFromEnv({ PPGUARD_SLACK_SECRET_ARN: 'a', PPGUARD_SLACK_PARAMETER: 'b' }),
    ).toThrowError('set only one of PPGUARD_SLACK_SECRET_ARN and PPGUARD_SLACK_PARAMETER');
    expect(() => webhookSourceFromEnv({ PPGUARD_SLACK_SECRET_ARN: ' ' })).toThrowError(SlackConfigError);
  });
});

describe('webhookUrlFrom', () => {
  it.each([
    ['the URL itself', URL],
    ['the URL with surrounding whitespace', ` ${URL}\n`],
    ['JSON with url', JSON.stringify({ url: URL })],
    ['JSON with webhookUrl', JSON.stringify({ webhookUrl: URL })],
    ['binary', new TextEncoder().encode(URL)],
  ])('reads %s', (_name, value) => {
    expect(webhookUrlFrom(value, SECRET)).toBe(URL);
  });

  it('accepts plain http only on loopback (the tests)', () => {
    expect(webhookUrlFrom('http://127.0.0.1:8080/hook', SECRET)).toBe('http://127.0.0.1:8080/hook');
  });

  it.each([
    ['an empty value', '', 'is empty'],
    ['plain http', 'http://hooks.slack.com/services/T0000/B0000/SECRETTOKEN', 'does not hold an https URL'],
    ['not a URL', 'SECRETTOKEN', 'does not hold a URL'],
    ['JSON without url', '{"token":"SECRETTOKEN"}', 'holds JSON without a "url" string'],
    ['broken JSON', '{"url":"SECRETTOKEN"', 'holds invalid JSON'],
    [
      'a URL with credentials',
      'https://SECRETTOKEN:x@hooks.slack.com/services/T0000/B0000/SECRETTOKEN',
      'holds a URL with credentials (user:password@); remove them',
    ],
  ])('refuses %s without echoing the value', (_name, value, problem) => {
    // Act
    const act = () => webhookUrlFrom(value, SECRET);

    // Assess
    expect(act).toThrowError(`secret ${SECRET.id} ${problem}`);
    expect(act).not.toThrowError(/SECRETTOKEN/);
  });
});
