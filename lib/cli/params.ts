/**
 * Rule parameters from the command line (--param) and a JSON config file (--config), validated
 * per rule with the Lambda path's own schema (parseRuleParameters): the same names, the same
 * values, the same errors. Every error names where the bad value came from.
 *
 * Precedence, lowest first: the file's "parameters", the file's "rules"."<id>", --param p=v,
 * --param <rule>.p=v. An unscoped parameter applies to each chosen rule that accepts it; one that
 * no chosen rule accepts is an error (a misspelt parameter must never be ignored).
 */
import { COMMON_PARAMETERS, InvalidParameterError } from '../engine/params';
import type { AnyRule } from '../engine/rule';
import { parseRuleParameters, type RuleParameters } from '../engine/run';
import { jsonSyntaxProblem } from '../resources/read';
import { UsageError } from './io';
import { didYouMean } from './suggest';

export interface ParameterSources {
  /** --param values, in the order given. */
  options: readonly string[];
  /** The --config file: its name and its text. */
  config?: { path: string; text: string };
}

interface Setting {
  value: unknown;
  /** Where it came from, for error messages: `--param x=y` or `--config f.json (rules.id.x)`. */
  origin: string;
}

const OPTION = /^(?:([a-z0-9]+(?:-[a-z0-9]+)*)\.)?([A-Za-z][A-Za-z0-9]*)=(.*)$/s;
const CONFIG_KEYS = ['$schema', 'parameters', 'rules'];

function namesOf(rule: AnyRule): string[] {
  return [...Object.keys(COMMON_PARAMETERS), ...Object.keys(rule.parameters)];
}

const accepts = (rule: AnyRule, name: string) =>
  Object.hasOwn(COMMON_PARAMETERS, name) || Object.hasOwn(rule.parameters, name);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface ConfigFile {
  global: Map<string, Setting>;
  perRule: Map<string, Map<string, Setting>>;
}

function readConfig(source: { path: string; text: string }, registry: readonly AnyRule[]): ConfigFile {
  const at = `--config ${source.path}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(source.text);
  } catch (error) {
    // The parser's message quotes the input; say what is wrong without echoing it.
    throw new UsageError(`${at}: not valid JSON (${jsonSyntaxProblem(error)})`);
  }
  if (!isObject(parsed))
    throw new UsageError(`${at}: expected a JSON object with "parameters" and/or "rules"`);
  for (const key of Object.keys(parsed)) {
    if (!CONFIG_KEYS.includes(key)) {
      throw new UsageError(`${at}: unknown key "${key}" (expected "parameters" and/or "rules")`);
    }
  }
  const global = new Map<string, Setting>();
  const perRule = new Map<string, Map<string, Setting>>();
  const { parameters = {}, rules = {} } = parsed;
  if (!isObject(parameters)) throw new UsageError(`${at}: "parameters" must be an object of name to value`);
  for (const [name, value] of Object.entries(parameters)) {
    if (!registry.some((rule) => accepts(rule, name))) {
      const known = [...new Set(registry.flatMap(namesOf))];
      throw new UsageError(
        `${at} (parameters.${name}): no rule has a parameter "${name}"${didYouMean(name, known)}`,
      );
    }
    global.set(name, { value, origin: `${at} (parameters.${name})` });
  }
  if (!isObject(rules)) throw new UsageError(`${at}: "rules" must be an object of rule id to parameters`);
  for (const [id, values] of Object.entries(rules)) {
    if (!registry.some((rule) => rule.id === id)) {
      const known = registry.map((rule) => rule.id);
      throw new UsageError(
        `${at} (rules.${id}): "${id}" is not a ppguard rule${didYouMean(id, known)} (see "ppguard rules")`,
      );
    }
    if (!isObject(values)) throw new UsageError(`${at} (rules.${id}): expected an object of name to value`);
    const settings = new Map<string, Setting>();
    for (const [name, value] of Object.entries(values)) {
      settings.set(name, { value, origin: `${at} (rules.${id}.${name})` });
    }
    perRule.set(id, settings);
  }
  return { global, perRule };
}

/**
 * The validated parameters of each chosen rule (by rule id). Throws a UsageError naming the
 * option or config entry at fault.
 */
export function resolveRuleParameters(
  chosen: readonly AnyRule[],
  registry: readonly AnyRule[],
  sources: ParameterSources,
): Map<string, RuleParameters> {
  const file = sources.config ? readConfig(sources.config, registry) : undefined;
  const global = new Map<string, Setting>();
  const perRule = new Map<string, Map<string, Setting>>();
  for (const option of sources.options) {
    const origin = `--param ${option}`;
    const match = OPTION.exec(option);
    if (!match)
      throw new UsageError(`${origin}: expected <parameter>=<value> or <rule id>.<parameter>=<value>`);
    const [, ruleId, name = '', value = ''] = match;
    if (ruleId === undefined) {
      if (!chosen.some((rule) => accepts(rule, name))) {
        const known = [...new Set(chosen.flatMap(namesOf))].sort().join(', ');
        const hint = didYouMean(name, [...new Set(chosen.flatMap(namesOf))]);
        throw new UsageError(`${origin}: no chosen rule has a parameter "${name}"${hint} (known: ${known})`);
      }
      global.set(name, { value, origin });
      continue;
    }
    if (!registry.some((rule) => rule.id === ruleId)) {
      const hint = didYouMean(
        ruleId,
        registry.map((rule) => rule.id),
      );
      throw new UsageError(`${origin}: "${ruleId}" is not a ppguard rule${hint} (see "ppguard rules")`);
    }
    if (!chosen.some((rule) => rule.id === ruleId)) {
      throw new UsageError(`${origin}: rule ${ruleId} is not among the chosen --rules`);
    }
    const settings = perRule.get(ruleId) ?? new Map<string, Setting>();
    settings.set(name, { value, origin });
    perRule.set(ruleId, settings);
  }

  const resolved = new Map<string, RuleParameters>();
  for (const rule of chosen) {
    const settings = new Map<string, Setting>();
    const apply = (from: ReadonlyMap<string, Setting> | undefined, onlyAccepted: boolean) => {
      for (const [name, setting] of from ?? []) {
        if (!onlyAccepted || accepts(rule, name)) settings.set(name, setting);
      }
    };
    apply(file?.global, true);
    apply(file?.perRule.get(rule.id), false);
    apply(global, true);
    apply(perRule.get(rule.id), false);
    const raw = Object.fromEntries([...settings].map(([name, setting]) => [name, setting.value]));
    try {
      resolved.set(rule.id, parseRuleParameters(rule, raw));
    } catch (error) {
      if (!(error instanceof InvalidParameterError)) throw error;
      const origin = settings.get(error.parameter)?.origin ?? `rule ${rule.id}`;
      const hint = accepts(rule, error.parameter) ? '' : didYouMean(error.parameter, namesOf(rule));
      throw new UsageError(`${origin}: ${error.message}${hint} (rule ${rule.id})`);
    }
  }
  return resolved;
}
