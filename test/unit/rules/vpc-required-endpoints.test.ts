import { describe, expect, it } from 'vitest';
import { InvalidParameterError, parseParameters } from '../../../lib/engine/params';
import type { RuleContext } from '../../../lib/engine/rule';
import { contextFor, parseRuleParameters } from '../../../lib/engine/run';
import type { VpcNetwork } from '../../../lib/network/model';
import type { CodeBuildProject } from '../../../lib/resources/model';
import rule from '../../../rules/vpc-required-endpoints';
import { ACCOUNT_ID, codeBuildProject, REGION, vpc } from '../../fixtures/models';
import {
  facts,
  gatewayEndpoint,
  interfaceEndpoint,
  missingVpc,
  privateVpc,
  RTB_PRIVATE,
  VPC_ID,
  withEndpoint,
  withoutEndpoints,
} from '../../fixtures/network';
import { thrown } from '../lib/resources/support';
import { scenarios } from './scenarios';

const NOW = new Date('2026-11-25T00:00:00Z');
const common = parseRuleParameters(rule, {}).common;
const defaults = parseParameters(rule.parameters, {});

/** The context the pipeline builds: network facts of the VPC and the account's projects. */
function contextWith(
  network: VpcNetwork,
  projects: readonly CodeBuildProject[] = [codeBuildProject()],
): RuleContext<'codeBuildProjects' | 'network'> {
  return {
    ...contextFor(ACCOUNT_ID, REGION, common, NOW),
    network: facts(network),
    codeBuildProjects: projects,
  };
}

const paramsWith = (raw: Record<string, unknown>) => parseParameters(rule.parameters, raw);

describe('vpc-required-endpoints', () => {
  scenarios(
    (context) => rule.evaluate(vpc(), context, defaults),
    [
      [
        'Given a VPC hosting a CodeBuild project with available endpoints for every default service, then COMPLIANT',
        contextWith(privateVpc()),
        {
          compliance: 'COMPLIANT',
          annotation: 'vpc-0a1b has available endpoints for ecr.api, ecr.dkr, s3, logs',
        },
      ],
      [
        'Given a VPC hosting a project that lacks logs and ecr.dkr endpoints, then NON_COMPLIANT naming both',
        contextWith(withoutEndpoints(privateVpc(), 'logs', 'ecr.dkr')),
        {
          compliance: 'NON_COMPLIANT',
          annotation: 'vpc-0a1b lacks available endpoints for ecr.dkr, logs',
        },
      ],
      [
        'Given a VPC hosting a project with no endpoints at all, then NON_COMPLIANT listing every default service',
        contextWith(privateVpc({ endpoints: [] })),
        {
          compliance: 'NON_COMPLIANT',
          annotation: 'vpc-0a1b lacks available endpoints for ecr.api, ecr.dkr, s3, logs',
        },
      ],
      [
        'Given an endpoint that is not available (pending), then it does not count and the annotation names its state',
        contextWith(withEndpoint(privateVpc(), 'vpce-logs', { state: 'pending' })),
        {
          compliance: 'NON_COMPLIANT',
          annotation: 'vpc-0a1b lacks available endpoints for logs (vpce-logs pending)',
        },
      ],
    ],
  );

  it('counts an available endpoint next to a failed one for the same service', () => {
    // Prepare
    const failed = interfaceEndpoint('logs', { endpointId: 'vpce-logs-old', state: 'failed' });
    const reference = privateVpc();
    const context = contextWith({ ...reference, endpoints: [failed, ...reference.endpoints] });

    // Act
    const verdict = rule.evaluate(vpc(), context, defaults);

    // Assess
    expect(verdict.compliance).toBe('COMPLIANT');
  });

  it('Given only FIPS endpoints (ecr-fips.api, ecr-fips.dkr, logs-fips), then NON_COMPLIANT naming each plain service and the FIPS endpoint that serves only the FIPS host', () => {
    // Prepare
    const endpoints = ['ecr-fips.api', 'ecr-fips.dkr', 'logs-fips'].map((service) =>
      interfaceEndpoint(service),
    );
    const context = contextWith(privateVpc({ endpoints: [...endpoints, gatewayEndpoint([RTB_PRIVATE])] }));

    // Act
    const verdict = rule.evaluate(vpc(), context, defaults);

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        'vpc-0a1b lacks available endpoints for ecr.api (vpce-ecr-fips-api serves only the FIPS host), ' +
        'ecr.dkr (vpce-ecr-fips-dkr serves only the FIPS host), logs (vpce-logs-fips serves only the FIPS host)',
    });
  });

  it('Given requiredServices naming the FIPS variants and FIPS endpoints, then COMPLIANT', () => {
    // Prepare
    const endpoints = ['ecr-fips.api', 'ecr-fips.dkr', 'logs-fips'].map((service) =>
      interfaceEndpoint(service),
    );
    const context = contextWith(privateVpc({ endpoints: [...endpoints, gatewayEndpoint([RTB_PRIVATE])] }));
    const params = paramsWith({ requiredServices: 'ecr-fips.api,ecr-fips.dkr,s3,logs-fips' });

    // Act
    const verdict = rule.evaluate(vpc(), context, params);

    // Assess
    expect(verdict).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'vpc-0a1b has available endpoints for ecr-fips.api, ecr-fips.dkr, s3, logs-fips',
    });
  });

  it('Given a required FIPS service (kms-fips) and only a plain kms endpoint, then NON_COMPLIANT naming kms-fips and the plain endpoint that serves only the plain host', () => {
    // Prepare
    const context = contextWith(
      privateVpc({ endpoints: [interfaceEndpoint('kms'), interfaceEndpoint('sts')] }),
    );
    const params = paramsWith({ requiredServices: 'kms-fips,sts' });

    // Act
    const verdict = rule.evaluate(vpc(), context, params);

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'vpc-0a1b lacks available endpoints for kms-fips (vpce-kms serves only the plain host)',
    });
  });

  it('Given an S3 interface endpoint instead of a gateway endpoint, then it counts for s3', () => {
    // Prepare
    const withoutGateway = withoutEndpoints(privateVpc(), 's3');
    const context = contextWith({
      ...withoutGateway,
      endpoints: [...withoutGateway.endpoints, interfaceEndpoint('s3')],
    });

    // Act
    const verdict = rule.evaluate(vpc(), context, defaults);

    // Assess
    expect(verdict.compliance).toBe('COMPLIANT');
  });

  scenarios(
    (context) => rule.evaluate(vpc(), context, defaults),
    [
      [
        "Given an endpoint for another region's service, then it does not count",
        contextWith(withEndpoint(privateVpc(), 'vpce-logs', { serviceName: 'com.amazonaws.us-east-1.logs' })),
        {
          compliance: 'NON_COMPLIANT',
          annotation: 'vpc-0a1b lacks available endpoints for logs',
        },
      ],
      [
        'Given a VPC that no CodeBuild project uses and vpcIds unset, then NOT_APPLICABLE saying why',
        contextWith(privateVpc(), [codeBuildProject({ vpcConfig: undefined })]),
        {
          compliance: 'NOT_APPLICABLE',
          annotation: 'no CodeBuild project runs in vpc-0a1b and it is not listed in vpcIds',
        },
      ],
      [
        'Given a VPC the network loader found not to exist, then NOT_APPLICABLE',
        contextWith(missingVpc()),
        { compliance: 'NOT_APPLICABLE', annotation: 'vpc-0a1b no longer exists' },
      ],
    ],
  );

  it('Given an endpoint service of another owner (com.amazonaws.vpce...), then it counts for nothing', () => {
    // Prepare
    const serviceName = `com.amazonaws.vpce.${REGION}.vpce-svc-0123456789abcdef0`;
    const context = contextWith(withEndpoint(privateVpc(), 'vpce-logs', { serviceName }));

    // Act
    const verdict = rule.evaluate(vpc(), context, defaults);

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'vpc-0a1b lacks available endpoints for logs',
    });
  });

  it('Given requiredServices codecommit,git-codecommit, then only those are checked', () => {
    // Prepare
    const context = contextWith(privateVpc({ endpoints: [interfaceEndpoint('git-codecommit-fips')] }));
    const params = paramsWith({ requiredServices: ' codecommit , git-codecommit ' });

    // Act
    const verdict = rule.evaluate(vpc(), context, params);

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        'vpc-0a1b lacks available endpoints for codecommit, git-codecommit (vpce-git-codecommit-fips serves ' +
        'only the FIPS host)',
    });
  });

  it('Given a VPC listed in vpcIds that hosts no project and lacks endpoints, then NON_COMPLIANT', () => {
    // Prepare
    const context = contextWith(withoutEndpoints(privateVpc(), 's3', 'logs'), []);
    const params = paramsWith({ vpcIds: 'vpc-0ffe,vpc-0a1b' });

    // Act
    const verdict = rule.evaluate(vpc(), context, params);

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'vpc-0a1b lacks available endpoints for s3, logs',
    });
  });

  it('Given vpcIds that do not list a VPC hosting a project, then NOT_APPLICABLE "vpc-0a1b is not listed in vpcIds"', () => {
    // Prepare
    const context = contextWith(privateVpc({ endpoints: [] }));
    const params = paramsWith({ vpcIds: 'vpc-0ffe' });

    // Act
    const verdict = rule.evaluate(vpc(), context, params);

    // Assess
    expect(verdict).toEqual({ compliance: 'NOT_APPLICABLE', annotation: 'vpc-0a1b is not listed in vpcIds' });
  });

  it('Given a project in another VPC only, then the VPC is NOT_APPLICABLE', () => {
    // Prepare
    const elsewhere = codeBuildProject({
      name: 'other-build',
      vpcConfig: { vpcId: 'vpc-0ffe', subnetIds: ['subnet-0f'], securityGroupIds: ['sg-0f'] },
    });
    const context = contextWith(privateVpc(), [elsewhere]);

    // Act
    const verdict = rule.evaluate(vpc(), context, defaults);

    // Assess
    expect(verdict).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation: 'no CodeBuild project runs in vpc-0a1b and it is not listed in vpcIds',
    });
  });

  it('counts a project whose vpcConfig names the VPC but is incomplete', () => {
    // Prepare
    const incomplete = codeBuildProject({
      vpcConfig: { vpcId: VPC_ID, subnetIds: [], securityGroupIds: [] },
    });
    const context = contextWith(privateVpc({ endpoints: [] }), [incomplete]);

    // Act
    const verdict = rule.evaluate(vpc(), context, defaults);

    // Assess
    expect(verdict.compliance).toBe('NON_COMPLIANT');
  });

  it('Given very many missing services, then the annotation stays within 256 characters', () => {
    // Prepare
    const services = Array.from({ length: 40 }, (_, index) => `service-number-${index}`);
    const context = contextWith(privateVpc({ endpoints: [] }));

    // Act
    const verdict = rule.evaluate(vpc(), context, paramsWith({ requiredServices: services.join(',') }));

    // Assess
    expect(verdict.compliance).toBe('NON_COMPLIANT');
    expect(verdict.annotation?.length).toBeLessThanOrEqual(256);
    expect(verdict.annotation).toMatch(
      /^vpc-0a1b lacks available endpoints for service-number-0, .*, and \d+ more$/,
    );
  });

  it('throws when the network facts lack the VPC (a pipeline bug)', () => {
    // Prepare
    const context = contextWith(privateVpc({ vpcId: 'vpc-0ffe' }));

    // Act
    const error = thrown(() => rule.evaluate(vpc(), context, defaults));

    // Assess
    expect(error.name).toBe('NetworkFactsNotLoadedError');
  });

  it('Given no CodeBuild project but vpcIds set, then the VPC is evaluated', () => {
    // Prepare
    const context = contextWith(privateVpc(), []);

    // Act
    const verdict = rule.evaluate(vpc(), context, paramsWith({ vpcIds: VPC_ID }));

    // Assess
    expect(verdict.compliance).toBe('COMPLIANT');
  });

  it.each([
    [
      'vpcIds',
      'subnet-0c1d',
      'invalid rule parameter "vpcIds": "subnet-0c1d" is not comma-separated VPC ids (vpc-...)',
    ],
    [
      'requiredServices',
      'com.amazonaws.eu-west-1.logs',
      'invalid rule parameter "requiredServices": "com.amazonaws.eu-west-1.logs" is not comma-separated service names as in com.amazonaws.<region>.<service> (e.g. ecr.dkr)',
    ],
  ])(
    'Given an invalid %s item, then parameter parsing fails naming the parameter',
    (name, value, message) => {
      // Act
      const error = thrown(() => parseRuleParameters(rule, { [name]: value }));

      // Assess
      expect(error).toBeInstanceOf(InvalidParameterError);
      expect(error.message).toBe(message);
    },
  );

  it('Given requiredServices that names no service (","), then the rule throws naming the parameter', () => {
    // Prepare
    const context = contextWith(privateVpc());

    // Act
    const error = thrown(() => rule.evaluate(vpc(), context, paramsWith({ requiredServices: ',' })));

    // Assess
    expect(error).toBeInstanceOf(InvalidParameterError);
    expect(error.message).toBe(
      'invalid rule parameter "requiredServices": names no service; leave it unset for the default',
    );
  });

  it('declares what the pipeline must provide: the VPC network, CodeBuild projects and endpoint triggers', () => {
    // Act
    const vpcOf = rule.networkOf?.(vpc({ vpcId: 'vpc-0c3d' }), { codeBuildProjects: [] });

    // Assess
    expect(vpcOf).toBe('vpc-0c3d');
    expect(rule.needs).toEqual(['codeBuildProjects', 'network']);
    expect(rule.triggeredBy).toEqual(['AWS::EC2::VPCEndpoint']);
    expect(rule.resourceTypes).toEqual(['AWS::EC2::VPC']);
  });
});
