/**
 * The IAM actions behind every read the pipeline makes, so least privilege is derived, not
 * hand-kept: a rule's declared permissions must cover what collecting its inputs calls (checked
 * by the registry meta-test), and the deployed evaluate role gets exactly the union (checked on
 * the packaged template). A test scans lib/collect, lib/network and lib/config for the SDK
 * commands they send, so an API call missing here fails the build.
 */
import type { AnyRule } from '../engine/rule';
import { RESOURCE_DESCRIPTORS } from '../resources/catalog';

/** What listing every resource of a type calls (lib/collect), from the resource-type catalog. */
export const READ_ACTIONS_BY_TYPE: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  RESOURCE_DESCRIPTORS.map((d) => [d.type, d.readActions]),
);

/** What loading a VPC's network facts calls (lib/network/load.ts). */
export const NETWORK_READ_ACTIONS: readonly string[] = [
  'ec2:DescribeVpcs',
  'ec2:DescribeVpcAttribute',
  'ec2:DescribeRouteTables',
  'ec2:DescribeSubnets',
  'ec2:DescribeVpcEndpoints',
  'ec2:DescribeSecurityGroups',
];

/** What each rule input (`needs`) calls. */
export const NEEDS_READ_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  codeBuildProjects: READ_ACTIONS_BY_TYPE['AWS::CodeBuild::Project'] ?? [],
  projectVisibility: ['codebuild:BatchGetProjects'],
  ecrRegistryScanning: ['ecr:GetRegistryScanningConfiguration'],
};

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

/** The read actions a rule's inputs need: its types, the VPCs it reads, the inputs it declares. */
export function requiredReadActions(rule: AnyRule): string[] {
  const actions = new Set<string>();
  for (const type of rule.resourceTypes) for (const a of READ_ACTIONS_BY_TYPE[type] ?? []) actions.add(a);
  if (rule.networkOf) for (const a of NETWORK_READ_ACTIONS) actions.add(a);
  for (const need of rule.needs ?? []) for (const a of NEEDS_READ_ACTIONS[need] ?? []) actions.add(a);
  return [...actions].sort();
}

/** Everything the evaluate function calls for these rules: their reads, the recorded reads of their types. */
export function evaluateFunctionActions(rules: readonly AnyRule[]): string[] {
  const actions = new Set<string>(CONFIG_ACTIONS);
  for (const rule of rules) {
    for (const a of rule.permissions) actions.add(a);
    for (const type of rule.resourceTypes)
      for (const a of RECORDED_READ_ACTIONS_BY_TYPE[type] ?? []) actions.add(a);
  }
  return [...actions].sort();
}
