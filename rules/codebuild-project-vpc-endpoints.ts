/**
 * codebuild-project-vpc-endpoints
 *
 * A build in a private VPC reaches AWS services only through VPC endpoints. This rule derives
 * what the project needs (the hosts the build calls, each as the endpoint service and Region that
 * serve it) and checks that its VPC has an endpoint for each that the build can use from every
 * one of its subnets:
 *  - always `s3` (source, artifacts, cache and image layers);
 *  - `ecr.api` + `ecr.dkr` when parameter `requireEcr` (default true);
 *  - for a build image in a private ECR registry (`<account>.dkr.ecr[-fips].<region>.amazonaws.com/...`):
 *    `ecr.api`, the registry host's `ecr.dkr` (`ecr-fips.dkr` for the FIPS host) and `s3` (layers),
 *    all of the image's Region;
 *  - `logs` unless CloudWatch Logs are DISABLED;
 *  - for each CODECOMMIT source (primary or secondary): `codecommit` and the clone host's
 *    `git-codecommit` (`git-codecommit-fips` for the FIPS host), of the Region in its URL;
 *  - `secretsmanager` / `ssm` for SECRETS_MANAGER / PARAMETER_STORE environment variables;
 *  - `kms` when `encryptionKey` is a customer managed key;
 *  - plus parameter `additionalServices`.
 * Usable (lib/network/resolve.ts endpointUsability): state `available`; interface endpoints with
 * private DNS enabled, the VPC's DNS attributes not known off, the VPC's DHCP options sending DNS
 * to the Amazon resolver only (or `trustedResolvers`), DNS records of an address family every
 * project subnet has, security groups admitting TCP 443 from every project subnet (or the
 * project's security groups) and the project's security groups allowing TCP 443 out to the
 * endpoint; an S3 gateway endpoint associated with the route table of every subnet of the project,
 * or else an S3 interface endpoint. An endpoint serves the host its private DNS covers, in its own Region (FIPS and
 * plain hosts are distinct).
 *
 * Decisions (docs/rule-semantics.md is silent):
 *  - Customer managed key: any encryptionKey except an AWS managed alias (`alias/aws/...`, bare or
 *    as an ARN). Key ARNs, bare key ids and customer aliases (`alias/my-key`) all need `kms`.
 *  - Service names compare as AWS spells them (lower case); `additionalServices` items are bare
 *    service names (`sts`, `ecr.api`), and a full `com.amazonaws.<region>.<service>` name is an
 *    invalid parameter (it could never match).
 *  - FIPS (one semantics with codecommit-repository-private-access and vpc-required-endpoints,
 *    lib/network/services.ts): an endpoint serves the host its private DNS covers, and a need is
 *    for the host the build uses. The agent's own calls (s3, logs, ecr.api, the other services and
 *    `requireEcr`) use the plain hosts, so only plain endpoints meet them; a FIPS image or clone
 *    host needs the FIPS endpoint; an `additionalServices` item is met by exactly that name. When
 *    only the other variant exists, the annotation says which host it serves.
 *  - Regions: an endpoint serves its service name's Region only. The agent's calls go to the VPC's
 *    own Region; an image or CodeCommit source of another Region is fetched from that Region's
 *    hosts, so it needs endpoints for that Region (cross-Region PrivateLink, service name
 *    `com.amazonaws.<that region>.<service>`), named `<service> of <region>` in annotations. Whether
 *    another Region is allowed at all is codebuild-project-image-private's and
 *    codebuild-project-source-private's concern (`allowedRegions`); this rule says whether the
 *    traffic stays on endpoints. A CODECOMMIT location that names no CodeCommit host counts as this
 *    Region's plain host.
 *  - One usable endpoint per service suffices; when none is usable the annotation gives each
 *    candidate's reason.
 *  - A VPC that does not exist is NON_COMPLIANT naming it. A subnet that is not in the VPC makes
 *    an S3 gateway endpoint unusable (its route table cannot be checked).
 *  - Security groups (docs/rule-semantics.md "Endpoint reachability"): the endpoint's groups must
 *    admit TCP 443 (protocol -1 counts, as does a port range holding 443) from each project subnet's
 *    CIDRs of the families it uses, by a CIDR covering them, or from one of the project's groups by
 *    reference (a group referencing itself admits the builds when they carry it too); the
 *    project's groups must allow TCP 443 out the same way to the endpoint's subnets or groups.
 *    Prefix-list sources are not resolved (they admit nothing here, and the annotation says so). A
 *    group missing from the VPC's facts admits nothing; it is named when nothing else admits.
 *  - DNS: a DHCP options set whose domain-name-servers are not all AmazonProvidedDNS (or its
 *    addresses 169.254.169.253, fd00:ec2::253) or listed in `trustedResolvers` makes every interface
 *    endpoint of the VPC unusable: builds may ask a resolver that answers with public addresses.
 *    Default options (`default`) are Amazon's; unknown or unreadable options are unusable.
 *  - Address family: an endpoint whose DNS records are IPv6-only is unusable from a subnet without
 *    an IPv6 CIDR; records of unknown family (neither dnsRecordIpType nor ipAddressType given, and
 *    the endpoint's subnets have IPv6) count only from dual-stack subnets.
 *  - The annotation lists missing services first, then unusable ones, as many as fit in 256
 *    characters, then "and N more".
 *
 * Scenarios:
 *  - Given the reference private VPC and the default project (CodeCommit source, private ECR image,
 *    CloudWatch Logs on), then COMPLIANT listing the services verified.
 *  - Given a VPC lacking the logs and git-codecommit endpoints, then NON_COMPLIANT listing both.
 *  - Given an ecr.dkr interface endpoint with private DNS disabled, then NON_COMPLIANT naming service,
 *    endpoint and reason.
 *  - Given missing and unusable endpoints together, then one annotation lists every problem.
 *  - Given the only endpoint for a service in state pending, then NON_COMPLIANT saying so.
 *  - Given an interface endpoint with private DNS while the VPC has enableDnsHostnames off, then
 *    NON_COMPLIANT naming the VPC attribute.
 *  - Given an endpoint whose security group admits TCP 443 from only one of the project's subnets,
 *    then NON_COMPLIANT naming endpoint, group and the inbound rule to add.
 *  - Given an endpoint security group admitting 443 from the project's security group by reference,
 *    then COMPLIANT.
 *  - Given an endpoint security group that is not in the VPC's facts, then NON_COMPLIANT saying so.
 *  - Given the project's security group without outbound TCP 443, then NON_COMPLIANT naming the
 *    outbound rule to add.
 *  - Given DHCP options whose domain-name-servers exclude AmazonProvidedDNS, then NON_COMPLIANT
 *    naming the set and servers; given those servers in trustedResolvers, then COMPLIANT.
 *  - Given an endpoint with IPv6-only DNS records and IPv4-only project subnets, then NON_COMPLIANT
 *    naming the subnets.
 *  - Given an S3 gateway endpoint not associated with the route table of one of the project's
 *    subnets, then NON_COMPLIANT naming the subnet and its table.
 *  - Given no S3 gateway endpoint but an S3 interface endpoint with private DNS, then COMPLIANT.
 *  - Given an unusable and a usable endpoint for the same service, then COMPLIANT.
 *  - Given a source cloned from the plain host and only FIPS CodeCommit endpoints, then NON_COMPLIANT
 *    saying each serves only the FIPS host.
 *  - Given a source cloned from the FIPS host and a git-codecommit-fips endpoint, then COMPLIANT listing
 *    git-codecommit-fips; given only the plain git-codecommit endpoint, then NON_COMPLIANT saying it serves
 *    only the plain host.
 *  - Given only FIPS ECR endpoints for the agent's plain-host calls, then NON_COMPLIANT naming ecr.api and ecr.dkr.
 *  - Given a private ECR image on the FIPS host, then ecr-fips.dkr is needed besides the plain ecr.api.
 *  - Given a private ECR image in another Region, then ecr.api, ecr.dkr and s3 of that Region are needed;
 *    given cross-Region endpoints for them, then COMPLIANT naming them with the Region.
 *  - Given a CODECOMMIT secondary source in another Region, then codecommit and git-codecommit of that
 *    Region are needed.
 *  - Given an endpoint for the service in another Region, then it does not count.
 *  - Given CloudWatch Logs DISABLED, then logs is not needed.
 *  - Given requireEcr false and an AWS-managed image, then ECR endpoints are not needed.
 *  - Given requireEcr false and a private ECR image, then ecr.api and ecr.dkr are still needed.
 *  - Given only an S3 source, then CodeCommit endpoints are not needed; given a CODECOMMIT secondary
 *    source, then they are.
 *  - Given SECRETS_MANAGER and PARAMETER_STORE variables, then secretsmanager and ssm are needed.
 *  - Given a customer managed KMS key (ARN or customer alias), then kms is needed; given an AWS
 *    managed alias, then it is not.
 *  - Given additionalServices (sts, kms-fips), then those services are needed, kms-fips met only by
 *    a FIPS endpoint (the plain kms endpoint serves only the plain host).
 *  - Given additionalServices holding a full service name, then parameter parsing fails naming
 *    additionalServices.
 *  - Given a subnet of the project that is not in the VPC, then every endpoint is unusable naming the
 *    subnet.
 *  - Given a VPC that does not exist, then NON_COMPLIANT naming it.
 *  - Given very many problems, then the annotation stays within 256 characters with "and N more".
 *  - Given a project without vpcConfig, VPC id or subnets, then NOT_APPLICABLE.
 */
import { fitList } from '../lib/engine/annotation';
import { compliant, defineRule, nonCompliant, notApplicable } from '../lib/engine/rule';
import {
  endpointsForService,
  endpointUsability,
  RESOLVER_ADDRESS,
  resolverProblem,
} from '../lib/network/resolve';
import {
  codeCommitCloneHost,
  counterpartOf,
  type HostService,
  otherVariantNote,
  privateEcrHost,
} from '../lib/network/services';
import type { CodeBuildProject } from '../lib/resources/model';

const SERVICE = /^(?!com\.amazonaws\.)[a-z0-9]+(?:[.-][a-z0-9]+)*$/;
const AWS_MANAGED_KEY = /(?:^|:)alias\/aws\//;

/**
 * The hosts the build calls, each as the endpoint service and Region that serve it, in a stable
 * order, without duplicates. The agent's own calls use the plain hosts of the VPC's Region; a
 * private ECR image and CodeCommit sources are fetched from the host (Region, FIPS or not) they name.
 * Exported for the HTML report's build path (lib/cli/build-path.ts), so it shows this rule's needs.
 */
export function neededServices(
  project: CodeBuildProject,
  params: { requireEcr: boolean; additionalServices: readonly string[] },
  region: string,
): HostService[] {
  const own = (service: string): HostService => ({ service, region });
  const needs = [own('s3')];
  if (params.requireEcr) needs.push(own('ecr.api'), own('ecr.dkr'));
  const image = project.environment.image?.trim() ?? '';
  const ecr = image.includes('/') ? privateEcrHost((image.split('/')[0] ?? '').toLowerCase()) : undefined;
  if (ecr) {
    // The pull asks the image's Region for a token (ecr.api), then its registry host, then the
    // layers from that Region's S3.
    needs.push({ service: 'ecr.api', region: ecr.region }, ecr, { service: 's3', region: ecr.region });
  }
  if (project.logs.cloudWatchLogs.status.trim().toUpperCase() !== 'DISABLED') needs.push(own('logs'));
  for (const source of project.sources) {
    if (source.type.trim().toUpperCase() !== 'CODECOMMIT') continue;
    const host = codeCommitCloneHost(source.location);
    // A location that names no CodeCommit host is judged by codebuild-project-source-private; the
    // build still calls this Region's CodeCommit.
    needs.push({ service: 'codecommit', region: host?.region ?? region }, host ?? own('git-codecommit'));
  }
  const variableTypes = new Set(project.environment.variables.map((v) => v.type.trim().toUpperCase()));
  if (variableTypes.has('SECRETS_MANAGER')) needs.push(own('secretsmanager'));
  if (variableTypes.has('PARAMETER_STORE')) needs.push(own('ssm'));
  const key = project.encryptionKey?.trim() ?? '';
  if (key !== '' && !AWS_MANAGED_KEY.test(key)) needs.push(own('kms'));
  needs.push(...params.additionalServices.map(own));
  // Only service and Region count (an ECR host brings its account along); the first need stays first.
  const unique = new Map<string, HostService>();
  for (const { service, region: at } of needs) {
    if (!unique.has(`${at} ${service}`)) unique.set(`${at} ${service}`, { service, region: at });
  }
  return [...unique.values()];
}

export default defineRule({
  id: 'codebuild-project-vpc-endpoints',
  title: 'CodeBuild project VPC has usable endpoints for every service the build needs',
  severity: 'high',
  resourceTypes: ['AWS::CodeBuild::Project'],
  rationale:
    'Without a usable VPC endpoint, a build in a private VPC either fails (closed network) or reaches the ' +
    "service's public endpoint through a NAT or internet route, taking traffic off the private network.",
  remediation:
    'Create the missing endpoints in the project VPC (aws ec2 create-vpc-endpoint --vpc-endpoint-type Interface ' +
    '--private-dns-enabled --service-name com.amazonaws.<region>.<service> --subnet-ids ... --security-group-ids ...), ' +
    'enable private DNS on interface endpoints, let their security groups admit TCP 443 from the build subnets ' +
    "(and the build's groups send it), keep AmazonProvidedDNS in the VPC's DHCP options, and associate " +
    'the S3 gateway endpoint with the route table of ' +
    'every subnet of the project (aws ec2 modify-vpc-endpoint --add-route-table-ids <rtb>).',
  parameters: {
    requireEcr: {
      type: 'boolean',
      default: true,
      description:
        'Require ecr.api and ecr.dkr endpoints (plain hosts, own Region) for every project (the pipeline pushes ' +
        "to ECR); a private ECR build image requires its own Region's ecr.api, registry host endpoint (ecr.dkr or " +
        'ecr-fips.dkr) and s3 regardless.',
    },
    additionalServices: {
      type: 'list',
      default: [],
      itemPattern: SERVICE,
      expected: 'comma-separated service names as in com.amazonaws.<region>.<service>, e.g. sts,codebuild',
      description:
        "Further services every build needs an endpoint for in the project's Region (e.g. sts, codebuild, " +
        'ecr.api); a FIPS name (kms-fips) is met only by the FIPS endpoint, a plain one only by the plain endpoint.',
    },
    trustedResolvers: {
      type: 'list',
      default: [],
      itemPattern: RESOLVER_ADDRESS,
      expected: 'comma-separated IPv4 or IPv6 addresses of DNS servers, e.g. 10.0.0.10',
      description:
        "DNS servers of a VPC's DHCP options that forward endpoint names to the VPC resolver (e.g. a Route 53 " +
        'Resolver inbound endpoint); any other server than AmazonProvidedDNS makes interface endpoints unusable.',
    },
  },
  triggeredBy: [
    'AWS::EC2::RouteTable',
    'AWS::EC2::Subnet',
    'AWS::EC2::VPCEndpoint',
    // Security group rules and the VPC's DHCP options decide whether an endpoint serves the build.
    'AWS::EC2::SecurityGroup',
    'AWS::EC2::VPC',
  ],
  needs: ['network'],
  networkOf: (project) => project.vpcConfig?.vpcId,
  evaluate(project, context, params) {
    const vpcId = project.vpcConfig?.vpcId;
    const subnetIds = [...new Set(project.vpcConfig?.subnetIds ?? [])];
    if (!vpcId || subnetIds.length === 0) {
      return notApplicable('not in a VPC (codebuild-project-in-vpc reports the vpcConfig)');
    }
    const vpc = context.network.vpc(vpcId);
    if (!vpc.exists) {
      return nonCompliant(`${vpcId} does not exist: the endpoints this build needs cannot be verified`);
    }

    const needs = neededServices(project, params, vpc.region);
    // A need of another Region is named with it: `ecr.dkr of eu-central-1`.
    const labelOf = ({ service, region }: HostService) =>
      region === vpc.region ? service : `${service} of ${region}`;
    const missing: string[] = [];
    const unusable: string[] = [];
    // The VPC's DNS servers concern every interface endpoint alike: said once, not per endpoint.
    const build = { securityGroupIds: project.vpcConfig?.securityGroupIds ?? [], skipResolver: true };
    let interfaceUsed = false;
    for (const need of needs) {
      const service = labelOf(need);
      const candidates = endpointsForService(vpc, need.service, need.region);
      if (candidates.length === 0) {
        const other = endpointsForService(vpc, counterpartOf(need.service), need.region)[0];
        missing.push(
          other === undefined ? service : `${service} (${otherVariantNote(other.endpointId, need.service)})`,
        );
        continue;
      }
      const reasons: string[] = [];
      for (const endpoint of candidates) {
        if (endpoint.endpointType.toLowerCase() === 'interface') interfaceUsed = true;
        const usability = endpointUsability(vpc, endpoint, subnetIds, build);
        if (usability.usable) break;
        reasons.push(`(${endpoint.endpointId}) ${usability.reason}`);
      }
      if (reasons.length === candidates.length) unusable.push(`${service} ${reasons.join(', ')}`);
    }

    const resolver = interfaceUsed ? resolverProblem(vpc, params.trustedResolvers) : undefined;
    if (resolver !== undefined) {
      unusable.unshift(`interface endpoints' private DNS does not serve the build: ${resolver}`);
    }

    if (missing.length === 0 && unusable.length === 0) {
      return compliant(
        fitList(`${vpcId} has usable endpoints for `, needs.map(labelOf), { separator: ', ' }),
      );
    }
    const lacks =
      missing.length === 0
        ? []
        : [`${vpcId} lacks ${missing.length === 1 ? 'an endpoint' : 'endpoints'} for ${missing.join(', ')}`];
    const prefix = missing.length === 0 ? `${vpcId}: ` : '';
    return nonCompliant(fitList(prefix, [...lacks, ...unusable]));
  },
});
