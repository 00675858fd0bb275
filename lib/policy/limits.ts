/**
 * Size and depth limits of the policies we analyse (docs/policy-limits.md).
 *
 * AWS stores no repository or registry policy above 10,240 characters and no VPC endpoint policy
 * above 20,480, so a larger "policy" was not written through AWS and is not analysed: the work of
 * the analysis grows with the product of Allow and Deny patterns, and an unbounded document (2,000
 * Allow x 2,000 Deny statements) would stall an evaluation for the rest of the sweep. Nesting is
 * bounded too: an IAM policy nests 6 levels at most (document, Statement list, statement,
 * Condition, operator, value list).
 *
 * The size is measured on the parsed document as the shortest JSON text that could have held it
 * (no whitespace, every string and number at its shortest), never on the text as delivered: AWS
 * returns policies re-formatted with indentation, which can be longer than what it accepted. So a
 * policy AWS accepted always passes, whatever its formatting. The walk is iterative: depth cannot
 * overflow the stack, and it stops as soon as a limit is crossed, so its work is bounded by the
 * limit, not by the document.
 */
import { PolicyTooComplexError } from './errors';

export interface PolicySizeLimit {
  /** Most characters AWS accepts for this kind of policy. */
  maxCharacters: number;
  /** The kind of policy, for messages: `an ECR repository policy`. */
  of: string;
}

export const ECR_REPOSITORY_POLICY_LIMIT: PolicySizeLimit = {
  maxCharacters: 10_240,
  of: 'an ECR repository policy',
};
export const ECR_REGISTRY_POLICY_LIMIT: PolicySizeLimit = {
  maxCharacters: 10_240,
  of: 'an ECR registry policy',
};
export const VPC_ENDPOINT_POLICY_LIMIT: PolicySizeLimit = {
  maxCharacters: 20_480,
  of: 'a VPC endpoint policy',
};

/** Deepest nesting accepted; an IAM policy needs 6 levels. */
export const MAX_POLICY_DEPTH = 10;

const format = (n: number) => n.toLocaleString('en-US');

/** Code points of a string, counted until `budget` is exceeded (then any larger number). */
function codePoints(text: string, budget: number): number {
  if (text.length <= budget) {
    let count = 0;
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i);
      // A high surrogate followed by a low one is one code point.
      if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
        const next = text.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) i++;
      }
      count++;
    }
    return count;
  }
  // More UTF-16 units than the budget: at least half as many code points; enough to fail or not.
  return Math.ceil(text.length / 2) > budget ? Math.ceil(text.length / 2) : text.length;
}

/** The shortest JSON length of a primitive (numbers count as one digit: a lower bound). */
function scalarLength(value: unknown, budget: number): number {
  if (typeof value === 'string') return codePoints(value, budget) + 2;
  if (value === true || value === null) return 4;
  if (value === false) return 5;
  return 1;
}

/**
 * Throws PolicyTooComplexError when the document nests deeper than MAX_POLICY_DEPTH or its
 * shortest JSON text is longer than the limit. Never recurses.
 */
export function checkPolicyLimits(document: unknown, limit: PolicySizeLimit): void {
  const max = limit.maxCharacters;
  let size = 0;
  const stack: [unknown, number][] = [[document, 1]];
  const tooLong = () =>
    new PolicyTooComplexError(
      `the policy is longer than ${format(max)} characters, the most AWS accepts for ${limit.of}; not analysed`,
    );
  while (stack.length > 0) {
    const [value, depth] = stack.pop() as [unknown, number];
    if (typeof value !== 'object' || value === null) {
      size += scalarLength(value, max);
      if (size > max) throw tooLong();
      continue;
    }
    if (depth > MAX_POLICY_DEPTH) {
      throw new PolicyTooComplexError(
        `the policy nests deeper than ${MAX_POLICY_DEPTH} levels (an IAM policy needs at most 6); not analysed`,
      );
    }
    if (Array.isArray(value)) {
      // Brackets and commas first, so a huge list fails before its items are visited.
      size += 2 + Math.max(value.length - 1, 0);
      if (size > max) throw tooLong();
      // Index loop: a sparse list's holes count as values too.
      for (let i = 0; i < value.length; i++) stack.push([value[i], depth + 1]);
      continue;
    }
    const keys = Object.keys(value);
    size += 2 + Math.max(keys.length - 1, 0);
    if (size > max) throw tooLong();
    for (const key of keys) {
      size += codePoints(key, max) + 3; // "key":
      if (size > max) throw tooLong();
      stack.push([(value as Record<string, unknown>)[key], depth + 1]);
    }
  }
}
