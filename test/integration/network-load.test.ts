/**
 * lib/collect/network against the emulator: real SDK clients over HTTP (through the counting front),
 * two VPCs built with the EC2 API, facts checked as the rules see them, and the number of EC2
 * calls checked to depend on VPCs, never on the projects that use them.
 */
import {
  AllocateAddressCommand,
  AssociateDhcpOptionsCommand,
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateDhcpOptionsCommand,
  CreateEgressOnlyInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateNatGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateTransitGatewayCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  DescribeRouteTablesCommand,
  ModifyVpcAttributeCommand,
} from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createNetworkLoader } from '../../lib/collect/network';
import { parseParameters } from '../../lib/engine/params';
import { contextFor, parseRuleParameters } from '../../lib/engine/run';
import { egressRoutes, endpointUsability, routeTableForSubnet } from '../../lib/network/resolve';
import egressRule from '../../rules/codebuild-project-no-internet-egress';
import endpointsRule from '../../rules/codebuild-project-vpc-endpoints';
import { codeBuildProject } from '../fixtures/models';
import { ACCOUNT_ID, REGION, startTestAws, type TestAws } from './support/aws';

let aws: TestAws;

/** Ids the emulator gave the resources built in beforeAll. */
const net = {
  vpcA: '',
  vpcB: '',
  subnetPrivateA: '',
  subnetPrivateB: '',
  subnetPublic: '',
  subnetOnMain: '',
  subnetB: '',
  rtbMainA: '',
  rtbPrivate: '',
  rtbPublic: '',
  rtbMainB: '',
  igw: '',
  eigw: '',
  nat: '',
  tgw: '',
  s3Endpoint: '',
  s3PrefixList: '',
  gwlbEndpoint: '',
  ecrApi: '',
  ecrDkr: '',
  logs: '',
  securityGroup: '',
};

const EC2_OPERATIONS = [
  'ec2.DescribeVpcs',
  'ec2.DescribeRouteTables',
  'ec2.DescribeSubnets',
  'ec2.DescribeVpcEndpoints',
  'ec2.DescribeSecurityGroups',
  'ec2.DescribeVpcAttribute',
];

async function createVpc(cidr: string): Promise<string> {
  const { Vpc } = await aws.ec2.send(new CreateVpcCommand({ CidrBlock: cidr }));
  return Vpc?.VpcId ?? '';
}

async function createSubnet(vpcId: string, cidr: string, zone: string): Promise<string> {
  const { Subnet } = await aws.ec2.send(
    new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: cidr, AvailabilityZone: `${REGION}${zone}` }),
  );
  return Subnet?.SubnetId ?? '';
}

async function createTable(vpcId: string, ...subnetIds: string[]): Promise<string> {
  const { RouteTable } = await aws.ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }));
  const routeTableId = RouteTable?.RouteTableId ?? '';
  for (const subnetId of subnetIds) {
    await aws.ec2.send(new AssociateRouteTableCommand({ RouteTableId: routeTableId, SubnetId: subnetId }));
  }
  return routeTableId;
}

async function mainTable(vpcId: string): Promise<string> {
  const { RouteTables } = await aws.ec2.send(
    new DescribeRouteTablesCommand({
      Filters: [
        { Name: 'vpc-id', Values: [vpcId] },
        { Name: 'association.main', Values: ['true'] },
      ],
    }),
  );
  return RouteTables?.[0]?.RouteTableId ?? '';
}

async function createInterfaceEndpoint(service: string, privateDns: boolean): Promise<string> {
  const { VpcEndpoint } = await aws.ec2.send(
    new CreateVpcEndpointCommand({
      VpcId: net.vpcA,
      ServiceName: `com.amazonaws.${REGION}.${service}`,
      VpcEndpointType: 'Interface',
      SubnetIds: [net.subnetPrivateA, net.subnetPrivateB],
      SecurityGroupIds: [net.securityGroup],
      PrivateDnsEnabled: privateDns,
    }),
  );
  return VpcEndpoint?.VpcEndpointId ?? '';
}

beforeAll(async () => {
  aws = await startTestAws();
  const ec2 = aws.ec2;

  // VPC A: private subnets on rtb-private (S3 gateway endpoint, a transit gateway route), a public
  // subnet on rtb-public (IGW, EIGW, GWLB endpoint), a subnet on the main table (NAT gateway).
  net.vpcA = await createVpc('10.0.0.0/16');
  await ec2.send(new ModifyVpcAttributeCommand({ VpcId: net.vpcA, EnableDnsHostnames: { Value: true } }));
  net.subnetPrivateA = await createSubnet(net.vpcA, '10.0.1.0/24', 'a');
  net.subnetPrivateB = await createSubnet(net.vpcA, '10.0.2.0/24', 'b');
  net.subnetPublic = await createSubnet(net.vpcA, '10.0.3.0/24', 'a');
  net.subnetOnMain = await createSubnet(net.vpcA, '10.0.4.0/24', 'b');
  net.rtbMainA = await mainTable(net.vpcA);
  net.rtbPrivate = await createTable(net.vpcA, net.subnetPrivateA, net.subnetPrivateB);
  net.rtbPublic = await createTable(net.vpcA, net.subnetPublic);

  const { GroupId } = await ec2.send(
    new CreateSecurityGroupCommand({
      VpcId: net.vpcA,
      GroupName: 'endpoints',
      Description: 'HTTPS from builds',
    }),
  );
  net.securityGroup = GroupId ?? '';
  await ec2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: net.securityGroup,
      IpPermissions: [
        { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.0.0.0/16' }] },
      ],
    }),
  );

  const { InternetGateway } = await ec2.send(new CreateInternetGatewayCommand({}));
  net.igw = InternetGateway?.InternetGatewayId ?? '';
  await ec2.send(new AttachInternetGatewayCommand({ VpcId: net.vpcA, InternetGatewayId: net.igw }));
  await ec2.send(
    new CreateRouteCommand({
      RouteTableId: net.rtbPublic,
      DestinationCidrBlock: '0.0.0.0/0',
      GatewayId: net.igw,
    }),
  );
  const { EgressOnlyInternetGateway } = await ec2.send(
    new CreateEgressOnlyInternetGatewayCommand({ VpcId: net.vpcA }),
  );
  net.eigw = EgressOnlyInternetGateway?.EgressOnlyInternetGatewayId ?? '';
  await ec2.send(
    new CreateRouteCommand({
      RouteTableId: net.rtbPublic,
      DestinationIpv6CidrBlock: '::/0',
      EgressOnlyInternetGatewayId: net.eigw,
    }),
  );
  const { VpcEndpoint: gwlb } = await ec2.send(
    new CreateVpcEndpointCommand({
      VpcId: net.vpcA,
      ServiceName: `com.amazonaws.vpce.${REGION}.vpce-svc-0123456789abcdef0`,
      VpcEndpointType: 'GatewayLoadBalancer',
      SubnetIds: [net.subnetPublic],
    }),
  );
  net.gwlbEndpoint = gwlb?.VpcEndpointId ?? '';
  await ec2.send(
    new CreateRouteCommand({
      RouteTableId: net.rtbPublic,
      DestinationCidrBlock: '10.9.0.0/16',
      VpcEndpointId: net.gwlbEndpoint,
    }),
  );

  const { AllocationId } = await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
  const { NatGateway } = await ec2.send(
    new CreateNatGatewayCommand({ SubnetId: net.subnetPublic, AllocationId }),
  );
  net.nat = NatGateway?.NatGatewayId ?? '';
  await ec2.send(
    new CreateRouteCommand({
      RouteTableId: net.rtbMainA,
      DestinationCidrBlock: '0.0.0.0/0',
      NatGatewayId: net.nat,
    }),
  );

  const { TransitGateway } = await ec2.send(new CreateTransitGatewayCommand({}));
  net.tgw = TransitGateway?.TransitGatewayId ?? '';
  await ec2.send(
    new CreateRouteCommand({
      RouteTableId: net.rtbPrivate,
      DestinationCidrBlock: '10.8.0.0/16',
      TransitGatewayId: net.tgw,
    }),
  );

  const { VpcEndpoint: s3 } = await ec2.send(
    new CreateVpcEndpointCommand({
      VpcId: net.vpcA,
      ServiceName: `com.amazonaws.${REGION}.s3`,
      VpcEndpointType: 'Gateway',
      RouteTableIds: [net.rtbPrivate],
    }),
  );
  net.s3Endpoint = s3?.VpcEndpointId ?? '';
  const { RouteTables } = await ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [net.rtbPrivate] }));
  net.s3PrefixList =
    RouteTables?.[0]?.Routes?.find((route) => route.GatewayId === net.s3Endpoint)?.DestinationPrefixListId ??
    '';
  net.ecrApi = await createInterfaceEndpoint('ecr.api', true);
  net.ecrDkr = await createInterfaceEndpoint('ecr.dkr', true);
  net.logs = await createInterfaceEndpoint('logs', false);

  // VPC B: one subnet on its main table, DNS attributes left at their defaults.
  net.vpcB = await createVpc('10.1.0.0/16');
  net.subnetB = await createSubnet(net.vpcB, '10.1.1.0/24', 'a');
  net.rtbMainB = await mainTable(net.vpcB);
});

afterAll(async () => {
  await aws?.close();
});

beforeEach(() => {
  aws.emulator.clear();
});

describe('createNetworkLoader against the emulator', () => {
  it('loads route tables, subnets, endpoints, security groups and DNS attributes of two VPCs', async () => {
    // Act
    const facts = await createNetworkLoader(aws.ec2, { region: REGION }).load([net.vpcA, net.vpcB]);

    // Assess
    const a = facts.vpc(net.vpcA);
    expect(a).toMatchObject({
      vpcId: net.vpcA,
      exists: true,
      accountId: ACCOUNT_ID,
      region: REGION,
      dnsSupport: true,
      dnsHostnames: true,
    });
    const tables = new Map(a.routeTables.map((table) => [table.routeTableId, table]));
    const routesOf = (id: string) =>
      tables
        .get(id)
        ?.routes.map((r) => [r.destinationType, r.destination, r.target.kind, r.target.id, r.state]);
    expect(tables.get(net.rtbMainA)).toMatchObject({ main: true, subnetIds: [] });
    expect(routesOf(net.rtbMainA)).toEqual([
      ['ipv4', '10.0.0.0/16', 'local', 'local', 'active'],
      ['ipv4', '0.0.0.0/0', 'nat-gateway', net.nat, 'active'],
    ]);
    expect(tables.get(net.rtbPrivate)).toMatchObject({
      main: false,
      subnetIds: [net.subnetPrivateA, net.subnetPrivateB],
    });
    expect(routesOf(net.rtbPrivate)).toEqual([
      ['ipv4', '10.0.0.0/16', 'local', 'local', 'active'],
      ['ipv4', '10.8.0.0/16', 'transit-gateway', net.tgw, 'active'],
      ['prefix-list', net.s3PrefixList, 'gateway-endpoint', net.s3Endpoint, 'active'],
    ]);
    expect(routesOf(net.rtbPublic)).toEqual([
      ['ipv4', '10.0.0.0/16', 'local', 'local', 'active'],
      ['ipv4', '0.0.0.0/0', 'internet-gateway', net.igw, 'active'],
      ['ipv6', '::/0', 'egress-only-internet-gateway', net.eigw, 'active'],
      ['ipv4', '10.9.0.0/16', 'gateway-load-balancer-endpoint', net.gwlbEndpoint, 'active'],
    ]);
    expect(a.subnets.map((s) => [s.subnetId, s.cidrBlock, s.availabilityZone]).sort()).toEqual(
      [
        [net.subnetPrivateA, '10.0.1.0/24', 'eu-west-1a'],
        [net.subnetPrivateB, '10.0.2.0/24', 'eu-west-1b'],
        [net.subnetPublic, '10.0.3.0/24', 'eu-west-1a'],
        [net.subnetOnMain, '10.0.4.0/24', 'eu-west-1b'],
      ].sort(),
    );
    // Private DNS only for interface endpoints: the emulator reports it true for the others too.
    expect(
      a.endpoints.map((e) => [
        e.endpointId,
        e.endpointType,
        e.serviceName,
        e.state,
        e.endpointType === 'Interface' ? e.privateDnsEnabled : '-',
      ]),
    ).toEqual([
      [
        net.gwlbEndpoint,
        'GatewayLoadBalancer',
        `com.amazonaws.vpce.${REGION}.vpce-svc-0123456789abcdef0`,
        'available',
        '-',
      ],
      [net.s3Endpoint, 'Gateway', `com.amazonaws.${REGION}.s3`, 'available', '-'],
      [net.ecrApi, 'Interface', `com.amazonaws.${REGION}.ecr.api`, 'available', true],
      [net.ecrDkr, 'Interface', `com.amazonaws.${REGION}.ecr.dkr`, 'available', true],
      [net.logs, 'Interface', `com.amazonaws.${REGION}.logs`, 'available', false],
    ]);
    expect(a.endpoints.find((e) => e.endpointId === net.s3Endpoint)?.routeTableIds).toEqual([net.rtbPrivate]);
    expect(a.securityGroups.find((g) => g.groupId === net.securityGroup)?.ingress).toEqual([
      {
        protocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        cidrs: ['10.0.0.0/16'],
        ipv6Cidrs: [],
        prefixListIds: [],
        groupIds: [],
      },
    ]);

    const b = facts.vpc(net.vpcB);
    expect(b).toMatchObject({
      vpcId: net.vpcB,
      exists: true,
      dnsSupport: true,
      dnsHostnames: false,
      endpoints: [],
    });
    expect(b.routeTables.map((t) => [t.routeTableId, t.main, t.routes.map((r) => r.target.kind)])).toEqual([
      [net.rtbMainB, true, ['local']],
    ]);
    expect(b.subnets.map((s) => s.subnetId)).toEqual([net.subnetB]);
  });

  it('resolves subnets, egress routes and the S3 gateway endpoint over the loaded facts', async () => {
    // Prepare
    const vpc = (await createNetworkLoader(aws.ec2, { region: REGION }).load([net.vpcA])).vpc(net.vpcA);
    const egressOf = (subnetId: string, allowed: string[] = []) => {
      const resolved = routeTableForSubnet(vpc, subnetId);
      if (!resolved) throw new Error(`no table for ${subnetId}`);
      return egressRoutes(vpc, resolved.table, allowed).map((e) => [e.route.target.id, e.classification]);
    };
    const s3 = vpc.endpoints.find((e) => e.endpointId === net.s3Endpoint);
    if (!s3) throw new Error('S3 endpoint not loaded');

    // Act / Assess
    expect(routeTableForSubnet(vpc, net.subnetOnMain)).toMatchObject({
      table: { routeTableId: net.rtbMainA },
      via: 'main',
    });
    expect(routeTableForSubnet(vpc, net.subnetPrivateA)?.via).toBe('explicit');
    expect(egressOf(net.subnetPrivateA)).toEqual([[net.tgw, 'unknown-destination']]);
    expect(egressOf(net.subnetPrivateA, ['tgw-'])).toEqual([]);
    expect(egressOf(net.subnetOnMain)).toEqual([[net.nat, 'internet']]);
    expect(egressOf(net.subnetPublic)).toEqual([
      [net.igw, 'internet'],
      [net.eigw, 'internet'],
      [net.gwlbEndpoint, 'unknown-destination'],
    ]);
    expect(endpointUsability(vpc, s3, [net.subnetPrivateA, net.subnetPrivateB])).toEqual({ usable: true });
    expect(endpointUsability(vpc, s3, [net.subnetPrivateA, net.subnetOnMain])).toEqual({
      usable: false,
      reason: `is not associated with the route table of ${net.subnetOnMain} (${net.rtbMainA}, main table)`,
    });
  });

  it('feeds the network rules with verdicts naming the real resources', async () => {
    // Prepare
    const network = await createNetworkLoader(aws.ec2, { region: REGION }).load([net.vpcA]);
    const context = {
      ...contextFor(
        ACCOUNT_ID,
        REGION,
        parseRuleParameters(egressRule, {}).common,
        new Date('2026-11-25T12:00:00Z'),
      ),
      network,
    };
    const project = (...subnetIds: string[]) =>
      codeBuildProject({
        sources: [{ type: 'S3', location: 'sources-bucket/app.zip', primary: true }],
        vpcConfig: { vpcId: net.vpcA, subnetIds, securityGroupIds: [net.securityGroup] },
      });
    const allowTgw = parseParameters(egressRule.parameters, { allowedEgressTargets: 'tgw-' });

    // Act
    const privateBuild = egressRule.evaluate(
      project(net.subnetPrivateA, net.subnetPrivateB),
      context,
      allowTgw,
    );
    const publicBuild = egressRule.evaluate(project(net.subnetPublic), context, allowTgw);
    const endpoints = endpointsRule.evaluate(
      project(net.subnetPrivateA, net.subnetPrivateB),
      context,
      parseParameters(endpointsRule.parameters, {}),
    );

    // Assess
    expect(privateBuild).toEqual({
      compliance: 'COMPLIANT',
      annotation: `no route out of ${net.vpcA} from ${net.subnetPrivateA}, ${net.subnetPrivateB} except allowed 10.8.0.0/16 to ${net.tgw}`,
    });
    expect(publicBuild).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        `${net.subnetPublic} routes 0.0.0.0/0 to ${net.igw}, ::/0 to ${net.eigw}, 10.9.0.0/16 to ${net.gwlbEndpoint} ` +
        `(${net.rtbPublic}): builds can reach the internet and networks not in allowedEgressTargets`,
    });
    expect(endpoints).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: `${net.vpcA}: logs (${net.logs}) has private DNS disabled`,
    });
  });

  it('reads DHCP options; relies on no subnet IPv6 CIDR whose state is not associated; derives IPv4 records only from IPv4-only endpoint subnets', async () => {
    // Prepare: a dual-stack VPC with a corporate DNS server in its DHCP options. Emulator limits:
    // moto keeps no DnsOptions or IpAddressType on endpoints (its VPCEndPoint has neither), and it
    // reports a subnet's IPv6 association state malformed ("{'State': 'associated'}"), so the loader
    // does not rely on that block and both subnets load as IPv4-only. The IPv6-only-records and
    // unknown-records-from-IPv4-subnets cases are therefore covered by test/unit/lib/network/resolve.test.ts.
    const ec2 = aws.ec2;
    const { Vpc } = await ec2.send(
      new CreateVpcCommand({ CidrBlock: '10.30.0.0/16', AmazonProvidedIpv6CidrBlock: true }),
    );
    const vpcId = Vpc?.VpcId ?? '';
    await ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsSupport: { Value: true } }));
    await ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsHostnames: { Value: true } }));
    const v6 = Vpc?.Ipv6CidrBlockAssociationSet?.[0]?.Ipv6CidrBlock ?? '';
    const v6Subnet = v6.replace(/::\/56$/, '::/64');
    const { Subnet: dual } = await ec2.send(
      new CreateSubnetCommand({
        VpcId: vpcId,
        CidrBlock: '10.30.1.0/24',
        Ipv6CidrBlock: v6Subnet,
        AvailabilityZone: `${REGION}a`,
      }),
    );
    const { Subnet: v4 } = await ec2.send(
      new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.30.2.0/24', AvailabilityZone: `${REGION}b` }),
    );
    const dualId = dual?.SubnetId ?? '';
    const v4Id = v4?.SubnetId ?? '';
    const { GroupId } = await ec2.send(
      new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: 'dual', Description: 'builds and endpoint' }),
    );
    const groupId = GroupId ?? '';
    await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: groupId,
        IpPermissions: [
          { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, UserIdGroupPairs: [{ GroupId: groupId }] },
        ],
      }),
    );
    const { VpcEndpoint } = await ec2.send(
      new CreateVpcEndpointCommand({
        VpcId: vpcId,
        ServiceName: `com.amazonaws.${REGION}.logs`,
        VpcEndpointType: 'Interface',
        SubnetIds: [dualId],
        SecurityGroupIds: [groupId],
        PrivateDnsEnabled: true,
      }),
    );
    const { DhcpOptions } = await ec2.send(
      new CreateDhcpOptionsCommand({
        DhcpConfigurations: [{ Key: 'domain-name-servers', Values: ['10.30.0.10', 'AmazonProvidedDNS'] }],
      }),
    );
    const set = DhcpOptions?.DhcpOptionsId ?? '';
    await ec2.send(new AssociateDhcpOptionsCommand({ DhcpOptionsId: set, VpcId: vpcId }));

    // Act
    const vpc = (await createNetworkLoader(ec2, { region: REGION }).load([vpcId])).vpc(vpcId);
    const endpoint = vpc.endpoints.find((e) => e.endpointId === VpcEndpoint?.VpcEndpointId);
    const build = { securityGroupIds: [groupId], trustedResolvers: ['10.30.0.10'] };

    // Assess
    expect(vpc.dhcpOptions).toEqual({
      dhcpOptionsId: set,
      found: true,
      domainNameServers: ['10.30.0.10', 'AmazonProvidedDNS'],
    });
    expect(vpc.subnets.map((s) => [s.subnetId, s.ipv6CidrBlocks])).toEqual(
      expect.arrayContaining([
        [dualId, []],
        [v4Id, []],
      ]),
    );
    expect(endpoint).toBeDefined();
    if (!endpoint) return;
    expect(endpoint).not.toHaveProperty('dnsRecordIpType');
    expect(endpoint).not.toHaveProperty('ipAddressType');
    // Absent record type, endpoint subnets IPv4-only as far as the facts go: its records can only be IPv4.
    expect(endpointUsability(vpc, endpoint, [v4Id, dualId], build)).toEqual({ usable: true });
    expect(endpointUsability(vpc, endpoint, [v4Id], { securityGroupIds: [groupId] })).toEqual({
      usable: false,
      reason: `has private DNS but ${vpcId}'s DHCP options ${set} send DNS to 10.30.0.10, not only AmazonProvidedDNS, so clients may resolve the public endpoint`,
    });
  });

  it('reports a VPC that does not exist as exists:false instead of failing the batch', async () => {
    // Act
    const facts = await createNetworkLoader(aws.ec2, { region: REGION }).load([
      net.vpcB,
      'vpc-0123456789abcdef0',
      'not-a-vpc-id',
    ]);

    // Assess
    expect(facts.vpc('vpc-0123456789abcdef0')).toMatchObject({
      exists: false,
      routeTables: [],
      endpoints: [],
    });
    expect(facts.vpc('not-a-vpc-id').exists).toBe(false);
    expect(facts.vpc(net.vpcB).exists).toBe(true);
    expect(aws.emulator.count('ec2.DescribeVpcAttribute')).toBe(2);
  });

  it('makes the same EC2 calls for N=2 and N=50 projects over K=2 VPCs, and none when loaded again', async () => {
    // Prepare
    const projectsVpcs = (n: number) =>
      Array.from({ length: n }, (_, i) => (i % 2 === 0 ? net.vpcA : net.vpcB));
    const counts = () => Object.fromEntries(EC2_OPERATIONS.map((op) => [op, aws.emulator.count(op)]));

    // Act
    await createNetworkLoader(aws.ec2, { region: REGION }).load(projectsVpcs(2));
    const forTwo = counts();
    aws.emulator.clear();
    const loader = createNetworkLoader(aws.ec2, { region: REGION });
    const facts = await loader.load(projectsVpcs(50));
    const forFifty = counts();
    await loader.load(projectsVpcs(50));
    const afterReload = counts();

    // Assess
    const expected = {
      'ec2.DescribeVpcs': 1,
      'ec2.DescribeRouteTables': 1,
      'ec2.DescribeSubnets': 1,
      'ec2.DescribeVpcEndpoints': 1,
      'ec2.DescribeSecurityGroups': 1,
      // One call per attribute (enableDnsSupport, enableDnsHostnames) per VPC: 2 x K.
      'ec2.DescribeVpcAttribute': 4,
    };
    expect(forTwo).toEqual(expected);
    expect(forFifty).toEqual(expected);
    expect(afterReload).toEqual(expected);
    expect(facts.vpc(net.vpcA).routeTables).toHaveLength(3);
    expect(facts.vpc(net.vpcB).routeTables).toHaveLength(1);
  });
});
