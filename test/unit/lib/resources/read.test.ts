import { describe, expect, it } from 'vitest';
import { jsonSyntaxProblem } from '../../../../lib/resources/read';

/** The parser's own error for a text, as V8 words it. */
function parseError(text: string): unknown {
  try {
    JSON.parse(text);
  } catch (error) {
    return error;
  }
  throw new Error('expected a syntax error');
}

describe('jsonSyntaxProblem', () => {
  it('drops the excerpt of the input that the parser quotes (it may hold a plaintext secret)', () => {
    // Prepare
    const secret = 'RiqLsOQbHbWq7Zk1pX';
    const error = parseError(`{"name":"DB_PASSWORD","value":${secret}}`);

    // Act
    const problem = jsonSyntaxProblem(error);

    // Assess
    expect(String((error as Error).message)).toContain(secret.slice(0, 8));
    expect(problem).not.toContain(secret.slice(0, 4));
    expect(problem).toMatch(/^Unexpected token/);
  });

  it('keeps a message that quotes nothing', () => {
    expect(jsonSyntaxProblem(new SyntaxError('Unexpected end of JSON input'))).toBe(
      'Unexpected end of JSON input',
    );
  });

  it('says "not valid JSON" when nothing precedes the quote', () => {
    expect(jsonSyntaxProblem(new SyntaxError('"x" is not valid JSON'))).toBe('not valid JSON');
  });
});
