/**
 * Pure questions over one VPC's network facts: which route table serves a subnet, which routes
 * leave the VPC, which endpoints serve a service and whether a build can use them.
 */
import type { VpcEndpoint } from '../resources/model';
import { type AddressFamily, cidrCovers } from './cidr';
import type { Route, RouteTable, RouteTargetKind, SecurityGroupRule, SubnetInfo, VpcNetwork } from './model';
import { servesService } from './services';

export interface SubnetRouteTable {
  table: RouteTable;
  /** `explicit`: the subnet is associated with the table; `main`: it falls back to the main table. */
  via: 'explicit' | 'main';
}

/**
 * The route table that routes a subnet: its explicit association, else the VPC's main table.
 * Undefined when the subnet is not in the VPC's facts (never guessed to use the main table) or the
 * VPC has no table for it.
 */
export function routeTableForSubnet(vpc: VpcNetwork, subnetId: string): SubnetRouteTable | undefined {
  if (!vpc.subnets.some((subnet) => subnet.subnetId === subnetId)) return undefined;
  const explicit = vpc.routeTables.find((table) => table.subnetIds.includes(subnetId));
  if (explicit) return { table: explicit, via: 'explicit' };
  const main = vpc.routeTables.find((table) => table.main);
  return main ? { table: main, via: 'main' } : undefined;
}

/** `internet`: the route reaches the internet; `unknown-destination`: it leaves the VPC to a network we cannot see. */
export type EgressClassification = 'internet' | 'unknown-destination';

export interface EgressRoute {
  route: Route;
  classification: EgressClassification;
}

const INTERNET_TARGETS: ReadonlySet<RouteTargetKind> = new Set([
  'internet-gateway',
  'nat-gateway',
  'egress-only-internet-gateway',
  // A route to an instance or a bare network interface is how a NAT instance is wired.
  'instance',
  'network-interface',
  'carrier-gateway',
]);

/**
 * Every active route of `table` that leaves the VPC, IPv4 and IPv6, default or not:
 *  - `local` routes never count, nor blackhole (or any non-active) routes;
 *  - a gateway-endpoint route counts only when it is not what it claims: its destination must be a
 *    prefix list and its target a Gateway endpoint of this VPC, otherwise it is `unknown-destination`;
 *  - internet targets are `internet`; transit gateway, peering, virtual private gateway, Gateway
 *    Load Balancer endpoint, local gateway, core network and unknown targets are `unknown-destination`.
 * `allowedTargets` (ids or id prefixes such as `tgw-`, case-insensitive) removes
 * `unknown-destination` routes whose target matches. It never removes an `internet` route: a route
 * to the internet is what the rule exists to find, so no parameter can hide one.
 */
export function egressRoutes(
  vpc: VpcNetwork,
  table: RouteTable,
  allowedTargets: readonly string[],
): EgressRoute[] {
  const allowed = allowedTargets.map((entry) => entry.trim().toLowerCase()).filter((entry) => entry !== '');
  const isAllowed = (id: string) => allowed.some((entry) => id.toLowerCase().startsWith(entry));
  const egress: EgressRoute[] = [];
  for (const route of table.routes) {
    if (route.state.toLowerCase() !== 'active') continue;
    const { kind, id } = route.target;
    if (kind === 'local') continue;
    if (kind === 'gateway-endpoint' && isGatewayEndpointRoute(vpc, route)) continue;
    if (INTERNET_TARGETS.has(kind)) {
      egress.push({ route, classification: 'internet' });
      continue;
    }
    if (isAllowed(id)) continue;
    egress.push({ route, classification: 'unknown-destination' });
  }
  return egress;
}

function isGatewayEndpointRoute(vpc: VpcNetwork, route: Route): boolean {
  if (route.destinationType !== 'prefix-list') return false;
  return vpc.endpoints.some(
    (endpoint) => endpoint.endpointId === route.target.id && endpoint.endpointType === 'Gateway',
  );
}

/**
 * The VPC's endpoints whose AWS service name is exactly `service` (e.g. `logs`, `ecr-fips.dkr`)
 * for `region` (default: the VPC's own). An endpoint serves the host its private DNS covers
 * (lib/network/services.ts): a FIPS endpoint does not serve the plain host nor the reverse, and
 * an endpoint for another Region's service (cross-Region PrivateLink) serves that Region only.
 */
export function endpointsForService(vpc: VpcNetwork, service: string, region = vpc.region): VpcEndpoint[] {
  return vpc.endpoints.filter((endpoint) => servesService(endpoint.serviceName, service, region));
}

export type EndpointUsability = { usable: true } | { usable: false; reason: string };

/** The build's side of the path, besides its subnets. */
export interface UsabilityOptions {
  /** The build's security groups (its network interfaces carry all of them); none: none known. */
  securityGroupIds?: readonly string[];
  /**
   * DNS servers besides Amazon's that the account vouches for (they forward endpoint names to the
   * VPC resolver); a DHCP options set naming only these and Amazon's still serves private DNS.
   */
  trustedResolvers?: readonly string[];
  /** The caller reports the VPC's DNS servers itself, once (resolverProblem): not repeated per endpoint. */
  skipResolver?: boolean;
}

/**
 * Whether builds in `subnetIds` can use the endpoint. The reason completes a sentence that starts
 * with the endpoint (`vpce-0f has private DNS disabled`).
 *  - Its state must be `available`.
 *  - Interface: private DNS must be enabled (clients use the service's default hostname), and it
 *    only resolves when the VPC has enableDnsSupport and enableDnsHostnames (when known false, said)
 *    and the VPC's DHCP options send DNS to the Amazon resolver (or `trustedResolvers`); its DNS
 *    records must be of an address family every build subnet has; its security groups must admit
 *    TCP 443 from every build subnet (or the build's groups) and the build's groups must allow TCP
 *    443 out to it (docs/rule-semantics.md "Endpoint reachability").
 *  - Gateway: it must be associated with the route table that serves EVERY given subnet.
 *  - Any other endpoint type (Gateway Load Balancer, Resource, ServiceNetwork) does not serve an
 *    AWS service to the build.
 */
export function endpointUsability(
  vpc: VpcNetwork,
  endpoint: VpcEndpoint,
  subnetIds: readonly string[],
  options: UsabilityOptions = {},
): EndpointUsability {
  if (endpoint.state.toLowerCase() !== 'available') return unusable(`is ${endpoint.state}`);
  const type = endpoint.endpointType.toLowerCase();
  if (type === 'interface') return interfaceUsability(vpc, endpoint, subnetIds, options);
  if (type === 'gateway') return gatewayUsability(vpc, endpoint, subnetIds);
  return unusable(`is a ${endpoint.endpointType} endpoint, not an interface or gateway endpoint`);
}

function unusable(reason: string): EndpointUsability {
  return { usable: false, reason };
}

function interfaceUsability(
  vpc: VpcNetwork,
  endpoint: VpcEndpoint,
  subnetIds: readonly string[],
  options: UsabilityOptions,
): EndpointUsability {
  const off: string[] = [];
  if (vpc.dnsSupport === false) off.push('enableDnsSupport');
  if (vpc.dnsHostnames === false) off.push('enableDnsHostnames');
  const vpcDns = `${vpc.vpcId} has ${off.join(' and ')} off`;
  if (!endpoint.privateDnsEnabled) {
    return unusable(`has private DNS disabled${off.length > 0 ? ` (and ${vpcDns})` : ''}`);
  }
  if (off.length > 0) return unusable(`has private DNS but ${vpcDns}, so it does not resolve`);
  const resolver = options.skipResolver ? undefined : resolverProblem(vpc, options.trustedResolvers ?? []);
  const reasons = resolver === undefined ? [] : [`has private DNS but ${resolver}`];
  const paths = buildPaths(vpc, endpoint, subnetIds);
  reasons.push(...paths.problems);
  const ingress = ingressProblem(vpc, endpoint, paths.reachable, options.securityGroupIds ?? []);
  if (ingress !== undefined) reasons.push(ingress);
  const egress = egressProblem(vpc, endpoint, paths.families, options.securityGroupIds ?? []);
  if (egress !== undefined) reasons.push(egress);
  return reasons.length === 0 ? { usable: true } : unusable(reasons.join('; '));
}

/** A `trustedResolvers` entry: an IPv4 or IPv6 address, as DHCP options list DNS servers. */
export const RESOLVER_ADDRESS = /^(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9a-fA-F]{0,4}(?::[0-9a-fA-F]{0,4}){2,7})$/;

/** DNS server entries that are the Amazon resolver: the DHCP keyword and its link-local addresses. */
const AMAZON_RESOLVERS = new Set(['amazonprovideddns', '169.254.169.253', 'fd00:ec2::253']);

/**
 * Why the VPC's builds may not ask the Amazon resolver (the only one that answers with the
 * endpoint's private addresses), or undefined when they do. Every listed server must be Amazon's
 * or trusted: a client asks its servers in order, so one other server answers with public names.
 */
export function resolverProblem(vpc: VpcNetwork, trustedResolvers: readonly string[]): string | undefined {
  const dhcp = vpc.dhcpOptions;
  if (dhcp === undefined)
    return `the DHCP options of ${vpc.vpcId} are unknown, so its DNS servers cannot be checked`;
  if (dhcp.dhcpOptionsId === 'default') return undefined;
  const set = `${vpc.vpcId}'s DHCP options ${dhcp.dhcpOptionsId}`;
  if (!dhcp.found) return `${set} could not be read, so its DNS servers cannot be checked`;
  const servers = dhcp.domainNameServers ?? [];
  if (servers.length === 0) return `${set} name no domain-name-servers, not AmazonProvidedDNS`;
  const trusted = new Set(trustedResolvers.map((entry) => entry.trim().toLowerCase()));
  const others = servers.filter((server) => {
    const name = server.trim().toLowerCase();
    return !AMAZON_RESOLVERS.has(name) && !trusted.has(name);
  });
  if (others.length === 0) return undefined;
  return `${set} send DNS to ${others.join(', ')}, not only AmazonProvidedDNS, so clients may resolve the public endpoint`;
}

const familiesOf = (subnet: SubnetInfo): AddressFamily[] => [
  ...(subnet.cidrBlock ? (['ipv4'] as const) : []),
  ...(subnet.ipv6CidrBlocks.length > 0 ? (['ipv6'] as const) : []),
];

/**
 * The address families of the endpoint's DNS records, or undefined when unknown. Absent fields are
 * never read as ipv4 (docs/aws-data.md §7): an endpoint says nothing only when its own subnets
 * prove it has IPv4 addresses alone.
 */
export function recordFamilies(vpc: VpcNetwork, endpoint: VpcEndpoint): AddressFamily[] | undefined {
  switch (endpoint.dnsRecordIpType) {
    case 'ipv4':
      return ['ipv4'];
    case 'ipv6':
      return ['ipv6'];
    case 'dualstack':
      return ['ipv4', 'ipv6'];
  }
  // An IPv4 endpoint has no IPv6 address to publish, an IPv6 one no IPv4 address.
  if (endpoint.ipAddressType === 'ipv4') return ['ipv4'];
  if (endpoint.ipAddressType === 'ipv6') return ['ipv6'];
  if (endpoint.ipAddressType !== undefined || endpoint.subnetIds.length === 0) return undefined;
  const subnets = endpoint.subnetIds.map((id) => vpc.subnets.find((subnet) => subnet.subnetId === id));
  const ipv4Only = subnets.every(
    (subnet) => subnet?.cidrBlock !== undefined && subnet.ipv6CidrBlocks.length === 0,
  );
  return ipv4Only ? ['ipv4'] : undefined;
}

function familyLabel(families: readonly AddressFamily[]): string {
  if (families.length === 0) return 'no known CIDR';
  if (families.length === 2) return 'dual-stack';
  return families[0] === 'ipv6' ? 'IPv6-only' : 'IPv4-only';
}

interface BuildPaths {
  /** Each build subnet that can reach the endpoint, with the families it would use. */
  reachable: { subnet: SubnetInfo; families: AddressFamily[] }[];
  /** Every family some build subnet would use. */
  families: AddressFamily[];
  problems: string[];
}

/** Which build subnets can use the endpoint's DNS records, and over which address families. */
function buildPaths(vpc: VpcNetwork, endpoint: VpcEndpoint, subnetIds: readonly string[]): BuildPaths {
  const records = recordFamilies(vpc, endpoint);
  const reachable: BuildPaths['reachable'] = [];
  const notInVpc: string[] = [];
  const noFamily: SubnetInfo[] = [];
  for (const subnetId of new Set(subnetIds)) {
    const subnet = vpc.subnets.find((candidate) => candidate.subnetId === subnetId);
    if (subnet === undefined) {
      notInVpc.push(subnetId);
      continue;
    }
    const own = familiesOf(subnet);
    // Unknown records are usable only from a subnet that has both families.
    const families =
      records === undefined ? (own.length === 2 ? own : []) : own.filter((f) => records.includes(f));
    if (families.length === 0) noFamily.push(subnet);
    else reachable.push({ subnet, families });
  }
  const problems: string[] = [];
  if (noFamily.length > 0) {
    const labels = noFamily
      .map((subnet) => `${subnet.subnetId} (${familyLabel(familiesOf(subnet))})`)
      .join(', ');
    problems.push(
      records === undefined
        ? `does not say its DNS record IP type and its subnets have IPv6, so builds in ${labels} may not use it`
        : `has ${familyLabel(records)} DNS records, which builds in ${labels} cannot use`,
    );
  }
  if (notInVpc.length > 0)
    problems.push(
      `cannot be checked: ${notInVpc.join(', ')} ${notInVpc.length === 1 ? 'is' : 'are'} not in ${vpc.vpcId}`,
    );
  const families = [...new Set(reachable.flatMap((path) => path.families))];
  return { reachable, families, problems };
}

/** Whether a rule lets TCP 443 through: every protocol (-1), or TCP with 443 in its port range. */
function allows443(rule: SecurityGroupRule): boolean {
  if (rule.protocol === '-1' || rule.protocol === 'all') return true;
  if (rule.protocol !== 'tcp' && rule.protocol !== '6') return false;
  return (
    rule.fromPort !== undefined && rule.toPort !== undefined && rule.fromPort <= 443 && 443 <= rule.toPort
  );
}

const cidrsOf = (rule: SecurityGroupRule, family: AddressFamily): string[] =>
  family === 'ipv4' ? rule.cidrs : rule.ipv6Cidrs;

const subnetCidrs = (subnet: SubnetInfo, family: AddressFamily): string[] =>
  family === 'ipv4' ? (subnet.cidrBlock ? [subnet.cidrBlock] : []) : subnet.ipv6CidrBlocks;

/** Rules of the loaded groups among `groupIds` that let TCP 443 through; `missing`: not loaded. */
function rulesOf(vpc: VpcNetwork, groupIds: readonly string[], direction: 'ingress' | 'egress') {
  const missing: string[] = [];
  const rules: SecurityGroupRule[] = [];
  for (const groupId of groupIds) {
    const group = vpc.securityGroups.find((candidate) => candidate.groupId === groupId);
    if (group === undefined) missing.push(groupId);
    else rules.push(...group[direction].filter(allows443));
  }
  return { rules, missing };
}

/** True when some rule names one of `groupIds` or, for every family, covers every CIDR of the subnet. */
function admits(
  rules: readonly SecurityGroupRule[],
  groupIds: readonly string[],
  subnet: SubnetInfo | undefined,
  families: readonly AddressFamily[],
): boolean {
  if (rules.some((rule) => rule.groupIds.some((id) => groupIds.includes(id)))) return true;
  if (subnet === undefined || families.length === 0) return false;
  return families.every((family) => {
    const targets = subnetCidrs(subnet, family);
    return (
      targets.length > 0 &&
      targets.every((target) =>
        rules.some((rule) => cidrsOf(rule, family).some((cidr) => cidrCovers(cidr, target))),
      )
    );
  });
}

const notLoaded = (missing: readonly string[]): string =>
  `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not in the loaded facts (another account's or deleted)`;

const prefixListNote = (rules: readonly SecurityGroupRule[]): string => {
  const lists = [...new Set(rules.flatMap((rule) => rule.prefixListIds))];
  return lists.length === 0 ? '' : ` (prefix lists ${lists.join(', ')} are not resolved)`;
};

/** Why the endpoint's groups do not admit TCP 443 from every reachable build subnet, or undefined. */
function ingressProblem(
  vpc: VpcNetwork,
  endpoint: VpcEndpoint,
  reachable: BuildPaths['reachable'],
  buildGroups: readonly string[],
): string | undefined {
  if (reachable.length === 0) return undefined;
  const groups = [...new Set(endpoint.securityGroupIds)];
  if (groups.length === 0)
    return 'lists no security groups, so nothing shows it admits TCP 443 from the build';
  const { rules, missing } = rulesOf(vpc, groups, 'ingress');
  const uncovered = reachable.filter(({ subnet, families }) => !admits(rules, buildGroups, subnet, families));
  if (uncovered.length === 0) return undefined;
  if (missing.length === groups.length) return `cannot be checked: its security group ${notLoaded(missing)}`;
  const sources = uncovered.flatMap(({ subnet, families }) =>
    families.flatMap((f) => subnetCidrs(subnet, f)),
  );
  const loaded = groups.filter((id) => !missing.includes(id));
  const target = loaded[0] ?? '';
  const also = missing.length > 0 ? `; ${notLoaded(missing)}` : '';
  return (
    `${loaded.join(', ')} ${loaded.length === 1 ? 'admits' : 'admit'} no TCP 443 from ${uncovered.map(({ subnet }) => subnet.subnetId).join(', ')}${prefixListNote(rules)}: ` +
    `add inbound TCP 443 from ${sources.join(', ')} to ${target}${also}`
  );
}

/** Why the build's groups do not let TCP 443 out to the endpoint's interfaces, or undefined. */
function egressProblem(
  vpc: VpcNetwork,
  endpoint: VpcEndpoint,
  families: readonly AddressFamily[],
  buildGroups: readonly string[],
): string | undefined {
  if (families.length === 0) return undefined;
  const groups = [...new Set(buildGroups)];
  if (groups.length === 0) return "cannot be checked: the build's security groups are unknown";
  const { rules, missing } = rulesOf(vpc, groups, 'egress');
  const endpointGroups = [...new Set(endpoint.securityGroupIds)];
  const destinations = [...new Set(endpoint.subnetIds)].map((id) => ({
    id,
    subnet: vpc.subnets.find((candidate) => candidate.subnetId === id),
  }));
  const blocked =
    destinations.length === 0
      ? [{ id: '(no subnets listed)', subnet: undefined }]
      : destinations.filter(({ subnet }) => {
          const used =
            subnet === undefined ? [...families] : familiesOf(subnet).filter((f) => families.includes(f));
          return !admits(rules, endpointGroups, subnet, used);
        });
  if (blocked.length === 0) return undefined;
  if (missing.length === groups.length)
    return `cannot be checked: the build's security group ${notLoaded(missing)}`;
  const loaded = groups.filter((id) => !missing.includes(id));
  const targets = blocked.flatMap(({ subnet }) =>
    subnet === undefined ? [] : families.flatMap((family) => subnetCidrs(subnet, family)),
  );
  const group = endpointGroups[0];
  const to =
    targets.length === 0 ? (group ?? 'its subnets') : `${targets.join(', ')}${group ? ` (or ${group})` : ''}`;
  const also = missing.length > 0 ? `; ${notLoaded(missing)}` : '';
  return (
    `is not reachable: the build's ${loaded.join(', ')} ${loaded.length === 1 ? 'allows' : 'allow'} no ` +
    `outbound TCP 443 to its ${blocked.map(({ id }) => id).join(', ')}${prefixListNote(rules)}: ` +
    `add outbound TCP 443 to ${to} on ${loaded[0] ?? ''}${also}`
  );
}

function gatewayUsability(
  vpc: VpcNetwork,
  endpoint: VpcEndpoint,
  subnetIds: readonly string[],
): EndpointUsability {
  const unassociated = new Map<string, { table: RouteTable; subnets: string[] }>();
  const unresolved: string[] = [];
  for (const subnetId of new Set(subnetIds)) {
    const resolved = routeTableForSubnet(vpc, subnetId);
    if (!resolved) {
      unresolved.push(
        vpc.subnets.some((subnet) => subnet.subnetId === subnetId)
          ? `${subnetId} has no route table`
          : `${subnetId} is not in ${vpc.vpcId}`,
      );
      continue;
    }
    if (endpoint.routeTableIds.includes(resolved.table.routeTableId)) continue;
    const entry = unassociated.get(resolved.table.routeTableId) ?? { table: resolved.table, subnets: [] };
    entry.subnets.push(subnetId);
    unassociated.set(resolved.table.routeTableId, entry);
  }
  const reasons: string[] = [];
  if (unassociated.size > 0) {
    const groups = [...unassociated.values()].map(
      ({ table, subnets }) => `${subnets.join(', ')} (${tableLabel(table)})`,
    );
    reasons.push(`is not associated with the route table of ${groups.join('; ')}`);
  }
  if (unresolved.length > 0) reasons.push(`cannot be checked: ${unresolved.join(', ')}`);
  return reasons.length === 0 ? { usable: true } : unusable(reasons.join('; '));
}

/** `rtb-0c3` or `rtb-0c3, main table`: how annotations name a route table. */
export function tableLabel(table: RouteTable): string {
  return table.main ? `${table.routeTableId}, main table` : table.routeTableId;
}
