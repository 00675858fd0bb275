import { describe, expect, it } from 'vitest';
import { InvalidParameterError, parseParameters } from '../../../lib/engine/params';
import { contextFor, parseRuleParameters } from '../../../lib/engine/run';
import type { EcrPublicRepository } from '../../../lib/resources/model';
import rule from '../../../rules/ecr-public-repository-absent';
import { ecrPublicRepository } from '../../fixtures/models';

const common = parseRuleParameters(rule, {}).common;
const context = contextFor('123456789012', 'us-east-1', common, new Date('2026-11-25T00:00:00Z'));
const evaluate = (repository: EcrPublicRepository, raw: Record<string, unknown> = {}) =>
  rule.evaluate(repository, context, parseParameters(rule.parameters, raw));

describe('ecr-public-repository-absent', () => {
  it('Given a public repository not listed in allowedPublicRepositories, then NON_COMPLIANT naming it and saying it is pullable anonymously by anyone', () => {
    // Prepare
    const repository = ecrPublicRepository();

    // Act
    const verdict = evaluate(repository);

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        'ECR Public repository web-assets is pullable anonymously by anyone (ECR Public) and is not listed in ' +
        'allowedPublicRepositories',
    });
  });

  it('Given a public repository listed in allowedPublicRepositories, then COMPLIANT saying it is allowed', () => {
    // Prepare
    const repository = ecrPublicRepository();

    // Act
    const verdict = evaluate(repository, { allowedPublicRepositories: 'cli, web-assets' });

    // Assess
    expect(verdict).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'ECR Public repository web-assets is listed in allowedPublicRepositories',
    });
  });

  it('Given allowedPublicRepositories that list only other repositories, then NON_COMPLIANT', () => {
    // Prepare
    const repository = ecrPublicRepository();

    // Act
    const verdict = evaluate(repository, { allowedPublicRepositories: 'cli,web-assets-old' });

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        'ECR Public repository web-assets is pullable anonymously by anyone (ECR Public) and is not listed in ' +
        'allowedPublicRepositories',
    });
  });

  it('Given a namespaced repository (team/app) and only its namespace (team) allowed, then NON_COMPLIANT', () => {
    // Prepare
    const repository = ecrPublicRepository({ name: 'team/app' });

    // Act
    const verdict = evaluate(repository, { allowedPublicRepositories: 'team' });

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        'ECR Public repository team/app is pullable anonymously by anyone (ECR Public) and is not listed in ' +
        'allowedPublicRepositories',
    });
  });

  it('Given a namespaced repository listed with its full name, then COMPLIANT', () => {
    // Prepare
    const repository = ecrPublicRepository({ name: 'team/app' });

    // Act
    const verdict = evaluate(repository, { allowedPublicRepositories: 'team/app' });

    // Assess
    expect(verdict).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'ECR Public repository team/app is listed in allowedPublicRepositories',
    });
  });

  it.each(['Web-Assets', 'team//app', 'web-*'])(
    'Given an allowedPublicRepositories item that is not a repository name, then parameter parsing fails naming the parameter: %s',
    (item) => {
      // Act
      const act = () => parseRuleParameters(rule, { allowedPublicRepositories: item });

      // Assess
      expect(act).toThrow(InvalidParameterError);
      expect(act).toThrow(
        `invalid rule parameter "allowedPublicRepositories": ${JSON.stringify(item)} is not comma-separated ECR Public repository names (e.g. team/cli)`,
      );
    },
  );

  it('Given a very long repository name, then the annotation stays within 256 characters', () => {
    // Prepare
    const name = `team/${'long-name-'.repeat(20)}x`;
    const repository = ecrPublicRepository({ name });

    // Act
    const verdict = evaluate(repository);

    // Assess
    const suffix =
      ' is pullable anonymously by anyone (ECR Public) and is not listed in allowedPublicRepositories';
    expect(verdict.compliance).toBe('NON_COMPLIANT');
    expect(verdict.annotation).toHaveLength(256);
    expect(verdict.annotation).toBe(
      `ECR Public repository ${name.slice(0, 256 - 22 - suffix.length - 1)}…${suffix}`,
    );
  });
});
