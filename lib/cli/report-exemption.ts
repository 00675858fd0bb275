/**
 * How every report format shows an exemption (tag or suppression file entry, lib/engine/exemptions.ts)
 * and the suppression file's entries: one wording and one JSON shape for all of them.
 */
import { type ExemptionState, exemptionNote } from '../engine/exemptions';
import type { SuppressionUse } from '../engine/suppressions';
import type { SuppressionReport } from './scan';

/** `exemption tag expired 2026-10-01`, `suppressed by entry 2 (platform, until 2026-12-31)`. */
export function exemptionText(state: ExemptionState): string {
  return exemptionNote(state);
}

/** The JSON `exemption` of an evaluation, keys in a fixed order. */
export function exemptionJson(state: ExemptionState) {
  return {
    source: state.source,
    applied: state.applied,
    ...(state.why === undefined ? {} : { why: state.why }),
    ...(state.reason === undefined ? {} : { reason: state.reason }),
    ...(state.owner === undefined ? {} : { owner: state.owner }),
    ...(state.until === undefined ? {} : { until: state.until }),
    ...(state.entry === undefined ? {} : { entry: state.entry }),
  };
}

export type JsonExemption = ReturnType<typeof exemptionJson>;

/** One entry of the JSON `suppressions.entries`, keys in a fixed order. */
export function suppressionEntryJson(use: SuppressionUse) {
  const { entry } = use;
  return {
    entry: entry.index,
    line: entry.line,
    rule: entry.rule,
    resource: entry.resource,
    account: entry.account,
    region: entry.region,
    reason: entry.reason,
    owner: entry.owner,
    expires: entry.expires,
    state: use.state,
    applied: use.applied,
    refused: use.refused,
  };
}

export function suppressionsJson(report: SuppressionReport) {
  return { file: report.file, entries: report.entries.map(suppressionEntryJson) };
}

/** `entry 2 (line 10): expired 2026-10-01; rule *, resource x, owner alice` */
export function suppressionEntryText(use: SuppressionUse): string {
  const { entry } = use;
  const state =
    use.state === 'used'
      ? `used: suppressed ${use.applied}`
      : use.state === 'expired'
        ? `expired ${entry.expires}`
        : use.state === 'beyond-max-lifetime'
          ? `not applied: ${entry.expires} is beyond exemptMaxDays`
          : 'unused: matched nothing';
  return `entry ${entry.index} (line ${entry.line}): ${state}; rule ${entry.rule}, resource ${entry.resource}, owner ${entry.owner}, expires ${entry.expires}`;
}
