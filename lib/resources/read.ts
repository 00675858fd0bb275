/**
 * Defensive reading of untyped Config data. Config items are JSON that AWS has changed shape over
 * time (arrays vs objects, strings vs objects, null for absent), so every read checks the type and
 * a mismatch fails with the exact field path instead of leaking a wrong value into a verdict.
 */

/** Throws the adapter's typed error; the reader only supplies the problem text. */
export type Fail = (problem: string) => never;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * What JSON.parse objected to, without the input it quotes: V8 echoes up to ten characters around
 * an unexpected token (`Unexpected token 'w', ..."value":wJalrXUtnF"... is not valid JSON`), and
 * the texts parsed here (invoking events, configurations) hold PLAINTEXT variables and source URLs,
 * so the echo can be part of a credential that would end up in an error and the function's log.
 */
export function jsonSyntaxProblem(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const quote = message.indexOf('"');
  if (quote < 0) return message;
  return message.slice(0, quote).replace(/[\s,.]+$/, '') || 'not valid JSON';
}

/** Optional text: '' means absent (Config records empty strings where Describe omits the key). */
export function text(value: string | null | undefined): string | undefined {
  return value === undefined || value === null || value === '' ? undefined : value;
}

/** Drops keys whose value is undefined, so every adapter omits absent fields the same way. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Builds a tag map; entries without a key are dropped, a missing value is ''. */
export function tagMap(
  entries: Iterable<readonly [string | undefined, string | undefined]>,
): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const [key, value] of entries) {
    if (key !== undefined && key !== '') tags[key] = value ?? '';
  }
  return tags;
}

export class Fields {
  constructor(
    private readonly data: Readonly<Record<string, unknown>>,
    /** Path shown in errors, e.g. `configuration.vpcConfig`. */
    readonly path: string,
    readonly fail: Fail,
  ) {}

  at(key: string): string {
    return this.path === '' ? key : `${this.path}.${key}`;
  }

  raw(key: string): unknown {
    return Object.hasOwn(this.data, key) ? this.data[key] : undefined;
  }

  keys(): string[] {
    return Object.keys(this.data);
  }

  has(key: string): boolean {
    const value = this.raw(key);
    return value !== undefined && value !== null;
  }

  /** Optional string; null and '' read as absent. */
  string(key: string): string | undefined {
    const value = this.raw(key);
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') return this.fail(`${this.at(key)} is not a string`);
    return text(value);
  }

  requiredString(key: string): string {
    return this.string(key) ?? this.fail(`${this.at(key)} is missing`);
  }

  /** Optional boolean; also accepts "true"/"false", which some Config items carry as strings. */
  boolean(key: string): boolean | undefined {
    const value = this.raw(key);
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'boolean') return value;
    if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
    return this.fail(`${this.at(key)} is not a boolean`);
  }

  object(key: string): Fields | undefined {
    const value = this.raw(key);
    if (value === undefined || value === null) return undefined;
    if (!isRecord(value)) return this.fail(`${this.at(key)} is not an object`);
    return new Fields(value, this.at(key), this.fail);
  }

  /** A list of objects that Config may also deliver as a single object (CodeBuild `source`). */
  objects(key: string): Fields[] {
    const value = this.raw(key);
    if (value === undefined || value === null) return [];
    if (isRecord(value)) return [new Fields(value, this.at(key), this.fail)];
    if (!Array.isArray(value)) return this.fail(`${this.at(key)} is neither a list nor an object`);
    return value.map((item: unknown, index) => {
      const path = `${this.at(key)}[${index}]`;
      return isRecord(item) ? new Fields(item, path, this.fail) : this.fail(`${path} is not an object`);
    });
  }

  /** The raw elements of an optional list. */
  list(key: string): unknown[] {
    const value = this.raw(key);
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) return this.fail(`${this.at(key)} is not a list`);
    return value;
  }

  strings(key: string): string[] {
    return this.list(key).map((item, index) =>
      typeof item === 'string' ? item : this.fail(`${this.at(key)}[${index}] is not a string`),
    );
  }

  /** Tags as Config records them inside `configuration`: [{key,value}] or [{Key,Value}]. */
  tags(key: string): Record<string, string> {
    return tagMap(
      this.objects(key).map((tag) => [
        tag.string('key') ?? tag.string('Key'),
        tag.string('value') ?? tag.string('Value'),
      ]),
    );
  }
}
