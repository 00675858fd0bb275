import { describe, expect, it } from 'vitest';
import {
  CONTINUATION_TYPE,
  continuationBodies,
  continuationIdentity,
  InvalidContinuationError,
  MAX_HOPS,
  parseContinuation,
  remainingInOrder,
  sweepKey,
  timeForAnotherChunk,
} from '../../../../lib/config/sweep';
import { scheduledEvent, sqsEvent } from '../../../fixtures/events';
import { ecrRepository } from '../../../fixtures/models';

const repository = (resourceId: string) =>
  ecrRepository({ resourceId, resourceName: resourceId, name: resourceId });
const continuation = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({
    type: CONTINUATION_TYPE,
    version: 1,
    event: scheduledEvent({ resultToken: 'secret-token-7' }),
    after: 'AWS::ECR::Repository\u0000b',
    hop: 2,
    reported: 200,
    failedEarlier: 1,
    ...overrides,
  });

describe('remainingInOrder', () => {
  it('orders resources by type, then Config resource id', () => {
    // Prepare
    const resources = [repository('c'), repository('a'), repository('b')];

    // Act
    const ordered = remainingInOrder(resources);

    // Assess
    expect(ordered.map((r) => r.resourceId)).toEqual(['a', 'b', 'c']);
  });

  it('keeps only the resources strictly after the cursor', () => {
    // Prepare
    const resources = [repository('c'), repository('a'), repository('b'), repository('ba')];

    // Act
    const rest = remainingInOrder(resources, sweepKey(repository('b')));

    // Assess
    expect(rest.map((r) => r.resourceId)).toEqual(['ba', 'c']);
  });

  it('resumes after the cursor even when that resource was deleted meanwhile', () => {
    // Act
    const rest = remainingInOrder([repository('a'), repository('c')], sweepKey(repository('b')));

    // Assess
    expect(rest.map((r) => r.resourceId)).toEqual(['c']);
  });
});

describe('timeForAnotherChunk', () => {
  const limits = (remaining: number) => ({ remainingMs: () => remaining, handOff: async () => {} });

  it('allows another chunk while the reserve plus twice the slowest chunk is left', () => {
    expect(timeForAnotherChunk(limits(60_000 + 2 * 5_000), 5_000)).toBe(true);
  });

  it('stops when less is left', () => {
    expect(timeForAnotherChunk(limits(60_000 + 2 * 5_000 - 1), 5_000)).toBe(false);
  });

  it('honours a custom reserve', () => {
    expect(timeForAnotherChunk({ ...limits(1_000), reserveMs: 0 }, 400)).toBe(true);
    expect(timeForAnotherChunk({ ...limits(1_000), reserveMs: 201 }, 400)).toBe(false);
  });
});

describe('parseContinuation', () => {
  it('reads a continuation', () => {
    // Act
    const parsed = parseContinuation(continuation());

    // Assess
    expect(parsed).toEqual({
      type: CONTINUATION_TYPE,
      version: 1,
      event: scheduledEvent({ resultToken: 'secret-token-7' }),
      after: 'AWS::ECR::Repository\u0000b',
      hop: 2,
      reported: 200,
      failedEarlier: 1,
    });
  });

  it.each([
    ['{"event":', 'sweep continuation is not valid JSON'],
    ['[]', 'sweep continuation must be a JSON object'],
    [
      continuation({ type: 'other' }),
      `message is not a version 1 ${CONTINUATION_TYPE} (type and version fields)`,
    ],
    [
      continuation({ version: 2 }),
      `message is not a version 1 ${CONTINUATION_TYPE} (type and version fields)`,
    ],
    [continuation({ event: 'x' }), 'sweep continuation.event must be an object'],
    [continuation({ after: 'no-separator' }), 'sweep continuation.after must be a sweep key (type NUL id)'],
    [continuation({ hop: 0 }), 'sweep continuation.hop must be an integer >= 1'],
    [continuation({ hop: 1.5 }), 'sweep continuation.hop must be an integer >= 1'],
    [continuation({ reported: -1 }), 'sweep continuation.reported and .failedEarlier must be counts'],
    [continuation({ failedEarlier: '1' }), 'sweep continuation.reported and .failedEarlier must be counts'],
  ])('rejects %s with a named error that never quotes the result token', (body, message) => {
    // Act
    const parse = () => parseContinuation(body);

    // Assess
    expect(parse).toThrow(InvalidContinuationError);
    expect(parse).toThrow(message);
    expect(parse).not.toThrow('secret-token-7');
  });

  it('stops a chain that is not making progress', () => {
    expect(() => parseContinuation(continuation({ hop: MAX_HOPS + 1 }))).toThrow(
      `sweep continuation hop ${MAX_HOPS + 1} exceeds ${MAX_HOPS}: the sweep is not making progress; the next periodic run starts a new one`,
    );
  });
});

describe('continuationBodies', () => {
  it('returns the bodies of an SQS event', () => {
    expect(continuationBodies(sqsEvent(['one', 'two']))).toEqual(['one', 'two']);
  });

  it('leaves AWS Config events and anything else to the Config event parser', () => {
    expect(continuationBodies(scheduledEvent())).toBeUndefined();
    expect(continuationBodies({ Records: [] })).toBeUndefined();
    expect(continuationBodies({ Records: [{ eventSource: 'aws:sns', body: 'x' }] })).toBeUndefined();
    expect(continuationBodies(null)).toBeUndefined();
  });

  it('rejects an SQS record without a body', () => {
    const event = { Records: [{ eventSource: 'aws:sqs' }] };
    expect(() => continuationBodies(event)).toThrow(
      new InvalidContinuationError('SQS record has no string body'),
    );
  });
});

describe('continuationIdentity', () => {
  const base = parseContinuation(continuation());
  const sweepAt = (time: string) => ({
    ...base,
    event: scheduledEvent({ resultToken: 'secret-token-7', notificationCreationTime: time }),
  });

  it('keeps the hops of one sweep in one group, each hop with its own deduplication id', () => {
    // Act
    const hop2 = continuationIdentity(base);
    const hop3 = continuationIdentity({ ...base, hop: 3, after: 'AWS::ECR::Repository\u0000c' });

    // Assess
    expect(hop3.group).toBe(hop2.group);
    expect(hop3.dedup).not.toBe(hop2.dedup);
    expect(hop2.group).toMatch(/^[0-9a-f]{64}$/);
    expect(hop2.dedup).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives the same hand-off the same deduplication id, whatever the counts carried', () => {
    expect(continuationIdentity({ ...base, reported: 7 })).toEqual(continuationIdentity(base));
  });

  it('separates sweeps of other notification times, rules and accounts', () => {
    // Prepare
    const other = [
      sweepAt('2026-11-26T10:00:00.000Z'),
      { ...base, event: { ...base.event, configRuleName: 'ppguard-other' } },
      { ...base, event: { ...base.event, accountId: '210987654321' } },
    ];

    // Act
    const groups = other.map((c) => continuationIdentity(c).group);

    // Assess
    expect(new Set([continuationIdentity(base).group, ...groups]).size).toBe(4);
  });
});
