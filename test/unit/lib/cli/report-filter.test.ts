import { describe, expect, it } from 'vitest';
import { defaultStatus, failsOn, filterResult, matchesResource } from '../../../../lib/cli/report-filter';
import type { Finding } from '../../../../lib/cli/scan';
import { RESULT } from './fixtures';

const names = (findings: readonly Finding[]) => findings.map((f) => `${f.rule} ${f.resourceId}`);

function only(resourceId: string): Finding {
  const found = RESULT.findings.find((f) => f.resourceId === resourceId);
  if (!found) throw new Error(`no ${resourceId} in the fixture`);
  return found;
}

describe('report filters', () => {
  it('--status fail keeps NON_COMPLIANT and exempt, pass the rest, all everything; errors always stay', () => {
    // Act
    const fail = filterResult(RESULT, { status: 'fail' });
    const pass = filterResult(RESULT, { status: 'pass' });
    const all = filterResult(RESULT, { status: 'all' });

    // Assess
    expect(names(fail.findings)).toEqual([
      'test-project-in-vpc leaky',
      'test-project-in-vpc legacy',
      'test-repository-private builder',
    ]);
    expect(names(pass.findings)).toEqual(['test-project-in-vpc app-build']);
    expect(all.findings).toEqual(RESULT.findings);
    for (const filtered of [fail, pass, all]) expect(filtered.errors).toEqual(RESULT.errors);
  });

  it('--resource matches the id, the name or the ARN, with * as the only wildcard', () => {
    // Prepare
    const named = { ...only('app-build'), resourceId: 'uuid-1234', resourceName: 'app-build' };

    // Act + Assess
    expect(matchesResource(named, ['app-build'])).toBe(true);
    expect(matchesResource(named, ['uuid-*'])).toBe(true);
    expect(matchesResource(named, ['arn:aws:codebuild:*:project/app-*'])).toBe(true);
    expect(matchesResource(named, ['app'])).toBe(false);
    expect(matchesResource(named, ['app-buil?'])).toBe(false);
    expect(matchesResource(named, ['APP-BUILD'])).toBe(false);
    expect(names(filterResult(RESULT, { status: 'all', resources: ['l*'] }).findings)).toEqual([
      'test-project-in-vpc leaky',
      'test-project-in-vpc legacy',
    ]);
  });

  it('an unknown ARN never matches a pattern by its emptiness', () => {
    expect(matchesResource({ ...only('leaky'), arn: '' }, ['*arn*'])).toBe(false);
  });

  it('--fail-on: any NON_COMPLIANT, a severity or above, or never', () => {
    // Prepare: a high and a medium NON_COMPLIANT, an exempt high.
    const { findings } = RESULT;
    const mediumOnly = findings.filter((f) => f.severity === 'medium');
    const exemptOnly = findings.filter((f) => f.exempt);

    // Act + Assess
    expect(failsOn(findings, 'non-compliant')).toBe(true);
    expect(failsOn(findings, 'critical')).toBe(false);
    expect(failsOn(findings, 'high')).toBe(true);
    expect(failsOn(mediumOnly, 'high')).toBe(false);
    expect(failsOn(mediumOnly, 'medium')).toBe(true);
    expect(failsOn(mediumOnly, 'low')).toBe(true);
    expect(failsOn(findings, 'never')).toBe(false);
    expect(failsOn(exemptOnly, 'low')).toBe(false);
  });

  it('lists failures by default in the table, everything in the machine formats', () => {
    expect(defaultStatus('table')).toBe('fail');
    for (const format of ['json', 'sarif', 'csv', 'junit', 'ocsf', 'asff'] as const)
      expect(defaultStatus(format)).toBe('all');
  });
});
