import { describe, expect, it } from 'vitest';
import { type ComplianceType, decideTransition } from '../../../../lib/notify/decide';

const r = (compliance: ComplianceType, annotation?: string) => ({ compliance, annotation });

describe('decideTransition', () => {
  it.each([
    ['a first evaluation NON_COMPLIANT', undefined, r('NON_COMPLIANT', 'x'), 'violation'],
    ['COMPLIANT -> NON_COMPLIANT', r('COMPLIANT'), r('NON_COMPLIANT', 'x'), 'violation'],
    ['NOT_APPLICABLE -> NON_COMPLIANT', r('NOT_APPLICABLE'), r('NON_COMPLIANT', 'x'), 'violation'],
    ['INSUFFICIENT_DATA -> NON_COMPLIANT', r('INSUFFICIENT_DATA'), r('NON_COMPLIANT', 'x'), 'violation'],
    ['NON_COMPLIANT -> COMPLIANT', r('NON_COMPLIANT', 'x'), r('COMPLIANT'), 'resolved'],
    [
      'NON_COMPLIANT -> NOT_APPLICABLE',
      r('NON_COMPLIANT', 'x'),
      r('NOT_APPLICABLE', 'exempt: migration'),
      'resolved',
    ],
    ['NON_COMPLIANT -> INSUFFICIENT_DATA', r('NON_COMPLIANT', 'x'), r('INSUFFICIENT_DATA'), 'none'],
    ['a first evaluation COMPLIANT', undefined, r('COMPLIANT'), 'none'],
    ['a first evaluation NOT_APPLICABLE', undefined, r('NOT_APPLICABLE'), 'none'],
    ['COMPLIANT -> NOT_APPLICABLE', r('COMPLIANT'), r('NOT_APPLICABLE'), 'none'],
    ['NOT_APPLICABLE -> COMPLIANT', r('NOT_APPLICABLE'), r('COMPLIANT'), 'none'],
    ['COMPLIANT -> COMPLIANT', r('COMPLIANT'), r('COMPLIANT'), 'none'],
    [
      'NON_COMPLIANT -> NON_COMPLIANT, same annotation',
      r('NON_COMPLIANT', 'a b'),
      r('NON_COMPLIANT', 'a b'),
      'none',
    ],
    [
      'NON_COMPLIANT -> NON_COMPLIANT, annotation differs only in spacing',
      r('NON_COMPLIANT', 'a  b '),
      r('NON_COMPLIANT', 'a\nb'),
      'none',
    ],
    [
      'NON_COMPLIANT -> NON_COMPLIANT, old annotation absent',
      r('NON_COMPLIANT'),
      r('NON_COMPLIANT', 'b'),
      'none',
    ],
    [
      'NON_COMPLIANT -> NON_COMPLIANT, new annotation absent',
      r('NON_COMPLIANT', 'a'),
      r('NON_COMPLIANT'),
      'none',
    ],
    [
      'NON_COMPLIANT -> NON_COMPLIANT, a different cause',
      r('NON_COMPLIANT', 'allows Principal *'),
      r('NON_COMPLIANT', 'allows account 210987654321'),
      'changed',
    ],
  ] as const)('%s', (_name, previous, current, expected) => {
    // Act
    const transition = decideTransition(previous, current);

    // Assess
    expect(transition).toBe(expected);
  });
});
