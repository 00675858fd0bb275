import { describe, expect, it } from 'vitest';
import { InvalidParameterError, parseParameters } from '../../../lib/engine/params';
import type { RuleContext } from '../../../lib/engine/rule';
import { contextFor, parseRuleParameters } from '../../../lib/engine/run';
import type { VpcNetwork } from '../../../lib/network/model';
import type { CodeBuildProject } from '../../../lib/resources/model';
import rule from '../../../rules/codebuild-project-vpc-endpoints';
import { codeBuildProject } from '../../fixtures/models';
import {
  BUILD_SG,
  DHCP_OPTIONS,
  ENDPOINT_SG,
  facts,
  gatewayEndpoint,
  interfaceEndpoint,
  missingVpc,
  privateVpc,
  RTB_MAIN,
  RTB_PRIVATE,
  routeTable,
  S3_GATEWAY_ENDPOINT,
  SUBNET_A,
  SUBNET_A_CIDR,
  SUBNET_B,
  s3GatewayRoute,
  securityGroup,
  sgRule,
  VPC_ID,
  withEndpoint,
  withoutEndpoints,
  withSecurityGroup,
} from '../../fixtures/network';

const common = parseRuleParameters(rule, {}).common;
/** The rule's own parameters, typed by its schema (parseRuleParameters returns them untyped). */
const ownParams = (raw: Record<string, unknown> = {}) => parseParameters(rule.parameters, raw);
const base = contextFor('123456789012', 'eu-west-1', common, new Date('2026-11-25T00:00:00Z'));
const contextWith = (...vpcs: VpcNetwork[]): RuleContext<'network'> => ({ ...base, network: facts(...vpcs) });

/** The default project (CodeCommit source, private ECR image, logs on) in both reference subnets. */
const project = (overrides: Partial<CodeBuildProject> = {}) =>
  codeBuildProject({
    vpcConfig: { vpcId: VPC_ID, subnetIds: [SUBNET_A, SUBNET_B], securityGroupIds: ['sg-0e1f'] },
    ...overrides,
  });
const evaluate = (
  vpc: VpcNetwork,
  overrides: Partial<CodeBuildProject> = {},
  raw: Record<string, unknown> = {},
) => rule.evaluate(project(overrides), contextWith(vpc), ownParams(raw));

const DEFAULT_SERVICES = 's3, ecr.api, ecr.dkr, logs, codecommit, git-codecommit';
/** An S3-sourced project with an AWS-managed image: needs s3, logs (and ECR by default). */
const s3Project: Partial<CodeBuildProject> = {
  sources: [{ type: 'S3', location: 'artifacts-bucket/app.zip', primary: true }],
  environment: {
    type: 'LINUX_CONTAINER',
    image: 'aws/codebuild/standard:7.0',
    privilegedMode: false,
    variables: [],
  },
};

describe('codebuild-project-vpc-endpoints', () => {
  it('Given the reference private VPC and the default project, then COMPLIANT listing the services verified', () => {
    // Act
    const verdict = evaluate(privateVpc());

    // Assess
    expect(verdict).toEqual({
      compliance: 'COMPLIANT',
      annotation: `vpc-0a1b has usable endpoints for ${DEFAULT_SERVICES}`,
    });
  });

  it('Given a VPC lacking the logs and git-codecommit endpoints, then NON_COMPLIANT listing both', () => {
    // Act
    const verdict = evaluate(withoutEndpoints(privateVpc(), 'logs', 'git-codecommit'));

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'vpc-0a1b lacks endpoints for logs, git-codecommit',
    });
  });

  it('Given an ecr.dkr interface endpoint with private DNS disabled, then NON_COMPLIANT naming service, endpoint and reason', () => {
    // Act
    const verdict = evaluate(withEndpoint(privateVpc(), 'vpce-ecr-dkr', { privateDnsEnabled: false }));

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'vpc-0a1b: ecr.dkr (vpce-ecr-dkr) has private DNS disabled',
    });
  });

  it('Given missing and unusable endpoints together, then one annotation lists every problem', () => {
    // Prepare
    const vpc = withEndpoint(withoutEndpoints(privateVpc(), 'logs', 'git-codecommit'), 'vpce-ecr-dkr', {
      privateDnsEnabled: false,
    });

    // Act
    const verdict = evaluate(vpc);

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        'vpc-0a1b lacks endpoints for logs, git-codecommit; ecr.dkr (vpce-ecr-dkr) has private DNS disabled',
    });
  });

  it('Given the only endpoint for a service in state pending, then NON_COMPLIANT saying so', () => {
    // Act
    const verdict = evaluate(withEndpoint(privateVpc(), 'vpce-logs', { state: 'pending' }));

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'vpc-0a1b: logs (vpce-logs) is pending',
    });
  });

  it('Given an interface endpoint with private DNS while the VPC has enableDnsHostnames off, then NON_COMPLIANT naming the VPC attribute', () => {
    // Act
    const verdict = evaluate(privateVpc({ dnsHostnames: false }), s3Project, { requireEcr: 'false' });

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        'vpc-0a1b: logs (vpce-logs) has private DNS but vpc-0a1b has enableDnsHostnames off, so it does not resolve',
    });
  });

  it("Given an S3 gateway endpoint not associated with the route table of one of the project's subnets, then NON_COMPLIANT naming the subnet and its table", () => {
    // Prepare
    const vpc = privateVpc({
      routeTables: [
        routeTable(RTB_PRIVATE, { subnetIds: [SUBNET_A], routes: [s3GatewayRoute()] }),
        routeTable(RTB_MAIN, { main: true }),
      ],
    });

    // Act
    const verdict = evaluate(vpc);

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        'vpc-0a1b: s3 (vpce-s3) is not associated with the route table of subnet-0c2d (rtb-main, main table)',
    });
  });

  it('Given no S3 gateway endpoint but an S3 interface endpoint with private DNS, then COMPLIANT', () => {
    // Prepare
    const reference = withoutEndpoints(privateVpc(), 's3');
    const vpc = { ...reference, endpoints: [...reference.endpoints, interfaceEndpoint('s3')] };

    // Act
    const verdict = evaluate(vpc);

    // Assess
    expect(verdict.compliance).toBe('COMPLIANT');
  });

  it('Given an unusable and a usable endpoint for the same service, then COMPLIANT', () => {
    // Prepare
    const reference = privateVpc();
    const vpc = {
      ...reference,
      endpoints: [
        interfaceEndpoint('logs', { endpointId: 'vpce-logs-old', privateDnsEnabled: false }),
        ...reference.endpoints,
      ],
    };

    // Act
    const verdict = evaluate(vpc);

    // Assess
    expect(verdict.compliance).toBe('COMPLIANT');
  });

  it('Given no usable endpoint among several for a service, then each reason is given', () => {
    // Prepare
    const reference = withoutEndpoints(privateVpc(), 'logs');
    const vpc = {
      ...reference,
      endpoints: [
        ...reference.endpoints,
        interfaceEndpoint('logs', { endpointId: 'vpce-logs-1', state: 'pending' }),
        interfaceEndpoint('logs', { endpointId: 'vpce-logs-2', privateDnsEnabled: false }),
      ],
    };

    // Act
    const verdict = evaluate(vpc);

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'vpc-0a1b: logs (vpce-logs-1) is pending, (vpce-logs-2) has private DNS disabled',
    });
  });

  it('Given a source cloned from the plain host and only FIPS CodeCommit endpoints, then NON_COMPLIANT saying each serves only the FIPS host', () => {
    // Prepare
    const reference = withoutEndpoints(privateVpc(), 'codecommit', 'git-codecommit');
    const vpc = {
      ...reference,
      endpoints: [
        ...reference.endpoints,
        interfaceEndpoint('codecommit-fips'),
        interfaceEndpoint('git-codecommit-fips'),
      ],
    };

    // Act
    const verdict = evaluate(vpc);

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        'vpc-0a1b lacks endpoints for codecommit (vpce-codecommit-fips serves only the FIPS host), ' +
        'git-codecommit (vpce-git-codecommit-fips serves only the FIPS host)',
    });
  });

  it('Given a source cloned from the FIPS host and a git-codecommit-fips endpoint, then COMPLIANT listing git-codecommit-fips', () => {
    // Prepare
    const reference = withoutEndpoints(privateVpc(), 'git-codecommit');
    const vpc = {
      ...reference,
      endpoints: [...reference.endpoints, interfaceEndpoint('git-codecommit-fips')],
    };
    const sources = [
      {
        type: 'CODECOMMIT',
        location: 'https://git-codecommit-fips.eu-west-1.amazonaws.com/v1/repos/app',
        primary: true,
      },
    ];

    // Act
    const verdict = evaluate(vpc, { sources });

    // Assess
    expect(verdict).toEqual({
      compliance: 'COMPLIANT',
      annotation:
        'vpc-0a1b has usable endpoints for s3, ecr.api, ecr.dkr, logs, codecommit, git-codecommit-fips',
    });
  });

  it('Given a source cloned from the FIPS host and only the plain git-codecommit endpoint, then NON_COMPLIANT saying it serves only the plain host', () => {
    // Prepare
    const sources = [
      {
        type: 'CODECOMMIT',
        location: 'https://git-codecommit-fips.eu-west-1.amazonaws.com/v1/repos/app',
        primary: true,
      },
    ];

    // Act
    const verdict = evaluate(privateVpc(), { sources });

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        'vpc-0a1b lacks an endpoint for git-codecommit-fips (vpce-git-codecommit serves only the plain host)',
    });
  });

  it("Given only FIPS ECR endpoints for the agent's plain-host calls, then NON_COMPLIANT naming ecr.api and ecr.dkr", () => {
    // Prepare
    const reference = withoutEndpoints(privateVpc(), 'ecr.api', 'ecr.dkr');
    const vpc = {
      ...reference,
      endpoints: [
        ...reference.endpoints,
        interfaceEndpoint('ecr-fips.api'),
        interfaceEndpoint('ecr-fips.dkr'),
      ],
    };

    // Act
    const verdict = evaluate(vpc);

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        'vpc-0a1b lacks endpoints for ecr.api (vpce-ecr-fips-api serves only the FIPS host), ' +
        'ecr.dkr (vpce-ecr-fips-dkr serves only the FIPS host)',
    });
  });

  it('Given a private ECR image on the FIPS host, then ecr-fips.dkr is needed besides the plain ecr.api', () => {
    // Prepare
    const environment = {
      ...project().environment,
      image: '123456789012.dkr.ecr-fips.eu-west-1.amazonaws.com/builder:1',
    };

    // Act
    const missing = evaluate(privateVpc(), { environment }, { requireEcr: 'false' });
    const served = evaluate(
      { ...privateVpc(), endpoints: [...privateVpc().endpoints, interfaceEndpoint('ecr-fips.dkr')] },
      { environment },
      { requireEcr: 'false' },
    );

    // Assess
    expect(missing).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'vpc-0a1b lacks an endpoint for ecr-fips.dkr (vpce-ecr-dkr serves only the plain host)',
    });
    expect(served).toEqual({
      compliance: 'COMPLIANT',
      annotation:
        'vpc-0a1b has usable endpoints for s3, ecr.api, ecr-fips.dkr, logs, codecommit, git-codecommit',
    });
  });

  it('Given a private ECR image in another Region, then ecr.api, ecr.dkr and s3 of that Region are needed', () => {
    // Prepare
    const environment = {
      ...project().environment,
      image: '123456789012.dkr.ecr.eu-central-1.amazonaws.com/builder:1',
    };

    // Act
    const verdict = evaluate(privateVpc(), { environment });

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        'vpc-0a1b lacks endpoints for ecr.api of eu-central-1, ecr.dkr of eu-central-1, s3 of eu-central-1',
    });
  });

  it('Given a private ECR image in another Region and cross-Region endpoints for it, then COMPLIANT naming them with the Region', () => {
    // Prepare
    const environment = {
      ...project().environment,
      image: '123456789012.dkr.ecr.eu-central-1.amazonaws.com/builder:1',
    };
    const crossRegion = ['ecr.api', 'ecr.dkr', 's3'].map((service) =>
      interfaceEndpoint(service, {
        endpointId: `vpce-fra-${service.replace('.', '-')}`,
        serviceName: `com.amazonaws.eu-central-1.${service}`,
      }),
    );
    const vpc = { ...privateVpc(), endpoints: [...privateVpc().endpoints, ...crossRegion] };

    // Act
    const verdict = evaluate(vpc, { environment });

    // Assess
    expect(verdict).toEqual({
      compliance: 'COMPLIANT',
      annotation:
        'vpc-0a1b has usable endpoints for s3, ecr.api, ecr.dkr, ecr.api of eu-central-1, ' +
        'ecr.dkr of eu-central-1, s3 of eu-central-1, logs, codecommit, git-codecommit',
    });
  });

  it('Given a CODECOMMIT secondary source in another Region, then codecommit and git-codecommit of that Region are needed', () => {
    // Prepare
    const sources = [
      ...project().sources,
      {
        type: 'CODECOMMIT',
        location: 'https://git-codecommit.us-east-1.amazonaws.com/v1/repos/shared',
        primary: false,
        sourceIdentifier: 'shared',
      },
    ];

    // Act
    const verdict = evaluate(privateVpc(), { sources });

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'vpc-0a1b lacks endpoints for codecommit of us-east-1, git-codecommit of us-east-1',
    });
  });

  it('Given an endpoint for the service in another Region, then it does not count', () => {
    // Act
    const verdict = evaluate(
      withEndpoint(privateVpc(), 'vpce-ecr-api', { serviceName: 'com.amazonaws.us-east-1.ecr.api' }),
    );

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'vpc-0a1b lacks an endpoint for ecr.api',
    });
  });

  it('Given CloudWatch Logs DISABLED, then logs is not needed', () => {
    // Act
    const verdict = evaluate(withoutEndpoints(privateVpc(), 'logs'), {
      logs: {
        cloudWatchLogs: { status: 'DISABLED' },
        s3Logs: { status: 'ENABLED', location: 'logs-bucket/app', encryptionDisabled: false },
      },
    });

    // Assess
    expect(verdict).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'vpc-0a1b has usable endpoints for s3, ecr.api, ecr.dkr, codecommit, git-codecommit',
    });
  });

  it('Given requireEcr false and an AWS-managed image, then ECR endpoints are not needed', () => {
    // Act
    const verdict = evaluate(withoutEndpoints(privateVpc(), 'ecr.api', 'ecr.dkr'), s3Project, {
      requireEcr: 'false',
    });

    // Assess
    expect(verdict).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'vpc-0a1b has usable endpoints for s3, logs',
    });
  });

  it('Given requireEcr false and a private ECR image, then ecr.api and ecr.dkr are still needed', () => {
    // Act
    const verdict = evaluate(
      withoutEndpoints(privateVpc(), 'ecr.api', 'ecr.dkr'),
      {},
      { requireEcr: 'false' },
    );

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'vpc-0a1b lacks endpoints for ecr.api, ecr.dkr',
    });
  });

  it('Given only an S3 source, then CodeCommit endpoints are not needed; given a CODECOMMIT secondary source, then they are', () => {
    // Prepare
    const vpc = withoutEndpoints(privateVpc(), 'codecommit', 'git-codecommit');
    const secondary = {
      ...s3Project,
      sources: [
        { type: 'S3', location: 'artifacts-bucket/app.zip', primary: true },
        {
          type: 'CODECOMMIT',
          location: 'https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/lib',
          sourceIdentifier: 'lib',
          primary: false,
        },
      ],
    };

    // Act
    const onlyS3 = evaluate(vpc, s3Project);
    const withSecondary = evaluate(vpc, secondary);

    // Assess
    expect(onlyS3).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'vpc-0a1b has usable endpoints for s3, ecr.api, ecr.dkr, logs',
    });
    expect(withSecondary).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'vpc-0a1b lacks endpoints for codecommit, git-codecommit',
    });
  });

  it('Given SECRETS_MANAGER and PARAMETER_STORE variables, then secretsmanager and ssm are needed', () => {
    // Act
    const verdict = evaluate(privateVpc(), {
      environment: {
        ...project().environment,
        variables: [
          { name: 'DB_PASSWORD', type: 'SECRETS_MANAGER', value: 'prod/db:password' },
          { name: 'API_URL', type: 'PARAMETER_STORE', value: '/app/api-url' },
          { name: 'STAGE', type: 'PLAINTEXT', value: 'prod' },
        ],
      },
    });

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'vpc-0a1b lacks endpoints for secretsmanager, ssm',
    });
  });

  it.each([
    ['a key ARN', 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab', true],
    ['a customer alias', 'arn:aws:kms:eu-west-1:123456789012:alias/build-artifacts', true],
    ['a bare key id', '1234abcd-12ab-34cd-56ef-1234567890ab', true],
    ['an AWS managed alias ARN', 'arn:aws:kms:eu-west-1:123456789012:alias/aws/s3', false],
    ['a bare AWS managed alias', 'alias/aws/s3', false],
  ])(
    'Given a customer managed KMS key or an AWS managed alias (%s), then kms is needed only for the customer key',
    (_label, key, needed) => {
      // Act
      const verdict = evaluate(privateVpc(), { encryptionKey: key });

      // Assess
      expect(verdict).toEqual(
        needed
          ? { compliance: 'NON_COMPLIANT', annotation: 'vpc-0a1b lacks an endpoint for kms' }
          : { compliance: 'COMPLIANT', annotation: `vpc-0a1b has usable endpoints for ${DEFAULT_SERVICES}` },
      );
    },
  );

  it('Given additionalServices (sts, kms-fips), then those services are needed, kms-fips met only by a FIPS endpoint', () => {
    // Prepare
    const reference = privateVpc();
    const vpc = { ...reference, endpoints: [...reference.endpoints, interfaceEndpoint('kms')] };

    // Act
    const verdict = evaluate(vpc, {}, { additionalServices: 'sts, kms-fips, s3' });

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'vpc-0a1b lacks endpoints for sts, kms-fips (vpce-kms serves only the plain host)',
    });
  });

  it.each(['com.amazonaws.eu-west-1.sts', 'STS', 'ecr..api', 'com.amazonaws.vpce.eu-west-1.vpce-svc-0a'])(
    'Given additionalServices holding a full service name or malformed item (%s), then parameter parsing fails naming additionalServices',
    (value) => {
      if (value === 'sts,') {
        // A trailing comma is an empty item, which list parameters skip.
        expect(parseRuleParameters(rule, { additionalServices: value }).own.additionalServices).toEqual([
          'sts',
        ]);
        return;
      }
      expect(() => parseRuleParameters(rule, { additionalServices: value })).toThrowError(
        InvalidParameterError,
      );
      expect(() => parseRuleParameters(rule, { additionalServices: value })).toThrowError(
        /"additionalServices"/,
      );
    },
  );

  it("Given an endpoint whose security group admits TCP 443 from only one of the project's subnets, then NON_COMPLIANT naming endpoint, group and the inbound rule to add", () => {
    // Prepare: vpce-logs gets its own group, open to subnet-0c1d only
    const vpc = withSecurityGroup(
      withEndpoint(privateVpc(), 'vpce-logs', { securityGroupIds: ['sg-logs'] }),
      'sg-logs',
      securityGroup('sg-logs', { ingress: [sgRule({ cidrs: [SUBNET_A_CIDR] })] }),
    );

    // Act
    const verdict = evaluate(vpc);

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        'vpc-0a1b: logs (vpce-logs) sg-logs admits no TCP 443 from subnet-0c2d: ' +
        'add inbound TCP 443 from 10.0.2.0/24 to sg-logs',
    });
  });

  it("Given an endpoint security group admitting 443 from the project's security group by reference, then COMPLIANT", () => {
    // Prepare: no CIDR at all, only the build's group
    const vpc = withSecurityGroup(
      privateVpc(),
      ENDPOINT_SG,
      securityGroup(ENDPOINT_SG, { ingress: [sgRule({ groupIds: [BUILD_SG] })] }),
    );

    // Act
    const verdict = evaluate(vpc);

    // Assess
    expect(verdict).toEqual({
      compliance: 'COMPLIANT',
      annotation: `vpc-0a1b has usable endpoints for ${DEFAULT_SERVICES}`,
    });
  });

  it("Given an endpoint security group that is not in the VPC's facts, then NON_COMPLIANT saying so", () => {
    // Prepare: vpce-logs names a group the load did not return (another account's, or deleted)
    const vpc = withEndpoint(privateVpc(), 'vpce-logs', { securityGroupIds: ['sg-gone'] });

    // Act
    const verdict = evaluate(vpc);

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        "vpc-0a1b: logs (vpce-logs) cannot be checked: its security group sg-gone is not in the loaded facts (another account's or deleted)",
    });
  });

  it("Given the project's security group without outbound TCP 443, then NON_COMPLIANT naming the outbound rule to add", () => {
    // Prepare: the build may only send HTTP
    const vpc = withSecurityGroup(
      privateVpc(),
      BUILD_SG,
      securityGroup(BUILD_SG, { egress: [sgRule({ cidrs: ['0.0.0.0/0'] }, { fromPort: 80, toPort: 80 })] }),
    );

    // Act
    const verdict = evaluate(vpc, s3Project, { requireEcr: false });

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        "vpc-0a1b: logs (vpce-logs) is not reachable: the build's sg-0e1f allows no outbound TCP 443 to its " +
        'subnet-0c1d, subnet-0c2d: add outbound TCP 443 to 10.0.1.0/24, 10.0.2.0/24 (or sg-0e2f) on sg-0e1f',
    });
  });

  it('Given DHCP options whose domain-name-servers exclude AmazonProvidedDNS, then NON_COMPLIANT naming the set and servers; given those servers in trustedResolvers, then COMPLIANT', () => {
    // Prepare
    const vpc = privateVpc({
      dhcpOptions: {
        dhcpOptionsId: DHCP_OPTIONS,
        found: true,
        domainNameServers: ['10.0.0.10', '10.0.0.11'],
      },
    });

    // Act
    const verdict = evaluate(vpc);
    const trusted = evaluate(vpc, {}, { trustedResolvers: '10.0.0.10,10.0.0.11' });

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        "vpc-0a1b: interface endpoints' private DNS does not serve the build: vpc-0a1b's DHCP options " +
        'dopt-0a1b send DNS to 10.0.0.10, 10.0.0.11, not only AmazonProvidedDNS, so clients may resolve the public endpoint',
    });
    expect(trusted).toEqual({
      compliance: 'COMPLIANT',
      annotation: `vpc-0a1b has usable endpoints for ${DEFAULT_SERVICES}`,
    });
  });

  it('Given an endpoint with IPv6-only DNS records and IPv4-only project subnets, then NON_COMPLIANT naming the subnets', () => {
    // Prepare
    const vpc = withEndpoint(privateVpc(), 'vpce-logs', {
      ipAddressType: 'dualstack',
      dnsRecordIpType: 'ipv6',
    });

    // Act
    const verdict = evaluate(vpc);

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        'vpc-0a1b: logs (vpce-logs) has IPv6-only DNS records, which builds in subnet-0c1d (IPv4-only), ' +
        'subnet-0c2d (IPv4-only) cannot use',
    });
  });

  it('Given a subnet of the project that is not in the VPC, then every endpoint is unusable naming the subnet', () => {
    // Act
    const verdict = evaluate(privateVpc(), {
      vpcConfig: { vpcId: VPC_ID, subnetIds: [SUBNET_A, 'subnet-0zz9'], securityGroupIds: ['sg-0e1f'] },
    });

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        `vpc-0a1b: s3 (${S3_GATEWAY_ENDPOINT}) cannot be checked: subnet-0zz9 is not in vpc-0a1b; ` +
        'ecr.api (vpce-ecr-api) cannot be checked: subnet-0zz9 is not in vpc-0a1b; ' +
        'ecr.dkr (vpce-ecr-dkr) cannot be checked: subnet-0zz9 is not in vpc-0a1b; and 3 more',
    });
  });

  it('Given a VPC that does not exist, then NON_COMPLIANT naming it', () => {
    // Act
    const verdict = evaluate(missingVpc());

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'vpc-0a1b does not exist: the endpoints this build needs cannot be verified',
    });
  });

  it('Given very many problems, then the annotation stays within 256 characters with "and N more"', () => {
    // Prepare
    const reference = privateVpc({ dnsSupport: false });
    const extra = Array.from({ length: 12 }, (_, i) => `service-with-a-long-name-${i}`);
    const vpc = {
      ...reference,
      endpoints: [
        ...reference.endpoints,
        ...extra.slice(0, 6).map((service) => interfaceEndpoint(service, { privateDnsEnabled: false })),
      ],
    };

    // Act
    const verdict = evaluate(vpc, {}, { additionalServices: extra.join(',') });

    // Assess
    expect(verdict.compliance).toBe('NON_COMPLIANT');
    expect(verdict.annotation?.length).toBeLessThanOrEqual(256);
    expect(verdict.annotation).toMatch(
      /^vpc-0a1b lacks endpoints for service-with-a-long-name-6, .*; and \d+ more$/,
    );
  });

  it.each([
    ['without vpcConfig', undefined],
    ['without a VPC id', { subnetIds: [SUBNET_A], securityGroupIds: ['sg-0e1f'] }],
    ['without subnets', { vpcId: VPC_ID, subnetIds: [], securityGroupIds: ['sg-0e1f'] }],
  ])('Given a project %s, then NOT_APPLICABLE', (_label, vpcConfig) => {
    // Act
    const verdict = rule.evaluate(codeBuildProject({ vpcConfig }), contextWith(), ownParams());

    // Assess
    expect(verdict).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation: 'not in a VPC (codebuild-project-in-vpc reports the vpcConfig)',
    });
  });

  it('names its VPC for the pipeline and listens to network changes', () => {
    expect(rule.networkOf?.(project(), {})).toBe(VPC_ID);
    expect(rule.triggeredBy).toEqual([
      'AWS::EC2::RouteTable',
      'AWS::EC2::Subnet',
      'AWS::EC2::VPCEndpoint',
      'AWS::EC2::SecurityGroup',
      'AWS::EC2::VPC',
    ]);
  });

  it('accepts a gateway endpoint associated with every table when subnets use different tables', () => {
    // Prepare
    const reference = withoutEndpoints(privateVpc(), 's3');
    const vpc = {
      ...reference,
      routeTables: [
        routeTable(RTB_PRIVATE, { subnetIds: [SUBNET_A], routes: [s3GatewayRoute()] }),
        routeTable(RTB_MAIN, { main: true, routes: [s3GatewayRoute()] }),
      ],
      endpoints: [...reference.endpoints, gatewayEndpoint([RTB_PRIVATE, RTB_MAIN])],
    };

    // Act
    const verdict = evaluate(vpc);

    // Assess
    expect(verdict.compliance).toBe('COMPLIANT');
  });
});
