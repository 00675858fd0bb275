/**
 * The schemas the reports are validated against (test/fixtures/schemas, sources in
 * docs/report-formats.md): ppguard's JSON contract, OCSF 1.3.0 Compliance Finding, ASFF.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

const DIR = join(import.meta.dirname, '../../../fixtures/schemas');

export type SchemaName =
  | 'ppguard-scan-v1.schema.json'
  | 'ocsf-1.3.0-compliance-finding.schema.json'
  | 'asff-2018-10-08.schema.json';

/** The schema's complaints about `document` (empty when it is valid). */
export function schemaErrors(name: SchemaName, document: unknown): string[] {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const check = ajv.compile(JSON.parse(readFileSync(join(DIR, name), 'utf8')) as object);
  return check(document) ? [] : (check.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}
