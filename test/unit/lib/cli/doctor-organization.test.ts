/**
 * doctor --organization from realistic Config responses (API reference shapes): the emulator has
 * no organization Config rule APIs (DescribeOrganizationConfigRules,
 * GetOrganizationConfigRuleDetailedStatus), so the reads go to a stub client here.
 */
import type { MemberAccountStatus, OrganizationConfigRule } from '@aws-sdk/client-config-service';
import { describe, expect, it } from 'vitest';
import {
  diagnoseOrganization,
  exitCodeOf,
  gatherOrganizationFacts,
  type OrganizationClients,
} from '../../../../lib/cli/doctor-organization';
import { RULES } from '../../../../rules/index';

const rules = RULES.filter((r) => r.id === 'ecr-repository-not-public' || r.id === 'vpc-required-endpoints');
const REGION = 'eu-west-1';

const orgRule = (name: string): OrganizationConfigRule => ({
  OrganizationConfigRuleName: name,
  OrganizationConfigRuleArn: `arn:aws:config:${REGION}:123456789012:organization-config-rule/${name}-abcdefgh`,
});
const member = (
  account: string,
  status: string,
  extra: Partial<MemberAccountStatus> = {},
): MemberAccountStatus => ({
  AccountId: account,
  ConfigRuleName: 'ppguard-ecr-repository-not-public',
  MemberAccountRuleStatus: status as MemberAccountStatus['MemberAccountRuleStatus'],
  LastUpdateTime: new Date('2026-12-01T10:00:00Z'),
  ...extra,
});
const denied = (action: string) =>
  Object.assign(
    new Error(`User: arn:aws:sts::123456789012:assumed-role/admin/s is not authorized to perform: ${action}`),
    {
      name: 'AccessDeniedException',
    },
  );

function clients(
  answers: {
    rules?: OrganizationConfigRule[] | Error;
    members?: Record<string, MemberAccountStatus[]>;
    lockedAccounts?: string[];
  },
  seen: string[] = [],
): OrganizationClients {
  return {
    config: () => ({
      send: (async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
        seen.push(command.constructor.name);
        if (command.constructor.name === 'DescribeOrganizationConfigRulesCommand') {
          if (answers.rules instanceof Error) throw answers.rules;
          return { OrganizationConfigRules: answers.rules ?? [] };
        }
        if (command.constructor.name === 'GetOrganizationConfigRuleDetailedStatusCommand') {
          const name = String(command.input.OrganizationConfigRuleName);
          return { OrganizationConfigRuleDetailedStatus: answers.members?.[name] ?? [] };
        }
        throw new Error(`unexpected ${command.constructor.name}`);
      }) as never,
    }),
    assumeRole: async (account, role) => {
      seen.push(`AssumeRole ${account} ${role}`);
      if (answers.lockedAccounts?.includes(account)) throw denied('sts:AssumeRole');
    },
  };
}

const request = { regions: [REGION], rules, prefix: 'ppguard', memberRoleName: 'ppguard-member' };

describe('doctor --organization', () => {
  it('is healthy when every rule is deployed in every member account and the member role can be assumed there', async () => {
    // Prepare
    const seen: string[] = [];
    const deps = clients(
      {
        rules: [orgRule('ppguard-ecr-repository-not-public'), orgRule('ppguard-vpc-required-endpoints')],
        members: {
          'ppguard-ecr-repository-not-public': [
            member('111111111111', 'CREATE_SUCCESSFUL'),
            member('222222222222', 'UPDATE_SUCCESSFUL'),
          ],
          'ppguard-vpc-required-endpoints': [
            member('111111111111', 'CREATE_SUCCESSFUL'),
            member('222222222222', 'CREATE_SUCCESSFUL'),
          ],
        },
      },
      seen,
    );

    // Act
    const checks = diagnoseOrganization(await gatherOrganizationFacts(request, deps), request);

    // Assess
    expect(checks.map((c) => [c.scope, c.status, c.message])).toEqual([
      [REGION, 'ok', 'ppguard-ecr-repository-not-public is deployed in 2 member accounts'],
      [REGION, 'ok', 'ppguard-vpc-required-endpoints is deployed in 2 member accounts'],
      ['account 111111111111', 'ok', 'member role ppguard-member can be assumed'],
      ['account 222222222222', 'ok', 'member role ppguard-member can be assumed'],
    ]);
    expect(exitCodeOf(checks)).toBe(0);
    expect(seen.filter((s) => s.startsWith('AssumeRole'))).toEqual([
      'AssumeRole 111111111111 ppguard-member',
      'AssumeRole 222222222222 ppguard-member',
    ]);
  });

  it('names a missing rule, a member account where deployment failed and one whose member role cannot be assumed, with what to fix there', async () => {
    // Prepare
    const deps = clients({
      rules: [orgRule('ppguard-ecr-repository-not-public')],
      members: {
        'ppguard-ecr-repository-not-public': [
          member('111111111111', 'CREATE_SUCCESSFUL'),
          member('333333333333', 'CREATE_FAILED', {
            ErrorCode: 'NoAvailableConfigurationRecorderException',
            ErrorMessage: 'Configuration recorder is not available to put config rule.',
          }),
          member('444444444444', 'CREATE_IN_PROGRESS'),
        ],
      },
      lockedAccounts: ['444444444444'],
    });

    // Act
    const checks = diagnoseOrganization(await gatherOrganizationFacts(request, deps), request);

    // Assess
    expect(checks).toEqual([
      {
        scope: REGION,
        status: 'ok',
        message: 'ppguard-ecr-repository-not-public is deployed in 1 member account',
      },
      {
        scope: REGION,
        status: 'fix',
        message:
          'ppguard-ecr-repository-not-public in account 333333333333: CREATE_FAILED (NoAvailableConfigurationRecorderException: Configuration recorder is not available to put config rule.)',
        fix: 'in account 333333333333: turn AWS Config recording on in eu-west-1 (a configuration recorder must exist and record), then redeploy the organization rules',
      },
      {
        scope: REGION,
        status: 'warn',
        message: 'ppguard-ecr-repository-not-public in account 444444444444: CREATE_IN_PROGRESS',
      },
      {
        scope: REGION,
        status: 'fix',
        message: 'organization rule ppguard-vpc-required-endpoints is not deployed',
        fix: 'from the delegated administrator account: npx osls deploy --region eu-west-1 --param="organizationMode=true" --param="organizationId=o-..."',
      },
      { scope: 'account 111111111111', status: 'ok', message: 'member role ppguard-member can be assumed' },
      { scope: 'account 333333333333', status: 'ok', message: 'member role ppguard-member can be assumed' },
      {
        scope: 'account 444444444444',
        status: 'fix',
        message:
          'member role ppguard-member cannot be assumed: AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/admin/s is not authorized to perform: sts:AssumeRole',
        fix: "roll deploy/member-role.yml out to account 444444444444 (service-managed StackSet) with EvaluatorRoleArn and OrganizationId; run doctor with the evaluator role's credentials (the member role trusts only it)",
      },
    ]);
    expect(exitCodeOf(checks)).toBe(1);
  });

  it('reports the organization rules as unchecked when they cannot be read, never as healthy', async () => {
    // Prepare
    const deps = clients({ rules: denied('config:DescribeOrganizationConfigRules') });

    // Act
    const checks = diagnoseOrganization(await gatherOrganizationFacts(request, deps), request);

    // Assess
    expect(checks).toEqual([
      {
        scope: REGION,
        status: 'unchecked',
        message:
          'could not check: eu-west-1 config DescribeOrganizationConfigRules: AccessDeniedException (missing permission config:DescribeOrganizationConfigRules): User: arn:aws:sts::123456789012:assumed-role/admin/s is not authorized to perform: config:DescribeOrganizationConfigRules',
      },
    ]);
    expect(exitCodeOf(checks)).toBe(2);
  });
});
