/**
 * The registry for the Lambda functions, loading lazily: a cold start pays only for the rule the
 * event names (rules/index.ts imports all of them, with the policy and network code they use).
 * The same ids, in the same order, as RULES in rules/index.ts (a registry test checks it).
 */
import type { AnyRule } from '../lib/engine/rule';

const LOADERS: Readonly<Record<string, () => Promise<{ default: AnyRule }>>> = {
  'codebuild-project-in-vpc': () => import('./codebuild-project-in-vpc'),
  'codebuild-project-no-internet-egress': () => import('./codebuild-project-no-internet-egress'),
  'codebuild-project-vpc-endpoints': () => import('./codebuild-project-vpc-endpoints'),
  'codebuild-project-source-private': () => import('./codebuild-project-source-private'),
  'codebuild-project-image-private': () => import('./codebuild-project-image-private'),
  'codebuild-project-not-public': () => import('./codebuild-project-not-public'),
  'codebuild-project-no-plaintext-secrets': () => import('./codebuild-project-no-plaintext-secrets'),
  'codebuild-project-logging': () => import('./codebuild-project-logging'),
  'ecr-repository-not-public': () => import('./ecr-repository-not-public'),
  'ecr-public-repository-absent': () => import('./ecr-public-repository-absent'),
  'ecr-registry-no-external-sharing': () => import('./ecr-registry-no-external-sharing'),
  'ecr-repository-hygiene': () => import('./ecr-repository-hygiene'),
  'vpc-endpoint-private-dns': () => import('./vpc-endpoint-private-dns'),
  'vpc-endpoint-policy-restricted': () => import('./vpc-endpoint-policy-restricted'),
  'vpc-required-endpoints': () => import('./vpc-required-endpoints'),
  'codecommit-repository-private-access': () => import('./codecommit-repository-private-access'),
};

export const RULE_IDS: readonly string[] = Object.keys(LOADERS);

/**
 * The id of the rule a deployed Config rule runs: its name is `<prefix>-<rule id>` (or the bare
 * id). The longest matching id wins, so no id can shadow another that ends with it.
 */
export function ruleIdForConfigRuleName(configRuleName: string): string | undefined {
  let best: string | undefined;
  for (const id of RULE_IDS) {
    if (configRuleName === id || configRuleName.endsWith(`-${id}`)) {
      if (!best || id.length > best.length) best = id;
    }
  }
  return best;
}

/** The rule a deployed Config rule runs, loaded on first use; undefined when none matches. */
export async function loadRuleForConfigRuleName(configRuleName: string): Promise<AnyRule | undefined> {
  const id = ruleIdForConfigRuleName(configRuleName);
  const load = id === undefined ? undefined : LOADERS[id];
  return load ? (await load()).default : undefined;
}
