/**
 * The rule registry: the single source of truth for the CLI, the deployed Config rules, the
 * generated docs and the meta-tests. It lists every rule file in rules/ (rules/generated/rules.ts,
 * written by `npm run generate`), in the catalog order: CodeBuild, ECR, VPC endpoints, CodeCommit
 * for the rules that existed when it was generated first, new rules after them.
 */
import type { AnyRule } from '../lib/engine/rule';
import { GENERATED_RULES } from './generated/rules';
import { ruleIdForConfigRuleName } from './load';

export const RULES: readonly AnyRule[] = GENERATED_RULES;

export function findRule(id: string): AnyRule | undefined {
  return RULES.find((rule) => rule.id === id);
}

/** Resolves the rule a deployed Config rule runs (`<prefix>-<rule id>` or its organization copy; see rules/load.ts). */
export function ruleForConfigRuleName(configRuleName: string): AnyRule | undefined {
  const id = ruleIdForConfigRuleName(configRuleName);
  return id === undefined ? undefined : findRule(id);
}
