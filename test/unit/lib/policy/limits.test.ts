import { describe, expect, it } from 'vitest';
import { parsePolicyDocument, readPolicyInput } from '../../../../lib/policy/document';
import { PolicyTooComplexError } from '../../../../lib/policy/errors';
import {
  checkPolicyLimits,
  ECR_REPOSITORY_POLICY_LIMIT,
  VPC_ENDPOINT_POLICY_LIMIT,
} from '../../../../lib/policy/limits';

const TOO_LONG_ECR =
  'the policy is longer than 10,240 characters, the most AWS accepts for an ECR repository policy; not analysed';
const TOO_DEEP = 'the policy nests deeper than 10 levels (an IAM policy needs at most 6); not analysed';

/** A document whose shortest JSON text is exactly `length` characters. */
function documentOfLength(length: number) {
  // A Statement list, even empty, keeps the document one IAM accepts (no Statement is not).
  const shell = JSON.stringify({ Id: '', Statement: [] });
  return { Id: 'x'.repeat(length - shell.length), Statement: [] };
}

function nestedLists(depth: number): unknown {
  let value: unknown[] = [];
  for (let level = 1; level < depth; level++) value = [value];
  return value;
}

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('checkPolicyLimits', () => {
  it('accepts a document exactly at the limit and rejects one character more, naming the limit', () => {
    // Act
    const atLimit = thrown(() => checkPolicyLimits(documentOfLength(10_240), ECR_REPOSITORY_POLICY_LIMIT));
    const over = thrown(() => checkPolicyLimits(documentOfLength(10_241), ECR_REPOSITORY_POLICY_LIMIT));

    // Assess
    expect(atLimit).toBeUndefined();
    expect(over).toBeInstanceOf(PolicyTooComplexError);
    expect((over as PolicyTooComplexError).reason).toBe(TOO_LONG_ECR);
  });

  it('rejects lists nested 10,000 deep with a typed error, not a stack overflow', () => {
    // Act
    const error = thrown(() =>
      checkPolicyLimits({ Statement: nestedLists(10_000) }, VPC_ENDPOINT_POLICY_LIMIT),
    );

    // Assess
    expect(error).toBeInstanceOf(PolicyTooComplexError);
    expect((error as PolicyTooComplexError).message).toBe(`policy is unparsable: ${TOO_DEEP}`);
  });

  it('accepts the deepest shape an IAM policy has', () => {
    // Prepare
    const policy = {
      Statement: [
        {
          Effect: 'Deny',
          Principal: { AWS: ['*'] },
          Action: '*',
          Condition: { StringNotEquals: { 'aws:PrincipalOrgID': ['o-1'] } },
        },
      ],
    };

    // Act
    const error = thrown(() => checkPolicyLimits(policy, ECR_REPOSITORY_POLICY_LIMIT));

    // Assess
    expect(error).toBeUndefined();
  });

  it('counts a character outside the BMP once, as AWS may count characters', () => {
    // Prepare: 5,000 emoji are 10,000 UTF-16 units but 5,000 characters.
    const policy = { Id: '😀'.repeat(5_000) };

    // Act
    const error = thrown(() => checkPolicyLimits(policy, ECR_REPOSITORY_POLICY_LIMIT));

    // Assess
    expect(error).toBeUndefined();
  });

  it('rejects a list of a million items at once, before visiting them', () => {
    // Prepare
    const policy = { Statement: new Array(1_000_000) };

    // Act
    const started = performance.now();
    const error = thrown(() => checkPolicyLimits(policy, ECR_REPOSITORY_POLICY_LIMIT));
    const elapsed = performance.now() - started;

    // Assess
    expect((error as PolicyTooComplexError).reason).toBe(TOO_LONG_ECR);
    expect(elapsed).toBeLessThan(1000);
  });
});

describe('readPolicyInput with size limits', () => {
  it('measures the document, not its formatting: indented text longer than the limit is analysed', () => {
    // Prepare: AWS returns policies re-formatted with indentation; this one is 9,000 characters
    // compact and over 20,000 as text.
    const statements = Array.from({ length: 100 }, (_, i) => ({
      Sid: `S${String(i).padStart(3, '0')}`,
      Effect: 'Deny',
      Principal: '*',
      Action: 'ecr:DeleteRepository',
    }));
    const text = JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 12);

    // Act
    const reading = readPolicyInput(
      { kind: 'document', document: text },
      { sizeLimit: ECR_REPOSITORY_POLICY_LIMIT },
    );

    // Assess
    expect(text.length).toBeGreaterThan(20_000);
    expect(reading.kind).toBe('policy');
  });

  it('reads a policy over the limit as unparsable with the limit named', () => {
    // Prepare: 2,000 Allow and 2,000 Deny statements (issue 12 saw this take over 30 s).
    const allow = { Effect: 'Allow', Principal: '*', Action: 'ecr:*' };
    const deny = { Effect: 'Deny', Principal: '*', Action: 'ecr:Put*' };
    const document = { Statement: [...Array(2000).fill(allow), ...Array(2000).fill(deny)] };

    // Act
    const started = performance.now();
    const reading = readPolicyInput(
      { kind: 'document', document },
      { sizeLimit: ECR_REPOSITORY_POLICY_LIMIT },
    );
    const elapsed = performance.now() - started;

    // Assess
    expect(reading).toEqual({ kind: 'unparsable', reason: TOO_LONG_ECR });
    expect(elapsed).toBeLessThan(1000);
  });

  it('uses the endpoint limit of 20,480 characters when asked', () => {
    // Act
    const ecr = readPolicyInput({ kind: 'document', document: documentOfLength(15_000) });
    const endpoint = readPolicyInput(
      { kind: 'document', document: documentOfLength(15_000) },
      { sizeLimit: VPC_ENDPOINT_POLICY_LIMIT },
    );
    const endpointOver = readPolicyInput(
      { kind: 'document', document: documentOfLength(20_481) },
      { sizeLimit: VPC_ENDPOINT_POLICY_LIMIT },
    );

    // Assess
    expect(ecr).toEqual({ kind: 'unparsable', reason: TOO_LONG_ECR });
    expect(endpoint.kind).toBe('policy');
    expect(endpointOver).toEqual({
      kind: 'unparsable',
      reason:
        'the policy is longer than 20,480 characters, the most AWS accepts for a VPC endpoint policy; not analysed',
    });
  });

  it('rejects over-deep JSON text with the depth limit named', () => {
    // Prepare
    const text = `{"Statement":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;

    // Act
    const reading = readPolicyInput({ kind: 'document', document: text });

    // Assess
    expect(reading).toEqual({ kind: 'unparsable', reason: TOO_DEEP });
  });

  it('parsePolicyDocument throws the typed error itself', () => {
    // Act
    const error = thrown(() => parsePolicyDocument({ Statement: nestedLists(50) }));

    // Assess
    expect(error).toBeInstanceOf(PolicyTooComplexError);
  });
});
