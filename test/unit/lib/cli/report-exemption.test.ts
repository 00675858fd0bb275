/** Every format shows why an exemption (tag or suppression file entry) did or did not apply. */
import { describe, expect, it } from 'vitest';
import { renderAsff } from '../../../../lib/cli/report-asff';
import { renderCsv } from '../../../../lib/cli/report-csv';
import { renderJson } from '../../../../lib/cli/report-json';
import { renderJunit } from '../../../../lib/cli/report-junit';
import { renderOcsf } from '../../../../lib/cli/report-ocsf';
import { sarifLog } from '../../../../lib/cli/report-sarif';
import { renderTable } from '../../../../lib/cli/report-table';
import type { Finding, ScanResult } from '../../../../lib/cli/scan';
import { parseSuppressions, Suppressions } from '../../../../lib/engine/suppressions';
import { RESULT, TEST_RULES } from './fixtures';
import { schemaErrors } from './schemas';

const NOW = new Date('2026-12-04T10:00:05.000Z');

function exemptionResult(): ScanResult {
  const [leaky, app] = RESULT.findings as [Finding, Finding];
  const suppressions = new Suppressions(
    parseSuppressions(
      [
        'suppressions:',
        '  - {rule: test-project-in-vpc, resource: legacy, reason: RISK-42, owner: platform, expires: 2026-12-31}',
        '  - {rule: "*", resource: app-*, reason: old, owner: alice, expires: 2026-10-01}',
        '  - {rule: "*", resource: nothing, reason: stale, owner: bob, expires: 2026-12-20}',
      ].join('\n'),
      'sup.yaml',
    ),
  );
  suppressions.match(
    { rule: 'test-project-in-vpc', names: ['legacy'], account: '123456789012', region: 'eu-west-1' },
    NOW,
  );
  suppressions.match(
    { rule: 'test-project-in-vpc', names: ['app-build'], account: '123456789012', region: 'eu-west-1' },
    NOW,
  );
  return {
    ...RESULT,
    findings: [
      {
        ...leaky,
        annotation: 'leaky has no vpcConfig (exemption tag expired 2026-10-01)',
        exemption: { source: 'tag', applied: false, why: 'expired', until: '2026-10-01' },
      },
      {
        ...app,
        exemption: {
          source: 'file',
          applied: false,
          why: 'expired',
          reason: 'old',
          owner: 'alice',
          until: '2026-10-01',
          entry: 2,
        },
      },
      {
        ...app,
        resourceId: 'legacy',
        resourceName: 'legacy',
        compliance: 'NOT_APPLICABLE',
        annotation: 'suppressed: RISK-42 (platform, until 2026-12-31)',
        exempt: true,
        exemption: {
          source: 'file',
          applied: true,
          reason: 'RISK-42',
          owner: 'platform',
          until: '2026-12-31',
          entry: 1,
        },
      },
    ],
    errors: [],
    suppressions: { file: 'sup.yaml', entries: suppressions.uses(NOW) },
  };
}

describe('exemption state in every format', () => {
  it('table: a refused exemption next to the verdict, and each suppression entry with its state', () => {
    // Act
    const text = renderTable(exemptionResult(), TEST_RULES, 'all');

    // Assess
    expect(text).toContain(
      '  NON_COMPLIANT   leaky      leaky has no vpcConfig (exemption tag expired 2026-10-01)\n',
    );
    expect(text).toContain(
      '  COMPLIANT       app-build  runs in vpc-0a1b (suppression entry 2 expired 2026-10-01)\n',
    );
    expect(text).toContain('  EXEMPT          legacy     suppressed: RISK-42 (platform, until 2026-12-31)\n');
    expect(text).toContain(
      [
        'Suppression file sup.yaml:',
        '  entry 1 (line 2): used: suppressed 1; rule test-project-in-vpc, resource legacy, owner platform, expires 2026-12-31',
        '  entry 2 (line 3): expired 2026-10-01; rule *, resource app-*, owner alice, expires 2026-10-01',
        '  entry 3 (line 4): unused: matched nothing; rule *, resource nothing, owner bob, expires 2026-12-20',
      ].join('\n'),
    );
  });

  it('json: an exemption object per evaluation and the entries, valid against the version 1 schema', () => {
    // Act
    const json = JSON.parse(renderJson(exemptionResult()));

    // Assess
    expect(json.version).toBe(1);
    expect(json.evaluations.map((e: { exemption?: unknown }) => e.exemption)).toEqual([
      { source: 'tag', applied: false, why: 'expired', until: '2026-10-01' },
      {
        source: 'file',
        applied: false,
        why: 'expired',
        reason: 'old',
        owner: 'alice',
        until: '2026-10-01',
        entry: 2,
      },
      { source: 'file', applied: true, reason: 'RISK-42', owner: 'platform', until: '2026-12-31', entry: 1 },
    ]);
    expect(json.suppressions.entries.map((e: { state: string }) => e.state)).toEqual([
      'used',
      'expired',
      'unused',
    ]);
    expect(json.suppressions.entries[0]).toEqual({
      entry: 1,
      line: 2,
      rule: 'test-project-in-vpc',
      resource: 'legacy',
      account: '*',
      region: '*',
      reason: 'RISK-42',
      owner: 'platform',
      expires: '2026-12-31',
      state: 'used',
      applied: 1,
      refused: 0,
    });
    expect(schemaErrors('ppguard-scan-v1.schema.json', json)).toEqual([]);
  });

  it('sarif: the suppressed resource as an accepted suppression, refused ones as properties, entries as warnings', () => {
    // Act
    const run = sarifLog(exemptionResult(), TEST_RULES, '1.2.3').runs[0];

    // Assess
    expect(
      run?.results.map((r) => [r.properties.resourceId, r.suppressions, r.properties.exemption]),
    ).toEqual([
      ['leaky', undefined, { source: 'tag', applied: false, why: 'expired', until: '2026-10-01' }],
      [
        'legacy',
        [
          {
            kind: 'external',
            status: 'accepted',
            justification: 'suppressed: RISK-42 (platform, until 2026-12-31)',
          },
        ],
        {
          source: 'file',
          applied: true,
          reason: 'RISK-42',
          owner: 'platform',
          until: '2026-12-31',
          entry: 1,
        },
      ],
    ]);
    expect(run?.invocations[0]?.toolExecutionNotifications).toEqual([
      {
        level: 'warning',
        message: {
          text: 'suppressions sup.yaml: entry 2 (line 3): expired 2026-10-01; rule *, resource app-*, owner alice, expires 2026-10-01',
        },
      },
      {
        level: 'warning',
        message: {
          text: 'suppressions sup.yaml: entry 3 (line 4): unused: matched nothing; rule *, resource nothing, owner bob, expires 2026-12-20',
        },
      },
    ]);
  });

  it('csv: the exemption columns', () => {
    // Act
    const rows = renderCsv(exemptionResult()).split('\r\n');

    // Assess
    expect(
      rows[0]?.endsWith(
        ',exemptionSource,exemptionApplied,exemptionWhy,exemptionReason,exemptionOwner,exemptionUntil',
      ),
    ).toBe(true);
    expect(rows[1]?.endsWith(',tag,false,expired,,,2026-10-01')).toBe(true);
    expect(rows[2]?.endsWith(',file,false,expired,old,alice,2026-10-01')).toBe(true);
    expect(rows[3]?.endsWith(',file,true,,RISK-42,platform,2026-12-31')).toBe(true);
  });

  it('junit: a refused exemption in the test case output, a suppressed resource skipped with its reason', () => {
    // Act
    const xml = renderJunit(exemptionResult(), TEST_RULES);

    // Assess
    expect(xml).toContain(
      '<testcase classname="ppguard.test-project-in-vpc" name="app-build">\n      <system-out>suppression entry 2 expired 2026-10-01</system-out>\n    </testcase>',
    );
    expect(xml).toContain('<skipped message="suppressed: RISK-42 (platform, until 2026-12-31)"/>');
    expect(xml).toContain('message="leaky has no vpcConfig (exemption tag expired 2026-10-01)"');
  });

  it('ocsf and asff: the exemption in unmapped / ProductFields, valid against their schemas', () => {
    // Act
    const ocsf = JSON.parse(renderOcsf(exemptionResult(), TEST_RULES, '1.2.3', NOW));
    const asff = JSON.parse(renderAsff(exemptionResult(), TEST_RULES, NOW));

    // Assess
    expect(ocsf[1].unmapped).toEqual({
      exemption: {
        source: 'file',
        applied: false,
        why: 'expired',
        reason: 'old',
        owner: 'alice',
        until: '2026-10-01',
        entry: 2,
        text: 'suppression entry 2 expired 2026-10-01',
      },
    });
    expect(ocsf[2]).toMatchObject({
      status: 'Suppressed',
      message: 'suppressed: RISK-42 (platform, until 2026-12-31)',
    });
    expect(asff[0].ProductFields).toEqual({
      'ppguard/rule': 'test-project-in-vpc',
      'ppguard/compliance': 'NON_COMPLIANT',
      'ppguard/exemption/source': 'tag',
      'ppguard/exemption/applied': 'false',
      'ppguard/exemption': 'exemption tag expired 2026-10-01',
    });
    expect(asff[2].Workflow).toEqual({ Status: 'SUPPRESSED' });
    expect(schemaErrors('ocsf-1.3.0-compliance-finding.schema.json', ocsf)).toEqual([]);
    expect(schemaErrors('asff-2018-10-08.schema.json', asff)).toEqual([]);
  });
});
