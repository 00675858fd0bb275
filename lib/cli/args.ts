/**
 * Command-line parsing (node:util parseArgs, strict): every command's options, their validation
 * and their --help text. A mistake is a UsageError naming the option; nothing here touches AWS.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import type { AnyRule } from '../engine/rule';
import { UsageError } from './io';
import { didYouMean } from './suggest';

export const FORMATS = ['table', 'json', 'sarif', 'csv', 'junit', 'ocsf', 'asff', 'html'] as const;
export type ScanFormat = (typeof FORMATS)[number];
export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
/** non-compliant: any severity; never: exit 0 on findings; a severity: that one or above. */
export const FAIL_ON = ['non-compliant', 'never', ...SEVERITIES] as const;
export type FailOn = (typeof FAIL_ON)[number];
export const STATUSES = ['fail', 'pass', 'all'] as const;
export type StatusFilter = (typeof STATUSES)[number];
export const CATALOG_FORMATS = ['table', 'json'] as const;
export type CatalogFormat = (typeof CATALOG_FORMATS)[number];

/** AWS Region names: us-east-1, eu-central-2, us-gov-west-1, cn-northwest-1, us-isob-east-1, ... */
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/;
/** Config rule names allow letters, digits, - and _; the prefix leaves room for `-<rule id>`. */
const PREFIX = /^[A-Za-z0-9_-]{1,60}$/;

export interface ScanArgs {
  command: 'scan';
  /** Empty: the Region of the environment or profile (AWS_REGION, AWS_DEFAULT_REGION, ~/.aws/config). */
  regions: string[];
  /** The selected rules, in registry order (--rules, less --exclude-rules, at --severity). */
  rules: AnyRule[];
  /** The first of `formats`: the one written to stdout without --output-dir. */
  format: ScanFormat;
  /** --format a,b,c: several only with --output-dir. */
  formats: ScanFormat[];
  /** --output-dir: each format to its file there (lib/cli/report-output.ts). */
  outputDir?: string;
  /** --status: which verdicts are listed; absent: the format's default (README "Filters"). */
  status?: StatusFilter;
  /** --resource: only resources whose id, name or ARN matches one of these (`*` wildcards). */
  resources?: string[];
  failOn: FailOn;
  /** --param values, in the order given. */
  params: string[];
  configFile?: string;
  /** --suppressions: a YAML or JSON suppression file (lib/engine/suppressions.ts). */
  suppressionsFile?: string;
  /** --region all: every Region enabled for the account (regions is then empty). */
  allRegions?: boolean;
  /** --profile: the named profile of the shared AWS config files. */
  profile?: string;
  /** --assume-role with --accounts or --organization: scan each account through the role of this name. */
  assumeRole?: string;
  /** --accounts: the accounts to scan (with --assume-role). */
  accounts?: string[];
  /** --organization (with --assume-role): every ACTIVE account of the organization. */
  organization?: boolean;
}

export interface DoctorArgs {
  command: 'doctor';
  regions: string[];
  rules: AnyRule[];
  prefix: string;
  topicArn?: string;
  /** --organization: check the organization rules and their deployment in member accounts. */
  organization?: boolean;
  /** --member-role (with --organization): check that this role can be assumed in each member account. */
  memberRole?: string;
  profile?: string;
}

export interface RulesArgs {
  command: 'rules';
  format: CatalogFormat;
}

export type CommandArgs = ScanArgs | DoctorArgs | RulesArgs;
/** `usage`: `ppguard` alone, a mistake: the help goes to stderr and the exit code is 2. */
export type Parsed =
  | CommandArgs
  | { command: 'help'; topic?: Command; usage?: true }
  | { command: 'version' };

export const COMMANDS = ['scan', 'doctor', 'rules'] as const;
export type Command = (typeof COMMANDS)[number];

export const MAIN_HELP = `ppguard: keep CodeCommit -> CodeBuild -> ECR pipelines off the internet.

Usage: ppguard <command> [options]

Commands:
  scan     evaluate every rule over the account's resources (Describe APIs) and report
  doctor   check that AWS Config records what the rules need, the ppguard Config rules
           are deployed and evaluating, and the alert topic has confirmed subscriptions
  rules    list the rule catalog: ids, resource types, severity, title, parameters

Run "ppguard <command> --help" for a command's options; "ppguard --version" (or -V,
anywhere on the command line) prints the version.
AWS access uses the standard credential chain (environment, profile, SSO, instance role);
AWS_ENDPOINT_URL is honoured (an emulator). Exit codes: 0 nothing to report, 1 findings,
2 could not evaluate (usage, parameters or AWS errors are printed on stderr), 130 interrupted
(Ctrl-C: what was evaluated so far is printed on stderr).
`;

export const SCAN_HELP = `Usage: ppguard scan [options]

Evaluates every rule (or the chosen ones) over every resource the Describe APIs return, per
Region, and prints a report. Exempt resources (tags ppg:exempt=<reason> and
ppg:exempt-until=YYYY-MM-DD, at most exemptMaxDays ahead) are listed as exempt.

Options:
  --region <name>        Region to scan; repeat or separate with commas for several;
                         all: every Region enabled for the account
                         (default: AWS_REGION, AWS_DEFAULT_REGION or the profile's Region)
  --profile <name>       use this profile of the shared AWS config files
  --assume-role <name>   scan other accounts through the role of this name in each;
                         needs --accounts or --organization (at most 4 accounts at a time;
                         one account's failure is reported and the others still scanned)
  --accounts <id,...>    with --assume-role: the accounts to scan
  --organization         with --assume-role: every ACTIVE account of the organization
                         (Organizations ListAccounts: run in the management account or a
                         delegated administrator); your own account is scanned with your
                         own credentials, the others through the role.
                         (doctor --organization checks a deployment instead)
  --rules <id,...>       only these rules (default: every rule; see "ppguard rules")
  --exclude-rules <id,...>  every rule (or those of --rules) except these
  --severity <s,...>     only rules of these severities: critical, high, medium, low
  --resource <pattern>   only resources whose id, name or ARN matches; * matches any run
                         of characters; repeat or separate with commas for several
  --status <which>       fail: NON_COMPLIANT and exempt; pass: COMPLIANT and
                         NOT_APPLICABLE; all (default: fail for table, all for the others);
                         errors are always listed
  --format <format,...>  table (default), json (versioned contract, see README), sarif
                         (2.1.0), csv, junit, ocsf (Compliance Finding), asff (Security
                         Hub) or html (one self-contained page); several need --output-dir
  --output-dir <dir>     write each format to its file in <dir> (ppguard-scan.txt, .json,
                         .sarif, .csv, .junit.xml, .ocsf.json, .asff.json, .html), not stdout
  --fail-on <when>       non-compliant (default): exit 1 when anything is NON_COMPLIANT;
                         critical, high, medium or low: only for a rule of that severity
                         or above; never: exit 0 even then (errors still exit 2)
  --param <p=value>      a rule parameter for every chosen rule that has it, e.g.
                         --param trustedAccounts=111122223333,444455556666
  --param <rule.p=value> a parameter for one rule, e.g.
                         --param codebuild-project-vpc-endpoints.requireEcr=false
  --config <file.json>   parameters from a file: {"parameters": {"<p>": "value"},
                         "rules": {"<rule id>": {"<p>": "value"}}}; --param wins over it
  --suppressions <file>  accepted risks, YAML or JSON: entries with rule (id or *),
                         resource (id, name or ARN; * wildcards), account, region, reason,
                         owner and expires (YYYY-MM-DD, within exemptMaxDays); matching
                         resources are NOT_APPLICABLE (suppressed); expired and unused
                         entries are listed on stderr; a malformed file exits 2
  -h, --help             this help

Exit codes: 0 nothing NON_COMPLIANT, 1 something NON_COMPLIANT (at or above --fail-on;
unless --fail-on never), 2 could not evaluate (what failed is printed on stderr and listed
in the report's errors).
`;

export const DOCTOR_HELP = `Usage: ppguard doctor [options]

Checks a deployment: AWS Config records every resource type the rules need (recorder on),
the ppguard Config rules are deployed and evaluating, and the alert topic has confirmed
subscriptions. Prints what to fix.

Options:
  --region <name>        Region to check; repeat or separate with commas for several
                         (default: AWS_REGION, AWS_DEFAULT_REGION or the profile's Region)
  --prefix <prefix>      Config rule names are <prefix>-<rule id> (default: ppguard)
  --topic-arn <arn>      the SNS alert topic whose subscriptions to check (skipped if absent)
  --rules <id,...>       the rules that should be deployed (default: every rule)
  --organization         organization mode (run in the delegated administrator account):
                         the organization rules exist and are deployed in every member account
  --member-role <name>   with --organization: the member role can be assumed in each member
                         account (run with the evaluator role's credentials: it trusts only that)
  --profile <name>       use this profile of the shared AWS config files
  -h, --help             this help

Exit codes: 0 healthy, 1 something to fix, 2 could not check (an AWS call failed).
`;

export const RULES_HELP = `Usage: ppguard rules [options]

Lists the rule catalog: id, resource types, severity, title and parameters with defaults
(parameters every rule accepts are listed once).

Options:
  --format <format>      table (default) or json
  -h, --help             this help
`;

export const HELP: Record<Command, string> = { scan: SCAN_HELP, doctor: DOCTOR_HELP, rules: RULES_HELP };

function parse(
  command: Command,
  argv: string[],
  options: ParseArgsConfig['options'],
): { values: Record<string, unknown> } {
  try {
    const { values } = parseArgs({ args: argv, options, strict: true, allowPositionals: false });
    return { values };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const code = (error as { code?: unknown }).code;
    const option = /'(-{1,2}[^' ]+)/.exec(message)?.[1];
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) {
      const known = Object.keys(options ?? {}).map((name) => `--${name}`);
      throw new UsageError(
        `unknown option ${option}${didYouMean(option.split('=')[0] ?? option, known)} (see "ppguard ${command} --help")`,
      );
    }
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      const value = /'([^']*)'/.exec(message)?.[1] ?? '';
      throw new UsageError(`unexpected argument "${value}" (see "ppguard ${command} --help")`);
    }
    if (
      code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' &&
      option &&
      message.includes('does not take an argument')
    ) {
      throw new UsageError(`option ${option.split(' ')[0]} takes no value (see "ppguard ${command} --help")`);
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) {
      throw new UsageError(`option ${option.split(' ')[0]} needs a value (see "ppguard ${command} --help")`);
    }
    throw new UsageError(`${message} (see "ppguard ${command} --help")`);
  }
}

function oneOf<T extends string>(
  option: string,
  value: string | undefined,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${option} must be one of ${allowed.join(', ')}, got "${value}"`);
}

function splitList(values: readonly string[]): string[] {
  return values
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value !== '');
}

export function parseRegions(values: readonly string[]): string[] {
  const regions: string[] = [];
  for (const region of splitList(values)) {
    if (!REGION.test(region)) {
      throw new UsageError(`--region "${region}" is not an AWS Region name (such as eu-west-1)`);
    }
    if (!regions.includes(region)) regions.push(region);
  }
  return regions;
}

/** The chosen rules in registry order; an unknown id is an error listing the known ones. */
export function selectRules(registry: readonly AnyRule[], values: readonly string[] | undefined): AnyRule[] {
  if (values === undefined) return [...registry];
  const ids = splitList(values);
  if (ids.length === 0) throw new UsageError('--rules needs at least one rule id (see "ppguard rules")');
  for (const id of ids) {
    if (!registry.some((rule) => rule.id === id)) {
      const known = registry.map((rule) => rule.id);
      throw new UsageError(
        `--rules: unknown rule "${id}"${didYouMean(id, known)} (known: ${known.join(', ')})`,
      );
    }
  }
  return registry.filter((rule) => ids.includes(rule.id));
}

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const strs = (value: unknown): string[] | undefined =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined;

/** IAM role names (no path): letters, digits and +=,.@_- up to 64 characters. */
const ROLE_NAME = /^[A-Za-z0-9+=,.@_-]{1,64}$/;
/** AWS profile names as the shared config files allow them, without spaces. */
const PROFILE = /^[A-Za-z0-9+=,.@_/-]{1,128}$/;

/** --profile, --region all, --assume-role and --accounts, checked together. */
function parseReach(values: Record<string, unknown>, formats: readonly ScanFormat[]) {
  const regionValues = splitList(strs(values.region) ?? []);
  const allRegions = regionValues.includes('all');
  if (allRegions && regionValues.length > 1)
    throw new UsageError('--region all cannot be combined with named Regions');
  const profile = str(values.profile);
  if (profile !== undefined && !PROFILE.test(profile))
    throw new UsageError('--profile must be a profile name of the shared AWS config files');
  const assumeRole = str(values['assume-role']);
  const accountValues = strs(values.accounts);
  const organization = values.organization === true;
  if (assumeRole !== undefined && !ROLE_NAME.test(assumeRole))
    throw new UsageError('--assume-role must be an IAM role name (letters, digits, +=,.@_-; no path)');
  if (organization && accountValues !== undefined)
    throw new UsageError(
      '--organization and --accounts exclude each other: every account of the organization, or the listed ones',
    );
  if (organization && assumeRole === undefined)
    throw new UsageError('--organization needs --assume-role: the role to assume in each member account');
  if (accountValues !== undefined && assumeRole === undefined)
    throw new UsageError('--accounts needs --assume-role: the role to assume in each account');
  if (assumeRole !== undefined && accountValues === undefined && !organization)
    throw new UsageError('--assume-role needs --accounts <id,...> or --organization: the accounts to scan');
  const accounts: string[] = [];
  for (const id of splitList(accountValues ?? [])) {
    if (!/^\d{12}$/.test(id)) throw new UsageError(`--accounts "${id}" is not a 12-digit account id`);
    if (!accounts.includes(id)) accounts.push(id);
  }
  if (accountValues !== undefined && accounts.length === 0)
    throw new UsageError('--accounts needs at least one account id');
  const oneAccount = formats.find((format) => format !== 'json' && format !== 'table');
  if (assumeRole !== undefined && oneAccount !== undefined)
    throw new UsageError(`--format ${oneAccount} reports one account: use json or table with --assume-role`);
  return {
    regions: allRegions ? [] : parseRegions(regionValues),
    ...(allRegions ? { allRegions: true } : {}),
    ...(profile === undefined ? {} : { profile }),
    ...(assumeRole === undefined
      ? {}
      : organization
        ? { assumeRole, organization }
        : { assumeRole, accounts }),
  };
}

function parseScan(argv: string[], registry: readonly AnyRule[]): Parsed {
  const { values } = parse('scan', argv, {
    profile: { type: 'string' },
    'assume-role': { type: 'string' },
    accounts: { type: 'string', multiple: true },
    organization: { type: 'boolean' },
    region: { type: 'string', multiple: true },
    rules: { type: 'string', multiple: true },
    'exclude-rules': { type: 'string', multiple: true },
    severity: { type: 'string', multiple: true },
    resource: { type: 'string', multiple: true },
    status: { type: 'string' },
    format: { type: 'string', multiple: true },
    'output-dir': { type: 'string' },
    'fail-on': { type: 'string' },
    param: { type: 'string', multiple: true },
    config: { type: 'string' },
    suppressions: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) return { command: 'help', topic: 'scan' };
  const configFile = str(values.config);
  if (configFile === '') throw new UsageError('--config needs a file name');
  const suppressionsFile = str(values.suppressions);
  if (suppressionsFile === '') throw new UsageError('--suppressions needs a file name');
  const outputs = parseOutputs(values);
  return {
    command: 'scan',
    ...parseReach(values, outputs.formats),
    rules: filterRules(selectRules(registry, strs(values.rules)), registry, values),
    ...outputs,
    ...parseFindingFilters(values),
    failOn: oneOf('--fail-on', str(values['fail-on']), FAIL_ON, 'non-compliant'),
    params: strs(values.param) ?? [],
    ...(configFile === undefined ? {} : { configFile }),
    ...(suppressionsFile === undefined ? {} : { suppressionsFile }),
  };
}

/* --- Filters and formats (issue 16): kept apart from the options above. --- */

/** --format a,b,c and --output-dir: several formats only into a directory. */
function parseOutputs(values: Record<string, unknown>): {
  format: ScanFormat;
  formats: ScanFormat[];
  outputDir?: string;
} {
  const given = strs(values.format);
  const names = given === undefined ? ['table'] : splitList(given);
  if (names.length === 0) throw new UsageError(`--format needs a value (${FORMATS.join(', ')})`);
  const formats: ScanFormat[] = [];
  for (const name of names) {
    const format = oneOf('--format', name, FORMATS, 'table');
    if (!formats.includes(format)) formats.push(format);
  }
  const outputDir = str(values['output-dir']);
  if (outputDir === '') throw new UsageError('--output-dir needs a directory name');
  if (outputDir === undefined && formats.length > 1)
    throw new UsageError(
      `--format ${formats.join(',')}: several formats need --output-dir <dir> (one file each)`,
    );
  const [format = 'table'] = formats;
  return { format, formats, ...(outputDir === undefined ? {} : { outputDir }) };
}

/** --exclude-rules and --severity narrow the chosen rules; nothing left is a usage error. */
export function filterRules(
  chosen: readonly AnyRule[],
  registry: readonly AnyRule[],
  values: Record<string, unknown>,
): AnyRule[] {
  const excluded = strs(values['exclude-rules']);
  const excludedIds = excluded === undefined ? [] : splitList(excluded);
  if (excluded !== undefined && excludedIds.length === 0)
    throw new UsageError('--exclude-rules needs at least one rule id (see "ppguard rules")');
  for (const id of excludedIds) {
    if (!registry.some((rule) => rule.id === id))
      throw new UsageError(
        `--exclude-rules: unknown rule "${id}" (known: ${registry.map((rule) => rule.id).join(', ')})`,
      );
  }
  const severityValues = strs(values.severity);
  const severities = severityValues === undefined ? [...SEVERITIES] : splitList(severityValues);
  if (severities.length === 0) throw new UsageError(`--severity needs a value (${SEVERITIES.join(', ')})`);
  for (const severity of severities) oneOf('--severity', severity, SEVERITIES, 'low');
  const rules = chosen.filter((rule) => !excludedIds.includes(rule.id) && severities.includes(rule.severity));
  if (rules.length === 0)
    throw new UsageError(
      'no rule left to run: --rules, --exclude-rules and --severity together exclude every rule',
    );
  return rules;
}

/** --status and --resource: which verdicts are listed (lib/cli/report-filter.ts applies them). */
function parseFindingFilters(values: Record<string, unknown>): {
  status?: StatusFilter;
  resources?: string[];
} {
  const status = str(values.status);
  const resourceValues = strs(values.resource);
  const resources = resourceValues === undefined ? undefined : splitList(resourceValues);
  if (resources !== undefined && resources.length === 0)
    throw new UsageError('--resource needs a resource id, name, ARN or pattern');
  return {
    ...(status === undefined ? {} : { status: oneOf('--status', status, STATUSES, 'all') }),
    ...(resources === undefined ? {} : { resources }),
  };
}

function parseDoctor(argv: string[], registry: readonly AnyRule[]): Parsed {
  const { values } = parse('doctor', argv, {
    region: { type: 'string', multiple: true },
    rules: { type: 'string', multiple: true },
    prefix: { type: 'string' },
    'topic-arn': { type: 'string' },
    organization: { type: 'boolean' },
    'member-role': { type: 'string' },
    profile: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) return { command: 'help', topic: 'doctor' };
  const memberRole = str(values['member-role']);
  if (memberRole !== undefined && (values.organization !== true || !ROLE_NAME.test(memberRole)))
    throw new UsageError(
      '--member-role needs --organization and an IAM role name (letters, digits, +=,.@_-)',
    );
  const profile = str(values.profile);
  if (profile !== undefined && !PROFILE.test(profile))
    throw new UsageError('--profile must be a profile name of the shared AWS config files');
  const prefix = str(values.prefix) ?? 'ppguard';
  if (!PREFIX.test(prefix)) {
    throw new UsageError(`--prefix "${prefix}" must be 1 to 60 letters, digits, - or _`);
  }
  const topicArn = str(values['topic-arn']);
  if (topicArn !== undefined && !TOPIC_ARN.test(topicArn)) {
    throw new UsageError(
      `--topic-arn "${topicArn}" is not an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)`,
    );
  }
  return {
    command: 'doctor',
    regions: parseRegions(strs(values.region) ?? []),
    rules: selectRules(registry, strs(values.rules)),
    prefix,
    ...(topicArn === undefined ? {} : { topicArn }),
    ...(values.organization === true ? { organization: true } : {}),
    ...(memberRole === undefined ? {} : { memberRole }),
    ...(profile === undefined ? {} : { profile }),
  };
}

function parseRules(argv: string[]): Parsed {
  const { values } = parse('rules', argv, {
    format: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) return { command: 'help', topic: 'rules' };
  return { command: 'rules', format: oneOf('--format', str(values.format), CATALOG_FORMATS, 'table') };
}

/** --version or -V anywhere before a `--` (which ends the options), or -v first: print the version. */
export function asksForVersion(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  const options = end < 0 ? argv : argv.slice(0, end);
  return options.includes('--version') || options.includes('-V') || argv[0] === '-v';
}

function unknownCommand(name: string): UsageError {
  return new UsageError(
    `unknown command "${name}"${didYouMean(name, COMMANDS)} (commands: ${COMMANDS.join(', ')})`,
  );
}

/** Parses `ppguard <command> [options]`. */
export function parseCommandLine(argv: readonly string[], registry: readonly AnyRule[]): Parsed {
  const [first, ...rest] = argv;
  if (asksForVersion(argv)) return { command: 'version' };
  if (first === undefined) return { command: 'help', usage: true };
  if (first === '-h' || first === '--help') return { command: 'help' };
  if (first === 'help') {
    const topic = rest[0];
    if (topic === undefined) return { command: 'help' };
    if ((COMMANDS as readonly string[]).includes(topic)) return { command: 'help', topic: topic as Command };
    throw unknownCommand(topic);
  }
  switch (first) {
    case 'scan':
      return parseScan(rest, registry);
    case 'doctor':
      return parseDoctor(rest, registry);
    case 'rules':
      return parseRules(rest);
    default:
      if (first.startsWith('-'))
        throw new UsageError(`${first} must follow a command (commands: ${COMMANDS.join(', ')})`);
      throw unknownCommand(first);
  }
}
