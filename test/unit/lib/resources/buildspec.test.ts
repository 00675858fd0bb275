import { describe, expect, it } from 'vitest';
import { buildspecOf } from '../../../../lib/resources/buildspec';

const INLINE = `version: 0.2
env:
  variables:
    DB_PASSWORD: hunter2-s3cret
    RETRIES: 3
    EMPTY:
  parameter-store:
    TOKEN: /app/token
phases:
  install:
    commands:
      - curl -fsSL https://example.com/install.sh | sh
  build:
    commands:
      - make
    finally:
      - echo done
`;

describe('buildspecOf: what a source buildspec field holds', () => {
  it.each([
    [undefined, undefined],
    ['', undefined],
    ['   ', undefined],
  ])('reads %j as no buildspec (the file at the source root)', (value, expected) => {
    // Act
    const buildspec = buildspecOf(value);

    // Assess
    expect(buildspec).toBe(expected);
  });

  it.each(['buildspec-prod.yml', 'ci/build.yaml', 'ci/buildspec', ' config/spec.json '])(
    'reads the one-line path %j as a file in the source',
    (value) => {
      // Act
      const buildspec = buildspecOf(value);

      // Assess
      expect(buildspec).toEqual({ kind: 'file', path: value.trim() });
    },
  );

  it('reads an S3 object ARN as an S3 location', () => {
    // Act
    const buildspec = buildspecOf('arn:aws:s3:::my-bucket/buildspec.yml');

    // Assess
    expect(buildspec).toEqual({ kind: 's3', arn: 'arn:aws:s3:::my-bucket/buildspec.yml' });
  });

  it('reads inline YAML into its env.variables (as text) and its phase commands and finally blocks', () => {
    // Act
    const buildspec = buildspecOf(INLINE);

    // Assess
    expect(buildspec).toEqual({
      kind: 'inline',
      variables: [
        { name: 'DB_PASSWORD', value: 'hunter2-s3cret' },
        { name: 'RETRIES', value: '3' },
        { name: 'EMPTY', value: '' },
      ],
      commands: [
        { phase: 'install', command: 'curl -fsSL https://example.com/install.sh | sh' },
        { phase: 'build', command: 'make' },
        { phase: 'build', command: 'echo done' },
      ],
    });
  });

  it('reads one-line JSON and one-line YAML mappings as inline', () => {
    // Act
    const json = buildspecOf('{"version": 0.2, "env": {"variables": {"A": "b"}}}');
    const yaml = buildspecOf('version: 0.2');

    // Assess
    expect(json).toEqual({ kind: 'inline', variables: [{ name: 'A', value: 'b' }], commands: [] });
    expect(yaml).toEqual({ kind: 'inline', variables: [], commands: [] });
  });

  it.each([
    ['a YAML syntax error', 'version: 0.2\nenv:\n  variables: [unclosed\n', 'YAML error'],
    [
      'a duplicate key',
      'version: 0.2\nenv:\n  variables:\n    A: s3cret1\n    A: s3cret2\n',
      'DUPLICATE_KEY',
    ],
    ['a list at the top', '- version: 0.2\n', 'not a mapping'],
    ['a multi-line plain string', 'just some\n  words\n', 'not a mapping'],
    [
      'env.variables as a list',
      'version: 0.2\nenv:\n  variables:\n    - A=s3cret\n',
      'env.variables is not a mapping',
    ],
    [
      'a variable holding a mapping',
      'env:\n  variables:\n    A:\n      b: s3cret\n',
      'env.variables.A is not a scalar',
    ],
    [
      'commands as a string',
      'phases:\n  build:\n    commands: make\n',
      'phases.build.commands is not a list',
    ],
    [
      'a command that YAML reads as a mapping',
      'phases:\n  build:\n    commands:\n      - echo a: b\n',
      'phases.build.commands[0] is not a scalar',
    ],
  ])('reads %s as unparsable, with a reason that never quotes the text', (_case, value, reason) => {
    // Act
    const buildspec = buildspecOf(value);

    // Assess
    expect(buildspec).toMatchObject({ kind: 'unparsable' });
    const said = buildspec?.kind === 'unparsable' ? buildspec.reason : '';
    expect(said).toContain(reason);
    expect(said).not.toContain('s3cret');
    expect(said).not.toContain('unclosed');
  });

  it('names the YAML error code and position', () => {
    // Act
    const buildspec = buildspecOf('version: 0.2\nenv:\n  variables:\n    A: one\n    A: two\n');

    // Assess
    expect(buildspec).toEqual({ kind: 'unparsable', reason: 'YAML error DUPLICATE_KEY at line 5, column 5' });
  });

  it('refuses aliases that expand too far instead of building them', () => {
    // Prepare: each level doubles the last; 2^30 entries if built.
    const levels = Array.from({ length: 30 }, (_, i) => `l${i + 1}: &l${i + 1} [*l${i}, *l${i}]`);
    const bomb = `l0: &l0 [x]\n${levels.join('\n')}\n`;

    // Act
    const buildspec = buildspecOf(bomb);

    // Assess
    expect(buildspec).toEqual({ kind: 'unparsable', reason: 'YAML aliases expand too far' });
  });
});
