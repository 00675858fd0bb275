/**
 * CodeCommit repositories are unit-tested only: moto has no ListRepositories, so the sweep cannot
 * run against the emulator. Repository models come from the builder, which matches the
 * BatchGetRepositories fixture (adapter test); projects and network facts from their builders.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RuleContext } from '../../../lib/engine/rule';
import { contextFor, parseRuleParameters } from '../../../lib/engine/run';
import type { VpcNetwork } from '../../../lib/network/model';
import type { CodeBuildProject, CodeBuildSource } from '../../../lib/resources/model';
import rule from '../../../rules/codecommit-repository-private-access';
import { codeBuildProject, codeCommitRepository } from '../../fixtures/models';
import {
  facts,
  interfaceEndpoint,
  missingVpc,
  privateVpc,
  SUBNET_A,
  VPC_ID,
  withEndpoint,
  withoutEndpoints,
} from '../../fixtures/network';
import { scenarios } from './scenarios';

const params = parseRuleParameters(rule, {});
const base = contextFor('123456789012', 'eu-west-1', params.common, new Date('2026-11-25T00:00:00Z'));
const CLONE = 'https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/app';
const FIPS_CLONE = 'https://git-codecommit-fips.eu-west-1.amazonaws.com/v1/repos/app';
const OTHER_VPC = 'vpc-0b2c';
const LACKS = 'repository app is cloned from VPCs without a usable git-codecommit endpoint: ';

/** A project cloning `location` (default: repository app) in `vpcId`, or outside any VPC when null. */
function project(name: string, vpcId: string | null = VPC_ID, location = CLONE): CodeBuildProject {
  return codeBuildProject({
    name,
    sources: [{ type: 'CODECOMMIT', location, primary: true }],
    vpcConfig: vpcId === null ? undefined : { vpcId, subnetIds: [SUBNET_A], securityGroupIds: ['sg-0e1f'] },
  });
}

const contextWith = (
  projects: CodeBuildProject[],
  ...vpcs: VpcNetwork[]
): RuleContext<'codeBuildProjects' | 'network'> => ({
  ...base,
  codeBuildProjects: projects,
  network: facts(...vpcs),
});
const evaluate = (projects: CodeBuildProject[], ...vpcs: VpcNetwork[]) =>
  rule.evaluate(codeCommitRepository(), contextWith(projects, ...vpcs), params.own);
const withoutGitCodeCommit = () => withoutEndpoints(privateVpc(), 'git-codecommit');

describe('codecommit-repository-private-access', () => {
  it('Given a repository cloned by a VPC project whose VPC has a usable git-codecommit endpoint, then COMPLIANT naming the project and VPC', () => {
    // Act
    const verdict = evaluate([project('app-build')], privateVpc());

    // Assess
    expect(verdict).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'repository app is cloned privately by app-build (vpc-0a1b)',
    });
  });

  it('Given a repository no CodeBuild project uses, then COMPLIANT "used by no CodeBuild project in a VPC"', () => {
    // Act
    const verdict = evaluate([]);

    // Assess
    expect(verdict).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'repository app is used by no CodeBuild project in a VPC',
    });
  });

  it('Given a repository used only by a project outside any VPC, then COMPLIANT saying so and naming the project', () => {
    // Act
    const verdict = evaluate([project('open-build', null)]);

    // Assess
    expect(verdict).toEqual({
      compliance: 'COMPLIANT',
      annotation:
        'repository app is used by no CodeBuild project in a VPC (used outside any VPC by open-build)',
    });
  });

  it('Given a project with a VPC id but no subnets, then it does not count as in a VPC', () => {
    // Prepare
    const noSubnets = codeBuildProject({
      name: 'half-build',
      vpcConfig: { vpcId: VPC_ID, subnetIds: [], securityGroupIds: [] },
    });

    // Act
    const verdict = evaluate([noSubnets]);

    // Assess
    expect(verdict).toEqual({
      compliance: 'COMPLIANT',
      annotation:
        'repository app is used by no CodeBuild project in a VPC (used outside any VPC by half-build)',
    });
  });

  it("Given the project's VPC has no git-codecommit endpoint, then NON_COMPLIANT naming the project and the VPC", () => {
    // Act
    const verdict = evaluate([project('app-build')], withoutGitCodeCommit());

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: `${LACKS}vpc-0a1b (app-build): no git-codecommit endpoint`,
    });
  });

  scenarios(
    (vpc) => evaluate([project('app-build')], vpc),
    [
      [
        'Given the endpoint has private DNS disabled, then NON_COMPLIANT naming the endpoint and the reason',
        withEndpoint(privateVpc(), 'vpce-git-codecommit', { privateDnsEnabled: false }),
        {
          compliance: 'NON_COMPLIANT',
          annotation: `${LACKS}vpc-0a1b (app-build): git-codecommit vpce-git-codecommit has private DNS disabled`,
        },
      ],
      [
        'Given the only endpoint is pending, then NON_COMPLIANT saying so',
        withEndpoint(privateVpc(), 'vpce-git-codecommit', { state: 'pending' }),
        {
          compliance: 'NON_COMPLIANT',
          annotation: `${LACKS}vpc-0a1b (app-build): git-codecommit vpce-git-codecommit is pending`,
        },
      ],
      [
        "Given an endpoint for another Region's git-codecommit, then it does not count",
        withEndpoint(privateVpc(), 'vpce-git-codecommit', {
          serviceName: 'com.amazonaws.eu-central-1.git-codecommit',
        }),
        {
          compliance: 'NON_COMPLIANT',
          annotation: `${LACKS}vpc-0a1b (app-build): no git-codecommit endpoint`,
        },
      ],
    ],
  );

  it('Given the VPC has enableDnsHostnames off, then NON_COMPLIANT naming the attribute', () => {
    // Act
    const verdict = evaluate([project('app-build')], privateVpc({ dnsHostnames: false }));

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        `${LACKS}vpc-0a1b (app-build): git-codecommit vpce-git-codecommit has private DNS but vpc-0a1b has ` +
        'enableDnsHostnames off, so it does not resolve',
    });
  });

  it('Given an unusable and a usable endpoint, then COMPLIANT', () => {
    // Prepare
    const reference = privateVpc();
    const vpc = {
      ...reference,
      endpoints: [
        interfaceEndpoint('git-codecommit', { endpointId: 'vpce-git-old', privateDnsEnabled: false }),
        ...reference.endpoints,
      ],
    };

    // Act
    const verdict = evaluate([project('app-build')], vpc);

    // Assess
    expect(verdict).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'repository app is cloned privately by app-build (vpc-0a1b)',
    });
  });

  it('Given a project cloning from the FIPS host and a usable git-codecommit-fips endpoint, then COMPLIANT', () => {
    // Prepare
    const vpc = withoutGitCodeCommit();
    vpc.endpoints.push(interfaceEndpoint('git-codecommit-fips'));

    // Act
    const verdict = evaluate([project('fips-build', VPC_ID, FIPS_CLONE)], vpc);

    // Assess
    expect(verdict).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'repository app is cloned privately by fips-build (vpc-0a1b)',
    });
  });

  it('Given a project cloning from the FIPS host and only the plain git-codecommit endpoint, then NON_COMPLIANT saying the plain endpoint serves only the plain host', () => {
    // Act
    const verdict = evaluate([project('fips-build', VPC_ID, FIPS_CLONE)], privateVpc());

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        `${LACKS}vpc-0a1b (fips-build): no git-codecommit-fips endpoint (vpce-git-codecommit serves only ` +
        'the plain host)',
    });
  });

  it('Given a project cloning from the plain host and only a git-codecommit-fips endpoint, then NON_COMPLIANT saying the FIPS endpoint serves only the FIPS host', () => {
    // Prepare
    const vpc = withoutGitCodeCommit();
    vpc.endpoints.push(interfaceEndpoint('git-codecommit-fips'));

    // Act
    const verdict = evaluate([project('app-build')], vpc);

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        `${LACKS}vpc-0a1b (app-build): no git-codecommit endpoint (vpce-git-codecommit-fips serves only ` +
        'the FIPS host)',
    });
  });

  it('Given the repository as a secondary source, then the project uses it', () => {
    // Prepare
    const sources: CodeBuildSource[] = [
      { type: 'S3', location: 'artifacts-bucket/app.zip', primary: true },
      { type: 'CODECOMMIT', location: CLONE, sourceIdentifier: 'app_src', primary: false },
    ];
    const secondary = { ...project('multi-build'), sources };

    // Act
    const verdict = evaluate([secondary], withoutGitCodeCommit());

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: `${LACKS}vpc-0a1b (multi-build): no git-codecommit endpoint`,
    });
  });

  it('Given projects cloning another repository (longer name, other Region, other service), then they do not use it', () => {
    // Prepare
    const others = [
      project('v2-build', VPC_ID, 'https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/app-v2'),
      project('central-build', VPC_ID, 'https://git-codecommit.eu-central-1.amazonaws.com/v1/repos/app'),
      project('github-build', VPC_ID, 'https://github.com/example/app'),
      project('nested-build', VPC_ID, 'https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/app/extra'),
    ];

    // Act
    const verdict = evaluate(others, withoutGitCodeCommit());

    // Assess
    expect(verdict).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'repository app is used by no CodeBuild project in a VPC',
    });
  });

  it('Given a location with credentials, a trailing slash and an upper-case host, then it matches', () => {
    // Prepare
    const location = 'https://builder:s3cr3t@GIT-CODECOMMIT.EU-WEST-1.AMAZONAWS.COM/v1/repos/app/';

    // Act
    const verdict = evaluate([project('odd-build', VPC_ID, location)], withoutGitCodeCommit());

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: `${LACKS}vpc-0a1b (odd-build): no git-codecommit endpoint`,
    });
  });

  it('Given projects in two VPCs and only one lacking the endpoint, then NON_COMPLIANT naming only that VPC and its project', () => {
    // Prepare
    const other = privateVpc({ vpcId: OTHER_VPC, endpoints: [] });

    // Act
    const verdict = evaluate([project('app-build'), project('lib-build', OTHER_VPC)], privateVpc(), other);

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: `${LACKS}vpc-0b2c (lib-build): no git-codecommit endpoint`,
    });
  });

  it('Given two projects in one VPC lacking the endpoint, then one clause names both projects', () => {
    // Act
    const verdict = evaluate([project('app-build'), project('lib-build')], withoutGitCodeCommit());

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: `${LACKS}vpc-0a1b (app-build, lib-build): no git-codecommit endpoint`,
    });
  });

  it('Given a project whose VPC does not exist, then NON_COMPLIANT naming the VPC', () => {
    // Act
    const verdict = evaluate([project('app-build')], missingVpc());

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: `${LACKS}vpc-0a1b (app-build) does not exist`,
    });
  });

  it('Given very many VPCs lacking the endpoint, then the annotation stays within 256 characters', () => {
    // Prepare
    const vpcIds = Array.from({ length: 20 }, (_, i) => `vpc-${String(i).padStart(4, '0')}`);
    const projects = vpcIds.map((vpcId, i) => project(`build-${i}`, vpcId));
    const vpcs = vpcIds.map((vpcId) => privateVpc({ vpcId, endpoints: [] }));

    // Act
    const verdict = evaluate(projects, ...vpcs);

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        `${LACKS}vpc-0000 (build-0): no git-codecommit endpoint; vpc-0001 (build-1): no git-codecommit endpoint; ` +
        'vpc-0002 (build-2): no git-codecommit endpoint; and 17 more',
    });
  });

  it('Given projects in VPCs using the repository, then networkOf names each of their VPCs once', () => {
    // Prepare
    const projects = [
      project('app-build'),
      project('lib-build'),
      project('other-build', OTHER_VPC),
      project('open-build', null),
      project('unrelated-build', 'vpc-0c3d', 'https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/tools'),
    ];

    // Act
    const vpcIds = rule.networkOf?.(codeCommitRepository(), { codeBuildProjects: projects });

    // Assess
    expect(vpcIds).toEqual([VPC_ID, OTHER_VPC]);
  });

  it('over arbitrary projects and endpoints, evaluates with the facts of exactly the VPCs networkOf names, within 256 characters', () => {
    const vpcIds = ['vpc-0a1b', 'vpc-0b2c', 'vpc-0c3d'];
    const locations = [
      CLONE,
      FIPS_CLONE,
      'https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/tools',
      undefined,
    ];
    const arbitraryProject = fc.record({
      name: fc.stringMatching(/^[a-z][a-z0-9-]{0,40}$/),
      vpcId: fc.option(fc.constantFrom(...vpcIds)),
      locations: fc.array(fc.constantFrom(...locations), { minLength: 1, maxLength: 3 }),
    });
    const arbitraryEndpoint = fc.record({
      vpcId: fc.constantFrom(...vpcIds),
      service: fc.constantFrom('git-codecommit', 'git-codecommit-fips', 'codecommit'),
      state: fc.constantFrom('available', 'pending', 'deleting'),
      privateDnsEnabled: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.array(arbitraryProject, { maxLength: 12 }),
        fc.array(arbitraryEndpoint, { maxLength: 8 }),
        fc.subarray(vpcIds),
        (specs, endpoints, deleted) => {
          // Prepare
          const projects = specs.map((spec, i) => ({
            ...project(`${spec.name}-${i}`, spec.vpcId),
            sources: spec.locations.map((location, at) => ({
              type: 'CODECOMMIT',
              ...(location === undefined ? {} : { location }),
              primary: at === 0,
            })),
          }));
          const named = rule.networkOf?.(codeCommitRepository(), { codeBuildProjects: projects });
          const loaded = (typeof named === 'string' ? [named] : (named ?? [])).map((vpcId) =>
            deleted.includes(vpcId)
              ? missingVpc(vpcId)
              : privateVpc({
                  vpcId,
                  endpoints: endpoints
                    .filter((endpoint) => endpoint.vpcId === vpcId)
                    .map((endpoint, at) =>
                      interfaceEndpoint(endpoint.service, {
                        endpointId: `vpce-${at}`,
                        vpcId,
                        state: endpoint.state,
                        privateDnsEnabled: endpoint.privateDnsEnabled,
                      }),
                    ),
                }),
          );

          // Act
          const verdict = evaluate(projects, ...loaded);

          // Assess
          expect(['COMPLIANT', 'NON_COMPLIANT']).toContain(verdict.compliance);
          expect(verdict.annotation?.length ?? 0).toBeGreaterThan(0);
          expect(verdict.annotation?.length ?? 0).toBeLessThanOrEqual(256);
        },
      ),
    );
  });
});
