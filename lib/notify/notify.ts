/**
 * Compliance change -> at most one SNS message: parse the EventBridge event, keep only ppguard's
 * rules (resolved through the registry), decide the transition, drop duplicates and stale events,
 * publish. A failed Publish throws, so Lambda retries the event; nothing is marked published
 * before SNS accepted it.
 */
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { inCallContext } from '../aws/clients';
import type { RuleLookup } from '../engine/rule';
import type { Log } from '../log';
import { buildAlert } from './alert';
import { decideTransition, type Transition } from './decide';
import type { RecentAlerts } from './dedup';
import { parseComplianceChangeEvent } from './event';
import { renderSnsAlert } from './render';

export interface NotifyDeps {
  sns: Pick<SNSClient, 'send'>;
  topicArn: string;
  findRule: RuleLookup;
  recent: RecentAlerts;
  log: Log;
}

export type NotifyOutcome =
  | { outcome: 'published'; transition: Transition; messageId: string }
  | { outcome: 'ignored' | 'no-change' | 'duplicate' | 'stale'; transition?: Transition };

export async function notifyComplianceChange(event: unknown, deps: NotifyDeps): Promise<NotifyOutcome> {
  const change = parseComplianceChangeEvent(event);
  const where = {
    eventId: change.eventId,
    configRuleName: change.configRuleName,
    resourceType: change.resourceType,
    resourceId: change.resourceId,
  };
  const rule = await deps.findRule(change.configRuleName);
  if (!rule) {
    deps.log.info('compliance change ignored: not a ppguard rule', where);
    return { outcome: 'ignored' };
  }
  const freshness = deps.recent.freshness(change);
  if (freshness !== 'new') {
    deps.log.info(`compliance change skipped: ${freshness}`, where);
    return { outcome: freshness };
  }
  deps.recent.observe(change);
  const transition = decideTransition(change.previous, change.current);
  if (transition === 'none') {
    deps.log.info('compliance change needs no message', {
      ...where,
      from: change.previous?.compliance ?? null,
      to: change.current.compliance,
    });
    return { outcome: 'no-change' };
  }
  const alert = buildAlert(change, rule, transition);
  const answer = await deps.sns
    .send(new PublishCommand({ TopicArn: deps.topicArn, ...renderSnsAlert(alert) }))
    .catch((error: unknown) => {
      // SDK errors do not say which call failed; the message gains the event and the call.
      throw inCallContext(error, `alert for event ${change.eventId}`);
    });
  deps.recent.markPublished(change);
  const messageId = answer.MessageId ?? '';
  deps.log.info('alert published', { ...where, rule: rule.id, transition, messageId });
  return { outcome: 'published', transition, messageId };
}
