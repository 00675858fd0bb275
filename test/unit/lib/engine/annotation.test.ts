import { describe, expect, it } from 'vitest';
import {
  andMore,
  CUT_MARK,
  cutName,
  cutToLimit,
  fitList,
  keepCause,
  MAX_ANNOTATION,
  namingProject,
  projectTextRoom,
} from '../../../../lib/engine/annotation';

describe('fitList', () => {
  it('joins every item when they fit', () => {
    expect(fitList('gaps: ', ['a', 'b', 'c'])).toBe('gaps: a; b; c');
  });

  it('shows as many items as fit in the limit, then counts the rest with "and N more"', () => {
    // Prepare
    const items = Array.from({ length: 30 }, (_, i) => `subnet-${String(i).padStart(17, '0')}`);

    // Act
    const text = fitList('unresolved: ', items, { separator: ', ' });

    // Assess
    expect(text.length).toBeLessThanOrEqual(256);
    expect(text).toBe(`unresolved: ${items.slice(0, 8).join(', ')}, and 22 more`);
  });

  it('adds the suffix when everything fits, and drops it before dropping any item', () => {
    // Prepare
    const items = ['a'.repeat(100), 'b'.repeat(100)];

    // Act
    const short = fitList('p: ', ['a', 'b'], { suffix: ': why' });
    const long = fitList('p: ', items, { suffix: `: ${'w'.repeat(60)}` });

    // Assess
    expect(short).toBe('p: a; b: why');
    expect(long).toBe(`p: ${items.join('; ')}`);
  });

  it('cuts a single item too long on its own, keeping the prefix and the count of the others', () => {
    // Act
    const text = fitList('p: ', ['x'.repeat(300), 'y']);

    // Assess
    expect(text).toBe(`p: ${'x'.repeat(240)}…; and 1 more`);
    expect(text).toHaveLength(256);
  });
});

describe('keepCause', () => {
  it('keeps the whole text when it fits', () => {
    expect(keepCause('project ', 'p1', ': no logs')).toBe('project p1: no logs');
  });

  it('cuts the name, not the cause, when the text is too long', () => {
    // Prepare
    const cause = ' has no vpcConfig: builds run outside any VPC with direct internet access';

    // Act
    const text = keepCause('project ', 'n'.repeat(255), cause);

    // Assess
    expect(text).toBe(`project ${'n'.repeat(256 - 8 - cause.length - 1)}…${cause}`);
    expect(text).toHaveLength(256);
  });

  it('cuts the whole text at its end when the cause alone leaves no room for a name', () => {
    // Act
    const text = keepCause('x ', 'n'.repeat(50), ` ${'c'.repeat(300)}`);

    // Assess
    expect(text).toBe(`x ${'n'.repeat(15)}… ${'c'.repeat(236)}…`);
    expect(text).toHaveLength(256);
  });
});

describe('cutToLimit', () => {
  it('leaves short text alone', () => {
    expect(cutToLimit('short')).toBe('short');
  });

  it('never cuts inside a surrogate pair', () => {
    const text = cutToLimit(`${'a'.repeat(254)}😀😀`);
    expect(text).toBe(`${'a'.repeat(254)}…`);
  });
});

describe('one wording', () => {
  it('has one truncation mark and one "more" phrasing', () => {
    expect(CUT_MARK).toBe('…');
    expect(cutName('x'.repeat(70))).toBe(`${'x'.repeat(63)}…`);
    expect(andMore(3)).toBe('and 3 more');
  });
});

describe('namingProject', () => {
  it('starts the text with the project name', () => {
    // Act
    const text = namingProject('app-build', 'has no vpcConfig');

    // Assess
    expect(text).toBe('project app-build: has no vpcConfig');
  });

  it('is the project name alone when the rule gave no text', () => {
    // Act
    const texts = [namingProject('app-build', undefined), namingProject('app-build', '')];

    // Assess
    expect(texts).toEqual(['project app-build', 'project app-build']);
  });

  it('keeps text that already names the project first', () => {
    // Act
    const texts = [
      namingProject('app', 'project app has credentials in plaintext: DB_PASSWORD'),
      namingProject('app', 'project app: logs nowhere'),
      namingProject('app', 'project application: something'),
    ];

    // Assess
    expect(texts).toEqual([
      'project app has credentials in plaintext: DB_PASSWORD',
      'project app: logs nowhere',
      'project app: project application: something',
    ]);
  });

  it('cuts the rule text, never a name that leaves room for the cause', () => {
    // Prepare
    const name = 'n'.repeat(80);

    // Act
    const text = namingProject(name, 'x'.repeat(300));

    // Assess
    expect(text).toHaveLength(MAX_ANNOTATION);
    expect(text).toBe(`project ${name}: ${'x'.repeat(165)}…`);
  });

  it('fits a rule text of projectTextRoom(name) whole after the name', () => {
    // Prepare
    const name = 'n'.repeat(64);

    // Act
    const text = namingProject(name, 'x'.repeat(projectTextRoom(name)));

    // Assess
    expect(projectTextRoom(name)).toBe(182);
    expect(text).toBe(`project ${name}: ${'x'.repeat(182)}`);
  });

  it('cuts only a name too long to leave 160 characters of cause (CodeBuild allows 255)', () => {
    // Prepare
    const name = 'n'.repeat(255);

    // Act
    const text = namingProject(name, 'x'.repeat(300));

    // Assess
    expect(text).toHaveLength(MAX_ANNOTATION);
    expect(text).toBe(`project ${'n'.repeat(85)}…: ${'x'.repeat(159)}…`);
  });
});
