/**
 * `ppguard doctor --organization`, run in the delegated administrator account: per Region, each
 * chosen rule exists as an organization Config rule `<prefix>-<rule id>`, AWS Config deployed its
 * copy in every member account (GetOrganizationConfigRuleDetailedStatus), and, with
 * --member-role, that role can be assumed in each of those accounts. What failed is named with the
 * account and what to fix there. The reads are injected (the emulator has none of these Config
 * APIs); the decisions are pure.
 */
import {
  type ConfigServiceClient,
  DescribeOrganizationConfigRulesCommand,
  type DescribeOrganizationConfigRulesCommandOutput,
  GetOrganizationConfigRuleDetailedStatusCommand,
  type GetOrganizationConfigRuleDetailedStatusCommandOutput,
  type MemberAccountStatus,
  type OrganizationConfigRule,
} from '@aws-sdk/client-config-service';
import { collectPages } from '../aws/paginate';
import type { AnyRule } from '../engine/rule';
import { formatReportError, type ReportError } from './aws-errors';
import { type Check, type Read, read } from './doctor';
import { EXIT, type ExitCode } from './io';

export interface OrganizationRegionFacts {
  region: string;
  /** The organization rules this account deployed (DescribeOrganizationConfigRules). */
  rules: Read<OrganizationConfigRule[]>;
  /** Per deployed ppguard organization rule, its status in each member account. */
  members: Map<string, Read<MemberAccountStatus[]>>;
}

export interface OrganizationFacts {
  regions: OrganizationRegionFacts[];
  /** Per member account, whether the member role could be assumed (with --member-role). */
  memberRoles?: Map<string, Read<true>>;
  memberRoleName?: string;
}

export interface OrganizationClients {
  config(region: string): { send: ConfigServiceClient['send'] };
  /** Assumes the role in the account; rejects when it cannot. */
  assumeRole?(accountId: string, roleName: string): Promise<void>;
}

export interface OrganizationRequest {
  regions: readonly string[];
  rules: readonly AnyRule[];
  prefix: string;
  memberRoleName?: string;
}

export async function gatherOrganizationFacts(
  request: OrganizationRequest,
  clients: OrganizationClients,
): Promise<OrganizationFacts> {
  const names = new Set(request.rules.map((rule) => `${request.prefix}-${rule.id}`));
  const regions = await Promise.all(
    request.regions.map(async (region): Promise<OrganizationRegionFacts> => {
      const client = clients.config(region);
      const rules = await read(region, 'config', 'DescribeOrganizationConfigRules', () =>
        collectPages<DescribeOrganizationConfigRulesCommandOutput, OrganizationConfigRule>(
          'config.DescribeOrganizationConfigRules',
          (NextToken) => client.send(new DescribeOrganizationConfigRulesCommand({ NextToken })),
          (page) => page.NextToken,
          (page) => page.OrganizationConfigRules,
        ),
      );
      const members = new Map<string, Read<MemberAccountStatus[]>>();
      if (rules.ok) {
        for (const rule of rules.value) {
          const name = rule.OrganizationConfigRuleName ?? '';
          if (!names.has(name)) continue;
          members.set(
            name,
            await read(region, 'config', 'GetOrganizationConfigRuleDetailedStatus', () =>
              collectPages<GetOrganizationConfigRuleDetailedStatusCommandOutput, MemberAccountStatus>(
                'config.GetOrganizationConfigRuleDetailedStatus',
                (NextToken) =>
                  client.send(
                    new GetOrganizationConfigRuleDetailedStatusCommand({
                      OrganizationConfigRuleName: name,
                      NextToken,
                    }),
                  ),
                (page) => page.NextToken,
                (page) => page.OrganizationConfigRuleDetailedStatus,
              ),
            ),
          );
        }
      }
      return { region, rules, members };
    }),
  );
  const facts: OrganizationFacts = { regions };
  const { memberRoleName } = request;
  if (memberRoleName === undefined || !clients.assumeRole) return facts;
  const accounts = new Set<string>();
  for (const region of regions)
    for (const statuses of region.members.values())
      if (statuses.ok) for (const s of statuses.value) if (s.AccountId) accounts.add(s.AccountId);
  const memberRoles = new Map<string, Read<true>>();
  for (const account of [...accounts].sort()) {
    memberRoles.set(
      account,
      await read(request.regions[0] ?? '', 'sts', 'AssumeRole', async () => {
        await clients.assumeRole?.(account, memberRoleName);
        return true as const;
      }),
    );
  }
  return { ...facts, memberRoles, memberRoleName };
}

const unchecked = (scope: string, error: ReportError): Check => ({
  scope,
  status: 'unchecked',
  message: `could not check: ${formatReportError(error)}`,
});

const SUCCEEDED = new Set(['CREATE_SUCCESSFUL', 'UPDATE_SUCCESSFUL']);
const IN_PROGRESS = new Set(['CREATE_IN_PROGRESS', 'UPDATE_IN_PROGRESS']);

function memberChecks(scope: string, name: string, statuses: MemberAccountStatus[]): Check[] {
  const checks: Check[] = [];
  const deployed = statuses.filter((s) => SUCCEEDED.has(s.MemberAccountRuleStatus ?? ''));
  if (statuses.length === 0) {
    checks.push({
      scope,
      status: 'fix',
      message: `${name} is deployed in no member account`,
      fix: 'check that the organization has member accounts and that this is the delegated administrator for AWS Config (config-multiaccountsetup.amazonaws.com)',
    });
  }
  for (const s of statuses) {
    const state = s.MemberAccountRuleStatus ?? 'UNKNOWN';
    if (SUCCEEDED.has(state)) continue;
    const account = s.AccountId ?? '?';
    if (IN_PROGRESS.has(state)) {
      checks.push({ scope, status: 'warn', message: `${name} in account ${account}: ${state}` });
      continue;
    }
    const why = [s.ErrorCode, s.ErrorMessage].filter((p) => p).join(': ');
    checks.push({
      scope,
      status: 'fix',
      message: `${name} in account ${account}: ${state}${why ? ` (${why})` : ''}`,
      fix: `in account ${account}: turn AWS Config recording on in ${scope} (a configuration recorder must exist and record), then redeploy the organization rules`,
    });
  }
  if (deployed.length > 0)
    checks.unshift({
      scope,
      status: 'ok',
      message: `${name} is deployed in ${deployed.length} member account${deployed.length === 1 ? '' : 's'}`,
    });
  return checks;
}

export function diagnoseOrganization(
  facts: OrganizationFacts,
  options: { rules: readonly AnyRule[]; prefix: string },
): Check[] {
  const checks: Check[] = [];
  for (const region of facts.regions) {
    const scope = region.region;
    if (!region.rules.ok) {
      checks.push(unchecked(scope, region.rules.error));
      continue;
    }
    const present = new Set(region.rules.value.map((r) => r.OrganizationConfigRuleName));
    for (const rule of options.rules) {
      const name = `${options.prefix}-${rule.id}`;
      if (!present.has(name)) {
        checks.push({
          scope,
          status: 'fix',
          message: `organization rule ${name} is not deployed`,
          fix: `from the delegated administrator account: npx osls deploy --region ${scope} --param="organizationMode=true" --param="organizationId=o-..."`,
        });
        continue;
      }
      const statuses = region.members.get(name);
      if (!statuses) continue;
      if (!statuses.ok) checks.push(unchecked(scope, statuses.error));
      else checks.push(...memberChecks(scope, name, statuses.value));
    }
  }
  for (const [account, assumed] of facts.memberRoles ?? []) {
    const scope = `account ${account}`;
    if (assumed.ok) {
      checks.push({ scope, status: 'ok', message: `member role ${facts.memberRoleName} can be assumed` });
      continue;
    }
    checks.push({
      scope,
      status: 'fix',
      message: `member role ${facts.memberRoleName} cannot be assumed: ${assumed.error.code}: ${assumed.error.message}`,
      fix: `roll deploy/member-role.yml out to account ${account} (service-managed StackSet) with EvaluatorRoleArn and OrganizationId; run doctor with the evaluator role's credentials (the member role trusts only it)`,
    });
  }
  return checks;
}

/** Exit code of a list of checks: 2 when something could not be checked, 1 when something to fix. */
export function exitCodeOf(checks: readonly Check[]): ExitCode {
  if (checks.some((c) => c.status === 'unchecked')) return EXIT.error;
  return checks.some((c) => c.status === 'fix') ? EXIT.findings : EXIT.ok;
}
