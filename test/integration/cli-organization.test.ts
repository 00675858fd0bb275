/**
 * `ppguard scan --organization --assume-role NAME` as a child process against the emulator: an
 * organization created in the emulator (the caller, account 123456789012 by its test keys, is its
 * management account), its accounts read with Organizations ListAccounts, each member scanned
 * through the role assumed in it (moto keys resources by the account of the assumed credentials),
 * the caller's own account with its own credentials, a closed (SUSPENDED) account skipped, and a
 * member whose role cannot be assumed (refused by a front, as STS refuses an untrusted caller).
 */
import { CreateRepositoryCommand, ECRClient, SetRepositoryPolicyCommand } from '@aws-sdk/client-ecr';
import {
  CloseAccountCommand,
  CreateAccountCommand,
  CreateOrganizationCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { resetMoto } from '../../emulator/moto';
import type { JsonAccountsReport } from '../../lib/cli/report-accounts';
import { credentialsIn, emulatorRegions, PUBLIC_POLICY, TEST_KEYS } from './support/accounts';
import { DenyingFront, runCli } from './support/cli';
import { RoleDenyingFront } from './support/role-front';

/** The account of the emulator's test keys: the organization's management account here. */
const MANAGEMENT = '123456789012';

let front: RoleDenyingFront;
let enabled: string[] = [];
/** Members with a role to assume, sorted; the second has a public repository. */
let members: string[] = [];
let locked = '';
let closed = '';

/** An ECR client in `account`: the test keys themselves for the management account, else a role assumed there. */
async function ecrIn(endpoint: string, account: string, region: string): Promise<ECRClient> {
  const credentials = account === MANAGEMENT ? TEST_KEYS : await credentialsIn(endpoint, account, region);
  return new ECRClient({ region, endpoint, credentials });
}

beforeAll(async () => {
  const moto = inject('motoEndpoint');
  await resetMoto(moto);
  // Prepare: an organization of the management account and five member accounts.
  const organizations = new OrganizationsClient({
    region: 'us-east-1',
    endpoint: moto,
    credentials: TEST_KEYS,
  });
  await organizations.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const created: string[] = [];
  for (const n of [1, 2, 3, 4, 5]) {
    const { CreateAccountStatus } = await organizations.send(
      new CreateAccountCommand({ AccountName: `member-${n}`, Email: `member-${n}@example.com` }),
    );
    created.push(CreateAccountStatus?.AccountId ?? '');
  }
  const sorted = [...created].sort();
  closed = sorted[4] ?? '';
  locked = sorted[3] ?? '';
  members = sorted.slice(0, 3);
  await organizations.send(new CloseAccountCommand({ AccountId: closed }));
  organizations.destroy();
  // One repository per scannable account, public in the second member, in a Region other than the home one.
  for (const account of [MANAGEMENT, ...members]) {
    const ecr = await ecrIn(moto, account, 'eu-central-1');
    const name = `repo-${account}`;
    await ecr.send(new CreateRepositoryCommand({ repositoryName: name }));
    if (account === members[1])
      await ecr.send(new SetRepositoryPolicyCommand({ repositoryName: name, policyText: PUBLIC_POLICY }));
    ecr.destroy();
  }
  enabled = await emulatorRegions(moto);
  // The management account has no member role (a StackSet does not deploy there): refuse it too,
  // so that reaching it through the role would fail this test.
  front = new RoleDenyingFront(moto, new Set([locked, MANAGEMENT]));
  await front.start();
});

afterAll(async () => {
  await front?.stop();
});

describe('ppguard scan --organization', () => {
  it("scans every ACTIVE account of the organization, the caller's own with its own credentials, and reports the member whose role cannot be assumed", async () => {
    // Act
    const run = await runCli(
      [
        'scan',
        '--organization',
        '--assume-role',
        'ppguard-member',
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
    expect(report.accounts.map((a) => a.account)).toEqual([MANAGEMENT, ...members].sort());
    for (const scanned of report.accounts) {
      expect(scanned.regions).toEqual(enabled);
      expect(scanned.errors).toEqual([]);
      expect(scanned.evaluations.map((e) => [e.resourceId, e.region, e.compliance])).toEqual([
        [
          `repo-${scanned.account}`,
          'eu-central-1',
          scanned.account === members[1] ? 'NON_COMPLIANT' : 'COMPLIANT',
        ],
      ]);
    }
    expect(report.errors).toEqual([
      {
        account: locked,
        operation: 'AssumeRole',
        permission: 'sts:AssumeRole',
        code: 'AccessDenied',
        message: `assuming the role: User: arn:aws:sts::123456789012:assumed-role/ci-scanner/session is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${locked}:role/ppguard-member`,
      },
    ]);
    // Only the locked member's role was tried and refused: the caller's account was not reached through a role.
    expect(front.refused).toEqual([`arn:aws:iam::${locked}:role/ppguard-member`]);
    expect(run.stderr).toBe(
      [
        `ppguard: account ${closed} not scanned: it is SUSPENDED, not ACTIVE`,
        `ppguard: account ${locked} not scanned: AccessDenied: assuming the role: User: arn:aws:sts::123456789012:assumed-role/ci-scanner/session is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${locked}:role/ppguard-member`,
        '',
      ].join('\n'),
    );
  });

  it('fails naming the missing permission when the caller cannot list the organization', async () => {
    // Prepare
    const denying = new DenyingFront(inject('motoEndpoint'), new Set(['organizations.ListAccounts']));
    await denying.start();

    // Act
    const run = await runCli(
      [
        'scan',
        '--organization',
        '--assume-role',
        'ppguard-member',
        '--region',
        'eu-west-1',
        '--format',
        'json',
      ],
      denying.endpoint,
    );
    await denying.stop();

    // Assess
    expect([run.code, run.stdout, run.stderr]).toEqual([
      2,
      '',
      "ppguard: cannot list the organization's accounts: ListAccounts: AccessDeniedException (missing permission organizations:ListAccounts): User: arn:aws:sts::123456789012:assumed-role/ci-scanner/session is not authorized to perform: organizations:ListAccounts because no identity-based policy allows the organizations:ListAccounts action\n",
    ]);
  });
});
