import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAlert } from '../../../../lib/notify/alert';
import {
  MAX_PUBLISH_BYTES,
  publishSize,
  renderAttributes,
  renderEmail,
  renderSnsAlert,
  renderSubject,
} from '../../../../lib/notify/render';
import { alertFor, CHANGED, RESOLVED, VIOLATION } from './support';

const ECR_FIX =
  'Remove the statement or name only trusted accounts, or add a condition pinning callers to the trusted set, e.g. "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-..."}}; then aws ecr set-repository-policy --repository-name <name> --policy-text file://policy.json';
const LINKS = [
  'Resource timeline: https://eu-west-1.console.aws.amazon.com/config/home?region=eu-west-1#/timeline/AWS::ECR::Repository/builder/configuration',
  'Rule in AWS Config: https://eu-west-1.console.aws.amazon.com/config/home?region=eu-west-1#/rules/details?configRuleName=ppguard-ecr-repository-not-public',
];

describe('renderSubject', () => {
  it.each([
    ['a violation', VIOLATION, '[ppguard] CRITICAL violation: ecr-repository-not-public on builder'],
    ['a resolution', RESOLVED, '[ppguard] Resolved: ecr-repository-not-public on builder'],
    ['a changed cause', CHANGED, '[ppguard] CRITICAL cause changed: ecr-repository-not-public on builder'],
  ])('names the transition, severity, rule and resource of %s', (_name, options, subject) => {
    expect(renderSubject(alertFor(options))).toBe(subject);
  });

  it('cuts a long, emoji-laden resource id below 100 characters without splitting a surrogate pair', () => {
    // Prepare
    const alert = alertFor({ ...VIOLATION, resourceId: `repo-${'😀'.repeat(60)}` });

    // Act
    const subject = renderSubject(alert);

    // Assess
    expect(subject).toBe(
      `[ppguard] CRITICAL violation: ecr-repository-not-public on repo-${'😀'.repeat(17)}…`,
    );
    expect(subject.length).toBe(99);
    expect(subject).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it('has no control characters or line breaks whatever the resource id holds', () => {
    const subject = renderSubject(alertFor({ ...VIOLATION, resourceId: 'a\nb\rc\td\u0000e\u2028f' }));
    expect(subject).toBe('[ppguard] CRITICAL violation: ecr-repository-not-public on a b c de f');
  });

  it('removes bidirectional overrides and terminal escapes, and defangs a link in the resource id', () => {
    const subject = renderSubject(
      alertFor({ ...VIOLATION, resourceId: 'x\u202Egpj.exe\u2066\u200F\u001b[31m https://evil.example' }),
    );
    expect(subject).toBe(
      '[ppguard] CRITICAL violation: ecr-repository-not-public on xgpj[.]exe[31m hxxps://evil[.]example',
    );
  });
});

describe('renderEmail', () => {
  it('renders a violation: what, where, why, how to fix, console links', () => {
    expect(renderEmail(alertFor(VIOLATION))).toBe(
      [
        'CRITICAL violation: AWS::ECR::Repository builder is NON_COMPLIANT with rule ecr-repository-not-public.',
        '',
        'What:   ECR repository policy grants access only to trusted accounts',
        '        rule ecr-repository-not-public, severity critical',
        'Where:  AWS::ECR::Repository builder',
        '        account 123456789012, region eu-west-1',
        'Why:    Repository policy allows Principal *',
        'Change: COMPLIANT -> NON_COMPLIANT, recorded 2025-05-01T10:00:00.741Z',
        '',
        'How to fix:',
        ECR_FIX,
        '',
        ...LINKS,
        '',
        '--',
        'ppguard alert for AWS Config rule ppguard-ecr-repository-not-public, event c0bb891c-0000-0000-0000-be78b966f95b.',
        'You will get one message when this is resolved, and none while it stays NON_COMPLIANT for the same reason.',
        '',
      ].join('\n'),
    );
  });

  it('renders a resolution without a fix', () => {
    expect(renderEmail(alertFor(RESOLVED))).toBe(
      [
        'Resolved: AWS::ECR::Repository builder is COMPLIANT with rule ecr-repository-not-public (was NON_COMPLIANT).',
        '',
        'What:   ECR repository policy grants access only to trusted accounts',
        '        rule ecr-repository-not-public, severity critical',
        'Where:  AWS::ECR::Repository builder',
        '        account 123456789012, region eu-west-1',
        'Change: NON_COMPLIANT -> COMPLIANT, recorded 2025-05-01T11:00:00.741Z',
        '',
        'Nothing to do: the resource passes the rule again.',
        '',
        ...LINKS,
        '',
        '--',
        'ppguard alert for AWS Config rule ppguard-ecr-repository-not-public, event d1e2f3a4-0000-0000-0000-000000000002.',
        'You will get a new message if it becomes NON_COMPLIANT again.',
        '',
      ].join('\n'),
    );
  });

  it('explains a resolution to NOT_APPLICABLE and shows its annotation', () => {
    // Prepare
    const alert = alertFor({
      ...RESOLVED,
      new: {
        compliance: 'NOT_APPLICABLE',
        annotation: 'exempt: migration ticket OPS-12',
        orderingTimestamp: '2025-05-01T11:00:00.000Z',
      },
    });

    // Act
    const lines = renderEmail(alert).split('\n');

    // Assess
    expect(lines.slice(6, 9)).toEqual([
      'Note:   exempt: migration ticket OPS-12',
      'Change: NON_COMPLIANT -> NOT_APPLICABLE, recorded 2025-05-01T11:00:00.741Z',
      '',
    ]);
    expect(lines[9]).toBe(
      'Nothing to do: the rule no longer applies to this resource (deleted, exempted or out of scope).',
    );
  });

  it('shows the new and the previous cause of a changed violation', () => {
    const lines = renderEmail(alertFor(CHANGED)).split('\n');
    expect(lines[0]).toBe(
      'CRITICAL: AWS::ECR::Repository builder is still NON_COMPLIANT with rule ecr-repository-not-public, for a different reason.',
    );
    expect(lines.slice(6, 9)).toEqual([
      'Why:    Repository policy allows untrusted account 210987654321',
      'Before: Repository policy allows Principal *',
      'Change: NON_COMPLIANT -> NON_COMPLIANT, recorded 2025-05-01T12:00:00.741Z',
    ]);
  });

  it('says when Config gave no annotation and when the evaluation was the first', () => {
    const lines = renderEmail(alertFor({ new: { compliance: 'NON_COMPLIANT', annotation: null } })).split(
      '\n',
    );
    expect(lines.slice(6, 8)).toEqual([
      'Why:    AWS Config reported no annotation.',
      'Change: first evaluation -> NON_COMPLIANT, recorded 2025-05-01T10:00:00.741Z',
    ]);
  });

  it('builds console links for the partition and Region, URL-encoding the resource id and rule name', () => {
    // Prepare
    const alert = alertFor({
      ...VIOLATION,
      partition: 'aws-cn',
      region: 'cn-north-1',
      resourceId: 'team/app #1',
      configRuleName: 'org ppguard-ecr-repository-not-public',
    });

    // Act
    const links = renderEmail(alert).split('\n').slice(12, 14);

    // Assess
    expect(links).toEqual([
      'Resource timeline: https://console.amazonaws.cn/config/home?region=cn-north-1#/timeline/AWS::ECR::Repository/team%2Fapp%20%231/configuration',
      'Rule in AWS Config: https://console.amazonaws.cn/config/home?region=cn-north-1#/rules/details?configRuleName=org%20ppguard-ecr-repository-not-public',
    ]);
  });

  it('uses the GovCloud console and leaves links out for an unknown partition', () => {
    const gov = alertFor({ ...VIOLATION, partition: 'aws-us-gov', region: 'us-gov-west-1' });
    expect(gov.links.rule).toBe(
      'https://console.amazonaws-us-gov.com/config/home?region=us-gov-west-1#/rules/details?configRuleName=ppguard-ecr-repository-not-public',
    );
    const iso = alertFor({ ...VIOLATION, partition: 'aws-iso', region: 'us-iso-east-1' });
    expect(iso.links).toEqual({ resourceTimeline: null, rule: null });
    expect(renderEmail(iso)).toContain(
      '\nNo console links: region us-iso-east-1 is not in a known partition.\n',
    );
  });

  it('flattens an annotation with line breaks and control characters to one line', () => {
    const alert = alertFor({
      ...VIOLATION,
      new: { compliance: 'NON_COMPLIANT', annotation: 'line one\nline two\u0007' },
    });
    expect(renderEmail(alert).split('\n')[6]).toBe('Why:    line one line two');
  });

  it('defangs links in text from the event so mail clients do not link them; keeps the console links', () => {
    // Prepare
    const alert = alertFor({
      ...RESOLVED,
      resourceId: 'evil.example',
      new: {
        compliance: 'COMPLIANT',
        annotation: '@channel sign in again at https://evil.example/signin \u202Eor www.evil.example',
        orderingTimestamp: '2025-05-01T11:00:00.000Z',
      },
    });

    // Act
    const lines = renderEmail(alert).split('\n');

    // Assess
    expect(lines[0]).toBe(
      'Resolved: AWS::ECR::Repository evil[.]example is COMPLIANT with rule ecr-repository-not-public (was NON_COMPLIANT).',
    );
    expect(lines).toContain(
      'Note:   @channel sign in again at hxxps://evil[.]example/signin or www[.]evil[.]example',
    );
    expect(lines).toContain(
      'Resource timeline: https://eu-west-1.console.aws.amazon.com/config/home?region=eu-west-1#/timeline/AWS::ECR::Repository/evil.example/configuration',
    );
    expect(lines.join('\n')).not.toMatch(/https:\/\/evil|www\.evil| evil\.example/);
  });
});

describe('renderAttributes', () => {
  it('gives every filterable attribute as a String', () => {
    expect(renderAttributes(alertFor(VIOLATION))).toEqual({
      severity: { DataType: 'String', StringValue: 'critical' },
      rule: { DataType: 'String', StringValue: 'ecr-repository-not-public' },
      transition: { DataType: 'String', StringValue: 'violation' },
      compliance: { DataType: 'String', StringValue: 'NON_COMPLIANT' },
      resourceType: { DataType: 'String', StringValue: 'AWS::ECR::Repository' },
      account: { DataType: 'String', StringValue: '123456789012' },
      region: { DataType: 'String', StringValue: 'eu-west-1' },
    });
  });

  it('has names SNS accepts and at most 10 attributes (raw SQS delivery)', () => {
    const names = Object.keys(renderAttributes(alertFor(VIOLATION)));
    expect(names.length).toBeLessThanOrEqual(10);
    for (const name of names) {
      expect(name).toMatch(/^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,254}[A-Za-z0-9_-]$/);
      expect(name).not.toMatch(/\.\.|^(aws|amazon)\./i);
    }
  });

  it('never carries surrogate pairs, controls or empty values, whatever the event holds', () => {
    // Prepare
    const alert = alertFor({
      ...VIOLATION,
      resourceType: 'AWS::ECR::Repo😀\n',
      account: ' ',
      region: 'eu-😀-1',
    });

    // Act
    const attributes = renderAttributes(alert);

    // Assess
    expect(attributes.resourceType?.StringValue).toBe('AWS::ECR::Repo?');
    expect(attributes.account?.StringValue).toBe('unknown');
    expect(attributes.region?.StringValue).toBe('eu-?-1');
  });
});

describe('renderSnsAlert', () => {
  it('publishes JSON structure: plain text for default and email, the alert JSON for lambda, sqs and http(s)', () => {
    // Prepare
    const alert = alertFor(VIOLATION);

    // Act
    const message = renderSnsAlert(alert);

    // Assess
    const structure = JSON.parse(message.Message) as Record<string, string>;
    expect(message.MessageStructure).toBe('json');
    expect(message.Subject).toBe(renderSubject(alert));
    expect(Object.keys(structure)).toEqual(['default', 'email', 'lambda', 'sqs', 'http', 'https']);
    expect(structure.default).toBe(renderEmail(alert));
    expect(structure.email).toBe(renderEmail(alert));
    for (const key of ['lambda', 'sqs', 'http', 'https'])
      expect(parseAlert(structure[key] ?? '')).toEqual(alert);
  });

  it('renders the same bytes for the same event (deterministic)', () => {
    expect(JSON.stringify(renderSnsAlert(alertFor(CHANGED)))).toBe(
      JSON.stringify(renderSnsAlert(alertFor(CHANGED))),
    );
  });

  it('stays within half of the SNS limit for the largest and most escape-heavy inputs', () => {
    for (const char of ['"', '\\', '😀', '\u0800', '&', 'a']) {
      // Prepare
      const huge = char.repeat(20_000);
      const alert = alertFor({
        id: huge,
        configRuleName: `${huge}-codebuild-project-no-plaintext-secrets`,
        resourceType: huge,
        resourceId: huge,
        account: huge,
        region: huge,
        old: { compliance: 'NON_COMPLIANT', annotation: `${huge}x` },
        new: { compliance: 'NON_COMPLIANT', annotation: huge },
      });

      // Act
      const message = renderSnsAlert(alert);

      // Assess
      expect(publishSize(message)).toBeLessThanOrEqual(MAX_PUBLISH_BYTES);
      expect(message.Subject.length).toBeLessThan(100);
    }
  });

  it('keeps every rendering within its limits for arbitrary names and annotations (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 3000 }),
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1000 }),
        fc.string({ unit: 'binary', maxLength: 300 }),
        (annotation, resourceId, prefix) => {
          const alert = alertFor({
            ...VIOLATION,
            resourceId,
            configRuleName: `${prefix}-ecr-repository-not-public`,
            new: { compliance: 'NON_COMPLIANT', annotation },
          });
          const message = renderSnsAlert(alert);
          expect(publishSize(message)).toBeLessThanOrEqual(MAX_PUBLISH_BYTES);
          expect(message.Subject.length).toBeLessThan(100);
          expect(message.Subject).not.toMatch(/[\p{Cc}\u2028\u2029]/u);
          for (const value of Object.values(message.MessageAttributes)) {
            expect(value.StringValue ?? '').not.toMatch(/[\uD800-\uDFFF]|[\p{Cc}]/u);
            expect(value.StringValue?.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
