import { describe, expect, it } from 'vitest';
import { renderJunit, xmlText } from '../../../../lib/cli/report-junit';
import type { ScanResult } from '../../../../lib/cli/scan';
import { RESULT, TEST_RULES } from './fixtures';

describe('JUnit output', () => {
  it('one suite per rule, one testcase per evaluation: failures, skipped, errors and totals', () => {
    // Act
    const xml = renderJunit(RESULT, TEST_RULES);

    // Assess
    expect(xml).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites name="ppguard scan of 123456789012 in eu-west-1" tests="5" failures="2" errors="1" skipped="1">',
        '  <testsuite name="test-project-in-vpc" tests="3" failures="1" errors="0" skipped="1">',
        '    <testcase classname="ppguard.test-project-in-vpc" name="leaky">',
        '      <failure type="NON_COMPLIANT" message="leaky has no vpcConfig">leaky has no vpcConfig Fix: Attach a vpcConfig.</failure>',
        '    </testcase>',
        '    <testcase classname="ppguard.test-project-in-vpc" name="app-build"/>',
        '    <testcase classname="ppguard.test-project-in-vpc" name="legacy">',
        '      <skipped message="exempt: RISK-42"/>',
        '    </testcase>',
        '  </testsuite>',
        '  <testsuite name="test-repository-private" tests="2" failures="1" errors="1" skipped="0">',
        '    <testcase classname="ppguard.test-repository-private" name="builder">',
        '      <failure type="NON_COMPLIANT" message="builder has a policy">builder has a policy Fix: Remove the public statement.</failure>',
        '    </testcase>',
        '    <testcase classname="ppguard.test-repository-private" name="could not evaluate cache in eu-west-1">',
        '      <error type="RuleEvaluationError" message="rule test-repository-private failed on resource cache: boom">eu-west-1: RuleEvaluationError: rule test-repository-private failed on resource cache: boom [resource: cache] [rules: test-repository-private]</error>',
        '    </testcase>',
        '  </testsuite>',
        '</testsuites>',
        '',
      ].join('\n'),
    );
  });

  it('escapes markup and removes characters XML forbids in names from the account', () => {
    // Prepare
    const [first] = RESULT.findings;
    if (!first) throw new Error('no finding');
    const result: ScanResult = {
      ...RESULT,
      errors: [],
      findings: [{ ...first, resourceName: `a<b>&"c'\u0000\u001b[31m\uFFFE`, annotation: ']]><x/>' }],
    };

    // Act
    const xml = renderJunit(result, TEST_RULES);

    // Assess
    expect(xml).toContain('name="a&lt;b&gt;&amp;&quot;c&apos;[31m (leaky)"');
    expect(xml).toContain('message="]]&gt;&lt;x/&gt;"');
    const forbidden = [...xml].filter((c) => {
      const code = c.codePointAt(0) ?? 0;
      return (code < 0x20 && c !== '\n') || code === 0xfffe || code === 0xffff;
    });
    expect(forbidden).toEqual([]);
  });

  it('puts an error that names no chosen rule in a suite of its own', () => {
    // Prepare
    const result: ScanResult = {
      account: null,
      regions: ['eu-west-1'],
      findings: [],
      errors: [{ region: 'eu-west-1', service: 'sts', code: 'ECONNREFUSED', message: 'connection refused' }],
    };

    // Act
    const xml = renderJunit(result, TEST_RULES);

    // Assess
    expect(xml).toContain(
      '<testsuite name="test-project-in-vpc" tests="0" failures="0" errors="0" skipped="0"/>',
    );
    expect(xml).toContain(
      '  <testsuite name="ppguard" tests="1" failures="0" errors="1" skipped="0">\n    <testcase classname="ppguard.ppguard" name="could not evaluate in eu-west-1">',
    );
    expect(xml).toContain(
      'tests="1" failures="0" errors="1" skipped="0">\n  <testsuite name="test-project-in-vpc"',
    );
  });

  it('xmlText escapes the five XML specials', () => {
    expect(xmlText(`<&>"'`)).toBe('&lt;&amp;&gt;&quot;&apos;');
  });
});
