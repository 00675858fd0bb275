import { describe, expect, it } from 'vitest';
import { fitAnnotation } from '../../../../lib/config/put-evaluations';

// A separate file from put-evaluations.test.ts: only the text hygiene of annotations.
describe('fitAnnotation text hygiene', () => {
  it('removes controls, terminal escapes and bidirectional overrides that a resource name or tag carried', () => {
    expect(
      fitAnnotation('exempt: \u202Egpj.exe\u202C by \u001b[31mops\u0000\u0007 \u2066x\u2069 \uD800'),
    ).toBe('exempt: gpj.exe by [31mops x \uFFFD');
  });
});
