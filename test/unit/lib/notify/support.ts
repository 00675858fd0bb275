import { type Alert, buildAlert } from '../../../../lib/notify/alert';
import { decideTransition } from '../../../../lib/notify/decide';
import { parseComplianceChangeEvent } from '../../../../lib/notify/event';
import { ruleForConfigRuleName } from '../../../../rules/index';
import { type ComplianceEventOptions, complianceChangeEvent } from '../../../fixtures/compliance-events';

/** The alert the notify pipeline builds for an event (fails the test if the event needs none). */
export function alertFor(options: ComplianceEventOptions): Alert {
  const change = parseComplianceChangeEvent(complianceChangeEvent(options));
  const rule = ruleForConfigRuleName(change.configRuleName);
  if (!rule) throw new Error(`no ppguard rule for ${change.configRuleName}`);
  const transition = decideTransition(change.previous, change.current);
  if (transition === 'none') throw new Error('the event needs no alert');
  return buildAlert(change, rule, transition);
}

export const VIOLATION: ComplianceEventOptions = {
  old: { compliance: 'COMPLIANT' },
  new: { compliance: 'NON_COMPLIANT', annotation: 'Repository policy allows Principal *' },
};

export const RESOLVED: ComplianceEventOptions = {
  id: 'd1e2f3a4-0000-0000-0000-000000000002',
  old: { compliance: 'NON_COMPLIANT', annotation: 'Repository policy allows Principal *' },
  new: { compliance: 'COMPLIANT', orderingTimestamp: '2025-05-01T11:00:00.000Z' },
};

export const CHANGED: ComplianceEventOptions = {
  id: 'd1e2f3a4-0000-0000-0000-000000000003',
  old: { compliance: 'NON_COMPLIANT', annotation: 'Repository policy allows Principal *' },
  new: {
    compliance: 'NON_COMPLIANT',
    annotation: 'Repository policy allows untrusted account 210987654321',
    orderingTimestamp: '2025-05-01T12:00:00.000Z',
  },
};
