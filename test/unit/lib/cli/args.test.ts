import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../../../lib/cli/args';
import { UsageError } from '../../../../lib/cli/io';
import { TEST_RULES } from './fixtures';

const parse = (...argv: string[]) => parseCommandLine(argv, TEST_RULES);
const ids = (value: ReturnType<typeof parse>) =>
  'rules' in value ? value.rules.map((r) => r.id) : undefined;

function usageError(...argv: string[]): string {
  try {
    parse(...argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`ppguard ${argv.join(' ')} parsed without error`);
}

describe('ppguard scan options', () => {
  it('defaults to every rule, table format, failing on NON_COMPLIANT, the environment Region', () => {
    // Act
    const parsed = parse('scan');

    // Assess
    expect(parsed).toEqual({
      command: 'scan',
      regions: [],
      rules: TEST_RULES,
      format: 'table',
      formats: ['table'],
      failOn: 'non-compliant',
      params: [],
    });
  });

  it('takes repeated and comma-separated Regions and rules, without duplicates, rules in registry order', () => {
    // Act
    const parsed = parse(
      'scan',
      '--region',
      'eu-west-1',
      '--region=us-east-1,eu-west-1',
      '--rules',
      'test-repository-private,test-project-in-vpc',
      '--format',
      'sarif',
      '--fail-on',
      'never',
      '--param',
      'trustedAccounts=111122223333,444455556666',
      '--param',
      'test-repository-private.allowedNames=a=b',
      '--config',
      'ppguard.json',
    );

    // Assess
    expect(parsed).toMatchObject({
      command: 'scan',
      regions: ['eu-west-1', 'us-east-1'],
      format: 'sarif',
      failOn: 'never',
      params: ['trustedAccounts=111122223333,444455556666', 'test-repository-private.allowedNames=a=b'],
      configFile: 'ppguard.json',
    });
    expect(ids(parsed)).toEqual(['test-project-in-vpc', 'test-repository-private']);
  });

  it('accepts Region names of every partition', () => {
    for (const region of [
      'us-gov-west-1',
      'cn-northwest-1',
      'ap-southeast-7',
      'us-isob-east-1',
      'eu-central-2',
    ]) {
      expect(parse('scan', '--region', region)).toMatchObject({ regions: [region] });
    }
  });

  it('names the option at fault', () => {
    expect(usageError('scan', '--format', 'yaml')).toBe(
      '--format must be one of table, json, sarif, csv, junit, ocsf, asff, html, got "yaml"',
    );
    expect(usageError('scan', '--fail-on', 'warning')).toBe(
      '--fail-on must be one of non-compliant, never, critical, high, medium, low, got "warning"',
    );
    expect(usageError('scan', '--region', 'Ireland')).toBe(
      '--region "Ireland" is not an AWS Region name (such as eu-west-1)',
    );
    expect(usageError('scan', '--rules', 'test-project-in-vpc,nope')).toBe(
      '--rules: unknown rule "nope" (known: test-project-in-vpc, test-repository-private)',
    );
    expect(usageError('scan', '--rules', ',')).toBe(
      '--rules needs at least one rule id (see "ppguard rules")',
    );
    expect(usageError('scan', '--regoin', 'eu-west-1')).toBe(
      'unknown option --regoin; did you mean "--region"? (see "ppguard scan --help")',
    );
    expect(usageError('scan', '--verbose')).toBe('unknown option --verbose (see "ppguard scan --help")');
    expect(usageError('scan', '--format')).toBe('option --format needs a value (see "ppguard scan --help")');
    expect(usageError('scan', 'eu-west-1')).toBe(
      'unexpected argument "eu-west-1" (see "ppguard scan --help")',
    );
    expect(usageError('scan', '--config=')).toBe('--config needs a file name');
  });

  it('narrows the rules by --exclude-rules and --severity, keeping registry order', () => {
    // Act
    const excluded = parse('scan', '--exclude-rules', 'test-project-in-vpc');
    const bySeverity = parse('scan', '--severity', 'critical,medium');
    const both = parse(
      'scan',
      '--severity=high',
      '--severity=medium',
      '--exclude-rules=test-repository-private',
    );

    // Assess
    expect(ids(excluded)).toEqual(['test-repository-private']);
    expect(ids(bySeverity)).toEqual(['test-repository-private']);
    expect(ids(both)).toEqual(['test-project-in-vpc']);
  });

  it('takes --status, --resource, --fail-on with a severity, and several formats with --output-dir', () => {
    // Act
    const parsed = parse(
      'scan',
      '--status',
      'pass',
      '--resource',
      'app-*,arn:aws:ecr:eu-west-1:123456789012:repository/builder',
      '--resource=legacy',
      '--fail-on',
      'high',
      '--format',
      'json,csv',
      '--format=junit',
      '--output-dir',
      'reports',
    );

    // Assess
    expect(parsed).toMatchObject({
      status: 'pass',
      resources: ['app-*', 'arn:aws:ecr:eu-west-1:123456789012:repository/builder', 'legacy'],
      failOn: 'high',
      format: 'json',
      formats: ['json', 'csv', 'junit'],
      outputDir: 'reports',
    });
  });

  it('refuses unknown filter values, filters that leave no rule, and several formats without a directory', () => {
    expect(usageError('scan', '--severity', 'urgent')).toBe(
      '--severity must be one of critical, high, medium, low, got "urgent"',
    );
    expect(usageError('scan', '--severity', ',')).toBe(
      '--severity needs a value (critical, high, medium, low)',
    );
    expect(usageError('scan', '--status', 'failed')).toBe(
      '--status must be one of fail, pass, all, got "failed"',
    );
    expect(usageError('scan', '--exclude-rules', 'nope')).toBe(
      '--exclude-rules: unknown rule "nope" (known: test-project-in-vpc, test-repository-private)',
    );
    expect(usageError('scan', '--severity', 'critical')).toBe(
      'no rule left to run: --rules, --exclude-rules and --severity together exclude every rule',
    );
    expect(
      usageError('scan', '--rules', 'test-project-in-vpc', '--exclude-rules', 'test-project-in-vpc'),
    ).toBe('no rule left to run: --rules, --exclude-rules and --severity together exclude every rule');
    expect(usageError('scan', '--resource', ',')).toBe(
      '--resource needs a resource id, name, ARN or pattern',
    );
    expect(usageError('scan', '--format', 'json,sarif')).toBe(
      '--format json,sarif: several formats need --output-dir <dir> (one file each)',
    );
    expect(usageError('scan', '--format', 'json,xml', '--output-dir', 'out')).toBe(
      '--format must be one of table, json, sarif, csv, junit, ocsf, asff, html, got "xml"',
    );
    expect(usageError('scan', '--output-dir=')).toBe('--output-dir needs a directory name');
    expect(usageError('scan', '--assume-role', 'r', '--accounts', '111111111111', '--format', 'asff')).toBe(
      '--format asff reports one account: use json or table with --assume-role',
    );
  });

  it('takes --assume-role with --accounts or --organization, never both, never without a role', () => {
    // Act
    const listed = parse(
      'scan',
      '--assume-role',
      'ppguard-member',
      '--accounts',
      '111111111111,222222222222',
    );
    const organization = parse(
      'scan',
      '--organization',
      '--assume-role',
      'ppguard-member',
      '--region',
      'all',
    );

    // Assess
    expect(listed).toMatchObject({
      assumeRole: 'ppguard-member',
      accounts: ['111111111111', '222222222222'],
    });
    expect(listed).not.toHaveProperty('organization');
    expect(organization).toMatchObject({
      assumeRole: 'ppguard-member',
      organization: true,
      allRegions: true,
      regions: [],
    });
    expect(organization).not.toHaveProperty('accounts');
    expect(usageError('scan', '--organization')).toBe(
      '--organization needs --assume-role: the role to assume in each member account',
    );
    expect(usageError('scan', '--organization', '--assume-role', 'r', '--accounts', '111111111111')).toBe(
      '--organization and --accounts exclude each other: every account of the organization, or the listed ones',
    );
    expect(usageError('scan', '--organization', '--accounts', '111111111111')).toBe(
      '--organization and --accounts exclude each other: every account of the organization, or the listed ones',
    );
    expect(usageError('scan', '--accounts', '111111111111')).toBe(
      '--accounts needs --assume-role: the role to assume in each account',
    );
    expect(usageError('scan', '--assume-role', 'ppguard-member')).toBe(
      '--assume-role needs --accounts <id,...> or --organization: the accounts to scan',
    );
    expect(usageError('scan', '--organization', '--assume-role', 'a/b')).toBe(
      '--assume-role must be an IAM role name (letters, digits, +=,.@_-; no path)',
    );
    expect(usageError('scan', '--organization', '--assume-role', 'r', '--format', 'sarif')).toBe(
      '--format sarif reports one account: use json or table with --assume-role',
    );
    expect(usageError('scan', '--organization=yes', '--assume-role', 'r')).toBe(
      'option --organization takes no value (see "ppguard scan --help")',
    );
  });

  it('returns help for -h and --help, whatever else is given', () => {
    expect(parse('scan', '--help')).toEqual({ command: 'help', topic: 'scan' });
    expect(parse('scan', '-h', '--format', 'json')).toEqual({ command: 'help', topic: 'scan' });
  });
});

describe('ppguard doctor options', () => {
  it('defaults to the ppguard prefix and every rule, and checks the topic ARN', () => {
    // Act
    const parsed = parse(
      'doctor',
      '--region',
      'eu-west-1',
      '--topic-arn',
      'arn:aws:sns:eu-west-1:123456789012:ppguard-alerts',
    );

    // Assess
    expect(parsed).toEqual({
      command: 'doctor',
      regions: ['eu-west-1'],
      rules: TEST_RULES,
      prefix: 'ppguard',
      topicArn: 'arn:aws:sns:eu-west-1:123456789012:ppguard-alerts',
    });
  });

  it('names a bad prefix or topic ARN', () => {
    expect(usageError('doctor', '--prefix', 'has space')).toBe(
      '--prefix "has space" must be 1 to 60 letters, digits, - or _',
    );
    expect(usageError('doctor', '--topic-arn', 'ppguard-alerts')).toBe(
      '--topic-arn "ppguard-alerts" is not an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)',
    );
  });
});

describe('ppguard rules options and commands', () => {
  it('lists as a table by default, or JSON', () => {
    expect(parse('rules')).toEqual({ command: 'rules', format: 'table' });
    expect(parse('rules', '--format', 'json')).toEqual({ command: 'rules', format: 'json' });
    expect(usageError('rules', '--format', 'sarif')).toBe('--format must be one of table, json, got "sarif"');
  });

  it('gives general help, help on a command, the version, and names an unknown command', () => {
    expect(parse()).toEqual({ command: 'help', usage: true });
    expect(parse('--help')).toEqual({ command: 'help' });
    expect(parse('help', 'doctor')).toEqual({ command: 'help', topic: 'doctor' });
    expect(parse('--version')).toEqual({ command: 'version' });
    expect(usageError('sacn')).toBe(
      'unknown command "sacn"; did you mean "scan"? (commands: scan, doctor, rules)',
    );
    expect(usageError('--format', 'json')).toBe(
      '--format must follow a command (commands: scan, doctor, rules)',
    );
    expect(usageError('help', 'deploy')).toBe('unknown command "deploy" (commands: scan, doctor, rules)');
    expect(usageError('help', 'doctr')).toBe(
      'unknown command "doctr"; did you mean "doctor"? (commands: scan, doctor, rules)',
    );
  });

  it('takes --version or -V anywhere before "--", and -v first', () => {
    for (const argv of [
      ['-V'],
      ['-v'],
      ['scan', '--version'],
      ['scan', '--region', 'eu-west-1', '-V'],
      ['--format', 'json', '--version'],
      ['sacn', '-V'],
    ])
      expect(parse(...argv)).toEqual({ command: 'version' });
    expect(usageError('scan', '-v')).toBe('unknown option -v (see "ppguard scan --help")');
    expect(usageError('scan', '--', '--version')).toBe(
      'unexpected argument "--version" (see "ppguard scan --help")',
    );
  });

  it('suggests the rule id closest to a misspelled one', () => {
    expect(usageError('scan', '--rules', 'test-project-in-vcp')).toBe(
      '--rules: unknown rule "test-project-in-vcp"; did you mean "test-project-in-vpc"? (known: test-project-in-vpc, test-repository-private)',
    );
  });
});
