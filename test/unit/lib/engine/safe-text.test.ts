import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safeLine, safeText } from '../../../../lib/engine/safe-text';

describe('safeText', () => {
  it('removes NUL, BEL, ESC, DEL and C1 controls such as CSI, so no terminal escape survives', () => {
    expect(safeText('a\u0000b\u0007c\u001b[31md\u007fe\u009b2Jf')).toBe('abc[31mde2Jf');
  });

  it('removes bidirectional embeddings, overrides, isolates and marks', () => {
    expect(
      safeText('inv\u202Egpj.exe\u202C \u202A\u202B\u202D\u2066\u2067\u2068\u2069\u200E\u200F\u061Cx'),
    ).toBe('invgpj.exe x');
  });

  it('turns line breaks, tabs and Unicode line separators into spaces, so words stay apart', () => {
    expect(safeText('a\r\nb\tc\u000bd\u000ce\u0085f\u2028g\u2029h')).toBe('a  b c d e f g h');
  });

  it('replaces lone surrogates with U+FFFD and keeps pairs, ZWJ emoji and combining marks', () => {
    expect(safeText('a\uD800b\uDC00c😀👩‍👩‍👧e\u0301')).toBe('a\uFFFDb\uFFFDc😀👩‍👩‍👧e\u0301');
  });

  it('never leaves a control, bidirectional control or lone surrogate (property)', () => {
    const unsafe =
      /[\p{Cc}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u;
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        expect(unsafe.test(safeText(text))).toBe(false);
      }),
    );
  });
});

describe('safeLine', () => {
  it('is safeText on one line: spaces collapse, ends are trimmed', () => {
    expect(safeLine('  a\r\n\tb \u001b c  ')).toBe('a b c');
  });
});
