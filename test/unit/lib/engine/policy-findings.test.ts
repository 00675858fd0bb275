import { describe, expect, it } from 'vitest';
import {
  describeDenyMiss,
  describeExposure,
  describePinMiss,
  describeStatementExposure,
  groupByStatement,
  statementClauses,
} from '../../../../lib/engine/policy-findings';
import type { ConditionMiss } from '../../../../lib/policy/conditions';
import type { Exposure, ExposureFinding } from '../../../../lib/policy/exposure';

const PLACE = { accountId: '111122223333', region: 'eu-west-1' };
const valueMiss = (
  key: string,
  value: string,
  valueKind: Extract<ConditionMiss, { kind: 'value' }>['valueKind'],
  problem: 'pattern' | 'untrusted' = 'untrusted',
): ConditionMiss => ({ kind: 'value', key, operator: 'StringEquals', value, valueKind, problem });

const finding = (statementIndex: number, exposure: Exposure, principal = ''): ExposureFinding => ({
  statementIndex,
  statementLabel: `statement #${statementIndex}`,
  exposure,
  principal,
  actions: ['ecr:*'],
  notAction: false,
  notResource: false,
});

describe('describeExposure', () => {
  it.each<[ExposureFinding, string]>([
    [finding(1, { kind: 'public' }, '"*"'), 'any AWS account (Principal "*")'],
    [finding(1, { kind: 'public' }, '{"AWS":"*"}'), 'any AWS account (Principal {"AWS":"*"})'],
    [finding(1, { kind: 'public' }, 'no Principal'), 'any AWS principal (no Principal element)'],
    [finding(1, { kind: 'account', accountId: '999999999999' }), 'account 999999999999'],
    [finding(1, { kind: 'not-principal' }, 'NotPrincipal'), 'every principal not listed in its NotPrincipal'],
    [
      finding(1, { kind: 'federated', provider: 'accounts.google.com' }),
      'identities federated by accounts.google.com',
    ],
    [
      finding(1, {
        kind: 'canonical-user',
        canonicalUser: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be',
      }),
      'S3 canonical user 79a59df900b949e55d…',
    ],
    [
      finding(1, { kind: 'unrecognised' }, '{"AWS":"AROAEXAMPLEID1234567"}'),
      'unattributable principal {"AWS":"AROAEXAMPLEID1234567"}',
    ],
  ])('%j reads %s', (input, expected) => {
    // Act
    const text = describeExposure(input);

    // Assess
    expect(text).toBe(expected);
  });
});

describe('describeStatementExposure', () => {
  it('merges accounts at the place of the first one', () => {
    // Prepare
    const findings = [
      finding(1, { kind: 'account', accountId: '999999999999' }),
      finding(1, { kind: 'public' }, '{"AWS":"*"}'),
      finding(1, { kind: 'account', accountId: '888888888888' }),
    ];

    // Act
    const text = describeStatementExposure(findings);

    // Assess
    expect(text).toBe('accounts 999999999999, 888888888888 and any AWS account (Principal {"AWS":"*"})');
  });
});

describe('groupByStatement', () => {
  it('groups findings per statement in statement order', () => {
    // Prepare
    const findings = [
      finding(3, { kind: 'public' }),
      finding(1, { kind: 'public' }),
      finding(3, { kind: 'not-principal' }),
    ];

    // Act
    const groups = groupByStatement(findings).map((g) => [g.statementLabel, g.findings.length]);

    // Assess
    expect(groups).toEqual([
      ['statement #1', 1],
      ['statement #3', 2],
    ]);
  });
});

describe('describePinMiss', () => {
  it.each<[ConditionMiss, string]>([
    [
      valueMiss('aws:SourceVpce', 'vpce-0abc', 'vpce'),
      'aws:SourceVpce names vpce-0abc, not an endpoint of account 111122223333 in eu-west-1',
    ],
    [
      valueMiss('aws:SourceVpc', 'vpc-0abc', 'vpc'),
      'aws:SourceVpc names vpc-0abc, not a VPC of account 111122223333 in eu-west-1',
    ],
    [
      valueMiss('aws:PrincipalOrgID', 'o-zzzz', 'org'),
      'aws:PrincipalOrgID names untrusted organization o-zzzz',
    ],
    [
      valueMiss('aws:SourceAccount', '444455556666', 'account'),
      'aws:SourceAccount names untrusted account 444455556666',
    ],
    [
      valueMiss('aws:PrincipalOrgPaths', 'o-zzzz/r-ab12/*', 'org-path'),
      'aws:PrincipalOrgPaths names o-zzzz/r-ab12/*, a path of an untrusted organization',
    ],
    [
      valueMiss('aws:PrincipalArn', 'arn:aws:iam::444455556666:role/ci', 'arn'),
      'aws:PrincipalArn names arn:aws:iam::444455556666:role/ci, outside the trusted accounts',
    ],
    [
      valueMiss('aws:PrincipalArn', 'arn:aws:iam::*:role/ci', 'arn', 'pattern'),
      'aws:PrincipalArn names arn:aws:iam::*:role/ci, a pattern that can match untrusted callers',
    ],
    [
      { kind: 'operator', key: 'aws:PrincipalOrgID', operator: 'StringEqualsIfExists' },
      'StringEqualsIfExists on aws:PrincipalOrgID lets other callers through',
    ],
  ])('%j -> %s', (miss, expected) => {
    // Act
    const text = describePinMiss(miss, PLACE);

    // Assess
    expect(text).toBe(expected);
  });

  it('makes policy text safe and short: controls removed, a long value cut', () => {
    // Act
    const text = describePinMiss(valueMiss('aws:PrincipalOrgID', `o-\u202e${'z'.repeat(100)}`, 'org'), PLACE);

    // Assess
    expect(text).toBe(`aws:PrincipalOrgID names untrusted organization o-${'z'.repeat(45)}…`);
  });
});

describe('describeDenyMiss', () => {
  it.each<[ConditionMiss, string]>([
    [
      { ...valueMiss('aws:PrincipalOrgID', 'o-zzzz', 'org'), operator: 'StringNotEquals' },
      'Deny statement "OrgOnly" spares aws:PrincipalOrgID untrusted organization o-zzzz',
    ],
    [
      { kind: 'operator', key: 'aws:PrincipalOrgID', operator: 'ForAnyValue:StringNotEquals' },
      'Deny statement "OrgOnly" spares some untrusted callers (ForAnyValue:StringNotEquals on aws:PrincipalOrgID)',
    ],
    [
      { kind: 'key', key: 'aws:SecureTransport', operator: 'Bool' },
      'Deny statement "OrgOnly" applies only when Bool aws:SecureTransport holds',
    ],
  ])('%j -> %s', (miss, expected) => {
    // Act
    const text = describeDenyMiss('statement "OrgOnly"', miss, PLACE);

    // Assess
    expect(text).toBe(expected);
  });
});

describe('statementClauses', () => {
  it('gives each statement its exposure and, when a condition or Deny tries, what keeps it open', () => {
    // Prepare
    const pinned: ExposureFinding = {
      ...finding(1, { kind: 'public' }, '"*"'),
      unpinned: valueMiss('aws:SourceVpce', 'vpce-0abc', 'vpce'),
      shortDeny: {
        statementLabel: 'statement #3',
        miss: { kind: 'key', key: 'aws:SourceIp', operator: 'NotIpAddress' },
      },
    };
    const bare = finding(2, { kind: 'account', accountId: '999999999999' });

    // Act
    const clauses = statementClauses([pinned, bare], PLACE);

    // Assess
    expect(clauses).toEqual([
      'statement #1 allows any AWS account (Principal "*"): aws:SourceVpce names vpce-0abc, not an endpoint of ' +
        'account 111122223333 in eu-west-1, and Deny statement #3 applies only when NotIpAddress aws:SourceIp holds',
      'statement #2 allows account 999999999999',
    ]);
  });
});
