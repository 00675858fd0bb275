import { describe, expect, it } from 'vitest';
import {
  COMMON_PARAMETERS,
  InvalidParameterError,
  type ParamSchema,
  parseParameters,
  parseRuleParametersJson,
} from '../../../../lib/engine/params';

const schema = {
  ...COMMON_PARAMETERS,
  requireEcr: { type: 'boolean', default: true, description: 'Require the ECR endpoints.' },
  allowedEgressTargets: { type: 'list', default: [], description: 'Route targets allowed to leave the VPC.' },
} as const satisfies ParamSchema;

describe('parseRuleParametersJson', () => {
  it.each([
    ['an empty string', ''],
    ['undefined', undefined],
    ['null', null],
  ])('treats %s as no parameters', (_label, raw) => {
    expect(parseRuleParametersJson(raw)).toEqual({});
  });

  it('parses a JSON object string', () => {
    expect(parseRuleParametersJson('{"trustedAccounts":"111111111111"}')).toEqual({
      trustedAccounts: '111111111111',
    });
  });

  it('rejects invalid JSON, naming ruleParameters', () => {
    expect(() => parseRuleParametersJson('{"a":')).toThrowError(
      'invalid rule parameter "ruleParameters": not valid JSON (Unexpected end of JSON input)',
    );
  });

  it('does not echo invalid JSON in the error', () => {
    expect(() => parseRuleParametersJson('{"allowedNames": secret-value}')).toThrowError(
      `invalid rule parameter "ruleParameters": not valid JSON (Unexpected token 's')`,
    );
  });

  it('rejects JSON that is not an object', () => {
    expect(() => parseRuleParametersJson('[1,2]')).toThrowError(
      'invalid rule parameter "ruleParameters": expected a JSON object of parameter names to values',
    );
  });
});

describe('parseParameters', () => {
  it('applies defaults when nothing is given', () => {
    // Act
    const values = parseParameters(schema, {});

    // Assess
    expect(values).toEqual({
      trustedAccounts: [],
      trustedOrgIds: [],
      exemptTagKey: 'ppg:exempt',
      exemptMaxDays: 90,
      requireEcr: true,
      allowedEgressTargets: [],
    });
  });

  it('parses comma-separated lists, trimming, dropping empties and duplicates', () => {
    // Act
    const values = parseParameters(schema, {
      trustedAccounts: ' 111111111111, 222222222222,,111111111111 ',
      trustedOrgIds: 'o-abcdefghij',
    });

    // Assess
    expect(values.trustedAccounts).toEqual(['111111111111', '222222222222']);
    expect(values.trustedOrgIds).toEqual(['o-abcdefghij']);
  });

  it('parses booleans as Config delivers them (strings, any case)', () => {
    expect(parseParameters(schema, { requireEcr: 'FALSE' }).requireEcr).toBe(false);
    expect(parseParameters(schema, { requireEcr: 'true' }).requireEcr).toBe(true);
  });

  it('treats an empty string as not set (CloudFormation passes "" for unset deploy parameters)', () => {
    expect(parseParameters(schema, { exemptTagKey: '' }).exemptTagKey).toBe('ppg:exempt');
  });

  it('rejects an account id that is not 12 digits, naming the parameter and the value', () => {
    // Act
    const act = () => parseParameters(schema, { trustedAccounts: '111111111111,12345' });

    // Assess
    expect(act).toThrowError(InvalidParameterError);
    expect(act).toThrowError(
      'invalid rule parameter "trustedAccounts": "12345" is not comma-separated 12-digit AWS account ids',
    );
  });

  it('rejects an organization id of the wrong form', () => {
    expect(() => parseParameters(schema, { trustedOrgIds: 'org-1' })).toThrowError(
      'invalid rule parameter "trustedOrgIds": "org-1" is not comma-separated AWS Organizations ids (o-...)',
    );
  });

  it('rejects a boolean that is not true or false', () => {
    expect(() => parseParameters(schema, { requireEcr: 'yes' })).toThrowError(
      'invalid rule parameter "requireEcr": expected "true" or "false", got "yes"',
    );
  });

  it('reads exemptMaxDays as a whole number within 1..3650', () => {
    // Act
    const given = parseParameters(schema, { exemptMaxDays: ' 30 ' }).exemptMaxDays;
    const largest = parseParameters(schema, { exemptMaxDays: '3650' }).exemptMaxDays;

    // Assess
    expect([given, largest]).toEqual([30, 3650]);
  });

  it.each([
    ['0', 'got 0'],
    ['3651', 'got 3651'],
    ['9.5', 'got "9.5"'],
    ['-1', 'got "-1"'],
    ['ninety', 'got "ninety"'],
  ])('rejects exemptMaxDays %j, naming the parameter', (value, got) => {
    expect(() => parseParameters(schema, { exemptMaxDays: value })).toThrowError(
      `invalid rule parameter "exemptMaxDays": expected a whole number from 1 to 3650, ${got}`,
    );
  });

  it('rejects an unknown parameter, listing the known ones', () => {
    expect(() => parseParameters(schema, { trustedAcounts: '111111111111' })).toThrowError(
      'invalid rule parameter "trustedAcounts": unknown parameter (known: allowedEgressTargets, exemptMaxDays, exemptTagKey, requireEcr, trustedAccounts, trustedOrgIds)',
    );
  });

  it('rejects a list given as a number', () => {
    expect(() => parseParameters(schema, { allowedEgressTargets: 42 })).toThrowError(
      'invalid rule parameter "allowedEgressTargets": expected a comma-separated string, got number',
    );
  });
});

describe('InvalidParameterError never echoes a hostile value', () => {
  const thrownBy = (raw: Record<string, unknown>): InvalidParameterError => {
    try {
      parseParameters(schema, raw);
    } catch (error) {
      if (error instanceof InvalidParameterError) return error;
      throw error;
    }
    throw new Error('expected an InvalidParameterError');
  };

  it('cuts a 1 MB value to 64 characters and says how long it was, keeping the parameter name', () => {
    // Act
    const error = thrownBy({ trustedAccounts: '1'.repeat(1_048_576) });

    // Assess
    expect(error.parameter).toBe('trustedAccounts');
    expect(error.message).toBe(
      `invalid rule parameter "trustedAccounts": "${'1'.repeat(64)}"… (1048576 characters) is not comma-separated 12-digit AWS account ids`,
    );
  });

  it('strips control, bidirectional-override and lone surrogate characters from the value', () => {
    // Act
    const error = thrownBy({ requireEcr: 'ye\u0000s\u0007\u202e\ud800\u200b!' });

    // Assess
    expect(error.message).toBe('invalid rule parameter "requireEcr": expected "true" or "false", got "yes!"');
  });

  it('cuts and cleans an unknown parameter name too', () => {
    // Act
    const error = thrownBy({ [`x\u202e${'n'.repeat(100_000)}`]: '1' });

    // Assess
    expect(error.parameter).toBe(`x${'n'.repeat(63)}…`);
    expect(error.message.length).toBeLessThan(400);
    expect(error.message).toMatch(/^invalid rule parameter "xn{63}…": unknown parameter \(known: /);
  });

  it('names the type of a deeply nested value instead of serialising it', () => {
    // Prepare
    let nested: unknown = [];
    for (let depth = 0; depth < 10_000; depth++) nested = [nested];

    // Act
    const error = thrownBy({ requireEcr: nested });

    // Assess
    expect(error.message).toBe('invalid rule parameter "requireEcr": expected "true" or "false", got a list');
  });
});
