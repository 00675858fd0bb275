import { describe, expect, it } from 'vitest';
import { buildPathOf, outsideVpc } from '../../../../lib/cli/build-path';
import type { CodeBuildProject } from '../../../../lib/resources/model';
import { codeBuildProject } from '../../../fixtures/models';
import {
  endpointIdFor,
  missingVpc,
  privateVpc,
  RTB_PRIVATE,
  route,
  SUBNET_A,
  SUBNET_B,
  VPC_ID,
  withEndpoint,
  withoutEndpoints,
  withRoutes,
} from '../../../fixtures/network';

const DEFAULTS = { requireEcr: true, additionalServices: [] };
/** The default project (CodeCommit source, private ECR image, logs on) in both reference subnets. */
const project = (overrides: Partial<CodeBuildProject> = {}) =>
  codeBuildProject({
    vpcConfig: { vpcId: VPC_ID, subnetIds: [SUBNET_A, SUBNET_B], securityGroupIds: ['sg-0e1f'] },
    ...overrides,
  });

describe('buildPathOf', () => {
  it('Given the reference private VPC, then both subnets use the private table, no route leaves and every need is present', () => {
    // Act
    const path = buildPathOf(project(), privateVpc(), DEFAULTS);

    // Assess
    expect(path.vpcExists).toBe(true);
    expect(path.subnets).toEqual([
      {
        subnetId: SUBNET_A,
        known: true,
        cidrBlock: '10.0.1.0/24',
        routeTableId: RTB_PRIVATE,
        via: 'explicit',
        egress: [],
      },
      {
        subnetId: SUBNET_B,
        known: true,
        cidrBlock: '10.0.2.0/24',
        routeTableId: RTB_PRIVATE,
        via: 'explicit',
        egress: [],
      },
    ]);
    expect(path.needs.map((n) => `${n.service} ${n.status}`)).toEqual([
      's3 present',
      'ecr.api present',
      'ecr.dkr present',
      'logs present',
      'codecommit present',
      'git-codecommit present',
    ]);
  });

  it('Given a NAT route, a missing logs endpoint and ecr.dkr without private DNS, then the route leaves to the internet and the needs say why', () => {
    // Prepare
    const leaky = withEndpoint(
      withoutEndpoints(withRoutes(privateVpc(), RTB_PRIVATE, route('0.0.0.0/0', 'nat-0abc')), 'logs'),
      endpointIdFor('ecr.dkr'),
      { privateDnsEnabled: false },
    );

    // Act
    const path = buildPathOf(project(), leaky, DEFAULTS);

    // Assess
    expect(path.subnets[0]?.egress).toEqual([
      { destination: '0.0.0.0/0', target: 'nat-0abc', targetKind: 'nat-gateway', classification: 'internet' },
    ]);
    expect(path.needs.find((n) => n.service === 'logs')).toEqual({
      service: 'logs',
      status: 'missing',
      endpoints: [],
    });
    expect(path.needs.find((n) => n.service === 'ecr.dkr')).toEqual({
      service: 'ecr.dkr',
      status: 'unusable',
      endpoints: [
        {
          endpointId: 'vpce-ecr-dkr',
          endpointType: 'Interface',
          usable: false,
          reason: 'has private DNS disabled',
        },
      ],
    });
  });

  it('Given a transit gateway route listed in the allowed targets, then it is not drawn as leaving', () => {
    // Prepare
    const vpc = withRoutes(privateVpc(), RTB_PRIVATE, route('10.9.0.0/16', 'tgw-01'));

    // Act
    const allowed = buildPathOf(project(), vpc, DEFAULTS, ['tgw-']);
    const notAllowed = buildPathOf(project(), vpc, DEFAULTS);

    // Assess
    expect(allowed.subnets[0]?.egress).toEqual([]);
    expect(notAllowed.subnets[0]?.egress.map((r) => r.classification)).toEqual(['unknown-destination']);
  });

  it('Given a subnet that is not in the VPC, then it is unknown with no route table', () => {
    // Act
    const path = buildPathOf(
      project({ vpcConfig: { vpcId: VPC_ID, subnetIds: ['subnet-gone'], securityGroupIds: [] } }),
      privateVpc(),
      DEFAULTS,
    );

    // Assess
    expect(path.subnets).toEqual([{ subnetId: 'subnet-gone', known: false, egress: [] }]);
  });

  it('Given a VPC that does not exist, or no VPC, then no subnets nor needs are drawn', () => {
    // Act
    const missing = buildPathOf(project(), missingVpc(), DEFAULTS);
    const outside = outsideVpc(codeBuildProject({ name: 'leaky-build' }), 'eu-west-1');

    // Assess
    expect(missing).toEqual({
      project: 'app-build',
      region: 'eu-west-1',
      vpcId: VPC_ID,
      vpcExists: false,
      subnets: [],
      needs: [],
    });
    expect(outside).toEqual({
      project: 'leaky-build',
      region: 'eu-west-1',
      vpcExists: false,
      subnets: [],
      needs: [],
    });
  });
});
