/**
 * `ppguard rules`: the catalog from the registry. Table: one block per rule (id, severity, title,
 * resource types, its own parameters with defaults), then the parameters every rule accepts.
 * JSON: the same, plus each rule's IAM read permissions (what a scan needs).
 */

import { COMMON_PARAMETERS, type ParamSchema, type ParamSpec } from '../engine/params';
import { permissionsOf } from '../engine/permissions';
import type { AnyRule } from '../engine/rule';

interface CatalogParameter {
  name: string;
  type: ParamSpec['type'];
  default: boolean | number | string | string[];
  description: string;
}

function parametersOf(schema: ParamSchema): CatalogParameter[] {
  return Object.entries(schema).map(([name, spec]) => ({
    name,
    type: spec.type,
    default: Array.isArray(spec.default) ? [...spec.default] : (spec.default as boolean | number | string),
    description: spec.description,
  }));
}

function defaultText(parameter: CatalogParameter): string {
  const value = parameter.default;
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.length === 0 ? '(none)' : value.join(',');
  return value === '' ? '(none)' : value;
}

function parameterLines(parameters: CatalogParameter[], indent: string): string[] {
  const nameWidth = Math.max(...parameters.map((p) => p.name.length));
  const defaultWidth = Math.max(...parameters.map((p) => defaultText(p).length));
  return parameters.map((p) =>
    `${indent}${p.name.padEnd(nameWidth)}  ${p.type.padEnd(7)}  default ${defaultText(p).padEnd(defaultWidth)}  ${p.description}`.trimEnd(),
  );
}

export function renderCatalogTable(rules: readonly AnyRule[]): string {
  const lines = [`${rules.length} rules (ppguard scan --rules <id,...> picks some; ids are stable)`, ''];
  for (const rule of rules) {
    lines.push(`${rule.id} [${rule.severity}]`);
    lines.push(`  ${rule.title}`);
    lines.push(`  resource types: ${rule.resourceTypes.join(', ')}`);
    const own = parametersOf(rule.parameters);
    if (own.length === 0) lines.push('  parameters: only those every rule accepts');
    else lines.push('  parameters:', ...parameterLines(own, '    '));
    lines.push('');
  }
  lines.push('Parameters every rule accepts:', ...parameterLines(parametersOf(COMMON_PARAMETERS), '  '));
  lines.push(
    '',
    'Set them with --param <name>=<value>, --param <rule id>.<name>=<value> or --config <file.json>.',
  );
  return `${lines.join('\n')}\n`;
}

export function catalogJson(rules: readonly AnyRule[]) {
  return {
    version: 1,
    commonParameters: parametersOf(COMMON_PARAMETERS),
    rules: rules.map((rule) => ({
      id: rule.id,
      title: rule.title,
      severity: rule.severity,
      resourceTypes: [...rule.resourceTypes],
      parameters: parametersOf(rule.parameters),
      permissions: permissionsOf(rule),
    })),
  };
}

export function renderCatalogJson(rules: readonly AnyRule[]): string {
  return `${JSON.stringify(catalogJson(rules), null, 2)}\n`;
}
