import { describe, expect, it } from 'vitest';
import { InvalidParameterError, parseParameters } from '../../../lib/engine/params';
import type { RuleContext } from '../../../lib/engine/rule';
import { contextFor, parseRuleParameters } from '../../../lib/engine/run';
import type { RouteTargetKind, VpcNetwork } from '../../../lib/network/model';
import rule from '../../../rules/codebuild-project-no-internet-egress';
import { codeBuildProject } from '../../fixtures/models';
import {
  facts,
  missingVpc,
  privateVpc,
  RTB_MAIN,
  RTB_PRIVATE,
  route,
  routeTable,
  S3_GATEWAY_ENDPOINT,
  SUBNET_A,
  SUBNET_B,
  s3GatewayRoute,
  subnet,
  VPC_ID,
  withRoutes,
} from '../../fixtures/network';
import { scenarios } from './scenarios';

const common = parseRuleParameters(rule, {}).common;
/** The rule's own parameters, typed by its schema (parseRuleParameters returns them untyped). */
const ownParams = (raw: Record<string, unknown> = {}) => parseParameters(rule.parameters, raw);
const base = contextFor('123456789012', 'eu-west-1', common, new Date('2026-11-25T00:00:00Z'));
const contextWith = (...vpcs: VpcNetwork[]): RuleContext<'network'> => ({ ...base, network: facts(...vpcs) });
const project = (subnetIds: string[] = [SUBNET_A, SUBNET_B]) =>
  codeBuildProject({ vpcConfig: { vpcId: VPC_ID, subnetIds, securityGroupIds: ['sg-0e1f'] } });
const evaluate = (vpc: VpcNetwork, subnetIds?: string[], raw: Record<string, unknown> = {}) =>
  rule.evaluate(project(subnetIds), contextWith(vpc), ownParams(raw));

/** The reference VPC whose subnet-0c2d has no explicit association (it uses the main table). */
const subnetBOnMain = (vpc: VpcNetwork): VpcNetwork => ({
  ...vpc,
  routeTables: vpc.routeTables.map((table) =>
    table.routeTableId === RTB_PRIVATE ? { ...table, subnetIds: [SUBNET_A] } : table,
  ),
});

describe('codebuild-project-no-internet-egress', () => {
  it('Given the reference private VPC (local and S3 gateway-endpoint routes only), then COMPLIANT naming the subnets', () => {
    // Act
    const verdict = evaluate(privateVpc());

    // Assess
    expect(verdict).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'no route out of vpc-0a1b from subnet-0c1d, subnet-0c2d',
    });
  });

  scenarios(
    (vpc) => evaluate(vpc, [SUBNET_A]),
    [
      [
        'Given a subnet whose table routes 0.0.0.0/0 to a NAT gateway, then NON_COMPLIANT naming subnet, destination, target and table',
        privateVpc({
          routeTables: [
            routeTable('rtb-0c3', { subnetIds: [SUBNET_A], routes: [route('0.0.0.0/0', 'nat-0b2')] }),
            routeTable(RTB_MAIN, { main: true }),
          ],
        }),
        {
          compliance: 'NON_COMPLIANT',
          annotation:
            'subnet-0c1d routes 0.0.0.0/0 to nat-0b2 (rtb-0c3): builds can reach the internet; to pass, remove these routes',
        },
      ],
      [
        'Given a non-default route to a NAT instance (instance with its network interface), then NON_COMPLIANT naming the instance',
        withRoutes(privateVpc(), RTB_PRIVATE, route('52.94.0.0/16', 'i-0d4e')),
        {
          compliance: 'NON_COMPLIANT',
          annotation:
            'subnet-0c1d routes 52.94.0.0/16 to i-0d4e (rtb-private): builds can reach the internet; to pass, remove these routes',
        },
      ],
      [
        'Given a vpce- route to a non-prefix-list destination, then NON_COMPLIANT (not a gateway endpoint)',
        withRoutes(
          privateVpc(),
          RTB_PRIVATE,
          route('0.0.0.0/0', S3_GATEWAY_ENDPOINT, { kind: 'gateway-endpoint' }),
        ),
        {
          compliance: 'NON_COMPLIANT',
          annotation:
            'subnet-0c1d routes 0.0.0.0/0 to vpce-s3 (rtb-private): builds leave the VPC through targets not in allowedEgressTargets; to pass, remove these routes or allow their targets',
        },
      ],
    ],
  );

  scenarios(evaluate, [
    [
      'Given a subnet with no explicit association whose main table routes 0.0.0.0/0 to an internet gateway, then NON_COMPLIANT saying main table',
      withRoutes(subnetBOnMain(privateVpc()), RTB_MAIN, route('0.0.0.0/0', 'igw-0a9')),
      {
        compliance: 'NON_COMPLIANT',
        annotation:
          'subnet-0c2d routes 0.0.0.0/0 to igw-0a9 (rtb-main, main table): builds can reach the internet; to pass, remove these routes',
      },
    ],
    [
      'Given an IPv6 ::/0 route to an egress-only internet gateway, then NON_COMPLIANT',
      withRoutes(privateVpc(), RTB_PRIVATE, route('::/0', 'eigw-0c3')),
      {
        compliance: 'NON_COMPLIANT',
        annotation:
          'subnet-0c1d, subnet-0c2d route ::/0 to eigw-0c3 (rtb-private): builds can reach the internet; to pass, remove these routes',
      },
    ],
    [
      'Given two subnets sharing a table with egress, then one finding names both subnets',
      withRoutes(privateVpc(), RTB_PRIVATE, route('0.0.0.0/0', 'nat-0b2'), route('::/0', 'eigw-0c3')),
      {
        compliance: 'NON_COMPLIANT',
        annotation:
          'subnet-0c1d, subnet-0c2d route 0.0.0.0/0 to nat-0b2, ::/0 to eigw-0c3 (rtb-private): builds can reach the internet; to pass, remove these routes',
      },
    ],
    [
      'Given subnets on two tables with internet and unknown egress, then one compact annotation with both findings',
      withRoutes(
        withRoutes(subnetBOnMain(privateVpc()), RTB_MAIN, route('0.0.0.0/0', 'nat-0b2')),
        RTB_PRIVATE,
        route('10.8.0.0/16', 'tgw-0a1'),
      ),
      {
        compliance: 'NON_COMPLIANT',
        annotation:
          'subnet-0c1d routes 10.8.0.0/16 to tgw-0a1 (rtb-private); subnet-0c2d routes 0.0.0.0/0 to nat-0b2 ' +
          '(rtb-main, main table): builds can reach the internet and networks not in allowedEgressTargets',
      },
    ],
    [
      'Given a subnet without explicit association in a VPC with no main table, then NON_COMPLIANT saying it has no route table',
      privateVpc({
        routeTables: [routeTable(RTB_PRIVATE, { subnetIds: [SUBNET_A], routes: [s3GatewayRoute()] })],
      }),
      {
        compliance: 'NON_COMPLIANT',
        annotation: 'subnet-0c2d has no route table in vpc-0a1b (routes cannot be verified)',
      },
    ],
  ]);

  it('Given a subnet explicitly associated with a private table while the main table routes to an internet gateway, then COMPLIANT', () => {
    // Prepare
    const vpc = withRoutes(privateVpc(), RTB_MAIN, route('0.0.0.0/0', 'igw-0a9'));

    // Act
    const verdict = evaluate(vpc);

    // Assess
    expect(verdict.compliance).toBe('COMPLIANT');
  });

  it.each([
    ['a bare network interface', 'eni-0e5f'],
    ['a carrier gateway', 'cagw-0f6a'],
  ])('Given a route to %s or a carrier gateway, then NON_COMPLIANT', (_label, target) => {
    // Prepare
    const vpc = withRoutes(privateVpc(), RTB_PRIVATE, route('0.0.0.0/0', target));

    // Act
    const verdict = evaluate(vpc, [SUBNET_A]);

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: `subnet-0c1d routes 0.0.0.0/0 to ${target} (rtb-private): builds can reach the internet; to pass, remove these routes`,
    });
  });

  it.each<[string, RouteTargetKind]>([
    ['tgw-0a1', 'transit-gateway'],
    ['pcx-0b2', 'vpc-peering-connection'],
    ['vgw-0c3', 'virtual-private-gateway'],
    ['vpce-0d4', 'gateway-load-balancer-endpoint'],
    ['lgw-0e5', 'local-gateway'],
    ['arn:aws:networkmanager::123456789012:core-network/core-network-0f6', 'core-network'],
  ])('Given a route to %s (%s) not in allowedEgressTargets, then NON_COMPLIANT', (target, kind) => {
    // Prepare
    const vpc = withRoutes(privateVpc(), RTB_PRIVATE, route('10.8.0.0/16', target, { kind }));

    // Act
    const verdict = evaluate(vpc, [SUBNET_A], { allowedEgressTargets: 'tgw-0other,pcx-0other' });

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: `subnet-0c1d routes 10.8.0.0/16 to ${target} (rtb-private): builds leave the VPC through targets not in allowedEgressTargets; to pass, remove these routes or allow their targets`,
    });
  });

  it('Given a transit gateway route whose target matches an allowedEgressTargets prefix (tgw-), then COMPLIANT naming the allowed route', () => {
    // Prepare
    const vpc = withRoutes(privateVpc(), RTB_PRIVATE, route('0.0.0.0/0', 'tgw-0a1'));

    // Act
    const verdict = evaluate(vpc, [SUBNET_A], { allowedEgressTargets: 'tgw-' });

    // Assess
    expect(verdict).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'no route out of vpc-0a1b from subnet-0c1d except allowed 0.0.0.0/0 to tgw-0a1',
    });
  });

  it('Given a peering route whose target id is listed exactly in allowedEgressTargets, then COMPLIANT', () => {
    // Prepare
    const vpc = withRoutes(privateVpc(), RTB_PRIVATE, route('10.9.0.0/16', 'pcx-0b2'));

    // Act
    const verdict = evaluate(vpc, [SUBNET_A], { allowedEgressTargets: 'tgw-0a1, pcx-0b2' });

    // Assess
    expect(verdict).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'no route out of vpc-0a1b from subnet-0c1d except allowed 10.9.0.0/16 to pcx-0b2',
    });
  });

  it('Given an internet route and an allowed transit gateway route, then NON_COMPLIANT naming only the internet route', () => {
    // Prepare
    const vpc = withRoutes(
      privateVpc(),
      RTB_PRIVATE,
      route('10.0.0.0/8', 'tgw-0a1'),
      route('0.0.0.0/0', 'nat-0b2'),
    );

    // Act
    const verdict = evaluate(vpc, [SUBNET_A], { allowedEgressTargets: 'tgw-' });

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        'subnet-0c1d routes 0.0.0.0/0 to nat-0b2 (rtb-private): builds can reach the internet; to pass, remove these routes',
    });
  });

  it.each(['igw-', 'nat-0b2', 'eigw-0c3', 'i-0d4', 'eni-0e5', 'cagw-0f6', 'tgw-0a1,*'])(
    'Given allowedEgressTargets listing an internet target (%s), then parameter parsing fails naming allowedEgressTargets',
    (value) => {
      // Act / Assess
      expect(() => parseRuleParameters(rule, { allowedEgressTargets: value })).toThrowError(
        InvalidParameterError,
      );
      expect(() => parseRuleParameters(rule, { allowedEgressTargets: value })).toThrowError(
        /"allowedEgressTargets"/,
      );
    },
  );

  it('Given a blackhole route to a NAT gateway, then COMPLIANT', () => {
    // Prepare
    const vpc = withRoutes(privateVpc(), RTB_PRIVATE, route('0.0.0.0/0', 'nat-0b2', { state: 'blackhole' }));

    // Act
    const verdict = evaluate(vpc);

    // Assess
    expect(verdict.compliance).toBe('COMPLIANT');
  });

  it('Given very many egress findings, then the annotation stays within 256 characters with "and N more"', () => {
    // Prepare
    const subnetIds = Array.from({ length: 12 }, (_, i) => `subnet-0${i.toString(16)}aaaaaaaaaaaaaa`);
    const vpc = privateVpc({
      subnets: subnetIds.map((id) => subnet(id)),
      routeTables: subnetIds.map((id, i) =>
        routeTable(`rtb-0${i.toString(16)}bbbbbbbbbbbbbb`, {
          subnetIds: [id],
          routes: [route('0.0.0.0/0', `nat-0${i.toString(16)}cccccccccccccc`)],
        }),
      ),
    });

    // Act
    const verdict = evaluate(vpc, subnetIds);

    // Assess
    expect(verdict.compliance).toBe('NON_COMPLIANT');
    // Room is left for the engine's `project app-build: ` (projectTextRoom).
    expect(verdict.annotation?.length).toBeLessThanOrEqual(256 - 'project app-build: '.length);
    expect(verdict.annotation).toMatch(
      /^subnet-00aaaaaaaaaaaaaa routes 0\.0\.0\.0\/0 to nat-00cccccccccccccc \(rtb-00bbbbbbbbbbbbbb\); .*: builds can reach the internet; and \d+ more$/,
    );
  });

  it('Given a VPC that does not exist, then NON_COMPLIANT naming it', () => {
    // Act
    const verdict = evaluate(missingVpc());

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        "vpc-0a1b does not exist: the routes of the project's subnets cannot be verified; to pass, set vpcConfig " +
        'to an existing VPC',
    });
  });

  it('Given a subnet not found in the VPC, then NON_COMPLIANT naming it (cannot verify)', () => {
    // Act
    const verdict = evaluate(privateVpc(), [SUBNET_A, 'subnet-0zz9']);

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'subnet-0zz9 is not in vpc-0a1b (routes cannot be verified)',
    });
  });

  it('Given egress and an unverifiable subnet, then both appear in one annotation', () => {
    // Prepare
    const vpc = withRoutes(privateVpc(), RTB_PRIVATE, route('0.0.0.0/0', 'igw-0a9'));

    // Act
    const verdict = evaluate(vpc, [SUBNET_A, 'subnet-0zz9']);

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        'subnet-0c1d routes 0.0.0.0/0 to igw-0a9 (rtb-private): builds can reach the internet; ' +
        'subnet-0zz9 is not in vpc-0a1b (routes cannot be verified); to pass, remove these routes',
    });
  });

  it.each([
    ['without vpcConfig', undefined],
    ['without a VPC id', { subnetIds: [SUBNET_A], securityGroupIds: ['sg-0e1f'] }],
    ['without subnets', { vpcId: VPC_ID, subnetIds: [], securityGroupIds: ['sg-0e1f'] }],
  ])('Given a project %s, then NOT_APPLICABLE', (_label, vpcConfig) => {
    // Prepare
    const outside = codeBuildProject({ vpcConfig });

    // Act
    const verdict = rule.evaluate(outside, contextWith(), ownParams());

    // Assess
    expect(verdict).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation: 'not in a VPC (codebuild-project-in-vpc reports the vpcConfig)',
    });
  });

  it('Given network facts that do not hold the project VPC, then evaluate throws naming it', () => {
    // Act / Assess
    expect(() => rule.evaluate(project(), contextWith(missingVpc('vpc-0other')), ownParams())).toThrowError(
      /"vpc-0a1b" were not loaded/,
    );
  });

  it('names its VPC for the pipeline and listens to network changes', () => {
    expect(rule.networkOf?.(project(), {})).toBe(VPC_ID);
    expect(rule.networkOf?.(codeBuildProject({ vpcConfig: undefined }), {})).toBeUndefined();
    expect(rule.triggeredBy).toEqual(['AWS::EC2::RouteTable', 'AWS::EC2::Subnet', 'AWS::EC2::VPCEndpoint']);
  });
});
