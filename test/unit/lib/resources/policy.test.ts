import { describe, expect, it } from 'vitest';
import { policyInputOf } from '../../../../lib/resources/policy';
import { jsonErrorOf } from './support';

const DOCUMENT = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'ecr:*' }] };

describe('policyInputOf', () => {
  it.each([
    ['an object', DOCUMENT],
    ['JSON text', JSON.stringify(DOCUMENT)],
    ['pretty-printed JSON text (as ECR returns it)', JSON.stringify(DOCUMENT, null, 2)],
    [
      'URL-encoded JSON text (as IAM configuration items carry policies)',
      encodeURIComponent(JSON.stringify(DOCUMENT)),
    ],
  ])('reads %s as the same document', (_, value) => {
    // Prepare: nothing beyond the input.

    // Act
    const policy = policyInputOf(value);

    // Assess
    expect(policy).toStrictEqual({ kind: 'document', document: DOCUMENT });
  });

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['an empty string', ''],
    ['whitespace', '  \n'],
    ['an empty object', {}],
    ['the text "{}"', '{}'],
  ])('reads %s as no policy', (_, value) => {
    // Prepare: nothing beyond the input.

    // Act
    const policy = policyInputOf(value);

    // Assess
    expect(policy).toStrictEqual({ kind: 'none' });
  });

  it('keeps text that is not JSON, with the parser message as reason', () => {
    // Prepare
    const text = '{"Statement": [}';

    // Act
    const policy = policyInputOf(text);

    // Assess
    expect(policy).toStrictEqual({ kind: 'unparsable', text, reason: `invalid JSON: ${jsonErrorOf(text)}` });
  });

  it('keeps JSON text that is not an object', () => {
    // Prepare
    const text = '"Allow everyone"';

    // Act
    const policy = policyInputOf(text);

    // Assess
    expect(policy).toStrictEqual({ kind: 'unparsable', text, reason: 'policy is not a JSON object' });
  });

  it('keeps a value that is neither text nor an object', () => {
    // Prepare
    const value = ['statement'];

    // Act
    const policy = policyInputOf(value);

    // Assess
    expect(policy).toStrictEqual({
      kind: 'unparsable',
      text: '["statement"]',
      reason: 'policy is neither JSON text nor an object',
    });
  });

  it('keeps a list nested 10,000 deep as unparsable instead of overflowing the stack', () => {
    // Prepare: issue 12 saw an untyped RangeError here that aborted the whole sweep.
    let value: unknown[] = [];
    for (let depth = 1; depth < 10_000; depth++) value = [value];

    // Act
    const policy = policyInputOf(value);

    // Assess
    expect(policy).toStrictEqual({
      kind: 'unparsable',
      text: '(a value nested too deeply to show)',
      reason: 'policy is neither JSON text nor an object',
    });
  });
});
