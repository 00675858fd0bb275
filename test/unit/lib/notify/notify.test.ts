import type { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { describe, expect, it } from 'vitest';
import type { Log } from '../../../../lib/log';
import { RecentAlerts } from '../../../../lib/notify/dedup';
import { InvalidComplianceEventError } from '../../../../lib/notify/event';
import { type NotifyDeps, notifyComplianceChange } from '../../../../lib/notify/notify';
import { renderSnsAlert } from '../../../../lib/notify/render';
import { ruleForConfigRuleName } from '../../../../rules/index';
import { CAPTURED_EVENT, complianceChangeEvent } from '../../../fixtures/compliance-events';
import { alertFor, VIOLATION } from './support';

/** A stand-in for the SNS API (not our code): records Publish requests, fails when told to. */
function fakeSns(failures = 0) {
  const published: PublishCommand['input'][] = [];
  let toFail = failures;
  const client = {
    send: async (command: PublishCommand) => {
      if (toFail-- > 0) throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottledException' });
      published.push(command.input);
      return { MessageId: `msg-${published.length}` };
    },
  };
  return { client: client as unknown as Pick<SNSClient, 'send'>, published };
}

class CapturingLog implements Log {
  readonly lines: string[] = [];
  info(message: string) {
    this.lines.push(`info ${message}`);
  }
  warn(message: string) {
    this.lines.push(`warn ${message}`);
  }
  error(message: string) {
    this.lines.push(`error ${message}`);
  }
}

function deps(sns = fakeSns()): NotifyDeps & { published: PublishCommand['input'][]; log: CapturingLog } {
  return {
    sns: sns.client,
    published: sns.published,
    topicArn: 'arn:aws:sns:eu-west-1:123456789012:ppguard-alerts',
    findRule: ruleForConfigRuleName,
    recent: new RecentAlerts(),
    log: new CapturingLog(),
  };
}

const flap = (n: number, compliance: 'COMPLIANT' | 'NON_COMPLIANT', old: 'COMPLIANT' | 'NON_COMPLIANT') =>
  complianceChangeEvent({
    id: `event-${n}`,
    old: { compliance: old, ...(old === 'NON_COMPLIANT' ? { annotation: 'allows Principal *' } : {}) },
    new: {
      compliance,
      ...(compliance === 'NON_COMPLIANT' ? { annotation: 'allows Principal *' } : {}),
      orderingTimestamp: `2025-05-01T1${n}:00:00.000Z`,
    },
  });

describe('notifyComplianceChange', () => {
  it('publishes one message for a violation, to the topic, as rendered', async () => {
    // Prepare
    const d = deps();

    // Act
    const outcome = await notifyComplianceChange(complianceChangeEvent(VIOLATION), d);

    // Assess
    expect(outcome).toEqual({ outcome: 'published', transition: 'violation', messageId: 'msg-1' });
    expect(d.published).toEqual([
      {
        TopicArn: 'arn:aws:sns:eu-west-1:123456789012:ppguard-alerts',
        ...renderSnsAlert(alertFor(VIOLATION)),
      },
    ]);
  });

  it('publishes violation, resolved, violation for a flapping resource, in order', async () => {
    // Prepare
    const d = deps();

    // Act
    const outcomes = [];
    for (const event of [
      flap(1, 'NON_COMPLIANT', 'COMPLIANT'),
      flap(2, 'COMPLIANT', 'NON_COMPLIANT'),
      flap(3, 'NON_COMPLIANT', 'COMPLIANT'),
    ]) {
      outcomes.push((await notifyComplianceChange(event, d)).outcome);
    }

    // Assess
    expect(outcomes).toEqual(['published', 'published', 'published']);
    expect(d.published.map((p) => p.Subject)).toEqual([
      '[ppguard] CRITICAL violation: ecr-repository-not-public on builder',
      '[ppguard] Resolved: ecr-repository-not-public on builder',
      '[ppguard] CRITICAL violation: ecr-repository-not-public on builder',
    ]);
  });

  it('publishes nothing for a repeated NON_COMPLIANT with the same cause', async () => {
    // Prepare
    const d = deps();

    // Act
    const outcome = await notifyComplianceChange(flap(2, 'NON_COMPLIANT', 'NON_COMPLIANT'), d);

    // Assess
    expect(outcome).toEqual({ outcome: 'no-change' });
    expect(d.published).toEqual([]);
  });

  it('publishes a redelivered event (same id) only once', async () => {
    // Prepare
    const d = deps();
    const event = flap(1, 'NON_COMPLIANT', 'COMPLIANT');

    // Act
    const first = await notifyComplianceChange(event, d);
    const again = await notifyComplianceChange(event, d);

    // Assess
    expect([first.outcome, again.outcome]).toEqual(['published', 'duplicate']);
    expect(d.published).toHaveLength(1);
  });

  it('publishes the same evaluation under another event id only once', async () => {
    const d = deps();
    await notifyComplianceChange(flap(1, 'NON_COMPLIANT', 'COMPLIANT'), d);
    const copy = { ...flap(1, 'NON_COMPLIANT', 'COMPLIANT'), id: 'another-id' };
    expect((await notifyComplianceChange(copy, d)).outcome).toBe('duplicate');
    expect(d.published).toHaveLength(1);
  });

  it('skips an older evaluation arriving after a newer one (no late false alarm)', async () => {
    // Prepare
    const d = deps();
    await notifyComplianceChange(flap(2, 'COMPLIANT', 'NON_COMPLIANT'), d);

    // Act
    const late = await notifyComplianceChange(flap(1, 'NON_COMPLIANT', 'COMPLIANT'), d);

    // Assess
    expect(late).toEqual({ outcome: 'stale' });
    expect(d.published.map((p) => p.Subject)).toEqual([
      '[ppguard] Resolved: ecr-repository-not-public on builder',
    ]);
  });

  it('publishes again after a failed Publish is retried (nothing is marked before SNS accepts)', async () => {
    // Prepare
    const d = deps(fakeSns(1));
    const event = flap(1, 'NON_COMPLIANT', 'COMPLIANT');

    // Act
    const failed = notifyComplianceChange(event, d);
    await expect(failed).rejects.toThrowError('Rate exceeded');
    const retried = await notifyComplianceChange(event, d);

    // Assess
    expect(retried.outcome).toBe('published');
    expect(d.published).toHaveLength(1);
  });

  it('ignores, with a log line, a rule that is not ppguard', async () => {
    // Prepare
    const d = deps();

    // Act
    const outcome = await notifyComplianceChange(CAPTURED_EVENT, d);

    // Assess
    expect(outcome).toEqual({ outcome: 'ignored' });
    expect(d.published).toEqual([]);
    expect(d.log.lines).toEqual(['info compliance change ignored: not a ppguard rule']);
  });

  it('throws on a malformed event (so Lambda metrics see it)', async () => {
    await expect(notifyComplianceChange({ source: 'aws.config' }, deps())).rejects.toThrowError(
      InvalidComplianceEventError,
    );
  });
});
