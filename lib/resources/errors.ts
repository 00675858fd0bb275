/**
 * Typed errors for resource data that cannot be normalised. They name the resource and the exact
 * field, so a failed evaluation says what AWS sent rather than "cannot read property of undefined".
 */

import type { Resource } from './model';

/** Shown when the resource id itself is what is missing. */
export const UNKNOWN_ID = '(unknown)';

export class InvalidResourceDataError extends Error {
  override name = 'InvalidResourceDataError';
  constructor(
    /** Where the data came from, e.g. "configuration item" or "DescribeVpcEndpoints response". */
    readonly origin: string,
    readonly resourceType: string,
    readonly resourceId: string,
    /** What is wrong, naming the field (e.g. "configuration.name is missing"). */
    readonly problem: string,
    options?: { cause?: unknown },
  ) {
    super(`invalid ${origin} for ${resourceType} "${resourceId}": ${problem}`, options);
  }
}

/** A Config configuration item (invocation or API model) that does not hold what its type needs. */
export class InvalidConfigurationItemError extends InvalidResourceDataError {
  override name = 'InvalidConfigurationItemError';
  constructor(resourceType: string, resourceId: string, problem: string, options?: { cause?: unknown }) {
    super('configuration item', resourceType, resourceId, problem, options);
  }
}

/** A Describe-API response that lacks what the model needs. */
export class InvalidDescribeResponseError extends InvalidResourceDataError {
  override name = 'InvalidDescribeResponseError';
  constructor(
    readonly operation: string,
    resourceType: string,
    resourceId: string,
    problem: string,
    options?: { cause?: unknown },
  ) {
    super(`${operation} response`, resourceType, resourceId, problem, options);
  }
}

export class UnsupportedResourceTypeError extends Error {
  override name = 'UnsupportedResourceTypeError';
  constructor(
    readonly resourceType: string,
    supported: readonly string[],
  ) {
    super(`unsupported resource type "${resourceType}" (supported: ${supported.join(', ')})`);
  }
}

/**
 * A resource that was listed but could not be read or normalised (access denied on one of its
 * reads, a malformed recorded item, data an adapter cannot handle). It is recorded and reported
 * as a failure of that resource; it never becomes a verdict and never stops the other resources.
 */
export class ResourceReadError extends Error {
  override name = 'ResourceReadError';
  constructor(
    readonly resourceType: string,
    /** The id (or name, where the id is not known yet) the listing gave. */
    readonly resourceId: string,
    cause: unknown,
    /** What was being read when `cause` happened, e.g. which key an item lacked. */
    reading?: string,
  ) {
    super(
      `could not read ${resourceType} ${resourceId}: ${reading === undefined ? '' : `${reading}: `}${describeCause(cause)}`,
      { cause },
    );
  }
}

/** `Code: message` for an AWS error, the message for any other error. */
function describeCause(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  const generic = cause.name === 'Error' || cause.name === '' || cause.message.startsWith(cause.name);
  return generic ? cause.message : `${cause.name}: ${cause.message}`;
}

/** What listing a resource type gave: the resources read, and those that could not be. */
export interface Listing<T extends Resource = Resource> {
  resources: T[];
  failures: ResourceReadError[];
}
