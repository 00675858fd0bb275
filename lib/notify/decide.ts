/**
 * Which compliance changes deserve a message. Users want one message when a resource becomes
 * NON_COMPLIANT and one when it is fixed, not one per evaluation.
 *
 * - no old result (first evaluation) or any old result -> NON_COMPLIANT: `violation`
 * - NON_COMPLIANT -> COMPLIANT or NOT_APPLICABLE (fixed, deleted, exempted): `resolved`
 * - NON_COMPLIANT -> NON_COMPLIANT with a different cause: `changed`. Someone is already working on
 *   the first cause; if the cause changes under them (a public policy replaced by one that grants
 *   an untrusted account, a second missing endpoint), fixing what the first message said will not
 *   clear the violation, and silence would let them believe it did. ppguard's annotations are
 *   deterministic texts of the resource's configuration, so a different annotation means a
 *   different configuration, not noise. It counts only when both results carry an annotation
 *   (events do not always include one) and the texts differ after whitespace is normalised.
 * - anything else (a repeated NON_COMPLIANT with the same cause, COMPLIANT <-> NOT_APPLICABLE,
 *   anything to or from INSUFFICIENT_DATA except -> NON_COMPLIANT): `none`.
 */
export type ComplianceType = 'COMPLIANT' | 'NON_COMPLIANT' | 'NOT_APPLICABLE' | 'INSUFFICIENT_DATA';

export type Transition = 'violation' | 'resolved' | 'changed';

export interface ResultSummary {
  compliance: ComplianceType;
  annotation?: string | undefined;
}

const normalise = (annotation: string | undefined): string | undefined => {
  const text = annotation?.replace(/\s+/g, ' ').trim();
  return text === '' ? undefined : text;
};

export function decideTransition(
  previous: ResultSummary | undefined,
  current: ResultSummary,
): Transition | 'none' {
  const before = previous?.compliance;
  if (current.compliance === 'NON_COMPLIANT') {
    if (before !== 'NON_COMPLIANT') return 'violation';
    const oldCause = normalise(previous?.annotation);
    const newCause = normalise(current.annotation);
    return oldCause !== undefined && newCause !== undefined && oldCause !== newCause ? 'changed' : 'none';
  }
  if (
    before === 'NON_COMPLIANT' &&
    (current.compliance === 'COMPLIANT' || current.compliance === 'NOT_APPLICABLE')
  ) {
    return 'resolved';
  }
  return 'none';
}
