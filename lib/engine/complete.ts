/**
 * Completion: what a recorded Config item lacked (a resource's `unrecorded` fields,
 * lib/resources/unrecorded.ts) is read from the service API before any rule runs, so an absent
 * key never reads as empty (docs/rule-semantics.md "Absent is not empty"). The reads are those
 * the type's listing makes (lib/resources/catalog.ts readActions), so a rule's derived
 * permissions already cover them. A resource whose read fails is a ResourceReadError naming the
 * missing key and the failed call: never a verdict, and the others are still evaluated. A
 * resource the API no longer has was deleted since it was recorded: it is skipped.
 */
import { type Listing, ResourceReadError } from '../resources/errors';
import type { Resource, ResourceType, Unrecorded } from '../resources/model';
import { compact } from '../resources/read';

/** Reads the named resources of a type now, by the name the Describe APIs use (resourceName). */
export type Describe = (type: ResourceType, names: readonly string[]) => Promise<Listing>;

export interface Completion {
  /** Every resource, completed, in the input order; those that vanished are left out. */
  resources: Resource[];
  /** Resources whose completion failed, each naming the missing keys and the call. */
  failures: ResourceReadError[];
}

const isIncomplete = (resource: Resource): resource is Resource & { unrecorded: Unrecorded } =>
  resource.unrecorded !== undefined && Object.keys(resource.unrecorded).length > 0;

/** The missing keys and the reads meant to give them, for an error. */
export function missingOf(unrecorded: Unrecorded): string {
  const fields = Object.values(unrecorded);
  const keys = fields.map((field) => field.key).join(', ');
  const reads = [...new Set(fields.map((field) => field.read))].join(', ');
  return `${keys} ${fields.length === 1 ? 'is' : 'are'} not in the configuration item and reading ${fields.length === 1 ? 'it' : 'them'} (${reads}) failed`;
}

function failureOf(resource: Resource & { unrecorded: Unrecorded }, cause: unknown): ResourceReadError {
  return new ResourceReadError(
    resource.resourceType,
    resource.resourceId,
    cause,
    missingOf(resource.unrecorded),
  );
}

/** The resource with its unrecorded fields taken from the described one. */
function merged(resource: Resource & { unrecorded: Unrecorded }, described: Resource): Resource {
  const { unrecorded, ...known } = resource;
  const filled: Record<string, unknown> = { ...known };
  for (const field of Object.keys(unrecorded))
    filled[field] = (described as unknown as Record<string, unknown>)[field];
  return compact(filled) as unknown as Resource;
}

export async function complete(resources: readonly Resource[], describe: Describe): Promise<Completion> {
  const incomplete = resources.filter(isIncomplete);
  if (incomplete.length === 0) return { resources: [...resources], failures: [] };
  const types = [...new Set(incomplete.map((r) => r.resourceType))];
  const answers = new Map<ResourceType, Listing | { error: unknown }>();
  await Promise.all(
    types.map(async (type) => {
      const names = [
        ...new Set(incomplete.filter((r) => r.resourceType === type).map((r) => r.resourceName)),
      ];
      try {
        answers.set(type, await describe(type, names));
      } catch (error) {
        answers.set(type, { error });
      }
    }),
  );
  const completed: Resource[] = [];
  const failures: ResourceReadError[] = [];
  for (const resource of resources) {
    if (!isIncomplete(resource)) {
      completed.push(resource);
      continue;
    }
    const answer = answers.get(resource.resourceType);
    if (answer === undefined) continue;
    if ('error' in answer) {
      failures.push(failureOf(resource, answer.error));
      continue;
    }
    const failed = answer.failures.find((f) => f.resourceId === resource.resourceName);
    if (failed) {
      failures.push(failureOf(resource, failed.cause));
      continue;
    }
    const described = answer.resources.find(
      (r) => r.resourceType === resource.resourceType && r.resourceName === resource.resourceName,
    );
    // Not there any more: deleted since Config recorded it.
    if (described) completed.push(merged(resource, described));
  }
  return { resources: completed, failures };
}
