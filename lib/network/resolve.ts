/**
 * Pure questions over one VPC's network facts: which route table serves a subnet, which routes
 * leave the VPC, which endpoints serve a service and whether a build can use them.
 */
import type { VpcEndpoint } from '../resources/model';
import type { Route, RouteTable, RouteTargetKind, VpcNetwork } from './model';
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

/**
 * Whether builds in `subnetIds` can use the endpoint. The reason completes a sentence that starts
 * with the endpoint (`vpce-0f has private DNS disabled`).
 *  - Its state must be `available`.
 *  - Interface: private DNS must be enabled (clients use the service's default hostname), and it
 *    only resolves when the VPC has enableDnsSupport and enableDnsHostnames (when known false, said).
 *  - Gateway: it must be associated with the route table that serves EVERY given subnet.
 *  - Any other endpoint type (Gateway Load Balancer, Resource, ServiceNetwork) does not serve an
 *    AWS service to the build.
 */
export function endpointUsability(
  vpc: VpcNetwork,
  endpoint: VpcEndpoint,
  subnetIds: readonly string[],
): EndpointUsability {
  if (endpoint.state.toLowerCase() !== 'available') return unusable(`is ${endpoint.state}`);
  const type = endpoint.endpointType.toLowerCase();
  if (type === 'interface') return interfaceUsability(vpc, endpoint);
  if (type === 'gateway') return gatewayUsability(vpc, endpoint, subnetIds);
  return unusable(`is a ${endpoint.endpointType} endpoint, not an interface or gateway endpoint`);
}

function unusable(reason: string): EndpointUsability {
  return { usable: false, reason };
}

function interfaceUsability(vpc: VpcNetwork, endpoint: VpcEndpoint): EndpointUsability {
  const off: string[] = [];
  if (vpc.dnsSupport === false) off.push('enableDnsSupport');
  if (vpc.dnsHostnames === false) off.push('enableDnsHostnames');
  const vpcDns = `${vpc.vpcId} has ${off.join(' and ')} off`;
  if (!endpoint.privateDnsEnabled) {
    return unusable(`has private DNS disabled${off.length > 0 ? ` (and ${vpcDns})` : ''}`);
  }
  if (off.length > 0) return unusable(`has private DNS but ${vpcDns}, so it does not resolve`);
  return { usable: true };
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
