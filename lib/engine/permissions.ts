/**
 * The IAM actions behind every read the pipeline makes, so least privilege is derived, not
 * hand-kept: a rule's permissions are derived from the resource-type catalog
 * (lib/resources/catalog.ts) and the input catalog (lib/engine/input-catalog.ts), plus any extra
 * it declares, and the deployed evaluate role gets exactly the union (checked on the packaged
 * template). A test scans lib/collect, lib/network and lib/config for the SDK
 * commands they send, so an API call missing here fails the build.
 */

import { RESOURCE_CATALOG, RESOURCE_DESCRIPTORS } from '../resources/catalog';
import { INPUT_CATALOG, INPUT_DESCRIPTORS } from './input-catalog';
import type { AnyRule } from './rule';

/** What listing every resource of a type calls (lib/collect), from the resource-type catalog. */
export const READ_ACTIONS_BY_TYPE: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  RESOURCE_DESCRIPTORS.map((d) => [d.type, d.readActions]),
);

/** What loading a VPC's network facts calls (lib/collect/network.ts), from the input catalog. */
export const NETWORK_READ_ACTIONS: readonly string[] = INPUT_CATALOG.network.readActions;

/** What each rule input (`needs`) calls: its own reads and the listing of the types it lists. */
export const NEEDS_READ_ACTIONS: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  INPUT_DESCRIPTORS.map((input) => [
    input.name,
    [...input.readActions, ...input.listsTypes.flatMap((type) => RESOURCE_CATALOG[type].readActions)],
  ]),
);

/**
 * What listing a type calls only in Lambda, from the items AWS Config recorded (lib/collect/
 * ecr-recorded.ts); its Describe reads stay the fallback. Not part of a rule's declared permissions,
 * which are what a CLI scan needs: the CLI never reads Config.
 */
export const RECORDED_READ_ACTIONS_BY_TYPE: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  RESOURCE_DESCRIPTORS.flatMap((d) => (d.recordedReadActions ? [[d.type, d.recordedReadActions]] : [])),
);

/** What the Config plumbing itself calls (lib/config). */
export const CONFIG_ACTIONS: readonly string[] = [
  'config:PutEvaluations',
  'config:GetResourceConfigHistory',
  'config:ListDiscoveredResources',
];

/** The read actions a rule's inputs need: its types and the inputs it declares (the network included). */
export function requiredReadActions(rule: AnyRule): string[] {
  const actions = new Set<string>();
  for (const type of rule.resourceTypes) for (const a of READ_ACTIONS_BY_TYPE[type] ?? []) actions.add(a);
  for (const need of rule.needs ?? []) for (const a of NEEDS_READ_ACTIONS[need] ?? []) actions.add(a);
  return [...actions].sort();
}

/**
 * The IAM read actions a rule needs beyond AWS Config itself (deploy-time least privilege), in
 * order: derived from its types and inputs, plus the extra actions it declares.
 */
export function permissionsOf(rule: AnyRule): string[] {
  return [...new Set([...requiredReadActions(rule), ...(rule.extraPermissions ?? [])])].sort();
}

/** Everything the evaluate function calls for these rules: their reads, the recorded reads of their types. */
export function evaluateFunctionActions(rules: readonly AnyRule[]): string[] {
  const actions = new Set<string>(CONFIG_ACTIONS);
  for (const rule of rules) {
    for (const a of permissionsOf(rule)) actions.add(a);
    for (const type of rule.resourceTypes)
      for (const a of RECORDED_READ_ACTIONS_BY_TYPE[type] ?? []) actions.add(a);
  }
  return [...actions].sort();
}
