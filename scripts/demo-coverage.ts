/**
 * Which rules `npm run demo` can run on the emulated account (moto), and why the others cannot:
 * a rule runs only if moto can list every resource type it evaluates. Every resource type is
 * listed here (the Record makes a new type a compile error until someone says whether moto
 * lists it), so the demo never drops a rule without saying so. Unit tests cover the skipped rules.
 */
import type { AnyRule } from '../lib/engine/rule';
import type { ResourceType } from '../lib/resources/model';

/** null: moto lists this type; otherwise what moto lacks. */
export const EMULATOR_GAPS: Record<ResourceType, string | null> = {
  'AWS::CodeBuild::Project': null,
  'AWS::ECR::Repository': null,
  'AWS::EC2::VPCEndpoint': null,
  'AWS::EC2::VPC': null,
  'AWS::ECR::RegistryPolicy': null,
  'AWS::ECR::ReplicationConfiguration': null,
  'AWS::ECR::PublicRepository': 'moto has no ECR Public API',
  'AWS::ECR::PullThroughCacheRule':
    'moto has no ECR pull-through cache rules (DescribePullThroughCacheRules)',
  'AWS::CodeCommit::Repository': 'moto has no CodeCommit ListRepositories',
};

export interface EmulatorCoverage {
  /** The rules whose every resource type moto lists, in registry order. */
  runnable: AnyRule[];
  /** The others, in registry order, each with what the emulator lacks. */
  skipped: { id: string; reason: string }[];
}

export function emulatorCoverage(rules: readonly AnyRule[]): EmulatorCoverage {
  const runnable: AnyRule[] = [];
  const skipped: EmulatorCoverage['skipped'] = [];
  for (const rule of rules) {
    const gaps = [...new Set(rule.resourceTypes.map((type) => EMULATOR_GAPS[type]))].filter(
      (gap): gap is string => gap !== null,
    );
    if (gaps.length === 0) runnable.push(rule);
    else skipped.push({ id: rule.id, reason: gaps.join('; ') });
  }
  return { runnable, skipped };
}

/** The demo's note on the rules it does not run. */
export function describeSkipped(coverage: EmulatorCoverage, total: number): string {
  if (coverage.skipped.length === 0) return `All ${total} rules run on the emulated account.\n`;
  const width = Math.max(...coverage.skipped.map((s) => s.id.length));
  return [
    `${coverage.runnable.length} of ${total} rules run on the emulated account; ` +
      `${coverage.skipped.length} cannot (their unit tests cover them):`,
    ...coverage.skipped.map((s) => `  ${s.id.padEnd(width)}  ${s.reason}`),
    '',
  ].join('\n');
}
