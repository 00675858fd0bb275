import { describe, expect, it } from 'vitest';
import type { Route, RouteTargetKind } from '../../../../lib/network/model';
import {
  egressRoutes,
  endpointsForService,
  endpointUsability,
  routeTableForSubnet,
} from '../../../../lib/network/resolve';
import {
  BUILD_SG,
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
  SUBNET_B,
  s3GatewayRoute,
  subnet,
  withEndpoint,
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

  it('counts FIPS variants for the plain service', () => {
    // Prepare
    const vpc = privateVpc({
      endpoints: [
        interfaceEndpoint('git-codecommit-fips', { endpointId: 'vpce-gcc-fips' }),
        interfaceEndpoint('ecr-fips.api', { endpointId: 'vpce-ecr-fips' }),
      ],
    });

    // Act / Assess
    expect(endpointsForService(vpc, 'git-codecommit').map((e) => e.endpointId)).toEqual(['vpce-gcc-fips']);
    expect(endpointsForService(vpc, 'ecr.api').map((e) => e.endpointId)).toEqual(['vpce-ecr-fips']);
  });

  it('serves a FIPS variant asked for only with that variant', () => {
    // Prepare
    const vpc = privateVpc({
      endpoints: [interfaceEndpoint('kms'), interfaceEndpoint('kms-fips', { endpointId: 'vpce-kms-fips' })],
    });

    // Act / Assess
    expect(endpointsForService(vpc, 'kms-fips').map((e) => e.endpointId)).toEqual(['vpce-kms-fips']);
    expect(endpointsForService(vpc, 'kms').map((e) => e.endpointId)).toEqual(['vpce-kms', 'vpce-kms-fips']);
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
