/** JSON, OCSF and ASFF reports validate against their schemas, and the checks can fail. */
import { describe, expect, it } from 'vitest';
import { renderAsff } from '../../../../lib/cli/report-asff';
import { renderJson } from '../../../../lib/cli/report-json';
import { renderOcsf } from '../../../../lib/cli/report-ocsf';
import { RESULT, TEST_RULES } from './fixtures';
import { schemaErrors } from './schemas';

const NOW = new Date('2026-12-04T10:00:05.000Z');

describe('report schemas', () => {
  it('the JSON report follows the version 1 contract schema', () => {
    expect(schemaErrors('ppguard-scan-v1.schema.json', JSON.parse(renderJson(RESULT)))).toEqual([]);
  });

  it('the OCSF report is an array of valid Compliance Findings (1.3.0)', () => {
    // Act
    const events = JSON.parse(renderOcsf(RESULT, TEST_RULES, '1.2.3', NOW));

    // Assess
    expect(events).toHaveLength(5);
    expect(schemaErrors('ocsf-1.3.0-compliance-finding.schema.json', events)).toEqual([]);
  });

  it('the ASFF report is an array of findings BatchImportFindings accepts', () => {
    // Act
    const findings = JSON.parse(renderAsff(RESULT, TEST_RULES, NOW));

    // Assess
    expect(findings).toHaveLength(5);
    expect(schemaErrors('asff-2018-10-08.schema.json', findings)).toEqual([]);
  });

  it('each schema rejects a broken document (the checks can fail)', () => {
    // Prepare
    const json = JSON.parse(renderJson(RESULT));
    json.evaluations[0].severity = 'urgent';
    json.evaluations[1].extra = 1;
    const ocsf = JSON.parse(renderOcsf(RESULT, TEST_RULES, '1.2.3', NOW));
    ocsf[0].class_uid = 2001;
    delete ocsf[1].finding_info.uid;
    const asff = JSON.parse(renderAsff(RESULT, TEST_RULES, NOW));
    asff[0].Severity.Label = 'SEVERE';
    delete asff[1].ProductArn;
    asff[2].Title = 'x'.repeat(257);

    // Act + Assess
    expect(schemaErrors('ppguard-scan-v1.schema.json', json)).toEqual([
      '/evaluations/0/severity must be equal to one of the allowed values',
      '/evaluations/1 must NOT have additional properties',
    ]);
    expect(schemaErrors('ocsf-1.3.0-compliance-finding.schema.json', ocsf)).toEqual([
      '/0/class_uid must be equal to constant',
      "/1/finding_info must have required property 'uid'",
    ]);
    expect(schemaErrors('asff-2018-10-08.schema.json', asff)).toEqual([
      '/0/Severity/Label must be equal to one of the allowed values',
      "/1 must have required property 'ProductArn'",
      '/2/Title must NOT have more than 256 characters',
    ]);
  });
});
