/**
 * Loads the network facts of VPCs through the EC2 Describe APIs, once per VPC per loader.
 *
 * API calls grow with VPCs and pages, never with resources (docs/architecture.md "Fetch once, evaluate
 * many"). Per batch of up to 200 new VPC ids (EC2's limit of values per filter):
 *  - DescribeVpcs filtered by vpc-id: a VPC that does not exist is simply absent, so it is reported
 *    `exists: false` instead of failing the batch with InvalidVpcID.NotFound (or .Malformed);
 *  - DescribeRouteTables, DescribeSubnets, DescribeVpcEndpoints and DescribeSecurityGroups, each ONE
 *    paginated call sequence with a single `vpc-id` filter over every existing VPC of the batch;
 *  - DescribeVpcAttribute twice per existing VPC (enableDnsSupport, enableDnsHostnames): the API
 *    takes one VPC and one attribute per call;
 *  - DescribeDhcpOptions, one paginated call sequence filtered by the DHCP options set ids the VPCs
 *    name (none for `default`): which DNS servers the builds ask (docs/aws-data.md §7).
 * The security groups are every group of the VPC: the endpoints' groups as well as the builds'.
 * A loader caches per VPC (in-flight loads included), so it must live for one invocation only;
 * facts are never reused stale. A failed batch is evicted, so a later call retries it.
 * Unexpected AWS errors propagate (never turned into facts).
 */
import {
  DescribeDhcpOptionsCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  type EC2Client,
  type DhcpOptions as Ec2DhcpOptions,
  type Route as Ec2Route,
  type RouteTable as Ec2RouteTable,
  type SecurityGroup as Ec2SecurityGroup,
  type Subnet as Ec2Subnet,
  type Filter,
  type IpPermission,
  type VpcAttributeName,
} from '@aws-sdk/client-ec2';
import { collectPages, paginate } from '../aws/paginate';
import { networkFacts } from '../network/facts';
import type {
  DhcpOptionsInfo,
  NetworkFacts,
  Route,
  RouteTable,
  RouteTargetKind,
  SecurityGroupInfo,
  SecurityGroupRule,
  SubnetInfo,
  VpcNetwork,
} from '../network/model';
import { InvalidDescribeResponseError, UNKNOWN_ID } from '../resources/errors';
import type { VpcEndpoint } from '../resources/model';
import { fromDescribe as endpointFromDescribe } from '../resources/vpc-endpoint';
import { chunks, isAwsError, mapLimit } from './util';

export { NetworkFactsNotLoadedError, networkFacts } from '../network/facts';

/** EC2 accepts at most 200 values per filter. */
export const MAX_FILTER_VALUES = 200;
/** DescribeVpcAttribute calls in flight (two per VPC); low enough to stay clear of EC2 throttling. */
const ATTRIBUTE_CONCURRENCY = 5;

export interface NetworkLoaderOptions {
  /** The region the facts describe (the Describe APIs do not return it); empty or absent: the client's. */
  region?: string;
  /** The account being evaluated; defaults to each VPC's / endpoint's OwnerId. */
  accountId?: string;
}

export interface NetworkLoader {
  /**
   * Facts of exactly these VPCs (empty ids ignored), loading each one not yet loaded by this
   * loader. `vpc(id)` of the result throws for an id that was not passed to this call.
   */
  load(vpcIds: Iterable<string>): Promise<NetworkFacts>;
}

export function createNetworkLoader(ec2: EC2Client, options: NetworkLoaderOptions = {}): NetworkLoader {
  const cache = new Map<string, Promise<VpcNetwork>>();
  let region: Promise<string> | undefined;
  const regionOf = (): Promise<string> => {
    region ??= options.region ? Promise.resolve(options.region) : ec2.config.region();
    return region;
  };

  return {
    async load(vpcIds) {
      const wanted = [...new Set([...vpcIds].map((id) => id.trim()).filter((id) => id !== ''))];
      const fresh = wanted.filter((id) => !cache.has(id));
      for (const batch of chunks(fresh, MAX_FILTER_VALUES)) {
        const loading = regionOf().then((name) => loadBatch(ec2, batch, name, options.accountId));
        loading.catch(() => {
          for (const id of batch) cache.delete(id);
        });
        for (const id of batch) {
          cache.set(
            id,
            loading.then((loaded) => {
              const vpc = loaded.get(id);
              if (!vpc) throw new Error(`network load of batch did not return ${id}`);
              return vpc;
            }),
          );
        }
      }
      const vpcs = await Promise.all(
        wanted.map((id) => cache.get(id) ?? Promise.reject(new Error(`network load of ${id} was evicted`))),
      );
      return networkFacts(vpcs);
    },
  };
}

type Fail = (resourceType: string, resourceId: string | undefined, problem: string) => never;

function failFor(operation: string): Fail {
  return (resourceType, resourceId, problem) => {
    throw new InvalidDescribeResponseError(operation, resourceType, resourceId ?? UNKNOWN_ID, problem);
  };
}

async function loadBatch(
  ec2: EC2Client,
  vpcIds: readonly string[],
  region: string,
  accountId: string | undefined,
): Promise<Map<string, VpcNetwork>> {
  const owners = new Map<string, string | undefined>();
  const dhcpIds = new Map<string, string>();
  const vpcPages = paginate(
    'EC2 DescribeVpcs',
    (NextToken) => ec2.send(new DescribeVpcsCommand({ Filters: vpcFilter(vpcIds), NextToken })),
    (page) => page.NextToken,
  );
  for await (const page of vpcPages) {
    for (const vpc of page.Vpcs ?? []) {
      if (vpc.VpcId === undefined || !vpcIds.includes(vpc.VpcId)) continue;
      owners.set(vpc.VpcId, vpc.OwnerId);
      const dhcpId = vpc.DhcpOptionsId?.trim();
      if (dhcpId) dhcpIds.set(vpc.VpcId, dhcpId);
    }
  }
  const existing = vpcIds.filter((id) => owners.has(id));
  const result = new Map<string, VpcNetwork>();
  const missing = (vpcId: string): VpcNetwork => ({
    vpcId,
    exists: false,
    ...(accountId ? { accountId } : {}),
    region,
    routeTables: [],
    subnets: [],
    endpoints: [],
    securityGroups: [],
  });
  for (const id of vpcIds) if (!owners.has(id)) result.set(id, missing(id));
  if (existing.length === 0) return result;

  const setIds = [...new Set(existing.map((id) => dhcpIds.get(id)))].filter(
    (id): id is string => id !== undefined && id !== DEFAULT_DHCP_OPTIONS,
  );
  const [rawTables, rawSubnets, endpoints, rawGroups, dns, dhcpSets] = await Promise.all([
    collectPages(
      'EC2 DescribeRouteTables',
      (NextToken) => ec2.send(new DescribeRouteTablesCommand({ Filters: vpcFilter(existing), NextToken })),
      (p) => p.NextToken,
      (p) => p.RouteTables,
    ),
    collectPages(
      'EC2 DescribeSubnets',
      (NextToken) => ec2.send(new DescribeSubnetsCommand({ Filters: vpcFilter(existing), NextToken })),
      (p) => p.NextToken,
      (p) => p.Subnets,
    ),
    collectPages(
      'EC2 DescribeVpcEndpoints',
      (NextToken) => ec2.send(new DescribeVpcEndpointsCommand({ Filters: vpcFilter(existing), NextToken })),
      (p) => p.NextToken,
      (p) =>
        (p.VpcEndpoints ?? [])
          // Deleted endpoints stay listed for a while; they no longer exist for any build.
          .filter((endpoint) => endpoint.State?.toLowerCase() !== 'deleted')
          .map((endpoint) => endpointFromDescribe(endpoint, accountId ? { region, accountId } : { region })),
    ),
    collectPages(
      'EC2 DescribeSecurityGroups',
      (NextToken) => ec2.send(new DescribeSecurityGroupsCommand({ Filters: vpcFilter(existing), NextToken })),
      (p) => p.NextToken,
      (p) => p.SecurityGroups,
    ),
    dnsAttributes(ec2, existing),
    dhcpOptionSets(ec2, setIds),
  ]);

  const endpointsById = new Map(endpoints.map((endpoint) => [endpoint.endpointId, endpoint]));
  const tables = rawTables.map((table) => routeTableOf(table, endpointsById));
  const subnets = rawSubnets.map(subnetOf);
  const groups = rawGroups.map(securityGroupOf);

  for (const vpcId of existing) {
    const attributes = dns.get(vpcId);
    if (attributes === 'gone') {
      // Deleted between DescribeVpcs and DescribeVpcAttribute.
      result.set(vpcId, missing(vpcId));
      continue;
    }
    const owner = accountId ?? owners.get(vpcId);
    result.set(vpcId, {
      vpcId,
      exists: true,
      ...(owner ? { accountId: owner } : {}),
      region,
      ...(attributes?.dnsSupport === undefined ? {} : { dnsSupport: attributes.dnsSupport }),
      ...(attributes?.dnsHostnames === undefined ? {} : { dnsHostnames: attributes.dnsHostnames }),
      ...dhcpOptionsOf(dhcpIds.get(vpcId), dhcpSets),
      routeTables: tables.filter((table) => table.vpcId === vpcId),
      subnets: subnets.filter((subnet) => subnet.vpcId === vpcId),
      endpoints: endpoints.filter((endpoint) => endpoint.vpcId === vpcId),
      securityGroups: groups.filter((group) => group.vpcId === vpcId),
    });
  }
  return result;
}

function vpcFilter(vpcIds: readonly string[]): Filter[] {
  return [{ Name: 'vpc-id', Values: [...vpcIds] }];
}

/** The DhcpOptionsId of a VPC without a DHCP options set. */
const DEFAULT_DHCP_OPTIONS = 'default';

/** domain-name-servers of each set found, by id (a set without that entry maps to undefined). */
async function dhcpOptionSets(
  ec2: EC2Client,
  setIds: readonly string[],
): Promise<Map<string, string[] | undefined>> {
  const found = new Map<string, string[] | undefined>();
  for (const batch of chunks(setIds, MAX_FILTER_VALUES)) {
    const sets = await collectPages(
      'EC2 DescribeDhcpOptions',
      (NextToken) =>
        ec2.send(
          new DescribeDhcpOptionsCommand({
            Filters: [{ Name: 'dhcp-options-id', Values: batch }],
            NextToken,
          }),
        ),
      (p) => p.NextToken,
      (p) => p.DhcpOptions,
    );
    for (const set of sets) {
      if (set.DhcpOptionsId !== undefined) found.set(set.DhcpOptionsId, domainNameServersOf(set));
    }
  }
  return found;
}

function domainNameServersOf(set: Ec2DhcpOptions): string[] | undefined {
  const entry = (set.DhcpConfigurations ?? []).find(
    (configuration) => configuration.Key === 'domain-name-servers',
  );
  if (entry === undefined) return undefined;
  return (entry.Values ?? [])
    .map((value) => value.Value?.trim())
    .filter((value): value is string => value !== undefined && value !== '');
}

/** The VPC's DHCP options; none when DescribeVpcs gave no id (unknown, never assumed default). */
function dhcpOptionsOf(
  dhcpOptionsId: string | undefined,
  sets: ReadonlyMap<string, string[] | undefined>,
): { dhcpOptions?: DhcpOptionsInfo } {
  if (dhcpOptionsId === undefined) return {};
  if (dhcpOptionsId === DEFAULT_DHCP_OPTIONS) return { dhcpOptions: { dhcpOptionsId, found: true } };
  if (!sets.has(dhcpOptionsId)) return { dhcpOptions: { dhcpOptionsId, found: false } };
  const servers = sets.get(dhcpOptionsId);
  return { dhcpOptions: { dhcpOptionsId, found: true, ...(servers ? { domainNameServers: servers } : {}) } };
}

interface DnsAttributes {
  dnsSupport?: boolean;
  dnsHostnames?: boolean;
}

async function dnsAttributes(
  ec2: EC2Client,
  vpcIds: readonly string[],
): Promise<Map<string, DnsAttributes | 'gone'>> {
  const calls = vpcIds.flatMap((vpcId) =>
    (['enableDnsSupport', 'enableDnsHostnames'] as const).map((attribute) => ({ vpcId, attribute })),
  );
  const answers = await mapLimit(calls, ATTRIBUTE_CONCURRENCY, async ({ vpcId, attribute }) => {
    try {
      const response = await ec2.send(
        new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute: attribute satisfies VpcAttributeName }),
      );
      const value =
        attribute === 'enableDnsSupport'
          ? response.EnableDnsSupport?.Value
          : response.EnableDnsHostnames?.Value;
      return { vpcId, attribute, value };
    } catch (error) {
      if (isAwsError(error, 'InvalidVpcID.NotFound')) return { vpcId, attribute, value: 'gone' as const };
      throw error;
    }
  });
  const result = new Map<string, DnsAttributes | 'gone'>();
  for (const { vpcId, attribute, value } of answers) {
    const known = result.get(vpcId);
    if (known === 'gone') continue;
    if (value === 'gone') {
      result.set(vpcId, 'gone');
      continue;
    }
    const next: DnsAttributes = { ...known };
    if (value !== undefined) next[attribute === 'enableDnsSupport' ? 'dnsSupport' : 'dnsHostnames'] = value;
    result.set(vpcId, next);
  }
  return result;
}

/** Association states after which the association no longer routes the subnet. */
const ENDED_ASSOCIATIONS = new Set(['disassociated', 'failed']);

function routeTableOf(table: Ec2RouteTable, endpoints: ReadonlyMap<string, VpcEndpoint>): RouteTable {
  const fail = failFor('DescribeRouteTables');
  const routeTableId =
    table.RouteTableId ?? fail('AWS::EC2::RouteTable', undefined, 'RouteTableId is missing');
  const vpcId = table.VpcId ?? fail('AWS::EC2::RouteTable', routeTableId, 'VpcId is missing');
  let main = false;
  const subnetIds: string[] = [];
  for (const association of table.Associations ?? []) {
    const state = association.AssociationState?.State?.toLowerCase();
    if (state !== undefined && ENDED_ASSOCIATIONS.has(state)) continue;
    if (association.Main === true) main = true;
    // Gateway (edge) associations route traffic entering the VPC, not a subnet's: ignored.
    if (association.SubnetId && !subnetIds.includes(association.SubnetId))
      subnetIds.push(association.SubnetId);
  }
  const routes = (table.Routes ?? []).map((route, index) =>
    routeOf(route, endpoints, () =>
      fail('AWS::EC2::RouteTable', routeTableId, `Routes[${index}] has no destination`),
    ),
  );
  return { routeTableId, vpcId, main, subnetIds, routes };
}

function routeOf(
  route: Ec2Route,
  endpoints: ReadonlyMap<string, VpcEndpoint>,
  noDestination: () => never,
): Route {
  const [destination, destinationType] = route.DestinationCidrBlock
    ? [route.DestinationCidrBlock, 'ipv4' as const]
    : route.DestinationIpv6CidrBlock
      ? [route.DestinationIpv6CidrBlock, 'ipv6' as const]
      : route.DestinationPrefixListId
        ? [route.DestinationPrefixListId, 'prefix-list' as const]
        : noDestination();
  return {
    destination,
    destinationType,
    target: targetOf(route, destinationType, endpoints),
    // AWS always sends State; were it missing, the route is assumed active (it counts: fail closed).
    state: route.State?.toLowerCase() ?? 'active',
    ...(route.Origin ? { origin: route.Origin } : {}),
  };
}

/**
 * The route's next hop. A route names one target, except a route to an instance, which also carries
 * the instance's network interface: the instance wins. GatewayId holds `local`, `igw-`, `vgw-` and
 * `vpce-` targets; a `vpce-` is a gateway endpoint only when the destination is a prefix list and
 * the endpoint is a Gateway endpoint of the VPC, otherwise a Gateway Load Balancer endpoint.
 */
function targetOf(
  route: Ec2Route,
  destinationType: Route['destinationType'],
  endpoints: ReadonlyMap<string, VpcEndpoint>,
): Route['target'] {
  const target = (kind: RouteTargetKind, id: string) => ({ kind, id });
  if (route.InstanceId) return target('instance', route.InstanceId);
  if (route.NatGatewayId) return target('nat-gateway', route.NatGatewayId);
  if (route.EgressOnlyInternetGatewayId) {
    return target('egress-only-internet-gateway', route.EgressOnlyInternetGatewayId);
  }
  if (route.TransitGatewayId) return target('transit-gateway', route.TransitGatewayId);
  if (route.VpcPeeringConnectionId) return target('vpc-peering-connection', route.VpcPeeringConnectionId);
  if (route.CarrierGatewayId) return target('carrier-gateway', route.CarrierGatewayId);
  if (route.LocalGatewayId) return target('local-gateway', route.LocalGatewayId);
  if (route.CoreNetworkArn) return target('core-network', route.CoreNetworkArn);
  if (route.GatewayId) return gatewayTarget(route.GatewayId, destinationType, endpoints);
  if (route.NetworkInterfaceId) return target('network-interface', route.NetworkInterfaceId);
  if (route.OdbNetworkArn) return target('unknown', route.OdbNetworkArn);
  return target('unknown', route.IpAddress ?? '(no target)');
}

function gatewayTarget(
  id: string,
  destinationType: Route['destinationType'],
  endpoints: ReadonlyMap<string, VpcEndpoint>,
): Route['target'] {
  if (id === 'local') return { kind: 'local', id };
  if (id.startsWith('igw-')) return { kind: 'internet-gateway', id };
  if (id.startsWith('vgw-')) return { kind: 'virtual-private-gateway', id };
  if (id.startsWith('eigw-')) return { kind: 'egress-only-internet-gateway', id };
  if (id.startsWith('nat-')) return { kind: 'nat-gateway', id };
  if (id.startsWith('vpce-')) {
    const gateway = destinationType === 'prefix-list' && endpoints.get(id)?.endpointType === 'Gateway';
    return { kind: gateway ? 'gateway-endpoint' : 'gateway-load-balancer-endpoint', id };
  }
  return { kind: 'unknown', id };
}

function subnetOf(subnet: Ec2Subnet): SubnetInfo {
  const fail = failFor('DescribeSubnets');
  const subnetId = subnet.SubnetId ?? fail('AWS::EC2::Subnet', undefined, 'SubnetId is missing');
  return {
    subnetId,
    vpcId: subnet.VpcId ?? fail('AWS::EC2::Subnet', subnetId, 'VpcId is missing'),
    ...(subnet.CidrBlock ? { cidrBlock: subnet.CidrBlock } : {}),
    ipv6CidrBlocks: (subnet.Ipv6CidrBlockAssociationSet ?? [])
      // Associating and disassociating blocks give no address a build can rely on yet, or any more.
      .filter((association) => association.Ipv6CidrBlockState?.State?.toLowerCase() === 'associated')
      .map((association) => association.Ipv6CidrBlock)
      .filter((block): block is string => block !== undefined && block !== ''),
    ...(subnet.AvailabilityZone ? { availabilityZone: subnet.AvailabilityZone } : {}),
    mapPublicIpOnLaunch: subnet.MapPublicIpOnLaunch ?? false,
  };
}

function securityGroupOf(group: Ec2SecurityGroup): SecurityGroupInfo {
  const fail = failFor('DescribeSecurityGroups');
  const groupId = group.GroupId ?? fail('AWS::EC2::SecurityGroup', undefined, 'GroupId is missing');
  return {
    groupId,
    vpcId: group.VpcId ?? fail('AWS::EC2::SecurityGroup', groupId, 'VpcId is missing'),
    ingress: (group.IpPermissions ?? []).map((permission, index) =>
      ruleOf(permission, () =>
        fail('AWS::EC2::SecurityGroup', groupId, `IpPermissions[${index}].IpProtocol is missing`),
      ),
    ),
    egress: (group.IpPermissionsEgress ?? []).map((permission, index) =>
      ruleOf(permission, () =>
        fail('AWS::EC2::SecurityGroup', groupId, `IpPermissionsEgress[${index}].IpProtocol is missing`),
      ),
    ),
  };
}

function ruleOf(permission: IpPermission, noProtocol: () => never): SecurityGroupRule {
  const present = (values: (string | undefined)[]): string[] =>
    values.filter((value): value is string => value !== undefined && value !== '');
  return {
    // Never defaulted to -1 (every protocol): a rule we cannot read admits nothing.
    protocol: permission.IpProtocol?.trim().toLowerCase() || noProtocol(),
    ...(permission.FromPort === undefined ? {} : { fromPort: permission.FromPort }),
    ...(permission.ToPort === undefined ? {} : { toPort: permission.ToPort }),
    cidrs: present((permission.IpRanges ?? []).map((range) => range.CidrIp)),
    ipv6Cidrs: present((permission.Ipv6Ranges ?? []).map((range) => range.CidrIpv6)),
    prefixListIds: present((permission.PrefixListIds ?? []).map((list) => list.PrefixListId)),
    groupIds: present((permission.UserIdGroupPairs ?? []).map((pair) => pair.GroupId)),
  };
}
