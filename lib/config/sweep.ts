/**
 * A periodic sweep that may outlast one Lambda invocation (15 minutes at most). The sweep walks
 * the rule's resources in a fixed order (type, then Config resource id) and reports them in
 * chunks of 100; when too little time is left for another chunk it hands the rest to a
 * follow-up invocation through a queue, as a continuation naming the last resource reported.
 * Every hop re-lists the resources (reads are batched, so listing is cheap next to evaluating)
 * and resumes strictly after that resource, so each resource is reported once per sweep:
 * - a resource created mid-sweep before the cursor is left to its own change notification;
 * - one deleted mid-sweep is simply not reported;
 * - a hop that fails is retried from the same cursor (the queue redelivers it; a chunk it had
 *   reported is reported again, with the same verdicts), then dead-lettered;
 * - the queue is FIFO and each hop's hand-off has its own deduplication id, so a resent or repeated
 *   hand-off is queued once: the sweep never forks into parallel chains.
 *
 * The follow-up reports with the original event's ResultToken. How long AWS Config honours a
 * ResultToken is not documented (UNVERIFIED); a rejected token fails the hop loudly
 * (InvalidResultTokenException) and the continuation ends in the dead-letter queue.
 */
import { createHash } from 'node:crypto';
import type { Resource } from '../resources/model';
import { jsonSyntaxProblem } from '../resources/read';

/** Resources evaluated and reported together: one PutEvaluations call. */
export const SWEEP_CHUNK = 100;
/** Time kept back at the end of an invocation for handing off (and for the slowest chunk). */
export const DEFAULT_RESERVE_MS = 60_000;
/** A chain this long means no hop makes progress; better a loud error than an endless chain. */
export const MAX_HOPS = 96;

export const CONTINUATION_TYPE = 'ppguard.sweep-continuation';

/** What a follow-up invocation needs to resume a sweep. */
export interface SweepContinuation {
  type: typeof CONTINUATION_TYPE;
  version: 1;
  /** The AWS Config event that started the sweep, as Config sent it. */
  event: Record<string, unknown>;
  /** Sweep key of the last resource reported; the follow-up resumes strictly after it. */
  after: string;
  /** 1 for the first follow-up invocation. */
  hop: number;
  /** Evaluations reported by earlier invocations of this sweep. */
  reported: number;
  /** Resources earlier invocations could not evaluate (named in their logs). */
  failedEarlier: number;
}

/** The limits of the invocation running a sweep, and how to continue it in another. */
export interface SweepLimits {
  /** Milliseconds left in this invocation (Lambda's context.getRemainingTimeInMillis). */
  remainingMs(): number;
  /** Sends the rest of the sweep to a follow-up invocation. */
  handOff(continuation: SweepContinuation): Promise<void>;
  /** Stop starting chunks when less than this plus twice the slowest chunk is left. */
  reserveMs?: number;
}

export class InvalidContinuationError extends Error {
  override name = 'InvalidContinuationError';
}

/** Total order of a sweep: type, then Config resource id (UTF-16 code units, like the cursor). */
export const sweepKey = (resource: Pick<Resource, 'resourceType' | 'resourceId'>) =>
  `${resource.resourceType}\u0000${resource.resourceId}`;

/** The resources still to report, in sweep order: all of them, or those after the cursor. */
export function remainingInOrder<T extends Resource>(resources: readonly T[], after?: string): T[] {
  const keyed = resources.map((resource) => ({ key: sweepKey(resource), resource }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.filter(({ key }) => after === undefined || key > after).map(({ resource }) => resource);
}

/** Whether another chunk fits before the invocation must hand off. */
export function timeForAnotherChunk(limits: SweepLimits, slowestChunkMs: number): boolean {
  return limits.remainingMs() >= (limits.reserveMs ?? DEFAULT_RESERVE_MS) + 2 * slowestChunkMs;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/**
 * Reads a continuation from a queue message body. The body carries a ResultToken, so errors
 * describe what is wrong without quoting it.
 */
export function parseContinuation(body: string): SweepContinuation {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    throw new InvalidContinuationError(`sweep continuation is not valid JSON: ${jsonSyntaxProblem(error)}`);
  }
  if (!isObject(parsed)) throw new InvalidContinuationError('sweep continuation must be a JSON object');
  if (parsed.type !== CONTINUATION_TYPE || parsed.version !== 1) {
    throw new InvalidContinuationError(
      `message is not a version 1 ${CONTINUATION_TYPE} (type and version fields)`,
    );
  }
  const { event, after, hop, reported, failedEarlier } = parsed;
  if (!isObject(event)) throw new InvalidContinuationError('sweep continuation.event must be an object');
  if (typeof after !== 'string' || !after.includes('\u0000')) {
    throw new InvalidContinuationError('sweep continuation.after must be a sweep key (type NUL id)');
  }
  if (!isCount(hop) || hop < 1)
    throw new InvalidContinuationError('sweep continuation.hop must be an integer >= 1');
  if (hop > MAX_HOPS) {
    throw new InvalidContinuationError(
      `sweep continuation hop ${hop} exceeds ${MAX_HOPS}: the sweep is not making progress; the next periodic run starts a new one`,
    );
  }
  if (!isCount(reported) || !isCount(failedEarlier)) {
    throw new InvalidContinuationError('sweep continuation.reported and .failedEarlier must be counts');
  }
  return { type: CONTINUATION_TYPE, version: 1, event, after, hop, reported, failedEarlier };
}

/**
 * FIFO identities of a hand-off: the group is the sweep (rule, account, notification time), so a
 * sweep's hops run one after another; the deduplication id is the hop, so a SendMessage the SDK
 * retries after a lost response (the first one did arrive) cannot start a second chain.
 */
export function continuationIdentity(continuation: SweepContinuation): { group: string; dedup: string } {
  const { event } = continuation;
  let notificationTime: unknown;
  try {
    notificationTime = (JSON.parse(String(event.invokingEvent)) as { notificationCreationTime?: unknown })
      .notificationCreationTime;
  } catch {
    notificationTime = undefined;
  }
  const sweep = JSON.stringify([event.configRuleName, event.accountId, notificationTime]);
  const hash = (text: string) => createHash('sha256').update(text).digest('hex');
  return {
    group: hash(sweep),
    dedup: hash(JSON.stringify([sweep, continuation.hop, continuation.after])),
  };
}

interface SqsRecord {
  body: string;
  eventSource: string;
}

/** The continuation bodies of an SQS event, or undefined when the event is not from SQS. */
export function continuationBodies(event: unknown): string[] | undefined {
  if (!isObject(event) || !Array.isArray(event.Records)) return undefined;
  const records = event.Records as unknown[];
  if (records.length === 0 || !records.every((r) => isObject(r) && r.eventSource === 'aws:sqs')) {
    return undefined;
  }
  return (records as SqsRecord[]).map((record) => {
    if (typeof record.body !== 'string') throw new InvalidContinuationError('SQS record has no string body');
    return record.body;
  });
}
