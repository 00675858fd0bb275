/**
 * The rule registry: the single source of truth for Lambda dispatch, the CLI, the deployed
 * Config rules, the generated docs and the meta-tests. Adding a rule = its file + its tests +
 * one line here.
 */
import type { AnyRule } from '../lib/engine/rule';
import codebuildProjectInVpc from './codebuild-project-in-vpc';
import ecrRepositoryNotPublic from './ecr-repository-not-public';
import vpcEndpointPrivateDns from './vpc-endpoint-private-dns';

export const RULES: readonly AnyRule[] = [
  codebuildProjectInVpc,
  ecrRepositoryNotPublic,
  vpcEndpointPrivateDns,
];

export function findRule(id: string): AnyRule | undefined {
  return RULES.find((rule) => rule.id === id);
}

/**
 * Resolves the rule a deployed Config rule runs: its name is `<prefix>-<rule id>` (or the bare
 * id). The longest matching id wins, so no id can shadow another that ends with it.
 */
export function ruleForConfigRuleName(configRuleName: string): AnyRule | undefined {
  let best: AnyRule | undefined;
  for (const rule of RULES) {
    if (configRuleName === rule.id || configRuleName.endsWith(`-${rule.id}`)) {
      if (!best || rule.id.length > best.id.length) best = rule;
    }
  }
  return best;
}
