import { describe, expect, it } from 'vitest';
import { renderTable } from '../../../../lib/cli/report-table';
import type { ScanResult } from '../../../../lib/cli/scan';
import { RESULT, TEST_RULES } from './fixtures';

describe('renderTable with hostile names', () => {
  it('writes no terminal escape, control or bidirectional override from resource names, annotations or errors', () => {
    // Prepare
    const [first] = RESULT.findings;
    if (!first) throw new Error('fixture has no finding');
    const result: ScanResult = {
      ...RESULT,
      findings: [
        {
          ...first,
          resourceId: 'evil\u001b]0;pwned\u0007',
          resourceName: 'evil\u001b]0;pwned\u0007',
          annotation: 'policy\u001b[2J\u202Etxt.exe\nsecond line',
        },
      ],
      errors: [
        {
          region: 'eu-west-1',
          code: 'AccessDenied',
          message: 'denied on \u009b31mred\u2066x',
          resourceId: 'r',
        },
      ],
    };

    // Act
    const text = renderTable(result, TEST_RULES);

    // Assess
    // Every control except the line feeds between lines, and the bidirectional controls.
    expect(text.replaceAll('\n', '')).not.toMatch(/[\p{Cc}\u202A-\u202E\u2066-\u2069]/u);
    expect(text).toContain('  NON_COMPLIANT   evil]0;pwned  policy[2Jtxt.exe second line\n');
    expect(text).toContain('denied on 31mredx');
  });
});
