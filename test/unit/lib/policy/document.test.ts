import { describe, expect, it } from 'vitest';
import { PolicyParseError, parsePolicyDocument, readPolicyInput } from '../../../../lib/policy/document';

const allow = { Effect: 'Allow', Principal: '*', Action: 'ecr:BatchGetImage' };

function parseError(document: unknown): string {
  try {
    parsePolicyDocument(document);
  } catch (error) {
    if (error instanceof PolicyParseError) return error.reason;
    throw error;
  }
  throw new Error('expected a PolicyParseError');
}

describe('parsePolicyDocument', () => {
  it('reads a full statement into its normalised form', () => {
    // Prepare
    const document = {
      Version: '2012-10-17',
      Id: 'repo-policy',
      Statement: [
        {
          Sid: 'Pull',
          Effect: 'Allow',
          Principal: {
            Service: 'codebuild.amazonaws.com',
            AWS: ['111111111111', 'arn:aws:iam::222222222222:root'],
          },
          Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
          Resource: '*',
          Condition: {
            StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5', 'aws:PrincipalAccount': 111111111111 },
          },
        },
      ],
    };

    // Act
    const policy = parsePolicyDocument(document);

    // Assess
    expect(policy).toEqual({
      version: '2012-10-17',
      statements: [
        {
          index: 1,
          sid: 'Pull',
          label: 'statement "Pull"',
          effect: 'Allow',
          // AWS before Service whatever the key order: equal policies parse equal.
          principal: {
            not: false,
            value: {
              kind: 'entries',
              entries: [
                { type: 'AWS', value: '111111111111' },
                { type: 'AWS', value: 'arn:aws:iam::222222222222:root' },
                { type: 'Service', value: 'codebuild.amazonaws.com' },
              ],
            },
          },
          actions: { not: false, value: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'] },
          resources: { not: false, value: ['*'] },
          conditions: [
            { operator: 'StringEquals', key: 'aws:PrincipalOrgID', values: ['o-a1b2c3d4e5'] },
            { operator: 'StringEquals', key: 'aws:PrincipalAccount', values: ['111111111111'] },
          ],
        },
      ],
    });
  });

  it('accepts Statement as a single object', () => {
    // Act
    const policy = parsePolicyDocument({ Statement: allow });

    // Assess
    expect(policy.statements).toHaveLength(1);
    expect(policy.statements[0]?.label).toBe('statement #1');
    expect(policy.statements[0]?.principal).toEqual({ not: false, value: { kind: 'any' } });
  });

  it('reads {} and an empty Statement list as policies without statements', () => {
    // Act
    const empty = parsePolicyDocument({});
    const emptyList = parsePolicyDocument({ Version: '2012-10-17', Statement: [] });

    // Assess
    expect(empty).toEqual({ statements: [] });
    expect(emptyList).toEqual({ version: '2012-10-17', statements: [] });
  });

  it('reads NotPrincipal, NotAction and NotResource as negated elements', () => {
    // Prepare
    const document = {
      Statement: [
        {
          Effect: 'Deny',
          NotPrincipal: { AWS: '111111111111' },
          NotAction: 'ecr:Get*',
          NotResource: ['a', 'b'],
        },
      ],
    };

    // Act
    const [statement] = parsePolicyDocument(document).statements;

    // Assess
    expect(statement?.principal).toEqual({
      not: true,
      value: { kind: 'entries', entries: [{ type: 'AWS', value: '111111111111' }] },
    });
    expect(statement?.actions).toEqual({ not: true, value: ['ecr:Get*'] });
    expect(statement?.resources).toEqual({ not: true, value: ['a', 'b'] });
  });

  it('labels statements by Sid, or by 1-based index when the Sid is absent or empty', () => {
    // Act
    const labels = parsePolicyDocument({
      Statement: [{ ...allow, Sid: 'A' }, allow, { ...allow, Sid: '' }],
    }).statements.map((s) => s.label);

    // Assess
    expect(labels).toEqual(['statement "A"', 'statement #2', 'statement #3']);
  });

  it('keeps booleans and numbers in conditions as IAM reads them: as text', () => {
    // Act
    const [statement] = parsePolicyDocument({
      Statement: {
        ...allow,
        Condition: { Bool: { 'aws:SecureTransport': [true, 'false'] }, NumericLessThan: { n: 3 } },
      },
    }).statements;

    // Assess
    expect(statement?.conditions).toEqual([
      { operator: 'Bool', key: 'aws:SecureTransport', values: ['true', 'false'] },
      { operator: 'NumericLessThan', key: 'n', values: ['3'] },
    ]);
  });

  it('lets endpoint policies omit the principal when asked to', () => {
    // Act
    const [statement] = parsePolicyDocument(
      { Statement: { Effect: 'Allow', Action: '*', Resource: '*' } },
      { requirePrincipal: false },
    ).statements;

    // Assess
    expect(statement?.principal).toBeUndefined();
  });

  it.each([
    [null, 'the policy must be a JSON object, not null'],
    ['{}', 'the policy must be a JSON object, not a string'],
    [[allow], 'the policy must be a JSON object, not a list'],
    [new Date(0), 'the policy must be a JSON object, not a non-JSON object'],
    [{ statement: [allow] }, 'unknown top-level element "statement"'],
    [{ Version: 2012, Statement: [] }, 'Version must be a string, not a number'],
    [{ Id: ['x'], Statement: [] }, 'Id must be a string, not a list'],
    [{ Statement: 'Allow' }, 'Statement must be an object or a list of objects, not a string'],
    [{ Statement: [allow, 7] }, 'statement #2 must be an object, not a number'],
    [{ Statement: [{ ...allow, effect: 'Allow' }] }, 'statement #1 has unknown element "effect"'],
    [{ Statement: [{ ...allow, Sid: 3 }] }, 'statement #1 Sid must be a string, not a number'],
    [
      { Statement: [{ ...allow, Effect: 'allow' }] },
      'statement #1 Effect must be "Allow" or "Deny" (case-sensitive), not "allow"',
    ],
    [{ Statement: [{ ...allow, Sid: 'S', Effect: undefined }] }, 'statement "S" has no Effect'],
    [
      { Statement: [{ Effect: 'Allow', Action: '*' }] },
      'statement #1 has neither Principal nor NotPrincipal',
    ],
    [{ Statement: [{ ...allow, NotPrincipal: '*' }] }, 'statement #1 has both Principal and NotPrincipal'],
    [
      { Statement: [{ ...allow, Principal: 'arn:aws:iam::1:root' }] },
      'statement #1 Principal must be "*" or an object of principal types, not a string',
    ],
    [
      { Statement: [{ ...allow, Principal: { aws: '*' } }] },
      'statement #1 Principal has unknown principal type "aws" (expected AWS, Service, Federated, CanonicalUser)',
    ],
    [
      { Statement: [{ ...allow, Principal: { AWS: 1 } }] },
      'statement #1 Principal.AWS must be a string or a list of strings, not a number',
    ],
    [
      { Statement: [{ ...allow, Principal: { AWS: ['*', null] } }] },
      'statement #1 Principal.AWS must contain strings only, found null',
    ],
    [{ Statement: [{ Effect: 'Allow', Principal: '*' }] }, 'statement #1 has neither Action nor NotAction'],
    [{ Statement: [{ ...allow, NotAction: 'x' }] }, 'statement #1 has both Action and NotAction'],
    [
      { Statement: [{ ...allow, Action: {} }] },
      'statement #1 Action must be a string or a list of strings, not an object',
    ],
    [
      { Statement: [{ ...allow, Resource: '*', NotResource: '*' }] },
      'statement #1 has both Resource and NotResource',
    ],
    [
      { Statement: [{ ...allow, Condition: [] }] },
      'statement #1 Condition must be an object of condition operators, not a list',
    ],
    [
      { Statement: [{ ...allow, Condition: { StringEquals: 'x' } }] },
      'statement #1 Condition.StringEquals must be an object of condition keys, not a string',
    ],
    [
      { Statement: [{ ...allow, Condition: { StringEquals: { k: { v: 1 } } } }] },
      'statement #1 Condition.StringEquals.k values must be strings, numbers or booleans, found an object',
    ],
    [
      { Statement: [{ ...allow, Condition: { StringEquals: { k: [null] } } }] },
      'statement #1 Condition.StringEquals.k values must be strings, numbers or booleans, found null',
    ],
  ])('rejects %j: %s', (document, reason) => {
    // Act
    const actual = parseError(document);

    // Assess
    expect(actual).toBe(reason);
  });

  it('names a non-JSON Effect value without serialising it', () => {
    // Act
    const reason = parseError({ Statement: [{ ...allow, Effect: 10n }] });

    // Assess
    expect(reason).toBe('statement #1 Effect must be "Allow" or "Deny" (case-sensitive), not a bigint');
  });

  it('rejects a hole in a sparse Statement list instead of skipping it', () => {
    // Prepare
    const statements: unknown[] = [allow];
    statements[2] = allow;

    // Act
    const reason = parseError({ Statement: statements });

    // Assess
    expect(reason).toBe('statement #2 must be an object, not undefined');
  });

  it('names the reason in the error message', () => {
    // Act
    const error = new PolicyParseError('statement #1 has no Effect');

    // Assess
    expect(error.message).toBe('policy is unparsable: statement #1 has no Effect');
    expect(error.name).toBe('PolicyParseError');
  });
});

describe('readPolicyInput', () => {
  it('reads kind none as no policy', () => {
    // Act
    const reading = readPolicyInput({ kind: 'none' });

    // Assess
    expect(reading).toEqual({ kind: 'none' });
  });

  it('passes on the reason of an input the edge could not parse', () => {
    // Act
    const reading = readPolicyInput({ kind: 'unparsable', text: '{', reason: 'invalid JSON: x' });

    // Assess
    expect(reading).toEqual({ kind: 'unparsable', reason: 'invalid JSON: x' });
  });

  it('parses a document given as JSON text like the same document given as an object', () => {
    // Prepare
    const document = { Statement: [allow] };

    // Act
    const fromText = readPolicyInput({ kind: 'document', document: JSON.stringify(document) });
    const fromObject = readPolicyInput({ kind: 'document', document });

    // Assess
    expect(fromText).toEqual(fromObject);
    expect(fromObject.kind).toBe('policy');
  });

  it('reads null and blank text as no policy', () => {
    // Act
    const readings = [null, undefined, '', '  \n'].map((document) =>
      readPolicyInput({ kind: 'document', document }),
    );

    // Assess
    expect(readings).toEqual([{ kind: 'none' }, { kind: 'none' }, { kind: 'none' }, { kind: 'none' }]);
  });

  it('reports invalid JSON text and invalid structure as unparsable, never throwing', () => {
    // Act
    const badJson = readPolicyInput({ kind: 'document', document: '{"Statement": [' });
    const badShape = readPolicyInput({ kind: 'document', document: { Statement: [{ Effect: 'Permit' }] } });

    // Assess
    expect(badJson.kind).toBe('unparsable');
    expect(badJson.kind === 'unparsable' && badJson.reason.startsWith('invalid JSON: ')).toBe(true);
    expect(badShape).toEqual({
      kind: 'unparsable',
      reason: 'statement #1 Effect must be "Allow" or "Deny" (case-sensitive), not "Permit"',
    });
  });
});

describe('parsePolicyDocument: what is absent is not read as empty', () => {
  it('rejects a non-empty document without Statement, which IAM rejects too', () => {
    // Act
    const act = () => parsePolicyDocument({ Version: '2012-10-17' });

    // Assess
    expect(act).toThrow(new PolicyParseError('the policy has no Statement'));
  });

  it('rejects a Principal object naming no principal instead of reading "no caller"', () => {
    // Act
    const act = () =>
      parsePolicyDocument({ Statement: [{ Effect: 'Allow', Principal: {}, Action: 'ecr:BatchGetImage' }] });

    // Assess
    expect(act).toThrow(new PolicyParseError('statement #1 Principal names no principal'));
  });
});
