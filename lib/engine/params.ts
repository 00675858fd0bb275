/**
 * Rule parameters arrive as strings (AWS Config InputParameters, CLI options). Each rule
 * declares a schema; values are validated here, and a bad value is an error that names the
 * parameter: never a silent default, never a verdict.
 */
import { jsonSyntaxProblem } from '../resources/read';

/** A literal regex in practice; typed structurally, since the RegExp global is banned (biome.json). */
export interface Pattern {
  test(value: string): boolean;
}

interface BaseSpec {
  description: string;
}

export interface BooleanSpec extends BaseSpec {
  type: 'boolean';
  default: boolean;
}

export interface StringSpec extends BaseSpec {
  type: 'string';
  default: string;
  pattern?: Pattern;
  /** What a valid value looks like, for error messages. */
  expected?: string;
}

export interface ListSpec extends BaseSpec {
  type: 'list';
  default: readonly string[];
  itemPattern?: Pattern;
  /** What a valid item looks like, for error messages. */
  expected?: string;
}

export interface IntegerSpec extends BaseSpec {
  type: 'integer';
  default: number;
  min: number;
  max: number;
}

export type ParamSpec = BooleanSpec | StringSpec | ListSpec | IntegerSpec;
export type ParamSchema = Readonly<Record<string, ParamSpec>>;

type ValueOf<S extends ParamSpec> = S extends BooleanSpec
  ? boolean
  : S extends ListSpec
    ? string[]
    : S extends IntegerSpec
      ? number
      : string;
export type ParamValues<S extends ParamSchema> = { [K in keyof S]: ValueOf<S[K]> };

/** Control, format (bidirectional overrides, zero-width) and lone surrogate characters. */
const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\u2028\u2029]/gu;
/** Most characters of a given value an error message shows. */
const MAX_SHOWN_VALUE = 64;
/** Most characters of a parameter name an error message shows (real names are short). */
const MAX_SHOWN_NAME = 64;

/** Text without unprintable characters, and the same cut to `max` characters (with its length). */
function printable(text: string, max: number): { clean: string; cut?: { head: string; length: number } } {
  const clean = text.replace(UNPRINTABLE, '');
  if (clean.length <= max) return { clean };
  const chars = Array.from(clean);
  if (chars.length <= max) return { clean };
  return { clean, cut: { head: chars.slice(0, max).join(''), length: chars.length } };
}

/**
 * A given value as an error message may show it: strings quoted, cleaned and cut (a 1 MB value
 * must not reach logs and alerts whole), anything else named by its type. Never recurses.
 */
export function shownValue(value: unknown): string {
  if (typeof value === 'string') {
    const { clean, cut } = printable(value, MAX_SHOWN_VALUE);
    return cut ? `${JSON.stringify(cut.head)}… (${cut.length} characters)` : JSON.stringify(clean);
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

export class InvalidParameterError extends Error {
  override name = 'InvalidParameterError';
  /** The parameter as given, cleaned and cut like any value (an unknown name is input too). */
  readonly parameter: string;
  constructor(parameter: string, message: string) {
    const { clean, cut } = printable(parameter, MAX_SHOWN_NAME);
    const name = cut ? `${cut.head}…` : clean;
    super(`invalid rule parameter "${name}": ${message}`);
    this.parameter = name;
  }
}

const ACCOUNT_ID = /^\d{12}$/;
const ORG_ID = /^o-[a-z0-9]{10,32}$/;
const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;

/** Parameters every rule accepts. */
export const COMMON_PARAMETERS = {
  trustedAccounts: {
    type: 'list',
    default: [],
    itemPattern: ACCOUNT_ID,
    expected: 'comma-separated 12-digit AWS account ids',
    description: 'Accounts (besides the own account) that may be granted access.',
  },
  trustedOrgIds: {
    type: 'list',
    default: [],
    itemPattern: ORG_ID,
    expected: 'comma-separated AWS Organizations ids (o-...)',
    description: 'Organizations whose accounts may be granted access.',
  },
  exemptTagKey: {
    type: 'string',
    default: 'ppg:exempt',
    pattern: TAG_KEY,
    expected: 'a tag key of 1 to 128 characters',
    description: 'Tag whose non-empty value exempts a resource (the value is the reason).',
  },
  exemptMaxDays: {
    type: 'integer',
    default: 90,
    min: 1,
    max: 3650,
    description:
      'Longest an exemption may run: it needs an <exemptTagKey>-until=YYYY-MM-DD tag no more than this many days ' +
      'ahead (UTC); an exemption without that tag, or ending later, is not honoured.',
  },
} as const satisfies ParamSchema;

export type CommonParams = ParamValues<typeof COMMON_PARAMETERS>;

/** Parses the JSON string AWS Config delivers as ruleParameters ("" or absent means none). */
export function parseRuleParametersJson(raw: unknown): Record<string, unknown> {
  if (raw === undefined || raw === null || raw === '') return {};
  if (typeof raw === 'object' && !Array.isArray(raw)) return raw as Record<string, unknown>;
  if (typeof raw !== 'string') {
    throw new InvalidParameterError('ruleParameters', `expected a JSON object string, got ${typeof raw}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    // The parser's message quotes the input; say what is wrong without echoing it.
    throw new InvalidParameterError('ruleParameters', `not valid JSON (${jsonSyntaxProblem(error)})`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new InvalidParameterError('ruleParameters', 'expected a JSON object of parameter names to values');
  }
  return parsed as Record<string, unknown>;
}

function parseBoolean(name: string, raw: unknown): boolean {
  if (typeof raw === 'boolean') return raw;
  if (typeof raw === 'string') {
    const text = raw.trim().toLowerCase();
    if (text === 'true') return true;
    if (text === 'false') return false;
  }
  throw new InvalidParameterError(name, `expected "true" or "false", got ${shownValue(raw)}`);
}

function parseString(name: string, spec: StringSpec, raw: unknown): string {
  if (typeof raw !== 'string') throw new InvalidParameterError(name, `expected a string, got ${typeof raw}`);
  const value = raw.trim();
  if (spec.pattern && !spec.pattern.test(value)) {
    throw new InvalidParameterError(name, `${shownValue(raw)} is not ${spec.expected ?? 'valid'}`);
  }
  return value;
}

const WHOLE_NUMBER = /^\d{1,9}$/;

function parseInteger(name: string, spec: IntegerSpec, raw: unknown): number {
  const text = typeof raw === 'string' ? raw.trim() : typeof raw === 'number' ? String(raw) : undefined;
  const range = `a whole number from ${spec.min} to ${spec.max}`;
  if (text === undefined || !WHOLE_NUMBER.test(text))
    throw new InvalidParameterError(name, `expected ${range}, got ${shownValue(raw)}`);
  const value = Number(text);
  if (value < spec.min || value > spec.max)
    throw new InvalidParameterError(name, `expected ${range}, got ${value}`);
  return value;
}

function parseList(name: string, spec: ListSpec, raw: unknown): string[] {
  let items: unknown[];
  if (typeof raw === 'string') items = raw.split(',');
  else if (Array.isArray(raw)) items = raw;
  else throw new InvalidParameterError(name, `expected a comma-separated string, got ${typeof raw}`);
  const values: string[] = [];
  for (const item of items) {
    if (typeof item !== 'string') {
      throw new InvalidParameterError(name, `expected string items, got ${typeof item}`);
    }
    const value = item.trim();
    if (value === '') continue;
    if (spec.itemPattern && !spec.itemPattern.test(value)) {
      throw new InvalidParameterError(name, `${shownValue(value)} is not ${spec.expected ?? 'valid'}`);
    }
    if (!values.includes(value)) values.push(value);
  }
  return values;
}

/**
 * Validates raw parameters against a schema. Unknown names are rejected: a misspelt
 * parameter silently ignored would leave a rule stricter or looser than its owner believes.
 */
export function parseParameters<S extends ParamSchema>(
  schema: S,
  raw: Record<string, unknown>,
): ParamValues<S> {
  for (const name of Object.keys(raw)) {
    if (!Object.hasOwn(schema, name)) {
      const known = Object.keys(schema).sort().join(', ');
      throw new InvalidParameterError(name, `unknown parameter (known: ${known})`);
    }
  }
  const values: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(schema)) {
    const given = raw[name];
    if (given === undefined || given === null || (typeof given === 'string' && given.trim() === '')) {
      values[name] = Array.isArray(spec.default) ? [...spec.default] : spec.default;
      continue;
    }
    if (spec.type === 'boolean') values[name] = parseBoolean(name, given);
    else if (spec.type === 'string') values[name] = parseString(name, spec, given);
    else if (spec.type === 'integer') values[name] = parseInteger(name, spec, given);
    else values[name] = parseList(name, spec, given);
  }
  return values as ParamValues<S>;
}
