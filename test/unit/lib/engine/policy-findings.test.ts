import { describe, expect, it } from 'vitest';
import {
  describeExposure,
  describeStatementExposure,
  groupByStatement,
} from '../../../../lib/engine/policy-findings';
import type { Exposure, ExposureFinding } from '../../../../lib/policy/exposure';

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
