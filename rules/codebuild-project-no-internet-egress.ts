/**
 * codebuild-project-no-internet-egress
 *
 * A build in a VPC is only private when none of its subnets can route out of the VPC. Each
 * subnet resolves to its explicitly associated route table, else the VPC's main table; every
 * active route of that table to an internet gateway, NAT gateway, egress-only internet gateway,
 * NAT instance / network interface or carrier gateway reaches the internet. Routes that leave the
 * VPC to a network this rule cannot see (transit gateway, peering, virtual private gateway,
 * Gateway Load Balancer / firewall endpoint, local gateway, core network) count too unless the
 * owner lists their target in `allowedEgressTargets`. `local` routes and gateway-endpoint routes
 * (S3/DynamoDB prefix list -> vpce-) stay inside AWS; blackhole routes carry nothing.
 *
 * Decisions (docs/rule-semantics.md is silent):
 *  - IPv4 and IPv6, default (0.0.0.0/0, ::/0) and narrower destinations all count: a route to
 *    52.94.0.0/16 through a NAT gateway reaches the internet just the same.
 *  - `allowedEgressTargets` can only allow targets that leave to an unknown place (tgw-, pcx-,
 *    vgw-, vpce-, lgw- ids or prefixes, core network ARNs). An internet target (igw-, nat-, ...) is
 *    an invalid parameter: the rule exists to find those, and silently ignoring the item would
 *    leave the owner believing it allowed something.
 *  - A VPC that does not exist, a subnet not in the project's VPC, or a subnet without any route
 *    table (no association and no main table) is NON_COMPLIANT: its path cannot be verified.
 *  - A `vpce-` route is a gateway-endpoint route only if its destination is a prefix list and the
 *    endpoint is a Gateway endpoint of the VPC; anything else is treated as a Gateway Load
 *    Balancer endpoint (unknown destination).
 *  - Findings are grouped per route table (subnets sharing a table are named together); the
 *    annotation lists as many as fit, then "and N more", and ends with what makes the project
 *    pass when everything fits. The engine starts it with `project <name>: ` (lib/engine/run.ts),
 *    so the rule's text keeps within projectTextRoom(name).
 *
 * Scenarios:
 *  - Given the reference private VPC (local and S3 gateway-endpoint routes only), then COMPLIANT
 *    naming the subnets checked.
 *  - Given a subnet whose table routes 0.0.0.0/0 to a NAT gateway, then NON_COMPLIANT naming subnet,
 *    destination, target and table.
 *  - Given a subnet with no explicit association whose main table routes 0.0.0.0/0 to an internet
 *    gateway, then NON_COMPLIANT saying it is the main table.
 *  - Given a subnet explicitly associated with a private table while the main table routes to an
 *    internet gateway, then COMPLIANT (the explicit association wins).
 *  - Given an IPv6 ::/0 route to an egress-only internet gateway, then NON_COMPLIANT.
 *  - Given a non-default route to a NAT instance (instance with its network interface), then
 *    NON_COMPLIANT naming the instance.
 *  - Given a route to a bare network interface or a carrier gateway, then NON_COMPLIANT.
 *  - Given a route to a transit gateway, peering connection, virtual private gateway, Gateway Load
 *    Balancer endpoint, local gateway or core network not in allowedEgressTargets, then
 *    NON_COMPLIANT saying the target is not in allowedEgressTargets.
 *  - Given a transit gateway route whose target matches an allowedEgressTargets prefix (tgw-), then
 *    COMPLIANT naming the allowed route.
 *  - Given a peering route whose target id is listed exactly in allowedEgressTargets, then COMPLIANT.
 *  - Given an internet route and an allowed transit gateway route, then NON_COMPLIANT naming only the
 *    internet route.
 *  - Given allowedEgressTargets listing an internet target (igw-, nat-...), then parameter parsing
 *    fails naming allowedEgressTargets.
 *  - Given a blackhole route to a NAT gateway, then COMPLIANT.
 *  - Given a vpce- route to a non-prefix-list destination, then NON_COMPLIANT (not a gateway endpoint).
 *  - Given two subnets sharing a table with egress, then one finding names both subnets.
 *  - Given subnets on two tables with internet and unknown egress, then one compact annotation with
 *    both findings.
 *  - Given very many egress findings, then the annotation stays within 256 characters with "and N more".
 *  - Given a VPC that does not exist, then NON_COMPLIANT naming it.
 *  - Given a subnet not found in the VPC, then NON_COMPLIANT naming it (cannot verify).
 *  - Given a subnet without explicit association in a VPC with no main table, then NON_COMPLIANT
 *    saying it has no route table.
 *  - Given a project without vpcConfig, VPC id or subnets, then NOT_APPLICABLE.
 */
import { andMore, cutToLimit, projectTextRoom } from '../lib/engine/annotation';
import { compliant, defineRule, nonCompliant, notApplicable } from '../lib/engine/rule';
import type { RouteTable, VpcNetwork } from '../lib/network/model';
import { type EgressRoute, egressRoutes, routeTableForSubnet, tableLabel } from '../lib/network/resolve';

/** Targets that leave the VPC to an unknown place, by id or id prefix; or a core network ARN. */
const ALLOWABLE_TARGET =
  /^(?:(?:tgw|pcx|vgw|vpce|lgw)-[a-z0-9]*|arn:aws[a-z-]*:networkmanager::\d{12}:core-network\/[\w-]*)$/i;

interface TableFinding {
  table: RouteTable;
  subnets: string[];
  egress: EgressRoute[];
}

export default defineRule({
  id: 'codebuild-project-no-internet-egress',
  title: 'CodeBuild project subnets have no route out of the VPC',
  severity: 'critical',
  resourceTypes: ['AWS::CodeBuild::Project'],
  rationale:
    'A build whose subnet routes to an internet gateway, NAT or similar target can download code and ' +
    'images from, and send data to, the internet: the pipeline is not private whatever its endpoints.',
  remediation:
    'Remove the route (aws ec2 delete-route --route-table-id <rtb> --destination-cidr-block <cidr>) or move ' +
    'the project to private subnets whose route tables only hold local and gateway-endpoint routes; reach ' +
    'AWS services through VPC endpoints. For a vetted transit gateway or firewall path, list its target ' +
    'in the allowedEgressTargets parameter.',
  parameters: {
    allowedEgressTargets: {
      type: 'list',
      default: [],
      itemPattern: ALLOWABLE_TARGET,
      expected:
        'ids or id prefixes of transit gateways (tgw-), peering connections (pcx-), virtual private gateways ' +
        '(vgw-), Gateway Load Balancer endpoints (vpce-), local gateways (lgw-) or core network ARNs; ' +
        'internet targets cannot be allowed',
      description:
        'Route targets that leave the VPC to a vetted network (e.g. an inspected transit gateway): ids or ' +
        'prefixes such as tgw-. Internet targets (igw-, nat-, eigw-, instances, ENIs) cannot be allowed.',
    },
  },
  triggeredBy: ['AWS::EC2::RouteTable', 'AWS::EC2::Subnet', 'AWS::EC2::VPCEndpoint'],
  needs: ['network'],
  networkOf: (project) => project.vpcConfig?.vpcId,
  evaluate(project, context, params) {
    const vpcId = project.vpcConfig?.vpcId;
    const subnetIds = [...new Set(project.vpcConfig?.subnetIds ?? [])];
    if (!vpcId || subnetIds.length === 0) {
      return notApplicable('not in a VPC (codebuild-project-in-vpc reports the vpcConfig)');
    }
    const vpc = context.network.vpc(vpcId);
    if (!vpc.exists) {
      return nonCompliant(
        `${vpcId} does not exist: the routes of the project's subnets cannot be verified; to pass, ` +
          'set vpcConfig to an existing VPC',
      );
    }

    const tables = new Map<string, TableFinding>();
    const unverified: string[] = [];
    const allowed: string[] = [];
    for (const subnetId of subnetIds) {
      const resolved = routeTableForSubnet(vpc, subnetId);
      if (!resolved) {
        unverified.push(unverifiedSubnet(vpc, subnetId));
        continue;
      }
      const { table } = resolved;
      const known = tables.get(table.routeTableId);
      if (known) {
        known.subnets.push(subnetId);
        continue;
      }
      const egress = egressRoutes(vpc, table, params.allowedEgressTargets);
      tables.set(table.routeTableId, { table, subnets: [subnetId], egress });
      for (const { route } of egressRoutes(vpc, table, [])) {
        const text = `${route.destination} to ${route.target.id}`;
        if (!egress.some((found) => found.route === route) && !allowed.includes(text)) allowed.push(text);
      }
    }

    const findings = [...tables.values()].filter((finding) => finding.egress.length > 0);
    if (findings.length > 0 || unverified.length > 0) {
      return nonCompliant(annotate(findings, unverified, projectTextRoom(project.name)));
    }
    const checked = `no route out of ${vpcId} from ${subnetIds.join(', ')}`;
    return compliant(
      cutToLimit(
        allowed.length > 0 ? `${checked} except allowed ${allowed.join(', ')}` : checked,
        projectTextRoom(project.name),
      ),
    );
  },
});

function unverifiedSubnet(vpc: VpcNetwork, subnetId: string): string {
  return vpc.subnets.some((subnet) => subnet.subnetId === subnetId)
    ? `${subnetId} has no route table in ${vpc.vpcId} (routes cannot be verified)`
    : `${subnetId} is not in ${vpc.vpcId} (routes cannot be verified)`;
}

/** `subnet-0a1 routes 0.0.0.0/0 to nat-0b2 (rtb-0c3, main table)` */
function describeFinding({ table, subnets, egress }: TableFinding): string {
  const routes = egress.map(({ route }) => `${route.destination} to ${route.target.id}`).join(', ');
  return `${subnets.join(', ')} ${subnets.length === 1 ? 'routes' : 'route'} ${routes} (${tableLabel(table)})`;
}

function consequenceOf(findings: readonly TableFinding[]): string {
  const kinds = new Set(findings.flatMap((finding) => finding.egress.map((egress) => egress.classification)));
  if (!kinds.has('internet')) return 'builds leave the VPC through targets not in allowedEgressTargets';
  if (!kinds.has('unknown-destination')) return 'builds can reach the internet';
  return 'builds can reach the internet and networks not in allowedEgressTargets';
}

/** What makes the project pass, for egress findings. */
function passHint(findings: readonly TableFinding[]): string {
  const unknown = findings.some((f) => f.egress.some((e) => e.classification === 'unknown-destination'));
  return `; to pass, remove these routes${unknown ? ' or allow their targets' : ''}`;
}

/**
 * Egress findings then unverifiable subnets, as many as fit in `limit`, then "and N more"; with
 * what makes the project pass when everything fits.
 */
function annotate(findings: readonly TableFinding[], unverified: readonly string[], limit: number): string {
  const egress = findings.map(describeFinding);
  const consequence = consequenceOf(findings);
  const hint = findings.length > 0 ? passHint(findings) : '';
  const total = egress.length + unverified.length;
  const compose = (shown: number): string => {
    const parts: string[] = [];
    const shownEgress = egress.slice(0, shown);
    if (shownEgress.length > 0) parts.push(`${shownEgress.join('; ')}: ${consequence}`);
    parts.push(...unverified.slice(0, Math.max(0, shown - egress.length)));
    return `${parts.join('; ')}${shown < total ? `; ${andMore(total - shown)}` : ''}`;
  };
  const all = compose(total);
  if (all.length + hint.length <= limit) return `${all}${hint}`;
  for (let shown = total; shown > 1; shown--) {
    const text = compose(shown);
    if (text.length <= limit) return text;
  }
  return cutToLimit(compose(1), limit);
}
