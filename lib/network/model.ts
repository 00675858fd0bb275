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
  cidrBlock?: string;
  availabilityZone?: string;
  mapPublicIpOnLaunch: boolean;
}

export interface SecurityGroupRule {
  protocol: string;
  fromPort?: number;
  toPort?: number;
  cidrs: string[];
  ipv6Cidrs: string[];
  prefixListIds: string[];
  groupIds: string[];
}

export interface SecurityGroupInfo {
  groupId: string;
  vpcId: string;
  ingress: SecurityGroupRule[];
  egress: SecurityGroupRule[];
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
