/**
 * The SARIF report validates against the official SARIF 2.1.0 JSON schema (OASIS; the copy
 * Microsoft ships in @microsoft/jest-sarif), so code-scanning dashboards accept it.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { renderSarif } from '../../../../lib/cli/report-sarif';
import { RULES } from '../../../../rules/index';
import { RESULT, TEST_RULES } from './fixtures';

const require = createRequire(import.meta.url);
const schema = JSON.parse(
  readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
) as object;

function validate(document: unknown): string[] {
  // The schema's language pattern is not valid as a unicode regular expression.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const check = ajv.compile(schema);
  return check(document) ? [] : (check.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

describe('SARIF report', () => {
  it('validates against the SARIF 2.1.0 schema', () => {
    // Act
    const log = JSON.parse(renderSarif(RESULT, TEST_RULES, '1.2.3'));

    // Assess
    expect(validate(log)).toEqual([]);
    expect(log.runs[0].results.length).toBeGreaterThan(0);
  });

  it('validates with the whole catalog as the tool rules', () => {
    expect(validate(JSON.parse(renderSarif(RESULT, RULES, '1.2.3')))).toEqual([]);
  });

  it('the schema check rejects a broken log (it can fail)', () => {
    const log = JSON.parse(renderSarif(RESULT, TEST_RULES, '1.2.3'));
    log.runs[0].results[0].level = 'catastrophic';
    delete log.version;
    expect(validate(log).length).toBeGreaterThanOrEqual(2);
  });
});
