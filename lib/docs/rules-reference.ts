/**
 * Renders the rules reference (docs/rules.md) from the registry, so the documentation can never
 * drift from the rules: `npm run docs` writes it, and a test fails when the file is stale.
 */
import { COMMON_PARAMETERS, type ParamSpec } from '../engine/params';
import type { AnyRule } from '../engine/rule';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function defaultOf(spec: ParamSpec): string {
  if (spec.type === 'boolean') return String(spec.default);
  if (spec.type === 'string') return spec.default === '' ? '(none)' : `\`${spec.default}\``;
  return spec.default.length === 0 ? '(none)' : `\`${spec.default.join(',')}\``;
}

function parameterTable(parameters: Readonly<Record<string, ParamSpec>>): string[] {
  const rows = Object.entries(parameters).map(
    ([name, spec]) => `| \`${name}\` | ${spec.type} | ${defaultOf(spec)} | ${cell(spec.description)} |`,
  );
  return ['| parameter | type | default | meaning |', '|---|---|---|---|', ...rows];
}

export function renderRulesReference(rules: readonly AnyRule[]): string {
  const lines = [
    '# ppguard rules reference',
    '',
    '<!-- Generated from rules/index.ts by `npm run docs`; do not edit by hand. -->',
    '',
    '| id | resource types | severity | title | AWS equivalent |',
    '|---|---|---|---|---|',
    ...rules.map(
      (rule) =>
        `| [\`${rule.id}\`](#${rule.id}) | ${rule.resourceTypes.join(', ')} | ${rule.severity} | ${cell(rule.title)} | ${cell(
          rule.equivalent ?? 'no equivalent',
        )} |`,
    ),
    '',
    '## Parameters every rule accepts',
    '',
    ...parameterTable(COMMON_PARAMETERS),
    '',
  ];
  for (const rule of rules) {
    lines.push(`## ${rule.id}`, '', `**${rule.title}** (severity: ${rule.severity})`, '');
    lines.push(`- Evaluates: ${rule.resourceTypes.join(', ')}`);
    if (rule.triggeredBy?.length)
      lines.push(`- Re-evaluated when these change: ${rule.triggeredBy.join(', ')}`);
    lines.push(`- AWS equivalent: ${rule.equivalent ?? 'no equivalent'}`);
    lines.push(`- Reads (IAM): ${rule.permissions.map((p) => `\`${p}\``).join(', ')}`, '');
    lines.push(`Why: ${rule.rationale}`, '', `Fix: ${rule.remediation}`, '');
    if (Object.keys(rule.parameters).length > 0) lines.push(...parameterTable(rule.parameters), '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
