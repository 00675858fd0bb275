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
    return { kind: 'unparsable', text: shown(value), reason: 'policy is neither JSON text nor an object' };
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

const MAX_SHOWN = 1024;

/**
 * The value as JSON text, at most MAX_SHOWN characters. JSON.stringify recurses: a list nested
 * 10,000 deep overflowed the stack (an untyped RangeError that aborted the sweep), so that case
 * is named instead of shown.
 */
function shown(value: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    return '(a value nested too deeply to show)';
  }
  if (text === undefined) return String(value);
  return text.length <= MAX_SHOWN ? text : `${text.slice(0, MAX_SHOWN - 1)}…`;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
