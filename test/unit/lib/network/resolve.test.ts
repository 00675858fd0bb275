import { describe, expect, it } from 'vitest';
import type { Route, RouteTargetKind } from '../../../../lib/network/model';
import {
  egressRoutes,
  endpointsForService,
  endpointUsability,
  recordFamilies,
  resolverProblem,
  routeTableForSubnet,
} from '../../../../lib/network/resolve';
import {
  allOutbound,
  BUILD_SG,
  DHCP_OPTIONS,
  ENDPOINT_SG,
  endpointIdFor,
  gatewayEndpoint,
  interfaceEndpoint,
  privateVpc,
  RTB_MAIN,
  RTB_PRIVATE,
  route,
  routeTable,
  S3_GATEWAY_ENDPOINT,
  S3_PREFIX_LIST,
  SUBNET_A,
  SUBNET_A_CIDR,
  SUBNET_B,
  SUBNET_B_CIDR,
  s3GatewayRoute,
  securityGroup,
  sgRule,
  subnet,
  withEndpoint,
  withSecurityGroup,
} from '../../../fixtures/network';

const table = (...routes: Route[]) => routeTable('rtb-x', { routes });
const classify = (r: Route, allowed: string[] = []) =>
  egressRoutes(privateVpc(), table(r), allowed).map((e) => ({
    id: e.route.target.id,
    class: e.classification,
  }));

describe('routeTableForSubnet', () => {
  it('resolves an explicitly associated subnet to its table', () => {
    // Act
    const resolved = routeTableForSubnet(privateVpc(), SUBNET_A);

    // Assess
    expect(resolved?.table.routeTableId).toBe(RTB_PRIVATE);
    expect(resolved?.via).toBe('explicit');
  });

  it('falls back to the main table for a subnet without explicit association', () => {
    // Prepare
    const vpc = privateVpc({ subnets: [subnet(SUBNET_A), subnet('subnet-0e9f')] });

    // Act
    const resolved = routeTableForSubnet(vpc, 'subnet-0e9f');

    // Assess
    expect(resolved?.table.routeTableId).toBe(RTB_MAIN);
    expect(resolved?.via).toBe('main');
  });

  it('prefers the explicit association even when listed after the main table', () => {
    // Prepare
    const vpc = privateVpc({
      routeTables: [routeTable(RTB_MAIN, { main: true }), routeTable('rtb-late', { subnetIds: [SUBNET_A] })],
    });

    // Act
    const resolved = routeTableForSubnet(vpc, SUBNET_A);

    // Assess
    expect(resolved).toMatchObject({ table: { routeTableId: 'rtb-late' }, via: 'explicit' });
  });

  it('reports explicit for a subnet explicitly associated with the main table', () => {
    // Prepare
    const vpc = privateVpc({ routeTables: [routeTable(RTB_MAIN, { main: true, subnetIds: [SUBNET_A] })] });

    // Act / Assess
    expect(routeTableForSubnet(vpc, SUBNET_A)).toMatchObject({
      table: { routeTableId: RTB_MAIN },
      via: 'explicit',
    });
  });

  it('returns undefined for a subnet that is not in the VPC (no main-table guess)', () => {
    expect(routeTableForSubnet(privateVpc(), 'subnet-0other')).toBeUndefined();
  });

  it('returns undefined when the VPC has no main table and the subnet no association', () => {
    // Prepare
    const vpc = privateVpc({ routeTables: [routeTable(RTB_PRIVATE, { subnetIds: [SUBNET_A] })] });

    // Act / Assess
    expect(routeTableForSubnet(vpc, SUBNET_B)).toBeUndefined();
  });
});

describe('egressRoutes', () => {
  it('ignores the local route and the S3 gateway-endpoint route of the reference private table', () => {
    // Prepare
    const vpc = privateVpc();
    const privateTable = vpc.routeTables.find((t) => t.routeTableId === RTB_PRIVATE);
    if (!privateTable) throw new Error('fixture lacks rtb-private');

    // Act / Assess
    expect(privateTable.routes).toHaveLength(2);
    expect(egressRoutes(vpc, privateTable, [])).toEqual([]);
  });

  it.each<[string, string, RouteTargetKind]>([
    ['0.0.0.0/0', 'igw-0a1', 'internet-gateway'],
    ['0.0.0.0/0', 'nat-0b2', 'nat-gateway'],
    ['::/0', 'eigw-0c3', 'egress-only-internet-gateway'],
    ['0.0.0.0/0', 'i-0d4', 'instance'],
    ['0.0.0.0/0', 'eni-0e5', 'network-interface'],
    ['0.0.0.0/0', 'cagw-0f6', 'carrier-gateway'],
  ])('classifies %s to %s (%s) as internet', (destination, target, kind) => {
    // Act / Assess
    expect(classify(route(destination, target, { kind }))).toEqual([{ id: target, class: 'internet' }]);
  });

  it.each<[string, RouteTargetKind]>([
    ['tgw-0a1', 'transit-gateway'],
    ['pcx-0b2', 'vpc-peering-connection'],
    ['vgw-0c3', 'virtual-private-gateway'],
    ['vpce-0d4', 'gateway-load-balancer-endpoint'],
    ['lgw-0e5', 'local-gateway'],
    ['arn:aws:networkmanager::123456789012:core-network/core-network-0f6', 'core-network'],
    ['odb-0a7', 'unknown'],
  ])('classifies a route to %s (%s) as unknown-destination', (target, kind) => {
    // Act / Assess
    expect(classify(route('10.8.0.0/16', target, { kind }))).toEqual([
      { id: target, class: 'unknown-destination' },
    ]);
  });

  it.each([
    ['IPv4 default', '0.0.0.0/0'],
    ['IPv4 non-default (a public range)', '52.94.0.0/16'],
    ['IPv6 default', '::/0'],
    ['IPv6 non-default', '2600:1f00::/24'],
    ['prefix list', 'pl-0abc'],
  ])('counts %s destinations', (_label, destination) => {
    // Act
    const [egress] = egressRoutes(privateVpc(), table(route(destination, 'nat-0b2')), []);

    // Assess
    expect(egress?.route.destination).toBe(destination);
    expect(egress?.classification).toBe('internet');
  });

  it('ignores blackhole routes (any case) and counts active ones', () => {
    // Prepare
    const routes = [
      route('0.0.0.0/0', 'nat-0dead', { state: 'blackhole' }),
      route('::/0', 'eigw-0dead', { state: 'BLACKHOLE' }),
      route('10.8.0.0/16', 'tgw-0live', { state: 'Active' }),
    ];

    // Act
    const egress = egressRoutes(privateVpc(), table(...routes), []);

    // Assess
    expect(egress.map((e) => e.route.target.id)).toEqual(['tgw-0live']);
  });

  it('allows unknown-destination targets by exact id and by prefix, case-insensitively', () => {
    // Prepare
    const routes = [
      route('10.8.0.0/16', 'tgw-0a1'),
      route('10.9.0.0/16', 'pcx-0b2'),
      route('10.10.0.0/16', 'pcx-0c3'),
      route('10.11.0.0/16', 'vgw-0d4'),
    ];

    // Act
    const egress = egressRoutes(privateVpc(), table(...routes), ['TGW-', 'pcx-0b2']);

    // Assess
    expect(egress.map((e) => e.route.target.id)).toEqual(['pcx-0c3', 'vgw-0d4']);
  });

  it('never lets allowed targets hide an internet route', () => {
    // Act / Assess
    expect(classify(route('0.0.0.0/0', 'nat-0b2'), ['nat-', 'nat-0b2'])).toEqual([
      { id: 'nat-0b2', class: 'internet' },
    ]);
  });

  it('ignores a prefix-list route to a gateway endpoint of the VPC', () => {
    expect(classify(s3GatewayRoute())).toEqual([]);
  });

  it('counts a gateway-endpoint route whose destination is not a prefix list', () => {
    expect(classify(route('0.0.0.0/0', S3_GATEWAY_ENDPOINT, { kind: 'gateway-endpoint' }))).toEqual([
      { id: S3_GATEWAY_ENDPOINT, class: 'unknown-destination' },
    ]);
  });

  it('counts a gateway-endpoint route whose endpoint is not a Gateway endpoint of the VPC', () => {
    // Prepare
    const vpc = privateVpc({ endpoints: [] });

    // Act
    const egress = egressRoutes(vpc, table(s3GatewayRoute()), []);

    // Assess
    expect(egress.map((e) => e.classification)).toEqual(['unknown-destination']);
  });

  it('lists every egress route of a table in order', () => {
    // Prepare
    const routes = [route('0.0.0.0/0', 'nat-0b2'), route('::/0', 'eigw-0c3'), route('10.8.0.0/8', 'tgw-0a1')];

    // Act
    const egress = egressRoutes(privateVpc(), table(...routes), []);

    // Assess
    expect(egress.map((e) => [e.route.target.id, e.classification])).toEqual([
      ['nat-0b2', 'internet'],
      ['eigw-0c3', 'internet'],
      ['tgw-0a1', 'unknown-destination'],
    ]);
  });
});

describe('endpointsForService', () => {
  it('finds the endpoint serving a service by its AWS service name', () => {
    expect(endpointsForService(privateVpc(), 'ecr.dkr').map((e) => e.endpointId)).toEqual(['vpce-ecr-dkr']);
  });

  it('serves a service only with an endpoint of exactly that name: FIPS and plain do not stand in for each other', () => {
    // Prepare
    const vpc = privateVpc({
      endpoints: [
        interfaceEndpoint('git-codecommit-fips', { endpointId: 'vpce-gcc-fips' }),
        interfaceEndpoint('ecr-fips.api', { endpointId: 'vpce-ecr-fips' }),
        interfaceEndpoint('kms'),
        interfaceEndpoint('kms-fips', { endpointId: 'vpce-kms-fips' }),
      ],
    });

    // Act / Assess
    expect(endpointsForService(vpc, 'git-codecommit')).toEqual([]);
    expect(endpointsForService(vpc, 'git-codecommit-fips').map((e) => e.endpointId)).toEqual([
      'vpce-gcc-fips',
    ]);
    expect(endpointsForService(vpc, 'ecr.api')).toEqual([]);
    expect(endpointsForService(vpc, 'ecr-fips.api').map((e) => e.endpointId)).toEqual(['vpce-ecr-fips']);
    expect(endpointsForService(vpc, 'kms-fips').map((e) => e.endpointId)).toEqual(['vpce-kms-fips']);
    expect(endpointsForService(vpc, 'kms').map((e) => e.endpointId)).toEqual(['vpce-kms']);
  });

  it("finds a cross-Region endpoint only when that Region's service is asked for", () => {
    // Prepare
    const vpc = privateVpc({
      endpoints: [
        interfaceEndpoint('ecr.dkr', {
          endpointId: 'vpce-fra-dkr',
          serviceName: 'com.amazonaws.eu-central-1.ecr.dkr',
        }),
      ],
    });

    // Act / Assess
    expect(endpointsForService(vpc, 'ecr.dkr')).toEqual([]);
    expect(endpointsForService(vpc, 'ecr.dkr', 'eu-central-1').map((e) => e.endpointId)).toEqual([
      'vpce-fra-dkr',
    ]);
  });

  it('does not confuse services that share a prefix (codecommit vs git-codecommit)', () => {
    expect(endpointsForService(privateVpc(), 'codecommit').map((e) => e.endpointId)).toEqual([
      'vpce-codecommit',
    ]);
  });

  it('ignores endpoints for another Region and endpoint services of other owners', () => {
    // Prepare
    const vpc = privateVpc({
      endpoints: [
        interfaceEndpoint('logs', { serviceName: 'com.amazonaws.us-east-1.logs' }),
        interfaceEndpoint('logs', {
          endpointId: 'vpce-other',
          serviceName: 'com.amazonaws.vpce.eu-west-1.vpce-svc-0a',
        }),
      ],
    });

    // Act / Assess
    expect(endpointsForService(vpc, 'logs')).toEqual([]);
  });

  it('returns both gateway and interface endpoints for s3', () => {
    // Prepare
    const vpc = privateVpc({ endpoints: [gatewayEndpoint([RTB_PRIVATE]), interfaceEndpoint('s3')] });

    // Act / Assess
    expect(endpointsForService(vpc, 's3').map((e) => e.endpointId)).toEqual([S3_GATEWAY_ENDPOINT, 'vpce-s3']);
  });
});

describe('endpointUsability', () => {
  const subnets = [SUBNET_A, SUBNET_B];
  const build = { securityGroupIds: [BUILD_SG] };
  const endpoint = (vpc = privateVpc(), id = endpointIdFor('ecr.dkr')) => {
    const found = vpc.endpoints.find((e) => e.endpointId === id);
    if (!found) throw new Error(`no ${id}`);
    return found;
  };

  it('accepts an available interface endpoint with private DNS in a VPC with DNS on', () => {
    expect(endpointUsability(privateVpc(), endpoint(), subnets, build)).toEqual({ usable: true });
  });

  it('rejects an endpoint that is not available, naming its state', () => {
    // Prepare
    const vpc = withEndpoint(privateVpc(), 'vpce-ecr-dkr', { state: 'pendingacceptance' });

    // Act / Assess
    expect(endpointUsability(vpc, endpoint(vpc), subnets, build)).toEqual({
      usable: false,
      reason: 'is pendingacceptance',
    });
  });

  it('rejects an interface endpoint with private DNS disabled', () => {
    // Prepare
    const vpc = withEndpoint(privateVpc(), 'vpce-ecr-dkr', { privateDnsEnabled: false });

    // Act / Assess
    expect(endpointUsability(vpc, endpoint(vpc), subnets, build)).toEqual({
      usable: false,
      reason: 'has private DNS disabled',
    });
  });

  it('adds the VPC DNS attributes known off to a private DNS disabled reason', () => {
    // Prepare
    const vpc = withEndpoint(privateVpc({ dnsHostnames: false }), 'vpce-ecr-dkr', {
      privateDnsEnabled: false,
    });

    // Act / Assess
    expect(endpointUsability(vpc, endpoint(vpc), subnets, build)).toEqual({
      usable: false,
      reason: 'has private DNS disabled (and vpc-0a1b has enableDnsHostnames off)',
    });
  });

  it('rejects private DNS that cannot resolve because the VPC has DNS support off', () => {
    // Prepare
    const vpc = privateVpc({ dnsSupport: false, dnsHostnames: false });

    // Act / Assess
    expect(endpointUsability(vpc, endpoint(vpc), subnets, build)).toEqual({
      usable: false,
      reason:
        'has private DNS but vpc-0a1b has enableDnsSupport and enableDnsHostnames off, so it does not resolve',
    });
  });

  it('accepts private DNS when the VPC DNS attributes are unknown', () => {
    // Prepare
    const { dnsSupport: _s, dnsHostnames: _h, ...unknown } = privateVpc();

    // Act / Assess
    expect(endpointUsability(unknown, endpoint(unknown), subnets, build)).toEqual({ usable: true });
  });

  it('accepts an S3 gateway endpoint associated with the table of every subnet', () => {
    expect(
      endpointUsability(privateVpc(), endpoint(privateVpc(), S3_GATEWAY_ENDPOINT), subnets, build),
    ).toEqual({
      usable: true,
    });
  });

  it('rejects an S3 gateway endpoint missing from the main table that serves one subnet', () => {
    // Prepare
    const vpc = privateVpc({
      routeTables: [
        routeTable(RTB_PRIVATE, { subnetIds: [SUBNET_A], routes: [s3GatewayRoute()] }),
        routeTable(RTB_MAIN, { main: true }),
      ],
    });

    // Act / Assess
    expect(endpointUsability(vpc, endpoint(vpc, S3_GATEWAY_ENDPOINT), subnets, build)).toEqual({
      usable: false,
      reason: 'is not associated with the route table of subnet-0c2d (rtb-main, main table)',
    });
  });

  it('groups the subnets lacking the association per route table', () => {
    // Prepare
    const vpc = privateVpc({
      subnets: [subnet(SUBNET_A), subnet(SUBNET_B), subnet('subnet-0c3d'), subnet('subnet-0c4d')],
      routeTables: [
        routeTable(RTB_PRIVATE, { subnetIds: [SUBNET_A], routes: [s3GatewayRoute()] }),
        routeTable('rtb-other', { subnetIds: [SUBNET_B, 'subnet-0c3d'] }),
        routeTable(RTB_MAIN, { main: true }),
      ],
    });

    // Act
    const usability = endpointUsability(vpc, endpoint(vpc, S3_GATEWAY_ENDPOINT), [
      SUBNET_A,
      SUBNET_B,
      'subnet-0c3d',
      'subnet-0c4d',
    ]);

    // Assess
    expect(usability).toEqual({
      usable: false,
      reason:
        'is not associated with the route table of subnet-0c2d, subnet-0c3d (rtb-other); subnet-0c4d (rtb-main, main table)',
    });
  });

  it('rejects an S3 gateway endpoint when a subnet is not in the VPC', () => {
    // Act
    const usability = endpointUsability(privateVpc(), endpoint(privateVpc(), S3_GATEWAY_ENDPOINT), [
      SUBNET_A,
      'subnet-0zz',
    ]);

    // Assess
    expect(usability).toEqual({ usable: false, reason: 'cannot be checked: subnet-0zz is not in vpc-0a1b' });
  });

  it('rejects a gateway endpoint when a subnet has no route table at all', () => {
    // Prepare
    const vpc = privateVpc({ routeTables: [routeTable(RTB_PRIVATE, { subnetIds: [SUBNET_A] })] });
    const s3 = gatewayEndpoint([RTB_PRIVATE]);

    // Act / Assess
    expect(endpointUsability(vpc, s3, subnets, build)).toEqual({
      usable: false,
      reason: 'cannot be checked: subnet-0c2d has no route table',
    });
  });

  it('rejects endpoint types that do not serve a service to the build', () => {
    // Prepare
    const gwlb = interfaceEndpoint('logs', { endpointType: 'GatewayLoadBalancer' });

    // Act / Assess
    expect(endpointUsability(privateVpc(), gwlb, subnets, build)).toEqual({
      usable: false,
      reason: 'is a GatewayLoadBalancer endpoint, not an interface or gateway endpoint',
    });
  });

  it('uses the S3 prefix list id of the fixture for gateway routes', () => {
    expect(s3GatewayRoute()).toMatchObject({ destination: S3_PREFIX_LIST, destinationType: 'prefix-list' });
  });
});

describe('endpointUsability: security groups', () => {
  const subnets = [SUBNET_A, SUBNET_B];
  const build = { securityGroupIds: [BUILD_SG] };
  const logs = (vpc = privateVpc()) =>
    vpc.endpoints.find((e) => e.endpointId === 'vpce-logs') ?? interfaceEndpoint('logs');
  /** The reference VPC whose endpoint group has exactly these inbound rules. */
  const withIngress = (...ingress: ReturnType<typeof sgRule>[]) =>
    withSecurityGroup(privateVpc(), ENDPOINT_SG, securityGroup(ENDPOINT_SG, { ingress }));
  /** The reference VPC whose build group has exactly these outbound rules. */
  const withEgress = (...egress: ReturnType<typeof sgRule>[]) =>
    withSecurityGroup(privateVpc(), BUILD_SG, securityGroup(BUILD_SG, { egress }));
  const usable = { usable: true };

  it.each([
    ['one CIDR covering both subnets', sgRule({ cidrs: ['10.0.0.0/16'] })],
    ['protocol -1 (every protocol and port)', sgRule({ cidrs: ['0.0.0.0/0'] }, { protocol: '-1' })],
    ['a port range holding 443', sgRule({ cidrs: ['10.0.0.0/16'] }, { fromPort: 0, toPort: 65535 })],
    ['protocol number 6 (TCP)', sgRule({ cidrs: ['10.0.0.0/16'] }, { protocol: '6' })],
    ["the build's group by reference", sgRule({ groupIds: [BUILD_SG] })],
  ])('admits the build through %s', (_, rule) => {
    expect(endpointUsability(withIngress(rule), logs(), subnets, build)).toEqual(usable);
  });

  it.each([
    ['UDP 443', sgRule({ cidrs: ['10.0.0.0/16'] }, { protocol: 'udp' })],
    ['TCP 80-442', sgRule({ cidrs: ['10.0.0.0/16'] }, { fromPort: 80, toPort: 442 })],
    ['ICMP', sgRule({ cidrs: ['10.0.0.0/16'] }, { protocol: 'icmp', fromPort: -1, toPort: -1 })],
    ['a narrower CIDR', sgRule({ cidrs: ['10.0.1.0/25', '10.0.2.0/25'] })],
    ['an IPv6 CIDR only (the subnets are IPv4-only)', sgRule({ ipv6Cidrs: ['::/0'] })],
    ['another group', sgRule({ groupIds: ['sg-other'] })],
  ])('does not admit the build through %s', (_, rule) => {
    expect(endpointUsability(withIngress(rule), logs(), subnets, build)).toEqual({
      usable: false,
      reason: `${ENDPOINT_SG} admits no TCP 443 from subnet-0c1d, subnet-0c2d: add inbound TCP 443 from ${SUBNET_A_CIDR}, ${SUBNET_B_CIDR} to ${ENDPOINT_SG}`,
    });
  });

  it('admits the build through a group that references itself when the build carries that group too', () => {
    // Prepare
    const vpc = withIngress(sgRule({ groupIds: [ENDPOINT_SG] }));

    // Act
    const shared = endpointUsability(vpc, logs(vpc), subnets, { securityGroupIds: [BUILD_SG, ENDPOINT_SG] });
    const notShared = endpointUsability(vpc, logs(vpc), subnets, build);

    // Assess
    expect(shared).toEqual(usable);
    expect(notShared).toMatchObject({ usable: false });
  });

  it('admits IPv6 builds through a covering IPv6 CIDR when the endpoint records are IPv6 only', () => {
    // Prepare: dual-stack subnets, endpoint with IPv6-only records, the group open to the IPv6 range
    const v6 = { ipv6CidrBlocks: ['2001:db8:0:1::/64'] };
    const base = withSecurityGroup(
      withIngress(sgRule({ ipv6Cidrs: ['2001:db8::/48'] })),
      BUILD_SG,
      // AWS adds ::/0 to a group's default egress in a VPC with IPv6.
      securityGroup(BUILD_SG, {
        egress: [sgRule({ cidrs: ['0.0.0.0/0'], ipv6Cidrs: ['::/0'] }, { protocol: '-1' })],
      }),
    );
    const vpc = withEndpoint(
      {
        ...base,
        subnets: [
          subnet(SUBNET_A, { cidrBlock: SUBNET_A_CIDR, ...v6 }),
          subnet(SUBNET_B, { cidrBlock: SUBNET_B_CIDR, ipv6CidrBlocks: ['2001:db8:0:2::/64'] }),
        ],
      },
      'vpce-logs',
      { ipAddressType: 'dualstack', dnsRecordIpType: 'ipv6' },
    );

    // Act / Assess
    expect(endpointUsability(vpc, logs(vpc), subnets, build)).toEqual(usable);
  });

  it('names a prefix-list source it cannot resolve', () => {
    // Prepare
    const vpc = withIngress(sgRule({ prefixListIds: ['pl-0corp'] }));

    // Act / Assess
    expect(endpointUsability(vpc, logs(vpc), [SUBNET_A], build)).toEqual({
      usable: false,
      reason: `${ENDPOINT_SG} admits no TCP 443 from subnet-0c1d (prefix lists pl-0corp are not resolved): add inbound TCP 443 from ${SUBNET_A_CIDR} to ${ENDPOINT_SG}`,
    });
  });

  it('is unusable when its only group is missing from the facts, and says so; a loaded group that admits suffices', () => {
    // Prepare
    const gone = withEndpoint(privateVpc(), 'vpce-logs', { securityGroupIds: ['sg-gone'] });
    const both = withEndpoint(privateVpc(), 'vpce-logs', { securityGroupIds: ['sg-gone', ENDPOINT_SG] });

    // Act / Assess
    expect(endpointUsability(gone, logs(gone), subnets, build)).toEqual({
      usable: false,
      reason:
        "cannot be checked: its security group sg-gone is not in the loaded facts (another account's or deleted)",
    });
    // Security group rules only allow: a group we cannot see can add, never remove, what another admits.
    expect(endpointUsability(both, logs(both), subnets, build)).toEqual(usable);
  });

  it('is unusable when it lists no security group', () => {
    // Prepare
    const vpc = withEndpoint(privateVpc(), 'vpce-logs', { securityGroupIds: [] });

    // Act / Assess
    expect(endpointUsability(vpc, logs(vpc), subnets, build)).toEqual({
      usable: false,
      reason: 'lists no security groups, so nothing shows it admits TCP 443 from the build',
    });
  });

  it("checks the build's outbound rules: to the endpoint's subnets by CIDR, or to its group by reference", () => {
    // Prepare
    const byCidr = withEgress(sgRule({ cidrs: ['10.0.0.0/16'] }));
    const byGroup = withEgress(sgRule({ groupIds: [ENDPOINT_SG] }));
    const none = withEgress(sgRule({ cidrs: ['10.0.0.0/16'] }, { fromPort: 22, toPort: 22 }));

    // Act / Assess
    expect(endpointUsability(byCidr, logs(byCidr), subnets, build)).toEqual(usable);
    expect(endpointUsability(byGroup, logs(byGroup), subnets, build)).toEqual(usable);
    expect(endpointUsability(none, logs(none), subnets, build)).toEqual({
      usable: false,
      reason:
        "is not reachable: the build's sg-0e1f allows no outbound TCP 443 to its subnet-0c1d, subnet-0c2d: " +
        'add outbound TCP 443 to 10.0.1.0/24, 10.0.2.0/24 (or sg-0e2f) on sg-0e1f',
    });
  });

  it("cannot check the build's side without its security groups, nor with groups missing from the facts", () => {
    expect(endpointUsability(privateVpc(), logs(), subnets)).toEqual({
      usable: false,
      reason: "cannot be checked: the build's security groups are unknown",
    });
    expect(endpointUsability(privateVpc(), logs(), subnets, { securityGroupIds: ['sg-gone'] })).toEqual({
      usable: false,
      reason:
        "cannot be checked: the build's security group sg-gone is not in the loaded facts (another account's or deleted)",
    });
  });

  it('keeps the default egress of the fixture: every protocol to 0.0.0.0/0', () => {
    expect(allOutbound()).toEqual(sgRule({ cidrs: ['0.0.0.0/0'] }, { protocol: '-1' }));
  });
});

describe('resolverProblem', () => {
  const withServers = (...domainNameServers: string[]) =>
    privateVpc({ dhcpOptions: { dhcpOptionsId: DHCP_OPTIONS, found: true, domainNameServers } });

  it.each([
    ['AmazonProvidedDNS', withServers('AmazonProvidedDNS')],
    ["the Amazon resolver's link-local addresses", withServers('169.254.169.253', 'fd00:ec2::253')],
    ['no DHCP options set (default)', privateVpc({ dhcpOptions: { dhcpOptionsId: 'default', found: true } })],
  ])('accepts %s', (_, vpc) => {
    expect(resolverProblem(vpc, [])).toBeUndefined();
  });

  it('rejects any other server, even listed beside AmazonProvidedDNS, unless trusted', () => {
    expect(resolverProblem(withServers('AmazonProvidedDNS', '10.0.0.10'), [])).toBe(
      "vpc-0a1b's DHCP options dopt-0a1b send DNS to 10.0.0.10, not only AmazonProvidedDNS, so clients may resolve the public endpoint",
    );
    expect(resolverProblem(withServers('AmazonProvidedDNS', '10.0.0.10'), ['10.0.0.10'])).toBeUndefined();
  });

  it('never assumes Amazon DNS when the options are unknown, unreadable or name no server', () => {
    expect(resolverProblem(privateVpc({ dhcpOptions: undefined }), [])).toBe(
      'the DHCP options of vpc-0a1b are unknown, so its DNS servers cannot be checked',
    );
    expect(
      resolverProblem(privateVpc({ dhcpOptions: { dhcpOptionsId: DHCP_OPTIONS, found: false } }), []),
    ).toBe("vpc-0a1b's DHCP options dopt-0a1b could not be read, so its DNS servers cannot be checked");
    expect(
      resolverProblem(privateVpc({ dhcpOptions: { dhcpOptionsId: DHCP_OPTIONS, found: true } }), []),
    ).toBe("vpc-0a1b's DHCP options dopt-0a1b name no domain-name-servers, not AmazonProvidedDNS");
  });

  it('makes every interface endpoint unusable through endpointUsability, unless the caller reports it itself', () => {
    // Prepare
    const vpc = withServers('10.0.0.10');
    const logs = vpc.endpoints.find((e) => e.endpointId === 'vpce-logs') ?? interfaceEndpoint('logs');

    // Act / Assess
    expect(endpointUsability(vpc, logs, [SUBNET_A], { securityGroupIds: [BUILD_SG] })).toEqual({
      usable: false,
      reason:
        "has private DNS but vpc-0a1b's DHCP options dopt-0a1b send DNS to 10.0.0.10, not only AmazonProvidedDNS, so clients may resolve the public endpoint",
    });
    expect(
      endpointUsability(vpc, logs, [SUBNET_A], { securityGroupIds: [BUILD_SG], skipResolver: true }),
    ).toEqual({ usable: true });
  });
});

describe('recordFamilies and the address family of build subnets', () => {
  const v6Subnets = [
    subnet(SUBNET_A, { cidrBlock: SUBNET_A_CIDR, ipv6CidrBlocks: ['2001:db8:0:1::/64'] }),
    subnet(SUBNET_B, { cidrBlock: SUBNET_B_CIDR, ipv6CidrBlocks: ['2001:db8:0:2::/64'] }),
  ];
  const silent = { ipAddressType: undefined, dnsRecordIpType: undefined };

  it.each([
    ['dnsRecordIpType ipv6', { dnsRecordIpType: 'ipv6' }, ['ipv6']],
    ['dnsRecordIpType dualstack', { dnsRecordIpType: 'dualstack' }, ['ipv4', 'ipv6']],
    ['ipAddressType ipv4 (no IPv6 address to publish)', { ...silent, ipAddressType: 'ipv4' }, ['ipv4']],
    ['ipAddressType ipv6', { ...silent, ipAddressType: 'ipv6' }, ['ipv6']],
    [
      'dualstack with service-defined records',
      { ipAddressType: 'dualstack', dnsRecordIpType: 'service-defined' },
      undefined,
    ],
  ])('reads %s', (_, changes, expected) => {
    const endpoint = interfaceEndpoint('logs', changes);
    expect(recordFamilies(privateVpc(), endpoint)).toEqual(expected);
  });

  it('reads absent fields as ipv4 only when the endpoint subnets are IPv4-only, else as unknown', () => {
    const endpoint = interfaceEndpoint('logs', silent);
    expect(recordFamilies(privateVpc(), endpoint)).toEqual(['ipv4']);
    expect(recordFamilies(privateVpc({ subnets: v6Subnets }), endpoint)).toBeUndefined();
    expect(
      recordFamilies(privateVpc(), interfaceEndpoint('logs', { ...silent, subnetIds: ['subnet-0zz9'] })),
    ).toBeUndefined();
  });

  it('makes an endpoint with IPv6-only records unusable from IPv4-only subnets, naming them', () => {
    // Prepare
    const vpc = withEndpoint(privateVpc(), 'vpce-logs', { ipAddressType: 'ipv6', dnsRecordIpType: 'ipv6' });
    const logs = vpc.endpoints.find((e) => e.endpointId === 'vpce-logs') ?? interfaceEndpoint('logs');

    // Act / Assess
    expect(endpointUsability(vpc, logs, [SUBNET_A, SUBNET_B], { securityGroupIds: [BUILD_SG] })).toEqual({
      usable: false,
      reason:
        'has IPv6-only DNS records, which builds in subnet-0c1d (IPv4-only), subnet-0c2d (IPv4-only) cannot use',
    });
  });

  it('makes an endpoint of unknown record family unusable from IPv4-only build subnets, usable from dual-stack ones', () => {
    // Prepare: endpoint in a dual-stack subnet, records unknown; build in IPv4-only subnet-0c2d or dual-stack subnet-0c1d
    const vpc = privateVpc({
      subnets: [
        subnet(SUBNET_A, { cidrBlock: SUBNET_A_CIDR, ipv6CidrBlocks: ['2001:db8:0:1::/64'] }),
        subnet(SUBNET_B, { cidrBlock: SUBNET_B_CIDR }),
      ],
      endpoints: [interfaceEndpoint('logs', { ...silent, subnetIds: [SUBNET_A] })],
      securityGroups: [
        securityGroup(BUILD_SG, {
          egress: [sgRule({ cidrs: ['0.0.0.0/0'], ipv6Cidrs: ['::/0'] }, { protocol: '-1' })],
        }),
        securityGroup(ENDPOINT_SG, {
          ingress: [sgRule({ cidrs: ['10.0.0.0/16'], ipv6Cidrs: ['2001:db8::/48'] })],
        }),
      ],
    });
    const logs = interfaceEndpoint('logs', { ...silent, subnetIds: [SUBNET_A] });

    // Act / Assess
    expect(endpointUsability(vpc, logs, [SUBNET_B], { securityGroupIds: [BUILD_SG] })).toEqual({
      usable: false,
      reason:
        'does not say its DNS record IP type and its subnets have IPv6, so builds in subnet-0c2d (IPv4-only) may not use it',
    });
    expect(endpointUsability(vpc, logs, [SUBNET_A], { securityGroupIds: [BUILD_SG] })).toEqual({
      usable: true,
    });
  });
});
