/**
 * A CodeBuild source's `buildspec` field, classified and, when inline, read (docs/rule-semantics.md
 * "What a build fetches"). The field holds one of three things: the path of a buildspec file in the
 * source, the ARN of an S3 object, or the buildspec itself as YAML or JSON text. Only the last is
 * visible to us; a file's content is not recorded anywhere a rule can read.
 *
 * Parsing happens here, at the edge, like policies: rules get the environment variables and phase
 * commands, or the reason the text could not be read. A reason never quotes the text (an inline
 * buildspec may hold secrets): it gives the YAML error code and position only.
 */
import { isMap, isSeq, parseDocument } from 'yaml';
import type { Buildspec, BuildspecCommand, BuildspecVariable } from './model';
import { isRecord } from './read';

/** A hostile buildspec must not expand aliases without bound. */
const MAX_ALIASES = 100;

class Unreadable extends Error {}

/** Classifies and reads a `buildspec` value; undefined when it is absent or blank (buildspec.yml at the root). */
export function buildspecOf(value: string | undefined): Buildspec | undefined {
  const text = value?.trim();
  if (text === undefined || text === '') return undefined;
  if (!text.includes('\n') && text.startsWith('arn:')) return { kind: 's3', arn: text };
  // The untrimmed text, so error positions match the field's lines.
  const document = parseDocument(value ?? text, {
    uniqueKeys: true,
    logLevel: 'silent',
    prettyErrors: false,
  });
  const error = document.errors[0];
  if (error) {
    return {
      kind: 'unparsable',
      reason: `YAML error ${error.code} at ${positionOf(value ?? text, error.pos[0])}`,
    };
  }
  // One line that YAML reads as a plain string is a file path (`buildspec-prod.yml`, `ci/build`).
  if (!text.includes('\n') && !isMap(document.contents) && !isSeq(document.contents)) {
    return { kind: 'file', path: text };
  }
  let root: unknown;
  try {
    root = document.toJS({ maxAliasCount: MAX_ALIASES });
  } catch {
    return { kind: 'unparsable', reason: 'YAML aliases expand too far' };
  }
  try {
    return { kind: 'inline', ...contentOf(root) };
  } catch (error) {
    if (error instanceof Unreadable) return { kind: 'unparsable', reason: error.message };
    throw error;
  }
}

/** `line L, column C` of an offset (the library computes it only with messages that quote the text). */
function positionOf(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `line ${line}, column ${offset - before.lastIndexOf('\n')}`;
}

function contentOf(root: unknown): { variables: BuildspecVariable[]; commands: BuildspecCommand[] } {
  if (!isRecord(root)) throw new Unreadable('not a mapping');
  const env = mapping(root.env, 'env');
  const variables = Object.entries(mapping(env?.variables, 'env.variables') ?? {}).map(
    ([name, value]): BuildspecVariable => ({ name, value: scalar(value, `env.variables.${name}`) }),
  );
  const commands: BuildspecCommand[] = [];
  for (const [phase, body] of Object.entries(mapping(root.phases, 'phases') ?? {})) {
    const steps = mapping(body, `phases.${phase}`);
    for (const key of ['commands', 'finally']) {
      for (const command of list(steps?.[key], `phases.${phase}.${key}`)) commands.push({ phase, command });
    }
  }
  return { variables, commands };
}

function mapping(value: unknown, path: string): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) throw new Unreadable(`${path} is not a mapping`);
  return value;
}

function list(value: unknown, path: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new Unreadable(`${path} is not a list`);
  return value.map((item, index) => scalar(item, `${path}[${index}]`));
}

/** YAML reads `1`, `true` and an empty value as numbers, booleans and null; CodeBuild takes them as text. */
function scalar(value: unknown, path: string): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  throw new Unreadable(`${path} is not a scalar`);
}
