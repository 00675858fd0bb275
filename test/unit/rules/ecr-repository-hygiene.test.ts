import { describe, expect, it } from 'vitest';
import type { RuleContext } from '../../../lib/engine/rule';
import { contextFor, parseRuleParameters } from '../../../lib/engine/run';
import type { EcrRegistryScanning, EcrRepository } from '../../../lib/resources/model';
import rule from '../../../rules/ecr-repository-hygiene';
import { ecrRepository } from '../../fixtures/models';

const params = parseRuleParameters(rule, {});
const base = contextFor('123456789012', 'eu-west-1', params.common, new Date('2026-11-25T00:00:00Z'));
const BASIC: EcrRegistryScanning = { scanType: 'BASIC', rules: [] };
const withScanning = (scanning: EcrRegistryScanning): RuleContext<'ecrRegistryScanning'> => ({
  ...base,
  ecrRegistryScanning: scanning,
});
const evaluate = (repository: EcrRepository, scanning: EcrRegistryScanning = BASIC) =>
  rule.evaluate(repository, withScanning(scanning), params.own);

/** A registry scanning configuration with one rule. */
const scanningWith = (
  scanType: 'BASIC' | 'ENHANCED',
  scanFrequency: string,
  filter: string,
  filterType = 'WILDCARD',
): EcrRegistryScanning => ({
  scanType,
  rules: [{ scanFrequency, repositoryFilters: [{ filter, filterType }] }],
});

const NOT_SCANNED = 'images are not scanned (scanOnPush off, no registry scan-on-push filter matches)';
const ENABLE = '; to pass, enable scanning';

describe('ecr-repository-hygiene', () => {
  it('Given a repository with scan on push, immutable tags and a lifecycle policy under BASIC scanning without rules, then COMPLIANT', () => {
    // Act
    const verdict = evaluate(ecrRepository());

    // Assess
    expect(verdict).toEqual({ compliance: 'COMPLIANT' });
  });

  it('Given a repository without scan on push, with mutable tags and no lifecycle policy, then NON_COMPLIANT listing all three gaps', () => {
    // Prepare
    const repository = ecrRepository({
      scanOnPush: false,
      imageTagMutability: 'MUTABLE',
      hasLifecyclePolicy: false,
    });

    // Act
    const verdict = evaluate(repository);

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        `repository builder: ${NOT_SCANNED}; tags are mutable (MUTABLE); no lifecycle policy; to pass, enable ` +
        'scanning, make tags IMMUTABLE, add a lifecycle policy',
    });
  });

  it('Given a repository without scan on push under BASIC scanning without rules, then NON_COMPLIANT "images are not scanned"', () => {
    // Act
    const verdict = evaluate(ecrRepository({ scanOnPush: false }));

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: `repository builder: ${NOT_SCANNED}${ENABLE}`,
    });
  });

  it('Given a repository without scan on push matched by a BASIC SCAN_ON_PUSH rule with filter "*", then it is scanned', () => {
    // Act
    const verdict = evaluate(
      ecrRepository({ scanOnPush: false }),
      scanningWith('BASIC', 'SCAN_ON_PUSH', '*'),
    );

    // Assess
    expect(verdict).toEqual({ compliance: 'COMPLIANT' });
  });

  it('Given a repository without scan on push matched by an ENHANCED CONTINUOUS_SCAN rule, then it is scanned', () => {
    // Act
    const verdict = evaluate(
      ecrRepository({ scanOnPush: false }),
      scanningWith('ENHANCED', 'CONTINUOUS_SCAN', 'build*'),
    );

    // Assess
    expect(verdict).toEqual({ compliance: 'COMPLIANT' });
  });

  it('Given a repository with scan on push under ENHANCED scanning whose filters do not match it, then NON_COMPLIANT saying ENHANCED scanning ignores scan on push', () => {
    // Act
    const verdict = evaluate(
      ecrRepository({ scanOnPush: true }),
      scanningWith('ENHANCED', 'CONTINUOUS_SCAN', 'prod-*'),
    );

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        'repository builder: images are not scanned (ENHANCED registry scanning ignores scanOnPush and no ' +
        `scanning filter matches)${ENABLE}`,
    });
  });

  it('Given a repository matched only by a MANUAL rule, then it is not scanned', () => {
    // Act
    const basic = evaluate(ecrRepository({ scanOnPush: false }), scanningWith('BASIC', 'MANUAL', '*'));
    const enhanced = evaluate(ecrRepository({ scanOnPush: false }), scanningWith('ENHANCED', 'MANUAL', '*'));

    // Assess
    expect(basic).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: `repository builder: ${NOT_SCANNED}${ENABLE}`,
    });
    expect(enhanced).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: `repository builder: images are not scanned (no ENHANCED scanning filter matches)${ENABLE}`,
    });
  });

  // The table of the ECR user guide ("Filters to choose which repositories are scanned").
  it.each([
    ['prod', ['prod', 'repo-prod', 'prod-repo', 'repo-prod-repo', 'prodrepo'], []],
    ['*prod', ['prod', 'repo-prod'], ['prod-repo', 'repo-prod-repo', 'prodrepo']],
    ['prod*', ['prod', 'prod-repo', 'prodrepo'], ['repo-prod', 'repo-prod-repo']],
    ['*prod*', ['prod', 'repo-prod', 'prod-repo', 'repo-prod-repo', 'prodrepo'], []],
    ['prod*repo', ['prod-repo', 'prodrepo'], ['prod', 'repo-prod', 'repo-prod-repo']],
  ])(
    'Given wildcard filters (prod, *prod, prod*, *prod*, prod*repo), then they match as ECR documents: %s',
    (filter, matched, unmatched) => {
      // Prepare
      const scanning = scanningWith('BASIC', 'SCAN_ON_PUSH', filter);
      const verdictFor = (name: string) =>
        evaluate(ecrRepository({ name, scanOnPush: false }), scanning).compliance;

      // Act
      const scanned = [...matched, ...unmatched].filter((name) => verdictFor(name) === 'COMPLIANT');

      // Assess
      expect(scanned).toEqual(matched);
    },
  );

  it('Given the filter *a*a*a*a*a*a*b and a 128-character name, then it answers at once (no match)', () => {
    // Prepare: the filter from issue 12 that hung a backtracking RegExp past the Lambda timeout.
    const repository = ecrRepository({ name: 'a'.repeat(128), scanOnPush: false });
    const scanning = scanningWith('BASIC', 'SCAN_ON_PUSH', '*a*a*a*a*a*a*b');

    // Act
    const started = performance.now();
    const verdict = evaluate(repository, scanning);
    const elapsed = performance.now() - started;

    // Assess
    expect(verdict.compliance).toBe('NON_COMPLIANT');
    expect(verdict.annotation).toContain(NOT_SCANNED);
    expect(elapsed).toBeLessThan(1000);
  });

  it('Given a filter with regular-expression characters, then they are literal', () => {
    // Act
    const dotted = evaluate(
      ecrRepository({ name: 'team.app', scanOnPush: false }),
      scanningWith('BASIC', 'SCAN_ON_PUSH', 'team.*'),
    );
    const notDotted = evaluate(
      ecrRepository({ name: 'teamxapp', scanOnPush: false }),
      scanningWith('BASIC', 'SCAN_ON_PUSH', 'team.*'),
    );

    // Assess
    expect(dotted.compliance).toBe('COMPLIANT');
    expect(notDotted.compliance).toBe('NON_COMPLIANT');
  });

  it('Given a filter of another filterType, then it does not match', () => {
    // Act
    const verdict = evaluate(
      ecrRepository({ scanOnPush: false }),
      scanningWith('BASIC', 'SCAN_ON_PUSH', 'builder', 'PREFIX_MATCH'),
    );

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: `repository builder: ${NOT_SCANNED}${ENABLE}`,
    });
  });

  it('Given mutable tags only, then NON_COMPLIANT "tags are mutable (MUTABLE)"', () => {
    // Act
    const verdict = evaluate(ecrRepository({ imageTagMutability: 'MUTABLE' }));

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'repository builder: tags are mutable (MUTABLE); to pass, make tags IMMUTABLE',
    });
  });

  it('Given IMMUTABLE_WITH_EXCLUSION, then NON_COMPLIANT saying excluded tags can be overwritten', () => {
    // Act
    const verdict = evaluate(ecrRepository({ imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION' }));

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        'repository builder: tags are mutable (IMMUTABLE_WITH_EXCLUSION: excluded tags can be overwritten); ' +
        'to pass, make tags IMMUTABLE',
    });
  });

  it("Given no recorded tag mutability, then NON_COMPLIANT saying ECR's default is MUTABLE", () => {
    // Act
    const verdict = evaluate(ecrRepository({ imageTagMutability: undefined }));

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        "repository builder: tags are mutable (not set: ECR's default is MUTABLE); to pass, make tags IMMUTABLE",
    });
  });

  it('Given no lifecycle policy only, then NON_COMPLIANT "no lifecycle policy"', () => {
    // Act
    const verdict = evaluate(ecrRepository({ hasLifecyclePolicy: false }));

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'repository builder: no lifecycle policy; to pass, add a lifecycle policy',
    });
  });

  it('Given a very long repository name with every gap, then the annotation stays within 256 characters', () => {
    // Prepare
    const name = `team/${'very-long-repository-name-'.repeat(9)}`;
    const repository = ecrRepository({
      name,
      scanOnPush: false,
      imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
      hasLifecyclePolicy: false,
    });

    // Act
    const verdict = evaluate(repository);

    // Assess
    const gaps = `${NOT_SCANNED}; tags are mutable (IMMUTABLE_WITH_EXCLUSION: excluded tags can be overwritten); no lifecycle policy`;
    expect(verdict.compliance).toBe('NON_COMPLIANT');
    expect(verdict.annotation).toBe(`repository ${name.slice(0, 256 - gaps.length - 13 - 1)}…: ${gaps}`);
    expect(verdict.annotation).toHaveLength(256);
  });
});
