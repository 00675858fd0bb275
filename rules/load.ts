/**
 * The registry for the Lambda functions, loading lazily: a cold start pays only for the rule the
 * event names (rules/index.ts imports all of them, with the policy and network code they use).
 * The same ids, in the same order, as RULES in rules/index.ts: both are generated from the rule
 * files (rules/generated/, `npm run generate`; a registry test checks they are current).
 */
import type { AnyRule } from '../lib/engine/rule';
import { GENERATED_LOADERS } from './generated/loaders';

const LOADERS: Readonly<Record<string, () => Promise<{ default: AnyRule }>>> = GENERATED_LOADERS;

export const RULE_IDS: readonly string[] = Object.keys(LOADERS);

/** What AWS puts before the organization rule's name in each member account's copy. */
export const ORGANIZATION_RULE_PREFIX = 'OrgConfigRule-';

/**
 * The organization rule name inside a member account's copy of it, or undefined when the name is
 * not such a copy. AWS names the copy `OrgConfigRule-<organization rule name>-<suffix>` (see
 * docs/organization.md): the suffix is one hyphen-free alphanumeric segment (8 lowercase
 * characters in AWS's example); its exact length is not documented, so any length up to 32 is
 * accepted. Plain string operations only: no RegExp is built from the name.
 */
export function organizationRuleBaseName(configRuleName: string): string | undefined {
  if (!configRuleName.startsWith(ORGANIZATION_RULE_PREFIX)) return undefined;
  const rest = configRuleName.slice(ORGANIZATION_RULE_PREFIX.length);
  const cut = rest.lastIndexOf('-');
  if (cut <= 0) return undefined;
  const suffix = rest.slice(cut + 1);
  if (!/^[A-Za-z0-9]{1,32}$/.test(suffix)) return undefined;
  return rest.slice(0, cut);
}

/**
 * The id of the rule a deployed Config rule runs: its name is `<prefix>-<rule id>` (or the bare
 * id) in the account that deployed it, and `OrgConfigRule-<prefix>-<rule id>-<suffix>` in a
 * member account of an organization deployment. The longest matching id wins, so no id can shadow
 * another that ends with it. Anything else is undefined, and the caller fails naming it.
 */
export function ruleIdForConfigRuleName(configRuleName: string): string | undefined {
  const name = organizationRuleBaseName(configRuleName) ?? configRuleName;
  let best: string | undefined;
  for (const id of RULE_IDS) {
    if (name === id || name.endsWith(`-${id}`)) {
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
