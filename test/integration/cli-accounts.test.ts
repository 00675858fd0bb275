/**
 * `ppguard scan` across accounts and Regions, as a child process against the emulator: the role
 * assumed in each of several accounts (moto keys resources by the account of the assumed
 * credentials), every Region enabled for each account (--region all), a profile (--profile), and
 * an account whose role cannot be assumed (refused by a front, as STS refuses an untrusted caller).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateRepositoryCommand, ECRClient, SetRepositoryPolicyCommand } from '@aws-sdk/client-ecr';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { resetMoto } from '../../emulator/moto';
import type { JsonAccountsReport } from '../../lib/cli/report-accounts';
import { credentialsIn, emulatorRegions, PUBLIC_POLICY } from './support/accounts';
import { runCli } from './support/cli';
import { RoleDenyingFront } from './support/role-front';

const ACCOUNTS = ['111111111111', '222222222222', '333333333333'];
const LOCKED = '444444444444';
let front: RoleDenyingFront;
let enabled: string[] = [];

/** An ECR client in `account`, through a role assumed there. */
async function ecrIn(endpoint: string, account: string, region: string): Promise<ECRClient> {
  return new ECRClient({ region, endpoint, credentials: await credentialsIn(endpoint, account, region) });
}

beforeAll(async () => {
  const moto = inject('motoEndpoint');
  await resetMoto(moto);
  // Prepare: one repository per account, public in the second, in a Region other than the home one.
  for (const [index, account] of ACCOUNTS.entries()) {
    const ecr = await ecrIn(moto, account, 'eu-central-1');
    const name = `repo-${account}`;
    await ecr.send(new CreateRepositoryCommand({ repositoryName: name }));
    if (index === 1)
      await ecr.send(new SetRepositoryPolicyCommand({ repositoryName: name, policyText: PUBLIC_POLICY }));
    ecr.destroy();
  }
  enabled = await emulatorRegions(moto);
  front = new RoleDenyingFront(moto, new Set([LOCKED]));
  await front.start();
});

afterAll(async () => {
  await front?.stop();
});

describe('ppguard scan across accounts', () => {
  it('scans every enabled Region of each account through the assumed role, and reports the account whose role cannot be assumed', async () => {
    // Act
    const run = await runCli(
      [
        'scan',
        '--assume-role',
        'ppguard-member',
        '--accounts',
        [...ACCOUNTS, LOCKED].join(','),
        '--region',
        'all',
        '--rules',
        'ecr-repository-not-public',
        '--format',
        'json',
      ],
      front.endpoint,
    );

    // Assess
    const report = JSON.parse(run.stdout) as JsonAccountsReport;
    expect(run.code).toBe(2);
    expect(report.version).toBe(1);
    expect(report.accounts.map((a) => a.account)).toEqual(ACCOUNTS);
    for (const scanned of report.accounts) {
      expect(scanned.regions).toEqual(enabled);
      expect(scanned.errors).toEqual([]);
      expect(scanned.evaluations.map((e) => [e.resourceId, e.region, e.compliance])).toEqual([
        [
          `repo-${scanned.account}`,
          'eu-central-1',
          scanned.account === '222222222222' ? 'NON_COMPLIANT' : 'COMPLIANT',
        ],
      ]);
    }
    expect(report.errors).toEqual([
      {
        account: LOCKED,
        operation: 'AssumeRole',
        permission: 'sts:AssumeRole',
        code: 'AccessDenied',
        message: `assuming the role: User: arn:aws:sts::123456789012:assumed-role/ci-scanner/session is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${LOCKED}:role/ppguard-member`,
      },
    ]);
    expect(front.refused).toEqual([`arn:aws:iam::${LOCKED}:role/ppguard-member`]);
    expect(run.stderr).toContain(`ppguard: account ${LOCKED} not scanned: AccessDenied: assuming the role:`);
  });

  it('exits 1 when every account was scanned and one has a finding', async () => {
    // Act
    const run = await runCli(
      [
        'scan',
        '--assume-role',
        'ppguard-member',
        '--accounts',
        ACCOUNTS.join(','),
        '--region',
        'eu-central-1',
        '--rules',
        'ecr-repository-not-public',
        '--format',
        'json',
      ],
      front.endpoint,
    );

    // Assess
    const report = JSON.parse(run.stdout) as JsonAccountsReport;
    expect(run.code).toBe(1);
    expect(report.errors).toEqual([]);
    expect(report.accounts.map((a) => [a.account, a.regions])).toEqual(
      ACCOUNTS.map((id) => [id, ['eu-central-1']]),
    );
  });

  it('uses the named profile: its role, and so its account', async () => {
    // Prepare
    const home = mkdtempSync(join(tmpdir(), 'ppguard-profile-'));
    const config = join(home, 'config');
    const credentials = join(home, 'credentials');
    writeFileSync(credentials, '[base]\naws_access_key_id = testing\naws_secret_access_key = testing\n');
    writeFileSync(
      config,
      `[profile audit]\nrole_arn = arn:aws:iam::${ACCOUNTS[1]}:role/auditor\nsource_profile = base\nregion = eu-central-1\n`,
    );

    // Act
    const run = await runCli(
      [
        'scan',
        '--profile',
        'audit',
        '--region',
        'eu-central-1',
        '--rules',
        'ecr-repository-not-public',
        '--format',
        'json',
      ],
      front.endpoint,
      // Only the profile names credentials (empty keys are no keys to the SDK).
      {
        AWS_CONFIG_FILE: config,
        AWS_SHARED_CREDENTIALS_FILE: credentials,
        AWS_ACCESS_KEY_ID: '',
        AWS_SECRET_ACCESS_KEY: '',
      },
    );

    // Assess
    const report = JSON.parse(run.stdout) as { account: string; evaluations: { resourceId: string }[] };
    expect(run.stderr).toBe('');
    expect(report.account).toBe(ACCOUNTS[1]);
    expect(report.evaluations.map((e) => e.resourceId)).toEqual([`repo-${ACCOUNTS[1]}`]);
  });

  it('refuses --assume-role without --accounts, and sarif across accounts, before any AWS call', async () => {
    // Act
    const alone = await runCli(['scan', '--assume-role', 'ppguard-member'], 'http://127.0.0.1:9');
    const sarif = await runCli(
      ['scan', '--assume-role', 'ppguard-member', '--accounts', ACCOUNTS[0] ?? '', '--format', 'sarif'],
      'http://127.0.0.1:9',
    );

    // Assess
    expect([alone.code, alone.stdout, alone.stderr]).toEqual([
      2,
      '',
      'ppguard: --assume-role needs --accounts <id,...> or --organization: the accounts to scan\n',
    ]);
    expect([sarif.code, sarif.stdout, sarif.stderr]).toEqual([
      2,
      '',
      'ppguard: --format sarif reports one account: use json or table with --assume-role\n',
    ]);
  });
});
