/**
 * What an adapter could not read from a recorded item. A key absent from a Config item is
 * unknown, not empty (docs/aws-data.md "What the Schema proves"): the adapter notes the model
 * field, the key and the read that gives it instead, and the engine completes the field from the
 * service API before any rule runs (lib/engine/complete.ts).
 */
import type { Unrecorded, UnrecordedField } from './model';

export class Absences {
  private readonly fields: Record<string, UnrecordedField> = {};

  /** Notes model field `field` as unknown: item key `key` was absent; `read` gives it. */
  note(field: string, key: string, read: string): void {
    this.fields[field] ??= { key, read };
  }

  /** The fields noted, or undefined when the item held everything. */
  get(): Unrecorded | undefined {
    return Object.keys(this.fields).length === 0 ? undefined : { ...this.fields };
  }
}

/** A value a Config item leaves out: the key is missing, or null (Config's "absent"). */
export function isAbsent(value: unknown): boolean {
  return value === undefined || value === null;
}
