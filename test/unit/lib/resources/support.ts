import type { ConfigurationItem } from '../../../../lib/resources/configuration-item';

/** Runs `act` and returns what it threw (fails the test when nothing is thrown). */
export function thrown(act: () => unknown): Error {
  try {
    act();
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`threw a non-Error: ${String(error)}`);
  }
  throw new Error('expected an error, but nothing was thrown');
}

/** The native JSON.parse message for `text` (it differs between Node versions). */
export function jsonErrorOf(text: string): string {
  try {
    JSON.parse(text);
  } catch (error) {
    if (error instanceof Error) return error.message;
  }
  throw new Error(`${text} is valid JSON`);
}

/** A copy of `ci` whose configuration has `patch` applied; an `undefined` value deletes the key. */
export function patchConfiguration(ci: ConfigurationItem, patch: Record<string, unknown>): ConfigurationItem {
  const configuration: Record<string, unknown> = { ...ci.configuration };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) delete configuration[key];
    else configuration[key] = value;
  }
  return { ...ci, configuration };
}

/** A copy of `ci` without the given top-level keys (to mimic abbreviated or API-converted items). */
export function withoutKeys(ci: ConfigurationItem, ...keys: string[]): ConfigurationItem {
  return Object.fromEntries(
    Object.entries(ci).filter(([key]) => !keys.includes(key)),
  ) as unknown as ConfigurationItem;
}
