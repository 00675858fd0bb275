import { describe, expect, it } from 'vitest';
import { bmpOnly, clean, defangLinks, fitText, oneLine, wellFormed } from '../../../../lib/notify/text';

describe('wellFormed', () => {
  it('replaces lone surrogates and keeps pairs', () => {
    expect(wellFormed('a\uD800b\uDC00c😀')).toBe('a\uFFFDb\uFFFDc😀');
  });
});

describe('oneLine', () => {
  it('turns line breaks, tabs and line/paragraph separators into single spaces and removes other controls', () => {
    expect(oneLine(' a\r\nb\tc\u0000d\u0085e\u2028f\u2029g  h\u0007\u001b\u202E ')).toBe('a b cd e f g h');
  });
});

describe('bmpOnly', () => {
  it('replaces characters outside the BMP and lone surrogates', () => {
    expect(bmpOnly('repo-😀-é-\uD83D')).toBe('repo-?-é-\uFFFD');
  });
});

describe('fitText', () => {
  it('keeps a text within the limit as it is', () => {
    expect(fitText('abcde', 5)).toBe('abcde');
  });

  it('cuts with an ellipsis counted within the limit', () => {
    expect(fitText('abcdefgh', 5)).toBe('abcd…');
  });

  it('never splits a surrogate pair', () => {
    const cut = fitText(`abc😀😀`, 5);
    expect(cut).toBe('abc…');
  });

  it('never splits an emoji ZWJ sequence or a combining sequence', () => {
    expect(fitText('ab👩‍👩‍👧xyz', 10)).toBe('ab…');
    expect(fitText('abe\u0301e\u0301e\u0301', 5)).toBe('abe\u0301…');
  });

  it('measures transformed graphemes and never cuts inside a transformation', () => {
    const escapeAmp = (g: string) => (g === '&' ? '&amp;' : g);
    expect(fitText('a&b&c', 9, { transform: escapeAmp })).toBe('a&amp;b…');
    expect(fitText('a&b', 7, { transform: escapeAmp })).toBe('a&amp;b');
  });

  it('cuts a text far over the limit from its prefix, still at a grapheme boundary', () => {
    expect(fitText('😀'.repeat(100_000), 9)).toBe('😀😀😀😀…');
  });

  it('is deterministic', () => {
    const text = '😀é&'.repeat(500);
    expect(clean(text, 301)).toBe(clean(text, 301));
  });
});

describe('defangLinks', () => {
  it('defangs schemes and host names so Slack and mail clients do not link them', () => {
    expect(defangLinks('see https://evil.example/signin, HTTP://x.y.example, ftp://files.example')).toBe(
      'see hxxps://evil[.]example/signin, hxxp://x[.]y[.]example, ftp[:]//files[.]example',
    );
  });

  it('defangs bare domains, e-mail domains and dotted file names, not versions, times or "e.g."', () => {
    expect(defangLinks('www.evil.example a@b.example policy.json v1.2.3 10:00:00.741Z e.g. 1.5')).toBe(
      'www[.]evil[.]example a@b[.]example policy[.]json v1.2.3 10:00:00.741Z e.g. 1.5',
    );
  });

  it('is idempotent', () => {
    const once = defangLinks('https://evil.example/x ftp://a.example');
    expect(defangLinks(once)).toBe(once);
  });
});
