import { describe, expect, it } from 'vitest';
import { catalogJson, renderCatalogTable } from '../../../../lib/cli/catalog';
import { permissionsOf } from '../../../../lib/engine/permissions';
import type { AnyRule } from '../../../../lib/engine/rule';
import { RULES } from '../../../../rules/index';
import { TEST_RULES } from './fixtures';

describe('ppguard rules', () => {
  it('lists id, severity, title, resource types and parameters with defaults', () => {
    expect(renderCatalogTable(TEST_RULES)).toBe(
      [
        '2 rules (ppguard scan --rules <id,...> picks some; ids are stable)',
        '',
        'test-project-in-vpc [high]',
        '  Project runs in a VPC',
        '  resource types: AWS::CodeBuild::Project',
        '  parameters: only those every rule accepts',
        '',
        'test-repository-private [medium]',
        '  Repository is private',
        '  resource types: AWS::ECR::Repository',
        '  parameters:',
        '    allowedNames  list     default (none)  Repositories allowed to be public.',
        '',
        'Parameters every rule accepts:',
        '  trustedAccounts  list     default (none)      Accounts (besides the own account) that may be granted access.',
        '  trustedOrgIds    list     default (none)      Organizations whose accounts may be granted access.',
        '  exemptTagKey     string   default ppg:exempt  Tag whose non-empty value exempts a resource (the value is the reason).',
        '  exemptMaxDays    integer  default 90          Longest an exemption may run: it needs an <exemptTagKey>-until=YYYY-MM-DD tag no more than this many days ahead (UTC); an exemption without that tag, or ending later, is not honoured.',
        '',
        'Set them with --param <name>=<value>, --param <rule id>.<name>=<value> or --config <file.json>.',
        '',
      ].join('\n'),
    );
  });

  it("gives the whole registry as JSON, with each rule's read permissions", () => {
    const catalog = catalogJson(RULES);
    expect(catalog.rules.map((r) => r.id)).toEqual(RULES.map((r) => r.id));
    expect(catalog.commonParameters.map((p) => p.name)).toEqual([
      'trustedAccounts',
      'trustedOrgIds',
      'exemptTagKey',
      'exemptMaxDays',
    ]);
    for (const [index, rule] of catalog.rules.entries()) {
      expect(rule.permissions).toEqual(permissionsOf(RULES[index] as AnyRule));
      expect(rule.parameters.map((p) => p.name)).toEqual(Object.keys(RULES[index]?.parameters ?? {}));
    }
  });
});
