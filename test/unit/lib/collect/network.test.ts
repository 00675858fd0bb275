/**
 * The network loader over a stubbed EC2 client: normalisation of every route target, association
 * and attribute shape, and the call pattern (batched filters, pagination, memoisation). The same
 * loader runs against the emulator in test/integration/network-load.test.ts.
 */
import {
  DescribeDhcpOptionsCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  EC2Client,
  type Filter,
  type RouteTable,
  type VpcEndpoint,
} from '@aws-sdk/client-ec2';
import { describe, expect, it, vi } from 'vitest';
import {
  createNetworkLoader,
  MAX_FILTER_VALUES,
  NetworkFactsNotLoadedError,
} from '../../../../lib/collect/network';
import { InvalidDescribeResponseError } from '../../../../lib/resources/errors';

interface World {
  vpcs: { VpcId: string; OwnerId?: string; DhcpOptionsId?: string }[];
  routeTables: RouteTable[];
  subnets: {
    SubnetId: string;
    VpcId: string;
    CidrBlock?: string;
    Ipv6CidrBlockAssociationSet?: { Ipv6CidrBlock?: string; Ipv6CidrBlockState?: { State?: string } }[];
    AvailabilityZone?: string;
    MapPublicIpOnLaunch?: boolean;
  }[];
  dhcpOptions?: {
    DhcpOptionsId: string;
    DhcpConfigurations: { Key: string; Values: { Value: string }[] }[];
  }[];
  endpoints: VpcEndpoint[];
  groups: Record<string, unknown>[];
  dns?: Record<string, { support?: boolean; hostnames?: boolean }>;
  /** Splits DescribeRouteTables into pages of this size. */
  routeTablePageSize?: number;
}

type Sent = { operation: string; input: Record<string, unknown> };

function vpcIdsOf(filters: unknown): string[] {
  const filter = (filters as Filter[] | undefined)?.find((f) => f.Name === 'vpc-id');
  return filter?.Values ?? [];
}

/** A real EC2Client (the paginators insist) whose send() answers from `world` and records each call. */
function stubClient(world: World, region = 'eu-west-1') {
  const client = new EC2Client({ region, credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
  const sent: Sent[] = [];
  const failures: Error[] = [];
  const send = vi.spyOn(client, 'send').mockImplementation((async (command: unknown) => {
    const { input } = command as { input: Record<string, unknown> };
    const operation = (command as object).constructor.name.replace(/Command$/, '');
    sent.push({ operation, input: structuredClone(input) });
    const failure = failures.shift();
    if (failure) throw failure;
    const inVpcs = (vpcId: string | undefined) => vpcIdsOf(input.Filters).includes(vpcId ?? '');
    if (command instanceof DescribeVpcsCommand) return { Vpcs: world.vpcs.filter((v) => inVpcs(v.VpcId)) };
    if (command instanceof DescribeRouteTablesCommand) {
      const all = world.routeTables.filter((t) => inVpcs(t.VpcId));
      const size = world.routeTablePageSize ?? all.length;
      const start = Number(input.NextToken ?? 0);
      const next = start + size < all.length ? { NextToken: String(start + size) } : {};
      return { RouteTables: all.slice(start, start + size), ...next };
    }
    if (command instanceof DescribeSubnetsCommand)
      return { Subnets: world.subnets.filter((s) => inVpcs(s.VpcId)) };
    if (command instanceof DescribeVpcEndpointsCommand) {
      return { VpcEndpoints: world.endpoints.filter((e) => inVpcs(e.VpcId)) };
    }
    if (command instanceof DescribeSecurityGroupsCommand) {
      return { SecurityGroups: world.groups.filter((g) => inVpcs(g.VpcId as string)) };
    }
    if (command instanceof DescribeDhcpOptionsCommand) {
      const ids = (input.Filters as Filter[]).find((f) => f.Name === 'dhcp-options-id')?.Values ?? [];
      return { DhcpOptions: (world.dhcpOptions ?? []).filter((set) => ids.includes(set.DhcpOptionsId)) };
    }
    if (command instanceof DescribeVpcAttributeCommand) {
      const dns = world.dns?.[input.VpcId as string] ?? { support: true, hostnames: true };
      return input.Attribute === 'enableDnsSupport'
        ? { EnableDnsSupport: { Value: dns.support } }
        : { EnableDnsHostnames: { Value: dns.hostnames } };
    }
    throw new Error(`unexpected command ${operation}`);
  }) as never);
  const count = (operation: string) => sent.filter((s) => s.operation === operation).length;
  return { client, sent, send, count, failNext: (error: Error) => failures.push(error) };
}

const VPC = 'vpc-0a1b';

function world(overrides: Partial<World> = {}): World {
  return {
    vpcs: [{ VpcId: VPC, OwnerId: '123456789012' }],
    routeTables: [
      {
        RouteTableId: 'rtb-0main',
        VpcId: VPC,
        Associations: [
          { Main: true, RouteTableAssociationId: 'rtbassoc-m', AssociationState: { State: 'associated' } },
        ],
        Routes: [
          {
            DestinationCidrBlock: '10.0.0.0/16',
            GatewayId: 'local',
            State: 'active',
            Origin: 'CreateRouteTable',
          },
        ],
      },
    ],
    subnets: [
      { SubnetId: 'subnet-0c1d', VpcId: VPC, CidrBlock: '10.0.1.0/24', AvailabilityZone: 'eu-west-1a' },
    ],
    endpoints: [
      {
        VpcEndpointId: 'vpce-0s3',
        VpcEndpointType: 'Gateway',
        VpcId: VPC,
        ServiceName: 'com.amazonaws.eu-west-1.s3',
        State: 'Available',
        RouteTableIds: ['rtb-0all'],
        OwnerId: '123456789012',
      },
      {
        VpcEndpointId: 'vpce-0gwlb',
        VpcEndpointType: 'GatewayLoadBalancer',
        VpcId: VPC,
        ServiceName: 'com.amazonaws.vpce.eu-west-1.vpce-svc-0fw',
        // The enum says Available; the wire often says available: both normalise to lower case.
        State: 'available' as VpcEndpoint['State'],
        OwnerId: '123456789012',
      },
    ],
    groups: [],
    ...overrides,
  };
}

describe('createNetworkLoader: normalisation', () => {
  it('normalises every route target kind, destination type and state', async () => {
    // Prepare
    const routes: NonNullable<RouteTable['Routes']> = [
      { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', State: 'active' },
      { DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-0a', State: 'active' },
      { DestinationCidrBlock: '10.1.0.0/16', GatewayId: 'vgw-0b', State: 'active' },
      { DestinationPrefixListId: 'pl-6da54004', GatewayId: 'vpce-0s3', State: 'active' },
      { DestinationCidrBlock: '10.2.0.0/16', GatewayId: 'vpce-0gwlb', State: 'active' },
      { DestinationPrefixListId: 'pl-0x', GatewayId: 'vpce-0unknown', State: 'active' },
      { DestinationCidrBlock: '10.3.0.0/16', NatGatewayId: 'nat-0c', State: 'blackhole' },
      { DestinationIpv6CidrBlock: '::/0', EgressOnlyInternetGatewayId: 'eigw-0d', State: 'active' },
      {
        DestinationCidrBlock: '10.4.0.0/16',
        InstanceId: 'i-0e',
        NetworkInterfaceId: 'eni-0e',
        State: 'active',
      },
      { DestinationCidrBlock: '10.5.0.0/16', NetworkInterfaceId: 'eni-0f', State: 'active' },
      { DestinationCidrBlock: '10.6.0.0/16', CarrierGatewayId: 'cagw-0g', State: 'active' },
      { DestinationCidrBlock: '10.7.0.0/16', TransitGatewayId: 'tgw-0h', State: 'active' },
      { DestinationCidrBlock: '10.8.0.0/16', VpcPeeringConnectionId: 'pcx-0i', State: 'active' },
      { DestinationCidrBlock: '10.9.0.0/16', LocalGatewayId: 'lgw-0j', State: 'active' },
      {
        DestinationCidrBlock: '10.10.0.0/16',
        CoreNetworkArn: 'arn:aws:networkmanager::123456789012:core-network/core-network-0k',
        State: 'active',
      },
      { DestinationCidrBlock: '10.11.0.0/16', GatewayId: 'xgw-0l', State: 'active' },
      { DestinationCidrBlock: '10.12.0.0/16', State: 'active' },
    ];
    const stub = stubClient(
      world({ routeTables: [{ RouteTableId: 'rtb-0all', VpcId: VPC, Routes: routes }] }),
    );

    // Act
    const facts = await createNetworkLoader(stub.client, { region: 'eu-west-1' }).load([VPC]);

    // Assess
    const table = facts.vpc(VPC).routeTables[0];
    expect(
      table?.routes.map((r) => [r.destinationType, r.destination, r.target.kind, r.target.id, r.state]),
    ).toEqual([
      ['ipv4', '10.0.0.0/16', 'local', 'local', 'active'],
      ['ipv4', '0.0.0.0/0', 'internet-gateway', 'igw-0a', 'active'],
      ['ipv4', '10.1.0.0/16', 'virtual-private-gateway', 'vgw-0b', 'active'],
      ['prefix-list', 'pl-6da54004', 'gateway-endpoint', 'vpce-0s3', 'active'],
      ['ipv4', '10.2.0.0/16', 'gateway-load-balancer-endpoint', 'vpce-0gwlb', 'active'],
      ['prefix-list', 'pl-0x', 'gateway-load-balancer-endpoint', 'vpce-0unknown', 'active'],
      ['ipv4', '10.3.0.0/16', 'nat-gateway', 'nat-0c', 'blackhole'],
      ['ipv6', '::/0', 'egress-only-internet-gateway', 'eigw-0d', 'active'],
      ['ipv4', '10.4.0.0/16', 'instance', 'i-0e', 'active'],
      ['ipv4', '10.5.0.0/16', 'network-interface', 'eni-0f', 'active'],
      ['ipv4', '10.6.0.0/16', 'carrier-gateway', 'cagw-0g', 'active'],
      ['ipv4', '10.7.0.0/16', 'transit-gateway', 'tgw-0h', 'active'],
      ['ipv4', '10.8.0.0/16', 'vpc-peering-connection', 'pcx-0i', 'active'],
      ['ipv4', '10.9.0.0/16', 'local-gateway', 'lgw-0j', 'active'],
      [
        'ipv4',
        '10.10.0.0/16',
        'core-network',
        'arn:aws:networkmanager::123456789012:core-network/core-network-0k',
        'active',
      ],
      ['ipv4', '10.11.0.0/16', 'unknown', 'xgw-0l', 'active'],
      ['ipv4', '10.12.0.0/16', 'unknown', '(no target)', 'active'],
    ]);
  });

  it('reads the main flag and explicit subnet associations, ignoring gateway and ended associations', async () => {
    // Prepare
    const stub = stubClient(
      world({
        routeTables: [
          {
            RouteTableId: 'rtb-0main',
            VpcId: VPC,
            Associations: [
              { Main: true, AssociationState: { State: 'associated' } },
              { Main: false, SubnetId: 'subnet-0c2d', AssociationState: { State: 'associated' } },
            ],
            Routes: [],
          },
          {
            RouteTableId: 'rtb-0edge',
            VpcId: VPC,
            Associations: [
              { Main: false, GatewayId: 'igw-0a', AssociationState: { State: 'associated' } },
              { Main: false, SubnetId: 'subnet-0c1d', AssociationState: { State: 'associated' } },
              { Main: false, SubnetId: 'subnet-0old', AssociationState: { State: 'disassociated' } },
            ],
            Routes: [],
          },
        ],
      }),
    );

    // Act
    const facts = await createNetworkLoader(stub.client, { region: 'eu-west-1' }).load([VPC]);

    // Assess
    expect(facts.vpc(VPC).routeTables.map((t) => [t.routeTableId, t.main, t.subnetIds])).toEqual([
      ['rtb-0main', true, ['subnet-0c2d']],
      ['rtb-0edge', false, ['subnet-0c1d']],
    ]);
  });

  it('normalises VPC, subnets, endpoints, DNS attributes and security groups', async () => {
    // Prepare
    const stub = stubClient(
      world({
        dns: { [VPC]: { support: true, hostnames: false } },
        groups: [
          {
            GroupId: 'sg-0e1f',
            VpcId: VPC,
            IpPermissions: [
              { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.0.0.0/16' }] },
            ],
            IpPermissionsEgress: [
              {
                IpProtocol: '-1',
                IpRanges: [{ CidrIp: '0.0.0.0/0' }],
                Ipv6Ranges: [{ CidrIpv6: '::/0' }],
                PrefixListIds: [{ PrefixListId: 'pl-6da54004' }],
                UserIdGroupPairs: [{ GroupId: 'sg-0aaa' }],
              },
            ],
          },
        ],
      }),
    );

    // Act
    const vpc = (await createNetworkLoader(stub.client, { region: 'eu-west-1' }).load([VPC])).vpc(VPC);

    // Assess
    expect(vpc).toMatchObject({
      vpcId: VPC,
      exists: true,
      accountId: '123456789012',
      region: 'eu-west-1',
      dnsSupport: true,
      dnsHostnames: false,
      subnets: [
        {
          subnetId: 'subnet-0c1d',
          vpcId: VPC,
          cidrBlock: '10.0.1.0/24',
          availabilityZone: 'eu-west-1a',
          mapPublicIpOnLaunch: false,
        },
      ],
      securityGroups: [
        {
          groupId: 'sg-0e1f',
          vpcId: VPC,
          ingress: [
            {
              protocol: 'tcp',
              fromPort: 443,
              toPort: 443,
              cidrs: ['10.0.0.0/16'],
              ipv6Cidrs: [],
              prefixListIds: [],
              groupIds: [],
            },
          ],
          egress: [
            {
              protocol: '-1',
              cidrs: ['0.0.0.0/0'],
              ipv6Cidrs: ['::/0'],
              prefixListIds: ['pl-6da54004'],
              groupIds: ['sg-0aaa'],
            },
          ],
        },
      ],
    });
    expect(vpc.endpoints.map((e) => [e.endpointId, e.endpointType, e.state, e.region])).toEqual([
      ['vpce-0s3', 'Gateway', 'available', 'eu-west-1'],
      ['vpce-0gwlb', 'GatewayLoadBalancer', 'available', 'eu-west-1'],
    ]);
  });

  it('reads the DHCP options each VPC names: default, a set with its DNS servers, a set without any, a set gone, no id', async () => {
    // Prepare
    const ids = ['vpc-0def', 'vpc-0set', 'vpc-0nodns', 'vpc-0gone', 'vpc-0none'];
    const stub = stubClient(
      world({
        vpcs: [
          { VpcId: 'vpc-0def', DhcpOptionsId: 'default' },
          { VpcId: 'vpc-0set', DhcpOptionsId: 'dopt-0corp' },
          { VpcId: 'vpc-0nodns', DhcpOptionsId: 'dopt-0ntp' },
          { VpcId: 'vpc-0gone', DhcpOptionsId: 'dopt-0gone' },
          { VpcId: 'vpc-0none' },
        ],
        dhcpOptions: [
          {
            DhcpOptionsId: 'dopt-0corp',
            DhcpConfigurations: [
              { Key: 'domain-name', Values: [{ Value: 'corp.example' }] },
              {
                Key: 'domain-name-servers',
                Values: [{ Value: '10.0.0.10' }, { Value: 'AmazonProvidedDNS' }],
              },
            ],
          },
          {
            DhcpOptionsId: 'dopt-0ntp',
            DhcpConfigurations: [{ Key: 'ntp-servers', Values: [{ Value: '10.0.0.5' }] }],
          },
        ],
      }),
    );

    // Act
    const facts = await createNetworkLoader(stub.client, { region: 'eu-west-1' }).load(ids);

    // Assess
    expect(ids.map((id) => facts.vpc(id).dhcpOptions)).toEqual([
      { dhcpOptionsId: 'default', found: true },
      { dhcpOptionsId: 'dopt-0corp', found: true, domainNameServers: ['10.0.0.10', 'AmazonProvidedDNS'] },
      { dhcpOptionsId: 'dopt-0ntp', found: true },
      { dhcpOptionsId: 'dopt-0gone', found: false },
      undefined,
    ]);
    const dhcpCalls = stub.sent.filter((call) => call.operation === 'DescribeDhcpOptions');
    expect(dhcpCalls.map((call) => call.input.Filters)).toEqual([
      [{ Name: 'dhcp-options-id', Values: ['dopt-0corp', 'dopt-0ntp', 'dopt-0gone'] }],
    ]);
  });

  it('reads associated subnet IPv6 CIDRs and the endpoint address and DNS record types', async () => {
    // Prepare
    const stub = stubClient(
      world({
        subnets: [
          {
            SubnetId: 'subnet-0dual',
            VpcId: VPC,
            CidrBlock: '10.0.1.0/24',
            Ipv6CidrBlockAssociationSet: [
              { Ipv6CidrBlock: '2001:db8:0:1::/64', Ipv6CidrBlockState: { State: 'associated' } },
              { Ipv6CidrBlock: '2001:db8:0:9::/64', Ipv6CidrBlockState: { State: 'disassociated' } },
            ],
          },
          { SubnetId: 'subnet-0v4', VpcId: VPC, CidrBlock: '10.0.2.0/24' },
        ],
        endpoints: [
          {
            VpcEndpointId: 'vpce-0v6',
            VpcEndpointType: 'Interface',
            VpcId: VPC,
            ServiceName: 'com.amazonaws.eu-west-1.logs',
            State: 'Available',
            IpAddressType: 'dualstack',
            DnsOptions: { DnsRecordIpType: 'ipv6' },
            OwnerId: '123456789012',
          },
          {
            VpcEndpointId: 'vpce-0silent',
            VpcEndpointType: 'Interface',
            VpcId: VPC,
            ServiceName: 'com.amazonaws.eu-west-1.logs',
            State: 'Available',
            OwnerId: '123456789012',
          },
        ],
      }),
    );

    // Act
    const vpc = (await createNetworkLoader(stub.client, { region: 'eu-west-1' }).load([VPC])).vpc(VPC);

    // Assess
    expect(vpc.subnets.map((subnet) => [subnet.subnetId, subnet.ipv6CidrBlocks])).toEqual([
      ['subnet-0dual', ['2001:db8:0:1::/64']],
      ['subnet-0v4', []],
    ]);
    const [v6, silent] = vpc.endpoints;
    expect([v6?.ipAddressType, v6?.dnsRecordIpType]).toEqual(['dualstack', 'ipv6']);
    // Absent stays absent: never read as ipv4.
    expect(silent).not.toHaveProperty('ipAddressType');
    expect(silent).not.toHaveProperty('dnsRecordIpType');
  });

  it('throws a typed error for a security group rule without IpProtocol (never read as every protocol)', async () => {
    // Prepare
    const stub = stubClient(
      world({
        groups: [{ GroupId: 'sg-0e1f', VpcId: VPC, IpPermissions: [{ FromPort: 443, ToPort: 443 }] }],
      }),
    );

    // Act
    const error = await createNetworkLoader(stub.client, { region: 'eu-west-1' })
      .load([VPC])
      .catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(InvalidDescribeResponseError);
    expect((error as Error).message).toContain('IpPermissions[0].IpProtocol is missing');
  });

  it('uses the given accountId over OwnerId, and the client region when none is given', async () => {
    // Prepare
    const stub = stubClient(world(), 'eu-central-1');

    // Act
    const vpc = (
      await createNetworkLoader(stub.client, { region: '', accountId: '999999999999' }).load([VPC])
    ).vpc(VPC);

    // Assess
    expect(vpc.accountId).toBe('999999999999');
    expect(vpc.region).toBe('eu-central-1');
    expect(vpc.endpoints[0]?.accountId).toBe('999999999999');
  });

  it('throws a typed error for a route without destination', async () => {
    // Prepare
    const stub = stubClient(
      world({ routeTables: [{ RouteTableId: 'rtb-0bad', VpcId: VPC, Routes: [{ GatewayId: 'igw-0a' }] }] }),
    );

    // Act / Assess
    await expect(createNetworkLoader(stub.client, { region: 'eu-west-1' }).load([VPC])).rejects.toThrowError(
      InvalidDescribeResponseError,
    );
  });
});

describe('createNetworkLoader: missing VPCs and facts lookup', () => {
  it('reports a VPC that does not exist as exists:false without per-VPC calls for it', async () => {
    // Prepare
    const stub = stubClient(world());

    // Act
    const facts = await createNetworkLoader(stub.client, { region: 'eu-west-1' }).load([VPC, 'vpc-0gone']);

    // Assess
    expect(facts.vpc('vpc-0gone')).toEqual({
      vpcId: 'vpc-0gone',
      exists: false,
      region: 'eu-west-1',
      routeTables: [],
      subnets: [],
      endpoints: [],
      securityGroups: [],
    });
    expect(facts.vpc(VPC).exists).toBe(true);
    expect(stub.sent.find((s) => s.operation === 'DescribeVpcs')?.input.Filters).toEqual([
      { Name: 'vpc-id', Values: [VPC, 'vpc-0gone'] },
    ]);
    expect(stub.sent.find((s) => s.operation === 'DescribeRouteTables')?.input.Filters).toEqual([
      { Name: 'vpc-id', Values: [VPC] },
    ]);
    expect(stub.sent.filter((s) => s.operation === 'DescribeVpcAttribute').map((s) => s.input.VpcId)).toEqual(
      [VPC, VPC],
    );
  });

  it('makes only the DescribeVpcs call when no requested VPC exists', async () => {
    // Prepare
    const stub = stubClient(world());

    // Act
    const facts = await createNetworkLoader(stub.client, { region: 'eu-west-1' }).load(['vpc-0gone']);

    // Assess
    expect(facts.vpc('vpc-0gone').exists).toBe(false);
    expect(stub.sent.map((s) => s.operation)).toEqual(['DescribeVpcs']);
  });

  it('treats a VPC deleted before its attributes were read as missing', async () => {
    // Prepare
    const stub = stubClient(world());
    const send = stub.send.getMockImplementation() as ((command: unknown) => Promise<unknown>) | undefined;
    stub.send.mockImplementation((async (command: unknown) => {
      if (command instanceof DescribeVpcAttributeCommand) {
        throw Object.assign(new Error('The vpc ID does not exist'), { name: 'InvalidVpcID.NotFound' });
      }
      return send?.(command);
    }) as never);

    // Act
    const facts = await createNetworkLoader(stub.client, { region: 'eu-west-1' }).load([VPC]);

    // Assess
    expect(facts.vpc(VPC).exists).toBe(false);
  });

  it('throws a clear error for a VPC that was not requested', async () => {
    // Prepare
    const stub = stubClient(world());
    const facts = await createNetworkLoader(stub.client, { region: 'eu-west-1' }).load([VPC]);

    // Act / Assess
    expect(() => facts.vpc('vpc-0other')).toThrowError(NetworkFactsNotLoadedError);
    expect(() => facts.vpc('vpc-0other')).toThrowError(/"vpc-0other" were not loaded \(loaded: vpc-0a1b\)/);
  });
});

describe('createNetworkLoader: API calls', () => {
  const perVpcOperations = [
    'DescribeVpcs',
    'DescribeRouteTables',
    'DescribeSubnets',
    'DescribeVpcEndpoints',
    'DescribeSecurityGroups',
  ];

  it('makes one call per Describe operation and two attribute calls per VPC, however many ids repeat', async () => {
    // Prepare
    const stub = stubClient(world({ vpcs: [{ VpcId: VPC }, { VpcId: 'vpc-0b2c' }] }));
    const projectsVpcs = Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? VPC : 'vpc-0b2c'));

    // Act
    await createNetworkLoader(stub.client, { region: 'eu-west-1' }).load(projectsVpcs);

    // Assess
    for (const operation of perVpcOperations) expect(stub.count(operation)).toBe(1);
    expect(stub.count('DescribeVpcAttribute')).toBe(4);
    expect(stub.sent).toHaveLength(9);
  });

  it('loads each VPC once per loader: repeated and overlapping calls fetch only new VPCs', async () => {
    // Prepare
    const stub = stubClient(world({ vpcs: [{ VpcId: VPC }, { VpcId: 'vpc-0b2c' }] }));
    const loader = createNetworkLoader(stub.client, { region: 'eu-west-1' });

    // Act
    const [first, concurrent] = await Promise.all([loader.load([VPC]), loader.load([VPC])]);
    const callsAfterFirst = stub.sent.length;
    await loader.load([VPC]);
    const callsAfterRepeat = stub.sent.length;
    const second = await loader.load([VPC, 'vpc-0b2c']);

    // Assess
    expect(callsAfterFirst).toBe(7);
    expect(callsAfterRepeat).toBe(7);
    expect(stub.sent.slice(7).find((s) => s.operation === 'DescribeVpcs')?.input.Filters).toEqual([
      { Name: 'vpc-id', Values: ['vpc-0b2c'] },
    ]);
    expect(second.vpc(VPC)).toBe(first.vpc(VPC));
    expect(concurrent.vpc(VPC)).toBe(first.vpc(VPC));
    expect(() => first.vpc('vpc-0b2c')).toThrowError(NetworkFactsNotLoadedError);
  });

  it('ignores empty and duplicate ids', async () => {
    // Prepare
    const stub = stubClient(world());

    // Act
    await createNetworkLoader(stub.client, { region: 'eu-west-1' }).load(['', VPC, ` ${VPC}`, VPC]);

    // Assess
    expect(stub.sent.find((s) => s.operation === 'DescribeVpcs')?.input.Filters).toEqual([
      { Name: 'vpc-id', Values: [VPC] },
    ]);
  });

  it('makes no call for no VPC', async () => {
    // Prepare
    const stub = stubClient(world());

    // Act
    await createNetworkLoader(stub.client, { region: 'eu-west-1' }).load([]);

    // Assess
    expect(stub.sent).toEqual([]);
  });

  it(`splits more than ${MAX_FILTER_VALUES} VPCs into filters of at most ${MAX_FILTER_VALUES} values`, async () => {
    // Prepare
    const ids = Array.from({ length: 250 }, (_, i) => `vpc-${i.toString(16).padStart(4, '0')}`);
    const stub = stubClient(world({ vpcs: ids.map((VpcId) => ({ VpcId })) }));

    // Act
    const facts = await createNetworkLoader(stub.client, { region: 'eu-west-1' }).load(ids);

    // Assess
    for (const operation of perVpcOperations) {
      const sizes = stub.sent
        .filter((s) => s.operation === operation)
        .map((s) => vpcIdsOf(s.input.Filters).length);
      expect(sizes).toEqual([200, 50]);
    }
    expect(ids.every((id) => facts.vpc(id).exists)).toBe(true);
  });

  it('follows pagination with the SDK paginator', async () => {
    // Prepare
    const tables: RouteTable[] = Array.from({ length: 5 }, (_, i) => ({
      RouteTableId: `rtb-${i}`,
      VpcId: VPC,
      Routes: [],
    }));
    const stub = stubClient(world({ routeTables: tables, routeTablePageSize: 2 }));

    // Act
    const facts = await createNetworkLoader(stub.client, { region: 'eu-west-1' }).load([VPC]);

    // Assess
    expect(facts.vpc(VPC).routeTables.map((t) => t.routeTableId)).toEqual([
      'rtb-0',
      'rtb-1',
      'rtb-2',
      'rtb-3',
      'rtb-4',
    ]);
    expect(stub.count('DescribeRouteTables')).toBe(3);
  });

  it('propagates AWS errors and retries a failed VPC on the next call', async () => {
    // Prepare
    const stub = stubClient(world());
    const loader = createNetworkLoader(stub.client, { region: 'eu-west-1' });
    stub.failNext(Object.assign(new Error('not authorized'), { name: 'UnauthorizedOperation' }));

    // Act / Assess
    await expect(loader.load([VPC])).rejects.toThrowError('not authorized');
    const facts = await loader.load([VPC]);
    expect(facts.vpc(VPC).exists).toBe(true);
  });
});
