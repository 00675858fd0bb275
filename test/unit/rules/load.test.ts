/**
 * Rule lookup from a Config rule name: the account rule's name and the name AWS gives the copy of
 * an organization rule in each member account (`OrgConfigRule-<name>-<suffix>`, docs/organization.md).
 */
import { describe, expect, it } from 'vitest';
import { ruleForConfigRuleName } from '../../../rules/index';
import {
  loadRuleForConfigRuleName,
  organizationRuleBaseName,
  RULE_IDS,
  ruleIdForConfigRuleName,
} from '../../../rules/load';

describe('organizationRuleBaseName', () => {
  it("strips AWS's prefix and suffix from the example in AWS's documentation", () => {
    // Act
    const base = organizationRuleBaseName('OrgConfigRule-s3-bucket-versioning-enabled-dbgzf8ba');

    // Assess
    expect(base).toBe('s3-bucket-versioning-enabled');
  });

  it.each([
    ['an account rule name', 'ppguard-ecr-repository-not-public'],
    ['the prefix in another case', 'orgconfigrule-ppguard-ecr-repository-not-public-dbgzf8ba'],
    ['no suffix segment', 'OrgConfigRule-dbgzf8ba'],
    ['an empty suffix', 'OrgConfigRule-ppguard-ecr-repository-not-public-'],
    ['a suffix with an underscore', 'OrgConfigRule-ppguard-ecr-repository-not-public-dbg_zf8ba'],
    [
      'a suffix longer than 32 characters',
      `OrgConfigRule-ppguard-ecr-repository-not-public-${'a'.repeat(33)}`,
    ],
  ])('is undefined for %s', (_case, name) => {
    // Act
    const base = organizationRuleBaseName(name);

    // Assess
    expect(base).toBeUndefined();
  });
});

describe('ruleIdForConfigRuleName', () => {
  it.each(RULE_IDS.map((id) => [id]))('finds %s from its member-account copy as AWS names it', async (id) => {
    // Prepare
    const name = `OrgConfigRule-ppguard-${id}-dbgzf8ba`;

    // Act
    const found = ruleIdForConfigRuleName(name);
    const loaded = await loadRuleForConfigRuleName(name);

    // Assess
    expect(found).toBe(id);
    expect(loaded?.id).toBe(id);
    expect(ruleForConfigRuleName(name)?.id).toBe(id);
  });

  it('finds a rule deployed under another prefix, with a suffix of another length', () => {
    // Act
    const found = ruleIdForConfigRuleName('OrgConfigRule-acme-prod-vpc-required-endpoints-x1y2z3a4b');

    // Assess
    expect(found).toBe('vpc-required-endpoints');
  });

  it.each([
    ['an unknown rule of the organization', 'OrgConfigRule-ppguard-something-else-dbgzf8ba'],
    [
      'a copy without its suffix (its last word is taken as the suffix)',
      'OrgConfigRule-ppguard-vpc-required-endpoints',
    ],
    ['a suffix AWS does not generate', 'OrgConfigRule-ppguard-ecr-repository-not-public-dbg_zf8ba'],
    ['an unknown account rule', 'ppguard-something-else'],
  ])('finds nothing for %s', async (_case, name) => {
    // Act
    const found = ruleIdForConfigRuleName(name);
    const loaded = await loadRuleForConfigRuleName(name);

    // Assess
    expect(found).toBeUndefined();
    expect(loaded).toBeUndefined();
  });
});
