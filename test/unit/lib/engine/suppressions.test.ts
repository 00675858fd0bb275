import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  entryMatches,
  parseSuppressions,
  SuppressionFileError,
  Suppressions,
  suppressionNotices,
} from '../../../../lib/engine/suppressions';
import { RULES as REGISTRY } from '../../../../rules/index';

const now = new Date('2026-11-25T12:00:00Z');
const RULES = ['codebuild-project-in-vpc', 'ecr-repository-not-public'];

const YAML = `# accepted risks
suppressions:
  - rule: codebuild-project-in-vpc
    resource: legacy-*
    account: "012345678901"
    region: eu-west-1
    reason: RISK-42 moving to a VPC
    owner: platform-team
    expires: 2026-12-31
  - rule: "*"
    resource: arn:aws:ecr:*:*:repository/sandbox/*
    reason: sandbox images
    owner: alice
    expires: 2026-10-01
`;

const target = (over: Partial<Parameters<typeof entryMatches>[1]> = {}) => ({
  rule: 'codebuild-project-in-vpc',
  names: ['legacy-build'],
  account: '012345678901',
  region: 'eu-west-1',
  ...over,
});

describe('parseSuppressions', () => {
  it('reads YAML entries with their lines, defaults account and Region to *, and keeps leading zeros', () => {
    // Act
    const entries = parseSuppressions(YAML, 'sup.yaml', RULES);

    // Assess
    expect(entries).toEqual([
      {
        index: 1,
        line: 3,
        rule: 'codebuild-project-in-vpc',
        resource: 'legacy-*',
        account: '012345678901',
        region: 'eu-west-1',
        reason: 'RISK-42 moving to a VPC',
        owner: 'platform-team',
        expires: '2026-12-31',
      },
      {
        index: 2,
        line: 10,
        rule: '*',
        resource: 'arn:aws:ecr:*:*:repository/sandbox/*',
        account: '*',
        region: '*',
        reason: 'sandbox images',
        owner: 'alice',
        expires: '2026-10-01',
      },
    ]);
  });

  it('reads the same entries from JSON', () => {
    // Prepare
    const json = JSON.stringify({
      suppressions: [{ rule: '*', resource: 'x', reason: 'r', owner: 'o', expires: '2026-12-01' }],
    });

    // Act
    const [entry] = parseSuppressions(json, 'sup.json', RULES);

    // Assess
    expect(entry).toMatchObject({ index: 1, line: 1, rule: '*', account: '*', expires: '2026-12-01' });
  });

  it.each([
    [
      'a missing owner',
      'suppressions:\n  - rule: "*"\n    resource: x\n    reason: r\n    expires: 2026-12-01\n',
      'sup.yaml: entry 1 (line 2): owner is required',
    ],
    [
      'an unknown field (a misspelt expires)',
      'suppressions:\n  - rule: "*"\n    resource: x\n    reason: r\n    owner: o\n    expiry: 2026-12-01\n',
      'sup.yaml: entry 1 (line 2): unknown field "expiry" (fields: rule, resource, account, region, reason, owner, expires)',
    ],
    [
      'a date that does not exist',
      'suppressions:\n  - rule: "*"\n    resource: x\n    reason: r\n    owner: o\n    expires: 2026-02-30\n',
      'sup.yaml: entry 1 (line 2): expires must be a date YYYY-MM-DD, not "2026-02-30"',
    ],
    [
      'an unknown rule',
      'suppressions:\n  - rule: codebuild-in-vpc\n    resource: x\n    reason: r\n    owner: o\n    expires: 2026-12-01\n',
      'sup.yaml: entry 1 (line 2): unknown rule "codebuild-in-vpc" (a rule id or *)',
    ],
    [
      'an account that is not 12 digits',
      'suppressions:\n  - rule: "*"\n    resource: x\n    account: "1234"\n    reason: r\n    owner: o\n    expires: 2026-12-01\n',
      'sup.yaml: entry 1 (line 2): account must be a 12-digit account id or *',
    ],
    [
      'an empty reason',
      'suppressions:\n  - rule: "*"\n    resource: x\n    reason: ""\n    owner: o\n    expires: 2026-12-01\n',
      'sup.yaml: entry 1 (line 2): reason is empty',
    ],
    [
      'the second entry not a mapping',
      'suppressions:\n  - {rule: "*", resource: x, reason: r, owner: o, expires: 2026-12-01}\n  - just text\n',
      'sup.yaml: entry 2 (line 3): expected a mapping of fields',
    ],
    [
      'no suppressions key',
      'rules: []\n',
      'sup.yaml: line 1: expected one key, suppressions, holding a list of entries',
    ],
    ['a YAML syntax error', 'suppressions:\n  - rule: "*\n', 'sup.yaml: line 3: Missing closing "quote'],
  ])('rejects %s, naming the line and entry', (_, text, message) => {
    // Act / Assess
    expect(() => parseSuppressions(text, 'sup.yaml', RULES)).toThrow(new SuppressionFileError(message));
  });
});

describe('entryMatches', () => {
  const [entry] = parseSuppressions(YAML, 'sup.yaml', RULES);
  if (entry === undefined) throw new Error('fixture');

  it('matches by rule, resource pattern, account and Region', () => {
    expect(entryMatches(entry, target())).toBe(true);
    expect(entryMatches(entry, target({ rule: 'ecr-repository-not-public' }))).toBe(false);
    expect(entryMatches(entry, target({ names: ['build-legacy'] }))).toBe(false);
    expect(entryMatches(entry, target({ account: '111122223333' }))).toBe(false);
    expect(entryMatches(entry, target({ region: 'eu-west-2' }))).toBe(false);
  });

  it('matches any of the id, name or ARN, and takes regex characters literally', () => {
    // Prepare
    const [dotted] = parseSuppressions(
      'suppressions:\n  - {rule: "*", resource: "a.b*", reason: r, owner: o, expires: 2026-12-01}\n',
      's',
    );
    if (dotted === undefined) throw new Error('fixture');

    // Act / Assess
    expect(entryMatches(dotted, target({ names: ['', 'a.b-1'] }))).toBe(true);
    expect(entryMatches(dotted, target({ names: ['axb-1'] }))).toBe(false);
  });
});

describe('Suppressions', () => {
  it('applies the first matching entry in its lifetime and reports expired, unused and refused entries', () => {
    // Prepare
    const text = `${YAML}  - rule: ecr-repository-not-public
    resource: never-matches
    reason: stale
    owner: bob
    expires: 2026-12-01
  - rule: codebuild-project-in-vpc
    resource: far-*
    reason: too long
    owner: carol
    expires: 2027-06-01
`;
    const suppressions = new Suppressions(parseSuppressions(text, 'sup.yaml', RULES));

    // Act
    const applied = suppressions.match(target(), now, 90);
    const expired = suppressions.match(
      target({ rule: 'ecr-repository-not-public', names: ['arn:aws:ecr:eu-west-1:0:repository/sandbox/x'] }),
      now,
      90,
    );
    const far = suppressions.match(target({ names: ['far-away'] }), now, 90);
    const uses = suppressions.uses(now);

    // Assess
    expect(applied).toMatchObject({ applied: true, entry: { index: 1 } });
    expect(expired).toMatchObject({ applied: false, why: 'expired', entry: { index: 2 } });
    expect(far).toMatchObject({ applied: false, why: 'beyond-max-lifetime', entry: { index: 4 } });
    expect(uses.map((u) => [u.entry.index, u.state, u.applied, u.refused])).toEqual([
      [1, 'used', 1, 0],
      [2, 'expired', 0, 1],
      [3, 'unused', 0, 0],
      [4, 'beyond-max-lifetime', 0, 1],
    ]);
    expect(suppressionNotices(uses, 'sup.yaml')).toEqual([
      'sup.yaml: entry 2 (line 10, rule *, resource arn:aws:ecr:*:*:repository/sandbox/*, owner alice) expired on 2026-10-01: remove or renew it',
      'sup.yaml: entry 3 (line 15, rule ecr-repository-not-public, resource never-matches, owner bob) matched nothing: remove it if it is stale',
      'sup.yaml: entry 4 (line 20, rule codebuild-project-in-vpc, resource far-*, owner carol) not applied: it expires 2027-06-01, beyond exemptMaxDays of the rules it matched',
    ]);
  });

  it('reports an expired entry as expired even when it matched nothing', () => {
    // Prepare
    const suppressions = new Suppressions(parseSuppressions(YAML, 'sup.yaml', RULES));

    // Act
    const uses = suppressions.uses(now);

    // Assess
    expect(uses.map((u) => u.state)).toEqual(['unused', 'expired']);
  });
});

describe('the README example', () => {
  it('parses as written, with the registry rule ids', () => {
    // Prepare
    const readme = readFileSync(join(import.meta.dirname, '../../../../README.md'), 'utf8');
    const marker = readme.indexOf('<!-- suppression-example:');
    const start = readme.indexOf('```yaml\n', marker) + '```yaml\n'.length;
    const text = readme.slice(start, readme.indexOf('```', start));

    // Act
    const entries = parseSuppressions(
      text,
      'README.md',
      REGISTRY.map((rule) => rule.id),
    );

    // Assess
    expect(marker).toBeGreaterThan(0);
    expect(entries.map((e) => [e.rule, e.resource, e.account, e.region, e.owner, e.expires])).toEqual([
      ['codebuild-project-in-vpc', 'legacy-*', '123456789012', 'eu-west-1', 'platform-team', '2027-01-31'],
      [
        '*',
        'arn:aws:ecr:eu-west-1:123456789012:repository/sandbox/*',
        '*',
        '*',
        'alice@example.com',
        '2027-02-15',
      ],
    ]);
  });
});
