/**
 * Property: over arbitrary network facts, projects and parameters, the network rules never throw
 * and always return a well-formed verdict (annotations 1..256 characters). And the egress rule is
 * never COMPLIANT while a project subnet resolves to a table with an active internet route.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseParameters } from '../../../lib/engine/params';
import type { Verdict } from '../../../lib/engine/rule';
import { contextFor, parseRuleParameters } from '../../../lib/engine/run';
import type { Route, RouteTable, RouteTargetKind, VpcNetwork } from '../../../lib/network/model';
import type { CodeBuildProject } from '../../../lib/resources/model';
import egressRule from '../../../rules/codebuild-project-no-internet-egress';
import endpointsRule from '../../../rules/codebuild-project-vpc-endpoints';
import { codeBuildProject } from '../../fixtures/models';
import { facts, interfaceEndpoint, VPC_ID } from '../../fixtures/network';

const SUBNETS = ['subnet-0a', 'subnet-0b', 'subnet-0c', 'subnet-0d'];
const TABLES = ['rtb-0a', 'rtb-0b', 'rtb-0c'];
const KINDS: [RouteTargetKind, string][] = [
  ['local', 'local'],
  ['internet-gateway', 'igw-0'],
  ['egress-only-internet-gateway', 'eigw-0'],
  ['nat-gateway', 'nat-0'],
  ['instance', 'i-0'],
  ['network-interface', 'eni-0'],
  ['carrier-gateway', 'cagw-0'],
  ['transit-gateway', 'tgw-0'],
  ['vpc-peering-connection', 'pcx-0'],
  ['virtual-private-gateway', 'vgw-0'],
  ['gateway-load-balancer-endpoint', 'vpce-0'],
  ['gateway-endpoint', 'vpce-s3'],
  ['local-gateway', 'lgw-0'],
  ['core-network', 'arn:aws:networkmanager::123456789012:core-network/core-network-0'],
  ['unknown', 'x-0'],
];
const INTERNET = new Set<RouteTargetKind>([
  'internet-gateway',
  'egress-only-internet-gateway',
  'nat-gateway',
  'instance',
  'network-interface',
  'carrier-gateway',
]);
const SERVICES = [
  's3',
  'ecr.api',
  'ecr.dkr',
  'logs',
  'codecommit',
  'git-codecommit-fips',
  'kms',
  'sts',
  'ssm',
];

const routeArb: fc.Arbitrary<Route> = fc
  .record({
    kind: fc.constantFrom(...KINDS),
    suffix: fc.nat(0xffff).map((n) => n.toString(16)),
    destination: fc.constantFrom(
      '0.0.0.0/0',
      '10.0.0.0/16',
      '52.94.0.0/16',
      '::/0',
      '2600::/24',
      'pl-6da54004',
    ),
    state: fc.constantFrom('active', 'blackhole', 'Active', 'BLACKHOLE', ''),
  })
  .map(({ kind: [kind, id], suffix, destination, state }) => ({
    destination,
    destinationType: destination.startsWith('pl-')
      ? 'prefix-list'
      : destination.includes(':')
        ? 'ipv6'
        : 'ipv4',
    target: { kind, id: kind === 'local' || kind === 'gateway-endpoint' ? id : `${id}${suffix}` },
    state,
  }));

const tableArb = (routeTableId: string): fc.Arbitrary<RouteTable> =>
  fc.record({
    routeTableId: fc.constant(routeTableId),
    vpcId: fc.constant(VPC_ID),
    main: fc.boolean(),
    subnetIds: fc.subarray(SUBNETS),
    routes: fc.array(routeArb, { maxLength: 3 }),
  });

const vpcArb: fc.Arbitrary<VpcNetwork> = fc.record({
  vpcId: fc.constant(VPC_ID),
  exists: fc.nat(9).map((n) => n > 0),
  region: fc.constant('eu-west-1'),
  dnsSupport: fc.option(fc.boolean(), { nil: undefined }),
  dnsHostnames: fc.option(fc.boolean(), { nil: undefined }),
  routeTables: fc.tuple(...TABLES.map(tableArb)).chain((tables) => fc.subarray(tables)),
  subnets: fc
    .subarray(SUBNETS)
    .map((ids) =>
      ids.map((subnetId) => ({ subnetId, vpcId: VPC_ID, ipv6CidrBlocks: [], mapPublicIpOnLaunch: false })),
    ),
  endpoints: fc.array(
    fc
      .record({
        service: fc.constantFrom(...SERVICES),
        type: fc.constantFrom('Interface', 'Gateway', 'GatewayLoadBalancer'),
        state: fc.constantFrom('available', 'pending', 'Available', 'deleted'),
        privateDnsEnabled: fc.boolean(),
        routeTableIds: fc.subarray(TABLES),
        region: fc.constantFrom('eu-west-1', 'eu-west-1', 'us-east-1'),
        n: fc.nat(99),
      })
      .map((e) =>
        interfaceEndpoint(e.service, {
          endpointId: e.service === 's3' && e.type === 'Gateway' ? 'vpce-s3' : `vpce-${e.n}`,
          endpointType: e.type,
          state: e.state,
          privateDnsEnabled: e.privateDnsEnabled,
          routeTableIds: e.routeTableIds,
          serviceName: `com.amazonaws.${e.region}.${e.service}`,
        }),
      ),
    { maxLength: 10 },
  ),
  securityGroups: fc.constant([]),
});

const projectArb: fc.Arbitrary<CodeBuildProject> = fc
  .record({
    // Mostly known subnets, sometimes none, an unknown or an empty id.
    subnetIds: fc.oneof(
      { weight: 8, arbitrary: fc.array(fc.constantFrom(...SUBNETS), { minLength: 1, maxLength: 3 }) },
      { weight: 2, arbitrary: fc.array(fc.constantFrom(...SUBNETS, 'subnet-0zz', ''), { maxLength: 4 }) },
    ),
    vpcId: fc.constantFrom(VPC_ID, VPC_ID, VPC_ID, VPC_ID, VPC_ID, ''),
    noVpc: fc.nat(9).map((n) => n === 0),
    sources: fc.array(fc.constantFrom('CODECOMMIT', 'S3', 'codecommit', 'GITHUB', ''), {
      minLength: 0,
      maxLength: 3,
    }),
    image: fc.constantFrom(
      'aws/codebuild/standard:7.0',
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com/b:1',
      'node:22',
    ),
    variableTypes: fc.array(fc.constantFrom('PLAINTEXT', 'SECRETS_MANAGER', 'PARAMETER_STORE', 'weird')),
    logs: fc.constantFrom('ENABLED', 'DISABLED', 'disabled', ''),
    key: fc.option(fc.constantFrom('alias/aws/s3', 'arn:aws:kms:eu-west-1:123456789012:key/abc', ' ', ''), {
      nil: undefined,
    }),
  })
  .map((p) =>
    codeBuildProject({
      vpcConfig: p.noVpc ? undefined : { vpcId: p.vpcId, subnetIds: p.subnetIds, securityGroupIds: ['sg-0'] },
      sources: p.sources.map((type, i) => ({ type, primary: i === 0 })),
      environment: {
        image: p.image,
        privilegedMode: false,
        variables: p.variableTypes.map((type, i) => ({ name: `V${i}`, type, value: 'x' })),
      },
      logs: {
        cloudWatchLogs: { status: p.logs },
        s3Logs: { status: 'DISABLED', encryptionDisabled: false },
      },
      encryptionKey: p.key,
    }),
  );

const egressParamsArb = fc
  .subarray([
    'tgw-',
    'pcx-0',
    'vgw-0',
    'vpce-0',
    'lgw-',
    'arn:aws:networkmanager::123456789012:core-network/',
  ])
  .map((allowed) => parseParameters(egressRule.parameters, { allowedEgressTargets: allowed.join(',') }));
const endpointParamsArb = fc
  .record({ requireEcr: fc.boolean(), extra: fc.subarray(['sts', 'kms-fips', 'codebuild', 's3']) })
  .map(({ requireEcr, extra }) =>
    parseParameters(endpointsRule.parameters, {
      requireEcr: String(requireEcr),
      additionalServices: extra.join(','),
    }),
  );

const context = contextFor(
  '123456789012',
  'eu-west-1',
  parseRuleParameters(egressRule, {}).common,
  new Date('2026-11-25T00:00:00Z'),
);

function expectWellFormed(verdict: Verdict) {
  expect(['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE']).toContain(verdict.compliance);
  if (verdict.compliance === 'NON_COMPLIANT') expect(verdict.annotation.length).toBeGreaterThan(0);
  if (verdict.annotation !== undefined) expect(verdict.annotation.length).toBeLessThanOrEqual(256);
}

describe('network rules over arbitrary network facts', () => {
  it('codebuild-project-no-internet-egress: well-formed, and never COMPLIANT with an active internet route', () => {
    fc.assert(
      fc.property(vpcArb, projectArb, egressParamsArb, (vpc, project, params) => {
        const verdict = egressRule.evaluate(project, { ...context, network: facts(vpc) }, params);
        expectWellFormed(verdict);
        if (verdict.compliance !== 'COMPLIANT') return;
        for (const subnetId of project.vpcConfig?.subnetIds ?? []) {
          const table =
            vpc.routeTables.find((t) => t.subnetIds.includes(subnetId)) ??
            vpc.routeTables.find((t) => t.main);
          const internet = table?.routes.filter(
            (r) => r.state.toLowerCase() === 'active' && INTERNET.has(r.target.kind),
          );
          expect(internet ?? []).toEqual([]);
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('codebuild-project-vpc-endpoints: well-formed verdicts', () => {
    fc.assert(
      fc.property(vpcArb, projectArb, endpointParamsArb, (vpc, project, params) => {
        expectWellFormed(endpointsRule.evaluate(project, { ...context, network: facts(vpc) }, params));
      }),
      { numRuns: 1500 },
    );
  });
});
