/**
 * Parses an IAM policy document (already JSON-parsed) into normalised statements.
 *
 * Strictness is a security choice: an element we do not know (a misspelt `"statement"`, a
 * lower-case `"principal"`, an `"aws"` principal type) is a parse error, never ignored. Ignoring
 * it could turn a policy that grants access into one we read as granting nothing; an error is
 * reported to a human instead. Only `PolicyParseError` (or its PolicyTooComplexError) is ever thrown.
 */
import { PolicyParseError } from './errors';
import { checkPolicyLimits, ECR_REPOSITORY_POLICY_LIMIT, type PolicySizeLimit } from './limits';

export { PolicyParseError, PolicyTooComplexError } from './errors';

export type Effect = 'Allow' | 'Deny';

export const PRINCIPAL_TYPES = ['AWS', 'Service', 'Federated', 'CanonicalUser'] as const;
export type PrincipalType = (typeof PRINCIPAL_TYPES)[number];

export interface PrincipalEntry {
  type: PrincipalType;
  value: string;
}

/** `"*"` is `any`; the object form lists its entries in PRINCIPAL_TYPES order, then value order. */
export type PrincipalSpec = { kind: 'any' } | { kind: 'entries'; entries: readonly PrincipalEntry[] };

/** Principal or NotPrincipal (`not`), Action or NotAction, Resource or NotResource. */
export interface Negatable<T> {
  not: boolean;
  value: T;
}

/** One condition: operator, key and its values (ORed). Blocks of a statement are ANDed. */
export interface ConditionBlock {
  /** As written, e.g. `ForAnyValue:StringLike`. */
  operator: string;
  /** As written; compare case-insensitively. */
  key: string;
  /** Numbers and booleans are kept as IAM reads them: as text. */
  values: readonly string[];
}

export interface Statement {
  /** 1-based position in the Statement list. */
  index: number;
  sid?: string;
  /** `statement "<Sid>"`, or `statement #<index>` without a Sid: ready for annotations. */
  label: string;
  effect: Effect;
  /** Undefined only when parsed with `requirePrincipal: false` and the statement has neither. */
  principal?: Negatable<PrincipalSpec>;
  actions: Negatable<readonly string[]>;
  /** Undefined when the statement has neither Resource nor NotResource (usual in resource policies). */
  resources?: Negatable<readonly string[]>;
  conditions: readonly ConditionBlock[];
}

export interface PolicyDocument {
  version?: string;
  statements: readonly Statement[];
}

export interface ParseOptions {
  /**
   * Resource policies (ECR, S3...) must name a Principal or NotPrincipal (default true). Endpoint
   * policies may omit it; the statement then has no `principal`.
   */
  requirePrincipal?: boolean;
  /**
   * AWS's size limit for this kind of policy (lib/policy/limits.ts); default: the repository
   * policy's 10,240 characters. A larger or over-deep document is unparsable (PolicyTooComplexError).
   */
  sizeLimit?: PolicySizeLimit;
}

const TOP_LEVEL = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_ELEMENTS = new Set([
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
]);

type JsonObject = Record<string, unknown>;

/** Plain objects only: a Date, Map or boxed string is not JSON and not a policy. */
function isObject(value: unknown): value is JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function own(object: JsonObject, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

function describeType(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'a list';
  if (isObject(value)) return 'an object';
  if (typeof value === 'object') return 'a non-JSON object';
  return `a ${typeof value}`;
}

/** Quotes strings, names other types: never throws (JSON.stringify would on a BigInt). */
function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : describeType(value);
}

const fail = (reason: string): never => {
  throw new PolicyParseError(reason);
};

/** A string or a list of strings (IAM's "string or array" elements). */
function stringList(value: unknown, where: string): string[] {
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value))
    return fail(`${where} must be a string or a list of strings, not ${describeType(value)}`);
  const items: string[] = [];
  for (let i = 0; i < value.length; i++) {
    const item: unknown = value[i];
    if (typeof item !== 'string')
      return fail(`${where} must contain strings only, found ${describeType(item)}`);
    items.push(item);
  }
  return items;
}

function conditionValues(value: unknown, where: string): string[] {
  const scalar = (item: unknown): string => {
    if (typeof item === 'string') return item;
    if ((typeof item === 'number' && Number.isFinite(item)) || typeof item === 'boolean') return String(item);
    return fail(`${where} values must be strings, numbers or booleans, found ${describeType(item)}`);
  };
  if (!Array.isArray(value)) return [scalar(value)];
  const items: string[] = [];
  for (let i = 0; i < value.length; i++) items.push(scalar(value[i]));
  return items;
}

function parsePrincipal(value: unknown, where: string): PrincipalSpec {
  if (value === '*') return { kind: 'any' };
  if (!isObject(value))
    return fail(`${where} must be "*" or an object of principal types, not ${describeType(value)}`);
  for (const type of Object.keys(value)) {
    if (!(PRINCIPAL_TYPES as readonly string[]).includes(type)) {
      return fail(
        `${where} has unknown principal type ${JSON.stringify(type)} (expected ${PRINCIPAL_TYPES.join(', ')})`,
      );
    }
  }
  // IAM rejects a Principal naming no one; reading it as "no caller" could pass a policy whose
  // principals were lost on the way (docs/rule-semantics.md "Absent is not empty").
  if (Object.keys(value).length === 0) return fail(`${where} names no principal`);
  const entries: PrincipalEntry[] = [];
  for (const type of PRINCIPAL_TYPES) {
    if (!Object.hasOwn(value, type)) continue;
    for (const item of stringList(value[type], `${where}.${type}`)) entries.push({ type, value: item });
  }
  return { kind: 'entries', entries };
}

function parseConditions(value: unknown, where: string): ConditionBlock[] {
  if (value === undefined) return [];
  if (!isObject(value))
    return fail(`${where} must be an object of condition operators, not ${describeType(value)}`);
  const blocks: ConditionBlock[] = [];
  for (const operator of Object.keys(value)) {
    const keys = value[operator];
    const at = `${where}.${operator}`;
    if (!isObject(keys)) return fail(`${at} must be an object of condition keys, not ${describeType(keys)}`);
    for (const key of Object.keys(keys))
      blocks.push({ operator, key, values: conditionValues(keys[key], `${at}.${key}`) });
  }
  return blocks;
}

/** Exactly one of `name` and `Not<name>`; `required` says whether neither is acceptable. */
function pickNegatable(
  statement: JsonObject,
  name: string,
  where: string,
  required: boolean,
): Negatable<unknown> | undefined {
  const positive = own(statement, name);
  const negative = own(statement, `Not${name}`);
  if (positive !== undefined && negative !== undefined)
    return fail(`${where} has both ${name} and Not${name}`);
  if (positive !== undefined) return { not: false, value: positive };
  if (negative !== undefined) return { not: true, value: negative };
  return required ? fail(`${where} has neither ${name} nor Not${name}`) : undefined;
}

function parseStatement(raw: unknown, index: number, options: Required<ParseOptions>): Statement {
  const position = `statement #${index}`;
  if (!isObject(raw)) return fail(`${position} must be an object, not ${describeType(raw)}`);
  for (const element of Object.keys(raw)) {
    if (!STATEMENT_ELEMENTS.has(element))
      return fail(`${position} has unknown element ${JSON.stringify(element)}`);
  }
  const sid = own(raw, 'Sid');
  if (sid !== undefined && typeof sid !== 'string')
    return fail(`${position} Sid must be a string, not ${describeType(sid)}`);
  const label = typeof sid === 'string' && sid !== '' ? `statement ${JSON.stringify(sid)}` : position;
  const effect = own(raw, 'Effect');
  if (effect !== 'Allow' && effect !== 'Deny') {
    return fail(
      effect === undefined
        ? `${label} has no Effect`
        : `${label} Effect must be "Allow" or "Deny" (case-sensitive), not ${show(effect)}`,
    );
  }
  const principal = pickNegatable(raw, 'Principal', label, options.requirePrincipal);
  const action = pickNegatable(raw, 'Action', label, true);
  const resource = pickNegatable(raw, 'Resource', label, false);
  const statement: Statement = {
    index,
    label,
    effect,
    actions: action
      ? {
          not: action.not,
          value: stringList(action.value, `${label} ${action.not ? 'NotAction' : 'Action'}`),
        }
      : fail(`${label} has neither Action nor NotAction`),
    conditions: parseConditions(own(raw, 'Condition'), `${label} Condition`),
  };
  if (typeof sid === 'string' && sid !== '') statement.sid = sid;
  if (principal) {
    const element = principal.not ? 'NotPrincipal' : 'Principal';
    statement.principal = {
      not: principal.not,
      value: parsePrincipal(principal.value, `${label} ${element}`),
    };
  }
  if (resource) {
    const element = resource.not ? 'NotResource' : 'Resource';
    statement.resources = { not: resource.not, value: stringList(resource.value, `${label} ${element}`) };
  }
  return statement;
}

/**
 * Parses a policy document. `{}` and an empty Statement list are valid policies that grant
 * nothing; Version or Id without Statement is not. Throws PolicyParseError (and nothing else) on any other shape IAM would not accept.
 */
export function parsePolicyDocument(document: unknown, options: ParseOptions = {}): PolicyDocument {
  const settings: Required<ParseOptions> = {
    requirePrincipal: options.requirePrincipal ?? true,
    sizeLimit: options.sizeLimit ?? ECR_REPOSITORY_POLICY_LIMIT,
  };
  // First, and without recursion: nothing below may walk a document of unbounded size or depth.
  checkPolicyLimits(document, settings.sizeLimit);
  if (!isObject(document)) return fail(`the policy must be a JSON object, not ${describeType(document)}`);
  for (const element of Object.keys(document)) {
    if (!TOP_LEVEL.has(element)) return fail(`unknown top-level element ${JSON.stringify(element)}`);
  }
  const version = own(document, 'Version');
  if (version !== undefined && typeof version !== 'string') {
    return fail(`Version must be a string, not ${describeType(version)}`);
  }
  const id = own(document, 'Id');
  if (id !== undefined && typeof id !== 'string') return fail(`Id must be a string, not ${describeType(id)}`);
  const raw = own(document, 'Statement');
  let list: unknown[];
  // `{}` grants nothing; a non-empty document without Statement is one IAM rejects, not "no
  // statements" (docs/rule-semantics.md "Absent is not empty").
  if (raw === undefined && Object.keys(document).length > 0) return fail('the policy has no Statement');
  if (raw === undefined) list = [];
  else if (Array.isArray(raw)) list = raw;
  else if (isObject(raw)) list = [raw];
  else return fail(`Statement must be an object or a list of objects, not ${describeType(raw)}`);
  const statements: Statement[] = [];
  // Index loop, not for-of: a sparse array's holes must be seen (and rejected), not skipped.
  for (let i = 0; i < list.length; i++) statements.push(parseStatement(list[i], i + 1, settings));
  return version === undefined ? { statements } : { version, statements };
}

export type PolicyReading =
  | { kind: 'none' }
  | { kind: 'policy'; policy: PolicyDocument }
  | { kind: 'unparsable'; reason: string };

/**
 * A resource-based policy as an edge hands it over. The policy library keeps its own type (it
 * imports nothing of the project); resource models carry a structurally equal one.
 */
export type PolicyInput =
  | { kind: 'none' }
  | { kind: 'document'; document: unknown }
  | { kind: 'unparsable'; text: string; reason: string };

/**
 * Reads a model's PolicyInput. Never throws. Edges normally hand over a parsed object; JSON text
 * is accepted too (parsed here), and null or blank text mean "no policy", as AWS reports them.
 */
export function readPolicyInput(input: PolicyInput, options: ParseOptions = {}): PolicyReading {
  if (input.kind === 'none') return { kind: 'none' };
  if (input.kind === 'unparsable') return { kind: 'unparsable', reason: input.reason };
  let document: unknown = input.document;
  if (document === null || document === undefined) return { kind: 'none' };
  if (typeof document === 'string') {
    if (document.trim() === '') return { kind: 'none' };
    try {
      document = JSON.parse(document);
    } catch (error) {
      return {
        kind: 'unparsable',
        reason: `invalid JSON: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
  }
  try {
    return { kind: 'policy', policy: parsePolicyDocument(document, options) };
  } catch (error) {
    if (error instanceof PolicyParseError) return { kind: 'unparsable', reason: error.reason };
    // Unreachable by construction; kept so that a bug is reported as unparsable, never as no exposure.
    return { kind: 'unparsable', reason: `internal error: ${String(error)}` };
  }
}
