/**
 * The `ppguard` command line: parses, runs one command and returns its exit code (0 nothing to
 * report, 1 findings, 2 could not evaluate, 130 interrupted). Reports go to stdout; errors (in
 * every format), progress and the Ctrl-C summary go to stderr, so `--format json` and `--format
 * sarif` print exactly one document. AWS access is injected (AWS_ENDPOINT_URL and the standard
 * credential chain by default).
 */
import type { AnyRule } from '../engine/rule';
import {
  parseSuppressions,
  SuppressionFileError,
  Suppressions,
  suppressionNotices,
} from '../engine/suppressions';
import {
  type AccountsScanDeps,
  type OrganizationAccounts,
  runAccountsScan,
  withOwnAccount,
} from './accounts';
import { type CommandArgs, type DoctorArgs, HELP, MAIN_HELP, parseCommandLine, type ScanArgs } from './args';
import { describeAwsError, formatReportError } from './aws-errors';
import { renderCatalogJson, renderCatalogTable } from './catalog';
import { diagnose, renderDiagnosis } from './doctor';
import { type DoctorClients, gatherDoctorFacts } from './doctor-aws';
import {
  diagnoseOrganization,
  exitCodeOf,
  gatherOrganizationFacts,
  type OrganizationClients,
} from './doctor-organization';
import { ScanTracker } from './interrupt';
import { type CliIo, EXIT, type ExitCode, UsageError } from './io';
import { resolveRuleParameters } from './params';
import { progressOn } from './progress';
import { emitAccountsReports, emitScanReports } from './report-output';
import { runScan, type ScanDeps, type ScanResult } from './scan';

export interface CliDeps {
  registry: readonly AnyRule[];
  version: string;
  /** The Region of the environment or profile, when --region is not given. */
  defaultRegion(): Promise<string | undefined>;
  scan(): Promise<Omit<ScanDeps, 'onProgress'>>;
  doctor(): Promise<DoctorClients>;
  /** --profile: every later AWS call uses this profile of the shared config files. */
  useProfile?(name: string): void;
  /** --region all: every Region enabled for the account of the credentials. */
  enabledRegions?(homeRegion: string): Promise<string[]>;
  /** doctor --organization: the organization Config reads and, for --member-role, STS AssumeRole. */
  organization?(): Promise<OrganizationClients>;
  /** --assume-role: access to each account through the role of that name. */
  accountAccess?(roleName: string, homeRegion: string): Promise<AccountsScanDeps>;
  /** scan --organization: the caller's account and the organization's accounts (Organizations ListAccounts). */
  organizationAccounts?(homeRegion: string): Promise<OrganizationAccounts>;
}

/** The real dependencies: the rule registry and AWS through the SDK's standard chain. */
export async function defaultDeps(): Promise<CliDeps> {
  const [{ RULES }, { packageVersion }] = await Promise.all([
    import('../../rules/index'),
    import('./version'),
  ]);
  // The SDK loads only for the commands that talk to AWS.
  const aws = () => import('./aws-deps');
  return {
    registry: RULES,
    version: packageVersion(),
    defaultRegion: async () => (await aws()).defaultRegion(),
    scan: async () => (await aws()).awsScanDeps(),
    doctor: async () => (await aws()).awsDoctorClients(),
    useProfile: (name) => {
      // The SDK's default chain reads it for credentials and Region (and then skips env keys).
      process.env.AWS_PROFILE = name;
    },
    enabledRegions: async (home) => (await import('./aws-accounts')).enabledRegions(home),
    accountAccess: async (role, home) => (await import('./aws-accounts')).awsAccountAccess(role, home),
    organization: async () => (await import('./aws-accounts')).awsOrganizationClients(),
    organizationAccounts: async (home) => (await import('./aws-accounts')).awsOrganizationAccounts(home),
  };
}

function needed<T>(dependency: T | undefined, what: string): T {
  if (dependency === undefined) throw new Error(`the CLI was built without ${what}`);
  return dependency;
}

/** How many accounts --assume-role scans at once. */
const ACCOUNT_CONCURRENCY = 4;

async function homeRegionOf(args: ScanArgs, deps: CliDeps): Promise<string> {
  const home = args.regions[0] ?? (await deps.defaultRegion());
  if (home === undefined)
    throw new UsageError(
      'no Region: pass --region <name> or set AWS_REGION (or a region in your AWS profile)',
    );
  return home;
}

/** --suppressions: the file read and parsed; unreadable or malformed is a usage error (exit 2). */
async function readSuppressions(
  io: CliIo,
  path: string,
  registry: readonly AnyRule[],
): Promise<{ path: string; suppressions: Suppressions }> {
  let text: string;
  try {
    text = await io.readFile(path);
  } catch (error) {
    const reason =
      (error as { code?: unknown }).code ?? (error instanceof Error ? error.message : String(error));
    throw new UsageError(`--suppressions ${path}: cannot read the file (${String(reason)})`);
  }
  try {
    const entries = parseSuppressions(
      text,
      path,
      registry.map((rule) => rule.id),
    );
    return { path, suppressions: new Suppressions(entries) };
  } catch (error) {
    if (error instanceof SuppressionFileError) throw new UsageError(`--suppressions ${error.message}`);
    throw error;
  }
}

/** Expired, unused and refused entries on stderr: never silently ignored. */
function reportSuppressions(
  file: { path: string; suppressions: Suppressions } | undefined,
  io: CliIo,
): ScanResult['suppressions'] {
  if (file === undefined) return undefined;
  const entries = file.suppressions.uses(io.now());
  for (const notice of suppressionNotices(entries, file.path))
    io.stderr.write(`ppguard: suppressions ${notice}\n`);
  return { file: file.path, entries };
}

async function scanAccounts(
  args: ScanArgs & { assumeRole: string },
  params: ReturnType<typeof resolveRuleParameters>,
  io: CliIo,
  deps: CliDeps,
  file?: { path: string; suppressions: Suppressions },
): Promise<ExitCode> {
  const home = await homeRegionOf(args, deps);
  const roles = await needed(deps.accountAccess, 'account access')(args.assumeRole, home);
  let accounts = args.accounts ?? [];
  let access = roles;
  if (args.organization) {
    let organization: OrganizationAccounts;
    try {
      organization = await needed(deps.organizationAccounts, '--organization')(home);
    } catch (error) {
      io.stderr.write(
        `ppguard: cannot list the organization's accounts: ${formatReportError(describeAwsError(error))}\n`,
      );
      return EXIT.error;
    }
    for (const { account, state } of organization.skipped)
      io.stderr.write(`ppguard: account ${account} not scanned: it is ${state}, not ACTIVE\n`);
    accounts = organization.active;
    // The caller's own account with its own credentials: see docs/organization.md.
    access = withOwnAccount(
      organization.caller,
      {
        scan: await deps.scan(),
        enabledRegions: () => needed(deps.enabledRegions, '--region all')(home),
      },
      roles,
    );
  }
  const result = await runAccountsScan(
    {
      accounts,
      regions: args.regions.length > 0 ? args.regions : [home],
      allRegions: args.allRegions === true,
      rules: args.rules,
      params,
      ...(file ? { suppressions: file.suppressions } : {}),
      concurrency: ACCOUNT_CONCURRENCY,
    },
    access,
  );
  reportSuppressions(file, io);
  const { fails } = await emitAccountsReports(result, args, io.stdout);
  const regionErrors = result.accounts.flatMap((a) => a.errors.map((e) => ({ account: a.account, ...e })));
  if (result.errors.length > 0 || regionErrors.length > 0) {
    for (const error of result.errors)
      io.stderr.write(`ppguard: account ${error.account} not scanned: ${error.code}: ${error.message}\n`);
    for (const error of regionErrors)
      io.stderr.write(`ppguard: account ${error.account}: could not evaluate: ${formatReportError(error)}\n`);
    return EXIT.error;
  }
  return fails ? EXIT.findings : EXIT.ok;
}

async function regionsOf(given: string[], deps: CliDeps): Promise<string[]> {
  if (given.length > 0) return given;
  const region = await deps.defaultRegion();
  if (region === undefined) {
    throw new UsageError(
      'no Region: pass --region <name> or set AWS_REGION (or a region in your AWS profile)',
    );
  }
  return [region];
}

async function readConfigFile(io: CliIo, path: string): Promise<{ path: string; text: string }> {
  try {
    return { path, text: await io.readFile(path) };
  } catch (error) {
    const reason =
      (error as { code?: unknown }).code ?? (error instanceof Error ? error.message : String(error));
    throw new UsageError(`--config ${path}: cannot read the file (${String(reason)})`);
  }
}

async function scan(args: ScanArgs, io: CliIo, deps: CliDeps, tracker: ScanTracker): Promise<ExitCode> {
  const config = args.configFile === undefined ? undefined : await readConfigFile(io, args.configFile);
  const params = resolveRuleParameters(args.rules, deps.registry, {
    options: args.params,
    ...(config ? { config } : {}),
  });
  const file =
    args.suppressionsFile === undefined
      ? undefined
      : await readSuppressions(io, args.suppressionsFile, deps.registry);
  if (args.profile !== undefined) needed(deps.useProfile, '--profile')(args.profile);
  if (args.assumeRole !== undefined)
    return scanAccounts({ ...args, assumeRole: args.assumeRole }, params, io, deps, file);
  const regions = args.allRegions
    ? await needed(deps.enabledRegions, '--region all')(await homeRegionOf(args, deps))
    : await regionsOf(args.regions, deps);
  const progress = progressOn(io.stderr, io.env);
  tracker.progress = progress;
  let result: Awaited<ReturnType<typeof runScan>>;
  try {
    result = await runScan(
      {
        regions,
        rules: args.rules,
        params,
        buildPaths: args.formats.includes('html'),
        ...(file ? { suppressions: file.suppressions } : {}),
      },
      {
        ...(await deps.scan()),
        onProgress: (step) => {
          tracker.step(step);
          progress.step(step);
        },
        onRuleDone: (done) => tracker.ruleDone(done),
      },
    );
  } finally {
    progress.done();
  }
  const suppressions = reportSuppressions(file, io);
  if (suppressions) result = { ...result, suppressions };
  const { fails } = await emitScanReports(
    result,
    args,
    { toolVersion: deps.version, now: io.now() },
    io.stdout,
  );
  if (result.errors.length > 0) {
    // Also in table mode, where the table lists them too: stdout may be a file nobody reads.
    for (const error of result.errors)
      io.stderr.write(`ppguard: could not evaluate: ${formatReportError(error)}\n`);
    return EXIT.error;
  }
  return fails ? EXIT.findings : EXIT.ok;
}

async function doctor(args: DoctorArgs, io: CliIo, deps: CliDeps): Promise<ExitCode> {
  if (args.profile !== undefined) needed(deps.useProfile, '--profile')(args.profile);
  const regions = await regionsOf(args.regions, deps);
  const facts = await gatherDoctorFacts(
    {
      regions,
      rules: args.rules,
      prefix: args.prefix,
      ...(args.topicArn ? { topicArn: args.topicArn } : {}),
    },
    await deps.doctor(),
  );
  const options = { rules: args.rules, prefix: args.prefix, now: io.now() };
  let diagnosis = diagnose(facts, { ...options, ...(args.organization ? { organization: true } : {}) });
  if (args.organization) {
    const organization = await gatherOrganizationFacts(
      {
        regions,
        rules: args.rules,
        prefix: args.prefix,
        ...(args.memberRole ? { memberRoleName: args.memberRole } : {}),
      },
      await needed(deps.organization, '--organization')(),
    );
    const checks = [...diagnosis.checks, ...diagnoseOrganization(organization, options)];
    diagnosis = { checks, exitCode: exitCodeOf(checks) };
  }
  const header = `ppguard doctor: ${regions.join(', ')}; ${args.rules.length} rules deployed as ${args.organization ? 'organization rules ' : ''}${args.prefix}-<rule id>`;
  io.stdout.write(renderDiagnosis(diagnosis, header));
  return diagnosis.exitCode;
}

async function run(args: CommandArgs, io: CliIo, deps: CliDeps, tracker: ScanTracker): Promise<ExitCode> {
  switch (args.command) {
    case 'scan':
      return scan(args, io, deps, tracker);
    case 'doctor':
      return doctor(args, io, deps);
    case 'rules':
      io.stdout.write(
        args.format === 'json' ? renderCatalogJson(deps.registry) : renderCatalogTable(deps.registry),
      );
      return EXIT.ok;
  }
}

/**
 * Runs a command; on Ctrl-C (when io.onInterrupt is given) stops waiting for it, erases the
 * progress line, prints what was evaluated so far on stderr and returns 130. The caller then
 * exits: the command's pending AWS calls are abandoned, not awaited.
 */
async function interruptible(args: CommandArgs, io: CliIo, deps: CliDeps): Promise<ExitCode> {
  const tracker = new ScanTracker();
  let unsubscribe = () => {};
  const interrupted = new Promise<ExitCode>((resolve) => {
    unsubscribe =
      io.onInterrupt?.(() => {
        tracker.progress?.done();
        io.stderr.write(
          args.command === 'scan' && args.assumeRole === undefined
            ? tracker.summary()
            : 'ppguard: interrupted; no report written\n',
        );
        resolve(EXIT.interrupted);
      }) ?? unsubscribe;
  });
  try {
    return await Promise.race([run(args, io, deps, tracker), interrupted]);
  } finally {
    unsubscribe();
  }
}

/** Runs `ppguard <argv>`; never throws: every failure is a message on stderr and exit code 2. */
export async function main(argv: readonly string[], io: CliIo, given?: CliDeps): Promise<ExitCode> {
  try {
    const deps = given ?? (await defaultDeps());
    const parsed = parseCommandLine(argv, deps.registry);
    switch (parsed.command) {
      case 'help':
        if (parsed.usage) {
          // `ppguard` alone: a command is missing, which is a usage error.
          io.stderr.write(MAIN_HELP);
          return EXIT.error;
        }
        io.stdout.write(parsed.topic ? HELP[parsed.topic] : MAIN_HELP);
        return EXIT.ok;
      case 'version':
        io.stdout.write(`ppguard ${deps.version}\n`);
        return EXIT.ok;
      default:
        return await interruptible(parsed, io, deps);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`ppguard: ${error.message}\n`);
    } else {
      const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
      io.stderr.write(`ppguard: unexpected error (please report it): ${text}\n`);
    }
    return EXIT.error;
  }
}
