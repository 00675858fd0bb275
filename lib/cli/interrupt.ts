/**
 * What a scan has evaluated so far, for Ctrl-C: the rules finished per Region, their verdicts and
 * errors. The summary goes to stderr; stdout gets no partial report that a pipeline could take for
 * a whole one.
 */
import { formatReportError } from './aws-errors';
import type { Progress } from './progress';
import type { RuleDone, ScanStep } from './scan';

export class ScanTracker {
  /** The scan's progress line, erased on Ctrl-C before the summary is written. */
  progress: Progress | undefined;
  private current: ScanStep | undefined;
  private readonly done: RuleDone[] = [];

  step(step: ScanStep): void {
    this.current = step;
  }

  ruleDone(done: RuleDone): void {
    this.done.push(done);
  }

  /** Lines for stderr after an interruption, each ending in a newline. */
  summary(): string {
    const findings = this.done.flatMap((d) => d.findings);
    const errors = this.done.flatMap((d) => d.errors);
    if (this.done.length === 0) return 'ppguard: interrupted: nothing was evaluated yet; no report written\n';
    const count = (compliance: string) => findings.filter((f) => f.compliance === compliance).length;
    const where = this.current
      ? ` (stopped at rule ${this.current.ruleIndex + 1}/${this.current.ruleCount} ${this.current.rule} in ${this.current.region}` +
        `${this.current.regionCount > 1 ? `, Region ${this.current.regionIndex + 1}/${this.current.regionCount}` : ''})`
      : '';
    const lines = [
      `ppguard: interrupted after ${this.done.length} rule evaluation${this.done.length === 1 ? '' : 's'}${where}; no report written`,
      `ppguard: evaluated so far: ${count('NON_COMPLIANT')} NON_COMPLIANT, ${count('COMPLIANT')} COMPLIANT, ` +
        `${count('NOT_APPLICABLE')} NOT_APPLICABLE; ${errors.length} error${errors.length === 1 ? '' : 's'}`,
      ...findings
        .filter((f) => f.compliance === 'NON_COMPLIANT')
        .map(
          (f) =>
            `  NON_COMPLIANT ${f.rule} ${f.resourceId} (${f.region})${f.annotation ? `: ${f.annotation}` : ''}`,
        ),
      ...errors.map((e) => `  could not evaluate: ${formatReportError(e)}`),
    ];
    return `${lines.join('\n')}\n`;
  }
}
