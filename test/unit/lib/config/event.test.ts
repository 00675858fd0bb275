import { describe, expect, it } from 'vitest';
import { InvalidEventError, isEvaluable, parseRuleEvent } from '../../../../lib/config/event';
import { InvalidParameterError } from '../../../../lib/engine/params';
import { changeEvent, deletedItem, oversizedEvent, scheduledEvent } from '../../../fixtures/events';

const item = {
  ...deletedItem('AWS::ECR::Repository', 'builder', 'builder'),
  configurationItemStatus: 'OK',
  configuration: { RepositoryName: 'builder' },
};

describe('parseRuleEvent', () => {
  it('parses a change notification with empty ruleParameters', () => {
    // Act
    const event = parseRuleEvent(changeEvent(item, { configRuleName: 'ppguard-ecr-repository-not-public' }));

    // Assess
    expect(event).toMatchObject({
      kind: 'change',
      resultToken: 'test-result-token',
      eventLeftScope: false,
      accountId: '123456789012',
      configRuleName: 'ppguard-ecr-repository-not-public',
      ruleParameters: {},
      notificationCreationTime: '2026-11-25T10:00:01.000Z',
    });
    expect(event.kind === 'change' && event.configurationItem.resourceId).toBe('builder');
  });

  it('parses ruleParameters from their JSON string', () => {
    const event = parseRuleEvent(changeEvent(item, { ruleParameters: { trustedAccounts: '111111111111' } }));
    expect(event.ruleParameters).toEqual({ trustedAccounts: '111111111111' });
  });

  it('parses an oversized notification summary', () => {
    const event = parseRuleEvent(oversizedEvent(item));
    expect(event.kind).toBe('oversized');
    expect(event.kind === 'oversized' && event.summary).toMatchObject({
      resourceType: 'AWS::ECR::Repository',
      resourceId: 'builder',
      configurationItemCaptureTime: '2026-11-25T10:00:00.000Z',
    });
  });

  it('parses a scheduled notification', () => {
    const event = parseRuleEvent(scheduledEvent({ notificationCreationTime: '2026-11-25T11:00:00.000Z' }));
    expect(event).toMatchObject({ kind: 'scheduled', notificationCreationTime: '2026-11-25T11:00:00.000Z' });
  });

  it.each([
    ['not an object', 'hello', 'event must be an object, got a string'],
    ['no invokingEvent', { resultToken: 't' }, 'invokingEvent must be a JSON string, got undefined'],
    ['invokingEvent not JSON', { invokingEvent: '{oops' }, /^invokingEvent is not valid JSON: /],
    [
      'invokingEvent an array',
      { invokingEvent: '[]' },
      'invokingEvent must encode a JSON object, got an array',
    ],
  ])('rejects an event that is %s', (_label, raw, message) => {
    expect(() => parseRuleEvent(raw)).toThrowError(InvalidEventError);
    expect(() => parseRuleEvent(raw)).toThrowError(message);
  });

  it('rejects a missing resultToken', () => {
    const raw = { ...changeEvent(item), resultToken: undefined };
    expect(() => parseRuleEvent(raw)).toThrowError(
      'event.resultToken must be a non-empty string, got undefined',
    );
  });

  it('rejects an unknown message type', () => {
    const raw = {
      ...scheduledEvent(),
      invokingEvent: JSON.stringify({
        messageType: 'Nope',
        notificationCreationTime: '2026-11-25T10:00:00Z',
      }),
    };
    expect(() => parseRuleEvent(raw)).toThrowError('invokingEvent.messageType "Nope" is not supported');
  });

  it('rejects a change notification without a configuration item', () => {
    const raw = changeEvent(item);
    raw.invokingEvent = JSON.stringify({ ...JSON.parse(raw.invokingEvent), configurationItem: null });
    expect(() => parseRuleEvent(raw)).toThrowError(
      'invokingEvent.configurationItem must be an object, got null',
    );
  });

  it('rejects a configuration item with a capture time that is not a timestamp', () => {
    expect(() =>
      parseRuleEvent(changeEvent({ ...item, configurationItemCaptureTime: 'yesterday' })),
    ).toThrowError(
      'invokingEvent.configurationItem.configurationItemCaptureTime is not a timestamp: "yesterday"',
    );
  });

  it('rejects eventLeftScope that is not a boolean', () => {
    expect(() => parseRuleEvent({ ...changeEvent(item), eventLeftScope: 'false' })).toThrowError(
      'eventLeftScope must be a boolean, got a string',
    );
  });

  it('rejects unparsable ruleParameters with an error naming them', () => {
    const raw = { ...changeEvent(item), ruleParameters: '{"trustedAccounts":' };
    expect(() => parseRuleEvent(raw)).toThrowError(InvalidParameterError);
  });
});

describe('an unknown configurationItemStatus', () => {
  it('is an error naming the status and the resource, not a NOT_APPLICABLE event', () => {
    // Prepare
    const raw = changeEvent({ ...item, configurationItemStatus: 'ResourceVanished' });

    // Act
    const act = () => parseRuleEvent(raw);

    // Assess
    expect(act).toThrowError(InvalidEventError);
    expect(act).toThrowError(
      'invokingEvent.configurationItem.configurationItemStatus "ResourceVanished" of "AWS::ECR::Repository" "builder" ' +
        'is not a status AWS Config documents (OK, ResourceDiscovered, ResourceNotRecorded, ResourceDeleted, ' +
        'ResourceDeletedNotRecorded); nothing was evaluated',
    );
  });

  it('is an error in an oversized notification too, and a long status is cut in the message', () => {
    const raw = oversizedEvent({ ...item, configurationItemStatus: 'X'.repeat(10_000) });

    const act = () => parseRuleEvent(raw);

    expect(act).toThrowError(
      `invokingEvent.configurationItemSummary.configurationItemStatus "${'X'.repeat(80)}..." of "AWS::ECR::Repository" "builder"`,
    );
  });
});

describe('isEvaluable', () => {
  it.each([
    ['OK', true],
    ['ResourceDiscovered', true],
    ['ResourceDeleted', false],
    ['ResourceNotRecorded', false],
    ['ResourceDeletedNotRecorded', false],
  ])('%s -> %s', (status, expected) => {
    expect(isEvaluable(status)).toBe(expected);
  });
});
