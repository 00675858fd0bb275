import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../../lib/cli/io';
import { type ParameterSources, resolveRuleParameters } from '../../../../lib/cli/params';
import { parseRuleParameters } from '../../../../lib/engine/run';
import { projectInVpc, repositoryPrivate, TEST_RULES } from './fixtures';

const config = (value: unknown) => ({ path: 'ppguard.json', text: JSON.stringify(value) });

function resolve(sources: Partial<ParameterSources>, chosen = TEST_RULES) {
  return resolveRuleParameters(chosen, TEST_RULES, { options: [], ...sources });
}

function usageError(sources: Partial<ParameterSources>, chosen = TEST_RULES): string {
  try {
    resolve(sources, chosen);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('resolved without error');
}

describe('rule parameters from --param and --config', () => {
  it("gives every rule the Lambda path's defaults when nothing is set", () => {
    // Act
    const params = resolve({});

    // Assess
    expect(params.get(projectInVpc.id)).toEqual(parseRuleParameters(projectInVpc, {}));
    expect(params.get(repositoryPrivate.id)).toEqual(parseRuleParameters(repositoryPrivate, {}));
  });

  it('applies an unscoped parameter to every chosen rule that has it, a scoped one to its rule only', () => {
    // Act
    const params = resolve({
      options: [
        'trustedAccounts=111122223333, 444455556666',
        'allowedNames=web',
        'test-repository-private.exemptTagKey=skip',
      ],
    });

    // Assess
    expect(params.get(projectInVpc.id)?.common).toEqual({
      trustedAccounts: ['111122223333', '444455556666'],
      trustedOrgIds: [],
      exemptTagKey: 'ppg:exempt',
      exemptMaxDays: 90,
    });
    expect(params.get(repositoryPrivate.id)).toEqual({
      common: {
        trustedAccounts: ['111122223333', '444455556666'],
        trustedOrgIds: [],
        exemptTagKey: 'skip',
        exemptMaxDays: 90,
      },
      own: { allowedNames: ['web'] },
    });
  });

  it("layers the file's parameters, the file's rule section, --param and scoped --param, later winning", () => {
    // Act
    const params = resolve({
      config: config({
        parameters: { exemptTagKey: 'file-global', allowedNames: ['from-file'] },
        rules: { 'test-repository-private': { exemptTagKey: 'file-rule', trustedOrgIds: 'o-abcdefghij' } },
      }),
      options: ['exemptTagKey=option-global', 'test-project-in-vpc.exemptTagKey=option-rule'],
    });

    // Assess
    expect(params.get(projectInVpc.id)?.common.exemptTagKey).toBe('option-rule');
    expect(params.get(repositoryPrivate.id)).toEqual({
      common: {
        trustedAccounts: [],
        trustedOrgIds: ['o-abcdefghij'],
        exemptTagKey: 'option-global',
        exemptMaxDays: 90,
      },
      own: { allowedNames: ['from-file'] },
    });
  });

  it('accepts JSON booleans and lists in the file, as the schema does', () => {
    // Act
    const params = resolve({ config: config({ parameters: { trustedAccounts: ['111122223333'] } }) });

    // Assess
    expect(params.get(projectInVpc.id)?.common.trustedAccounts).toEqual(['111122223333']);
  });

  it("names the option of an invalid value, with the schema's own message", () => {
    expect(usageError({ options: ['trustedAccounts=12345'] })).toBe(
      '--param trustedAccounts=12345: invalid rule parameter "trustedAccounts": "12345" is not comma-separated 12-digit AWS account ids (rule test-project-in-vpc)',
    );
    expect(usageError({ options: ['test-project-in-vpc.allowedNames=x'] })).toBe(
      '--param test-project-in-vpc.allowedNames=x: invalid rule parameter "allowedNames": unknown parameter (known: exemptMaxDays, exemptTagKey, trustedAccounts, trustedOrgIds) (rule test-project-in-vpc)',
    );
  });

  it('rejects a parameter no chosen rule has, a malformed option, an unknown or unchosen rule', () => {
    expect(usageError({ options: ['allowedNames=x'] }, [projectInVpc])).toBe(
      '--param allowedNames=x: no chosen rule has a parameter "allowedNames" (known: exemptMaxDays, exemptTagKey, trustedAccounts, trustedOrgIds)',
    );
    expect(usageError({ options: ['trustedAccounts'] })).toBe(
      '--param trustedAccounts: expected <parameter>=<value> or <rule id>.<parameter>=<value>',
    );
    expect(usageError({ options: ['no-such-rule.x=1'] })).toBe(
      '--param no-such-rule.x=1: "no-such-rule" is not a ppguard rule (see "ppguard rules")',
    );
    expect(usageError({ options: ['test-repository-private.allowedNames=x'] }, [projectInVpc])).toBe(
      '--param test-repository-private.allowedNames=x: rule test-repository-private is not among the chosen --rules',
    );
  });

  it('suggests the parameter or rule id closest to a misspelled one, from --param and --config', () => {
    expect(usageError({ options: ['trustedAcounts=111122223333'] })).toBe(
      '--param trustedAcounts=111122223333: no chosen rule has a parameter "trustedAcounts"; did you mean "trustedAccounts"? (known: allowedNames, exemptMaxDays, exemptTagKey, trustedAccounts, trustedOrgIds)',
    );
    expect(usageError({ options: ['test-project-in-vcp.trustedAccounts=111122223333'] })).toBe(
      '--param test-project-in-vcp.trustedAccounts=111122223333: "test-project-in-vcp" is not a ppguard rule; did you mean "test-project-in-vpc"? (see "ppguard rules")',
    );
    expect(usageError({ options: ['test-project-in-vpc.trustedOrgId=o-a1b2c3d4e5'] })).toBe(
      '--param test-project-in-vpc.trustedOrgId=o-a1b2c3d4e5: invalid rule parameter "trustedOrgId": unknown parameter (known: exemptMaxDays, exemptTagKey, trustedAccounts, trustedOrgIds); did you mean "trustedOrgIds"? (rule test-project-in-vpc)',
    );
    expect(usageError({ config: config({ parameters: { exemptTagkey: 'skip' } }) })).toBe(
      '--config ppguard.json (parameters.exemptTagkey): no rule has a parameter "exemptTagkey"; did you mean "exemptTagKey"?',
    );
    expect(usageError({ config: config({ rules: { 'test-repository-privat': {} } }) })).toBe(
      '--config ppguard.json (rules.test-repository-privat): "test-repository-privat" is not a ppguard rule; did you mean "test-repository-private"? (see "ppguard rules")',
    );
  });

  it('names the config entry at fault', () => {
    expect(usageError({ config: { path: 'ppguard.json', text: '{"parameters": ' } })).toBe(
      '--config ppguard.json: not valid JSON (Unexpected end of JSON input)',
    );
    expect(usageError({ config: { path: 'ppguard.json', text: '{"parameters": secret-value}' } })).toBe(
      "--config ppguard.json: not valid JSON (Unexpected token 's')",
    );
    expect(usageError({ config: config(['a']) })).toBe(
      '--config ppguard.json: expected a JSON object with "parameters" and/or "rules"',
    );
    expect(usageError({ config: config({ params: {} }) })).toBe(
      '--config ppguard.json: unknown key "params" (expected "parameters" and/or "rules")',
    );
    expect(usageError({ config: config({ parameters: { nope: 'x' } }) })).toBe(
      '--config ppguard.json (parameters.nope): no rule has a parameter "nope"',
    );
    expect(usageError({ config: config({ rules: { nope: {} } }) })).toBe(
      '--config ppguard.json (rules.nope): "nope" is not a ppguard rule (see "ppguard rules")',
    );
    expect(
      usageError({ config: config({ rules: { 'test-project-in-vpc': { trustedAccounts: 12 } } }) }),
    ).toBe(
      '--config ppguard.json (rules.test-project-in-vpc.trustedAccounts): invalid rule parameter "trustedAccounts": expected a comma-separated string, got number (rule test-project-in-vpc)',
    );
  });

  it("ignores a file's sections for rules that were not chosen (one file serves every --rules)", () => {
    // Act
    const params = resolve(
      {
        config: config({
          parameters: { allowedNames: 'web' },
          rules: { 'test-repository-private': { allowedNames: 7 } },
        }),
      },
      [projectInVpc],
    );

    // Assess
    expect([...params.keys()]).toEqual(['test-project-in-vpc']);
  });
});
