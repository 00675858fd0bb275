/**
 * Network facts of one VPC, loaded once per VPC per invocation (lib/collect/network.ts) and read by
 * rules through the pure resolver (lib/network/resolve.ts). Shapes are normalised from the EC2
 * Describe APIs; ids are AWS's.
 */
import type { VpcEndpoint } from '../resources/model';

/** Where a route sends traffic. `gateway-endpoint` is an S3/DynamoDB gateway endpoint (vpce-). */
export type RouteTargetKind =
  | 'local'
  | 'internet-gateway'
  | 'egress-only-internet-gateway'
  | 'nat-gateway'
  | 'instance'
  | 'network-interface'
  | 'carrier-gateway'
  | 'transit-gateway'
  | 'vpc-peering-connection'
  | 'virtual-private-gateway'
  | 'gateway-load-balancer-endpoint'
  | 'gateway-endpoint'
  | 'local-gateway'
  | 'core-network'
  | 'unknown';

export interface Route {
  /** An IPv4 or IPv6 CIDR, or a prefix list id (pl-...). */
  destination: string;
  destinationType: 'ipv4' | 'ipv6' | 'prefix-list';
  target: { kind: RouteTargetKind; id: string };
  /** active or blackhole (lower case). */
  state: string;
  origin?: string;
}

export interface RouteTable {
  routeTableId: string;
  vpcId: string;
  /** True for the VPC's main route table, which serves every subnet without an explicit association. */
  main: boolean;
  /** Subnets explicitly associated with this table. */
  subnetIds: string[];
  routes: Route[];
}

export interface SubnetInfo {
  subnetId: string;
  vpcId: string;
  /** The subnet's IPv4 CIDR; absent for an IPv6-only subnet. */
  cidrBlock?: string;
  /** The subnet's associated IPv6 CIDRs; empty for an IPv4-only subnet. */
  ipv6CidrBlocks: string[];
  availabilityZone?: string;
  mapPublicIpOnLaunch: boolean;
}

export interface SecurityGroupRule {
  /** `tcp`, `udp`, `icmp`, a protocol number, or `-1` (every protocol and port). */
  protocol: string;
  fromPort?: number;
  toPort?: number;
  cidrs: string[];
  ipv6Cidrs: string[];
  prefixListIds: string[];
  /** Referenced security groups (a group may reference itself). */
  groupIds: string[];
}

export interface SecurityGroupInfo {
  groupId: string;
  vpcId: string;
  ingress: SecurityGroupRule[];
  egress: SecurityGroupRule[];
}

/**
 * The DHCP options of a VPC, which tell its instances (builds included) which DNS servers to ask.
 * `dhcpOptionsId` is `default` when the VPC has no DHCP options set (Amazon-provided DNS).
 */
export interface DhcpOptionsInfo {
  dhcpOptionsId: string;
  /**
   * The set's domain-name-servers as DescribeDhcpOptions gives them (e.g. `AmazonProvidedDNS`,
   * `10.0.0.10`). Absent when the set has no domain-name-servers entry, when it could not be read
   * (`found` false), and for `default`.
   */
  domainNameServers?: string[];
  /** False when DescribeDhcpOptions did not return the set (deleted meanwhile, or unreadable). */
  found: boolean;
}

export interface VpcNetwork {
  vpcId: string;
  /** False when the VPC does not exist (deleted, or a wrong id in a project's vpcConfig). */
  exists: boolean;
  accountId?: string;
  region: string;
  /** enableDnsSupport / enableDnsHostnames; private DNS of interface endpoints needs both. */
  dnsSupport?: boolean;
  dnsHostnames?: boolean;
  /** Absent when DescribeVpcs gave no DhcpOptionsId (and for a VPC that does not exist): unknown. */
  dhcpOptions?: DhcpOptionsInfo;
  routeTables: RouteTable[];
  subnets: SubnetInfo[];
  endpoints: VpcEndpoint[];
  securityGroups: SecurityGroupInfo[];
}

/** What a rule sees: the facts of the VPCs the pipeline loaded for this invocation. */
export interface NetworkFacts {
  /** Throws when the VPC was not loaded (a pipeline bug), never guesses. */
  vpc(vpcId: string): VpcNetwork;
}
