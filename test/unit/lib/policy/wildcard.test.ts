import { describe, expect, it } from 'vitest';
import { hasWildcard, starMatch, wildcardCovers, wildcardMatch } from '../../../../lib/policy/wildcard';

/** An IAM policy variable, e.g. `${aws:username}` (written so it is not mistaken for a template). */
const policyVariable = (name: string) => `\${${name}}`;

describe('wildcardMatch', () => {
  it.each([
    ['ecr:*', 'ecr:BatchGetImage', true, true],
    ['ecr:Get?', 'ecr:GetX', true, true],
    ['ecr:Get?', 'ecr:Get', true, false],
    ['ECR:batch*', 'ecr:BatchGetImage', true, true],
    ['ECR:batch*', 'ecr:BatchGetImage', false, false],
    ['*', '', false, true],
    ['a*b*c', 'aXXbYYc', false, true],
    ['a*b*c', 'aXXbYY', false, false],
    [
      'arn:aws:ecr:*:123456789012:repository/app',
      'arn:aws:ecr:eu-west-1:123456789012:repository/app',
      false,
      true,
    ],
    ['literal', '*', false, false],
  ])('%s against %s (case-insensitive %s) is %s', (pattern, text, caseInsensitive, expected) => {
    // Act
    const result = wildcardMatch(pattern, text, caseInsensitive);

    // Assess
    expect(result).toBe(expected);
  });

  it('does not backtrack catastrophically on many stars', () => {
    // Prepare
    const pattern = `${'a*'.repeat(40)}b`;
    const text = 'a'.repeat(5000);

    // Act
    const started = Date.now();
    const result = wildcardMatch(pattern, text);

    // Assess
    expect(result).toBe(false);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('wildcardCovers', () => {
  it.each([
    ['*', 'ecr:*', true],
    ['ecr:*', 'ecr:Get*', true],
    ['ecr:*', 'ECR:GETIMAGE', true],
    ['ecr:Get*', 'ecr:*', false],
    ['ecr:Get?', 'ecr:Get*', false],
    ['ecr:Get*', 'ecr:Get?', true],
    ['ecr:*Image', 'ecr:*GetImage', true],
    ['ecr:?', 'ecr:*', false],
    ['e*r:*', 'ecr:*', true],
    ['ecr:BatchGetImage', 'ecr:batchgetimage', true],
    ['ecr:PutImage', 'ecr:BatchGetImage', false],
    ['s3:*', '*', false],
  ])('%s covers %s: %s (actions, case-insensitive)', (outer, inner, expected) => {
    // Act
    const result = wildcardCovers(outer, inner, true);

    // Assess
    expect(result).toBe(expected);
  });

  it('is case-sensitive unless asked otherwise', () => {
    // Act
    const sensitive = wildcardCovers('arn:aws:ecr:*:*:repository/App', 'arn:aws:ecr:*:*:repository/app');

    // Assess
    expect(sensitive).toBe(false);
  });

  it('lets a pattern with a policy variable cover only itself', () => {
    // Act
    const same = wildcardCovers(
      `arn:aws:s3:::${policyVariable('aws:username')}/*`,
      `arn:aws:s3:::${policyVariable('aws:username')}/*`,
    );
    const wider = wildcardCovers(
      `arn:aws:s3:::${policyVariable('aws:username')}*`,
      `arn:aws:s3:::${policyVariable('aws:username')}/x`,
    );
    const underStar = wildcardCovers('*', `arn:aws:s3:::${policyVariable('aws:username')}`);

    // Assess
    expect(same).toBe(true);
    expect(wider).toBe(false);
    expect(underStar).toBe(false);
  });
});

describe('starMatch', () => {
  it.each([
    ['prod*', 'prod-api', true],
    ['*prod', 'team/prod', true],
    ['prod*repo', 'prod-x-repo', true],
    ['prod*repo', 'prod-x-rep', false],
    ['*', '', true],
    ['pr?d', 'prod', false],
    ['pr?d', 'pr?d', true],
    ['a*b', 'A-b', false],
    ['a*a', 'a', false],
    ['ab*ba', 'aba', false],
    ['*ab*ab*', 'xabyab', true],
    ['*ab*ab*', 'xaby', false],
    ['a**b', 'ab', true],
  ])('%s against %s is %s (only * is a wildcard)', (pattern, text, expected) => {
    // Act
    const result = starMatch(pattern, text);

    // Assess
    expect(result).toBe(expected);
  });

  it('agrees with the dynamic programme on every short pattern and text', () => {
    // Prepare: all patterns and texts of up to 5 characters over a, b and * (texts: a, b only).
    const words = (alphabet: string, max: number): string[] => {
      const all = [''];
      for (let i = 0; i < all.length; i++) {
        const word = all[i] ?? '';
        if (word.length < max) for (const char of alphabet) all.push(word + char);
      }
      return all;
    };
    const disagreements: string[] = [];

    // Act
    for (const pattern of words('ab*', 5))
      for (const text of words('ab', 5))
        if (starMatch(pattern, text) !== wildcardMatch(pattern, text))
          disagreements.push(`${pattern} ~ ${text}`);

    // Assess
    expect(disagreements).toEqual([]);
  });

  it('answers the issue-12 filter against a 128-character name at once', () => {
    // Prepare: the filter that hung a backtracking RegExp for minutes.
    const name = 'a'.repeat(128);

    // Act
    const started = performance.now();
    const result = starMatch('*a*a*a*a*a*a*b', name);
    const elapsed = performance.now() - started;

    // Assess
    expect(result).toBe(false);
    expect(elapsed).toBeLessThan(1000);
  });
});

describe('wildcard matching at the size of the largest policy AWS accepts', () => {
  it('covers 5,000-character patterns against each other well within a second', () => {
    // Prepare: patterns half the largest endpoint policy that only differ in their first
    // character, so the programme fills all 25 million cells before it can answer.
    const outer = `b${'*a'.repeat(2499)}*`;
    const inner = 'a'.repeat(5000);

    // Act
    const started = performance.now();
    const result = wildcardCovers(outer, inner);
    const elapsed = performance.now() - started;

    // Assess
    expect(result).toBe(false);
    expect(elapsed).toBeLessThan(1000);
  });
});

describe('hasWildcard', () => {
  it('sees * and ? only', () => {
    // Act
    const results = ['a*', 'a?', 'a', policyVariable('x')].map(hasWildcard);

    // Assess
    expect(results).toEqual([true, true, false, false]);
  });
});
