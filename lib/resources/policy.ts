import type { PolicyInput } from './model';
import { isRecord } from './read';

const NONE: PolicyInput = { kind: 'none' };

/**
 * Normalises a resource policy as any source delivers it: absent, '' or {} (Config's "no policy")
 * is none; a JSON object or JSON text is a document; anything else is kept as unparsable with the
 * reason, so a rule can report it instead of treating a broken policy as no policy.
 */
export function policyInputOf(value: unknown): PolicyInput {
  if (value === undefined || value === null) return NONE;
  if (isRecord(value)) return Object.keys(value).length === 0 ? NONE : { kind: 'document', document: value };
  if (typeof value !== 'string') {
    return {
      kind: 'unparsable',
      text: JSON.stringify(value),
      reason: 'policy is neither JSON text nor an object',
    };
  }
  const trimmed = value.trim();
  if (trimmed === '') return NONE;
  let parsed: unknown;
  try {
    // IAM configuration items URL-encode policy documents; accept that form here too.
    parsed = JSON.parse(/^%7B/i.test(trimmed) ? decodeURIComponent(trimmed) : trimmed);
  } catch (error) {
    return { kind: 'unparsable', text: value, reason: `invalid JSON: ${messageOf(error)}` };
  }
  if (!isRecord(parsed)) return { kind: 'unparsable', text: value, reason: 'policy is not a JSON object' };
  return Object.keys(parsed).length === 0 ? NONE : { kind: 'document', document: parsed };
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
