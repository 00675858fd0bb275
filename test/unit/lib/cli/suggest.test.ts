/** "Did you mean" (lib/cli/suggest.ts): the distance, and when a suggestion is made or withheld. */
import { describe, expect, it } from 'vitest';
import { closest, didYouMean, editDistance } from '../../../../lib/cli/suggest';

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and neighbour swaps as one edit each', () => {
    expect(editDistance('scan', 'scan')).toBe(0);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('scan', 'scans')).toBe(1);
    expect(editDistance('scan', 'sca')).toBe(1);
    expect(editDistance('scan', 'scon')).toBe(1);
    expect(editDistance('sacn', 'scan')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});

describe('closest', () => {
  const rules = ['codebuild-project-in-vpc', 'codebuild-project-logging', 'ecr-repository-not-public'];

  it('finds the nearest known name within a third of its length, case aside', () => {
    expect(closest('sacn', ['scan', 'doctor', 'rules'])).toBe('scan');
    expect(closest('codebuild-project-in-vcp', rules)).toBe('codebuild-project-in-vpc');
    expect(closest('ECR-repository-not-public', rules)).toBe('ecr-repository-not-public');
    expect(closest('requireECR', ['requireEcr', 'requireLogs'])).toBe('requireEcr');
  });

  it('suggests nothing for a word far from every name, an exact name or an empty list', () => {
    expect(closest('deploy', ['scan', 'doctor', 'rules'])).toBeUndefined();
    expect(closest('x', ['scan'])).toBeUndefined();
    expect(closest('scan', ['scan'])).toBeUndefined();
    expect(closest('scan', [])).toBeUndefined();
  });

  it('treats characters that mean something in a pattern as plain text', () => {
    expect(closest('.*', ['scan', '.+'])).toBe('.+');
    expect(closest('sc.n', ['scan'])).toBe('scan');
  });
});

describe('didYouMean', () => {
  it('follows a message with the suggestion, or adds nothing', () => {
    expect(didYouMean('doctr', ['scan', 'doctor'])).toBe('; did you mean "doctor"?');
    expect(didYouMean('zzz', ['scan', 'doctor'])).toBe('');
  });
});
