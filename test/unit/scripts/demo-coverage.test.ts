/**
 * The demo's account of the rules it cannot run on the emulator (scripts/demo-coverage.ts):
 * which, and why, for the real registry and for a rule mixing supported and missing types.
 */
import { describe, expect, it } from 'vitest';
import type { AnyRule } from '../../../lib/engine/rule';
import { RULES } from '../../../rules/index';
import { describeSkipped, emulatorCoverage } from '../../../scripts/demo-coverage';

describe('emulatorCoverage', () => {
  it('names the registry rules moto cannot list resources for, with what moto lacks', () => {
    // Act
    const coverage = emulatorCoverage(RULES);

    // Assess
    expect(coverage.skipped).toEqual([
      { id: 'ecr-public-repository-absent', reason: 'moto has no ECR Public API' },
      {
        id: 'ecr-registry-no-external-sharing',
        reason: 'moto has no ECR pull-through cache rules (DescribePullThroughCacheRules)',
      },
      { id: 'codecommit-repository-private-access', reason: 'moto has no CodeCommit ListRepositories' },
    ]);
    expect(coverage.runnable.length + coverage.skipped.length).toBe(RULES.length);
    expect(coverage.runnable.map((rule) => rule.id)).not.toContain('ecr-registry-no-external-sharing');
  });

  it('skips a rule when any one of its resource types is missing, naming each gap once', () => {
    // Prepare
    const rule = {
      id: 'mixed',
      resourceTypes: [
        'AWS::ECR::RegistryPolicy',
        'AWS::ECR::PublicRepository',
        'AWS::CodeCommit::Repository',
      ],
    } as unknown as AnyRule;

    // Act
    const coverage = emulatorCoverage([rule, rule]);

    // Assess
    expect(coverage.runnable).toEqual([]);
    expect(coverage.skipped[0]).toEqual({
      id: 'mixed',
      reason: 'moto has no ECR Public API; moto has no CodeCommit ListRepositories',
    });
  });
});

describe('describeSkipped', () => {
  it('says how many rules run and lists the others with their reasons', () => {
    // Act
    const text = describeSkipped(emulatorCoverage(RULES), RULES.length);

    // Assess
    expect(text).toBe(
      `${RULES.length - 3} of ${RULES.length} rules run on the emulated account; 3 cannot (their unit tests cover them):\n` +
        '  ecr-public-repository-absent          moto has no ECR Public API\n' +
        '  ecr-registry-no-external-sharing      moto has no ECR pull-through cache rules (DescribePullThroughCacheRules)\n' +
        '  codecommit-repository-private-access  moto has no CodeCommit ListRepositories\n',
    );
  });

  it('says every rule runs when none is skipped', () => {
    expect(describeSkipped({ runnable: [], skipped: [] }, 0)).toBe(
      'All 0 rules run on the emulated account.\n',
    );
  });
});
