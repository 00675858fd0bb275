/**
 * codecommit-repository-private-access
 *
 * A CodeBuild project in a VPC clones its CodeCommit sources over HTTPS from
 * `git-codecommit.<region>.amazonaws.com` (or the FIPS host `git-codecommit-fips...`). Without a
 * usable git-codecommit interface endpoint in that VPC the name resolves to the public endpoint:
 * the clone leaves the private network through a NAT, or fails in a closed network. AWS Config
 * does not record CodeCommit repositories, so this rule is periodic: the sweep lists repositories
 * through the CodeCommit API and reports them under their names (docs/aws-data.md §2).
 *
 * A project uses the repository when its primary or any secondary source location is
 * `https://git-codecommit[-fips].<region>.amazonaws.com[.cn]/v1/repos/<name>` for the
 * repository's Region and exact name (host case-insensitive; credentials in the URL, a trailing
 * slash and the source type are ignored). It is in a VPC when its vpcConfig has a VPC id and at
 * least one subnet. Usable endpoint: state available, interface type, private DNS enabled, the
 * VPC's DNS attributes not known off, its DHCP options sending DNS to AmazonProvidedDNS only, and
 * HTTPS open both ways between the projects' subnets and groups and the endpoint (lib/network/resolve.ts
 * endpointUsability; projects with the same security groups are checked together); only endpoints
 * for the VPC's own Region count.
 *
 * Decisions where docs/rule-semantics.md is silent:
 *  - FIPS: an endpoint serves the host its private DNS name covers (the one semantics of
 *    lib/network/services.ts, shared with codebuild-project-vpc-endpoints and vpc-required-endpoints).
 *    A git-codecommit-fips endpoint serves projects that clone from the FIPS host; it does not make
 *    `git-codecommit.<region>...` resolve privately, so a project cloning from the plain host needs
 *    the plain endpoint (and vice versa). The annotation says so when only the other variant exists.
 *  - Regions: the sweep sees the repositories and projects of one Region, so a project cloning a
 *    repository of another Region is not seen here; codebuild-project-source-private (Region not
 *    allowed) and codebuild-project-vpc-endpoints (endpoint for that Region's host) report it.
 *  - A project whose VPC does not exist (deleted, or a wrong id) is NON_COMPLIANT: the path of its
 *    clones cannot be verified.
 *  - Projects outside any VPC are codebuild-project-in-vpc's concern: a repository used only by them
 *    is COMPLIANT, saying it is used by no project in a VPC.
 *  - The annotation groups projects by VPC, as many VPCs as fit in 256 characters, then "and N more".
 *  - The projects and the network facts come from the pipeline (needs: codeBuildProjects, network).
 *
 * Scenarios:
 *  - Given a repository cloned by a VPC project whose VPC has a usable git-codecommit endpoint, then COMPLIANT naming the project and VPC.
 *  - Given a repository no CodeBuild project uses, then COMPLIANT "used by no CodeBuild project in a VPC".
 *  - Given a repository used only by a project outside any VPC, then COMPLIANT saying so and naming the project.
 *  - Given a project with a VPC id but no subnets, then it does not count as in a VPC.
 *  - Given the project's VPC has no git-codecommit endpoint, then NON_COMPLIANT naming the project and the VPC.
 *  - Given the endpoint has private DNS disabled, then NON_COMPLIANT naming the endpoint and the reason.
 *  - Given the only endpoint is pending, then NON_COMPLIANT saying so.
 *  - Given the VPC has enableDnsHostnames off, then NON_COMPLIANT naming the attribute.
 *  - Given an unusable and a usable endpoint, then COMPLIANT.
 *  - Given a project cloning from the FIPS host and a usable git-codecommit-fips endpoint, then COMPLIANT.
 *  - Given a project cloning from the plain host and only a git-codecommit-fips endpoint, then NON_COMPLIANT saying the FIPS endpoint serves only the FIPS host.
 *  - Given a project cloning from the FIPS host and only the plain git-codecommit endpoint, then NON_COMPLIANT saying the plain endpoint serves only the plain host.
 *  - Given an endpoint for another Region's git-codecommit, then it does not count.
 *  - Given the repository as a secondary source, then the project uses it.
 *  - Given projects cloning another repository (longer name, other Region, other service), then they do not use it.
 *  - Given a location with credentials, a trailing slash and an upper-case host, then it matches.
 *  - Given projects in two VPCs and only one lacking the endpoint, then NON_COMPLIANT naming only that VPC and its project.
 *  - Given two projects in one VPC lacking the endpoint, then one clause names both projects.
 *  - Given a project whose VPC does not exist, then NON_COMPLIANT naming the VPC.
 *  - Given very many VPCs lacking the endpoint, then the annotation stays within 256 characters.
 *  - Given projects in VPCs using the repository, then networkOf names each of their VPCs once.
 */
import { cutName, cutToLimit, fitList } from '../lib/engine/annotation';
import { compliant, defineRule, nonCompliant, type RuleContext } from '../lib/engine/rule';
import type { VpcNetwork } from '../lib/network/model';
import { endpointsForService, endpointUsability } from '../lib/network/resolve';
import { codeCommitGitHost, counterpartOf, httpsUrlOf, otherVariantNote } from '../lib/network/services';
import type { CodeBuildProject, CodeCommitRepository } from '../lib/resources/model';

const PATH = /^\/v1\/repos\/([^/]+)\/?$/;

type Variant = 'git-codecommit' | 'git-codecommit-fips';

/** The repository a CodeCommit clone URL names, or undefined for any other location. */
function clonedRepository(
  location: string | undefined,
): { region: string; name: string; variant: Variant } | undefined {
  const url = httpsUrlOf(location);
  if (url === undefined) return undefined;
  const host = codeCommitGitHost(url.hostname.toLowerCase());
  const path = PATH.exec(url.pathname);
  const region = host?.region;
  const encoded = path?.[1];
  if (region === undefined || encoded === undefined) return undefined;
  let name: string;
  try {
    name = decodeURIComponent(encoded);
  } catch {
    return undefined;
  }
  return { region, name, variant: host?.fips ? 'git-codecommit-fips' : 'git-codecommit' };
}

interface Use {
  project: CodeBuildProject;
  /** Set when the project runs in a VPC (VPC id and at least one subnet). */
  vpcId?: string;
  subnetIds: string[];
  variants: Set<Variant>;
}

/** The projects whose primary or secondary sources clone the repository. */
function usesOf(repository: CodeCommitRepository, projects: readonly CodeBuildProject[]): Use[] {
  const uses: Use[] = [];
  for (const project of projects) {
    const variants = new Set<Variant>();
    for (const source of project.sources) {
      const cloned = clonedRepository(source.location);
      if (cloned && cloned.region === repository.region && cloned.name === repository.name) {
        variants.add(cloned.variant);
      }
    }
    if (variants.size === 0) continue;
    const vpcId = project.vpcConfig?.vpcId;
    const subnetIds = [...new Set(project.vpcConfig?.subnetIds ?? [])];
    uses.push({ project, subnetIds, variants, ...(vpcId && subnetIds.length > 0 ? { vpcId } : {}) });
  }
  return uses;
}

/** Why no endpoint of `variant` in the VPC serves the builds, or undefined when one does. */
function endpointProblem(
  vpc: VpcNetwork,
  variant: Variant,
  subnetIds: readonly string[],
  securityGroupIds: readonly string[],
): string | undefined {
  const exact = endpointsForService(vpc, variant);
  if (exact.length === 0) {
    const other = endpointsForService(vpc, counterpartOf(variant))[0];
    return other === undefined
      ? `no ${variant} endpoint`
      : `no ${variant} endpoint (${otherVariantNote(other.endpointId, variant)})`;
  }
  const reasons: string[] = [];
  for (const endpoint of exact) {
    const usability = endpointUsability(vpc, endpoint, subnetIds, { securityGroupIds });
    if (usability.usable) return undefined;
    reasons.push(`${endpoint.endpointId} ${usability.reason}`);
  }
  return `${variant} ${reasons.join(', ')}`;
}

const label = (uses: readonly Use[]): string => uses.map((use) => use.project.name).join(', ');

function evaluateRepository(
  repository: CodeCommitRepository,
  context: RuleContext<'codeBuildProjects' | 'network'>,
) {
  const uses = usesOf(repository, context.codeBuildProjects);
  const name = cutName(repository.name, 100);
  const inVpc = uses.filter((use) => use.vpcId !== undefined);
  if (inVpc.length === 0) {
    const outside = uses.length === 0 ? '' : ` (used outside any VPC by ${label(uses)})`;
    return compliant(cutToLimit(`repository ${name} is used by no CodeBuild project in a VPC${outside}`));
  }
  const byVpc = new Map<string, Use[]>();
  for (const use of inVpc) byVpc.set(use.vpcId ?? '', [...(byVpc.get(use.vpcId ?? '') ?? []), use]);
  const problems: string[] = [];
  const served: string[] = [];
  for (const [vpcId, vpcUses] of byVpc) {
    const vpc = context.network.vpc(vpcId);
    if (!vpc.exists) {
      problems.push(`${vpcId} (${label(vpcUses)}) does not exist`);
      continue;
    }
    const variants = [...new Set(vpcUses.flatMap((use) => [...use.variants]))].sort();
    // Projects with the same security groups are checked together (their subnets merged): the
    // endpoint's inbound rules and the builds' outbound rules depend on the groups.
    const byGroups = new Map<string, Use[]>();
    for (const use of vpcUses) {
      const key = [...new Set(use.project.vpcConfig?.securityGroupIds ?? [])].sort().join(',');
      byGroups.set(key, [...(byGroups.get(key) ?? []), use]);
    }
    const found = [
      ...new Set(
        [...byGroups].flatMap(([key, groupUses]) => {
          const subnetIds = [...new Set(groupUses.flatMap((use) => use.subnetIds))];
          const securityGroupIds = key === '' ? [] : key.split(',');
          return variants.flatMap(
            (variant) => endpointProblem(vpc, variant, subnetIds, securityGroupIds) ?? [],
          );
        }),
      ),
    ];
    if (found.length > 0) problems.push(`${vpcId} (${label(vpcUses)}): ${found.join('; ')}`);
    else served.push(`${label(vpcUses)} (${vpcId})`);
  }
  if (problems.length > 0) {
    return nonCompliant(
      fitList(`repository ${name} is cloned from VPCs without a usable git-codecommit endpoint: `, problems),
    );
  }
  return compliant(fitList(`repository ${name} is cloned privately by `, served));
}

export default defineRule({
  id: 'codecommit-repository-private-access',
  title: 'CodeCommit repositories are cloned through a git-codecommit VPC endpoint',
  severity: 'high',
  resourceTypes: ['AWS::CodeCommit::Repository'],
  rationale:
    'A build in a VPC without a usable git-codecommit endpoint resolves CodeCommit to its public endpoint: the ' +
    'clone of the source leaves the private network through a NAT, or fails in a closed network.',
  remediation:
    'Create an interface endpoint for com.amazonaws.<region>.git-codecommit (or git-codecommit-fips for projects ' +
    'cloning from the FIPS host) in each VPC whose projects clone the repository, with private DNS enabled: aws ec2 ' +
    'create-vpc-endpoint --vpc-endpoint-type Interface --private-dns-enabled --service-name ' +
    'com.amazonaws.<region>.git-codecommit --vpc-id <vpc> --subnet-ids ... --security-group-ids ...',
  parameters: {},
  needs: ['codeBuildProjects', 'network'],
  networkOf(repository, inputs) {
    const uses = usesOf(repository, inputs.codeBuildProjects);
    return [...new Set(uses.flatMap((use) => (use.vpcId === undefined ? [] : [use.vpcId])))];
  },
  evaluate: evaluateRepository,
});
