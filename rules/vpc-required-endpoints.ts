/**
 * vpc-required-endpoints
 *
 * A build VPC without NAT reaches AWS services only through VPC endpoints; a VPC with NAT sends
 * everything a missing endpoint would have carried over the internet. Either way every VPC the
 * pipeline runs in needs an available endpoint for each service it uses: ECR (API and Docker), S3
 * (image layers, sources, artifacts) and CloudWatch Logs by default. Parity with the AWS managed
 * rule vpc-endpoint-enabled and Security Hub EC2.55/EC2.56 (which check ECR), for a list of
 * services.
 *
 * Decisions where docs/rule-semantics.md is silent:
 *  - Scope: when `vpcIds` is set, exactly those VPCs (docs/rule-semantics.md:
 *    "parameter `vpcIds`, else every VPC hosting a CodeBuild project"),
 *    whether or not a project runs in them; otherwise every VPC named in the vpcConfig.vpcId of a
 *    CodeBuild project of the account and region (context.codeBuildProjects), even an incomplete
 *    vpcConfig (the in-vpc rule reports that).
 *  - An endpoint counts when its state is `available`, whatever its type (an S3 gateway or
 *    interface endpoint both serve S3), and its service name is
 *    com.amazonaws.<the VPC's region>.<service>: an endpoint to another region's service does not
 *    serve the builds' calls to their own region (the Region of an image or source elsewhere is
 *    codebuild-project-vpc-endpoints' concern, which knows each project's hosts).
 *  - FIPS: an endpoint serves the host its private DNS covers (lib/network/services.ts), so a
 *    service is met only by an endpoint of exactly that name: `ecr.dkr` by a plain ecr.dkr
 *    endpoint, `ecr-fips.dkr` by a FIPS one. Teams whose builds use FIPS hosts list the FIPS names
 *    in requiredServices. When only the other variant exists, the annotation says so.
 *  - Usability beyond availability (private DNS, route table associations) is
 *    codebuild-project-vpc-endpoints' concern, not this rule's.
 *  - A VPC the network loader found not to exist (deleted meanwhile) is NOT_APPLICABLE.
 *  - The network facts and the projects come from the pipeline (needs: codeBuildProjects, network).
 *
 * Scenarios:
 *  - Given a VPC hosting a CodeBuild project with available endpoints for every default service, then COMPLIANT.
 *  - Given a VPC hosting a project that lacks logs and ecr.dkr endpoints, then NON_COMPLIANT "vpc-0a1b lacks available endpoints for ecr.dkr, logs".
 *  - Given a VPC hosting a project with no endpoints at all, then NON_COMPLIANT listing every default service.
 *  - Given an endpoint that is not available (pending), then it does not count and the annotation names its state.
 *  - Given only FIPS endpoints (ecr-fips.api, ecr-fips.dkr, logs-fips), then NON_COMPLIANT naming each plain
 *    service and the FIPS endpoint that serves only the FIPS host.
 *  - Given requiredServices naming the FIPS variants and FIPS endpoints, then COMPLIANT.
 *  - Given a required FIPS service (kms-fips) and only a plain kms endpoint, then NON_COMPLIANT naming kms-fips
 *    and the plain endpoint that serves only the plain host.
 *  - Given an S3 interface endpoint instead of a gateway endpoint, then it counts for s3.
 *  - Given an endpoint for another region's service, then it does not count.
 *  - Given an endpoint service of another owner (com.amazonaws.vpce...), then it counts for nothing.
 *  - Given requiredServices codecommit,git-codecommit, then only those are checked.
 *  - Given a VPC that no CodeBuild project uses and vpcIds unset, then NOT_APPLICABLE "no CodeBuild project runs in vpc-0a1b and it is not listed in vpcIds".
 *  - Given a VPC listed in vpcIds that hosts no project and lacks endpoints, then NON_COMPLIANT.
 *  - Given vpcIds that do not list a VPC hosting a project, then NOT_APPLICABLE "vpc-0a1b is not listed in vpcIds".
 *  - Given a project in another VPC only, then the VPC is NOT_APPLICABLE.
 *  - Given a VPC the network loader found not to exist, then NOT_APPLICABLE.
 *  - Given very many missing services, then the annotation stays within 256 characters.
 *  - Given no CodeBuild project but vpcIds set, then the VPC is evaluated.
 *  - Given an invalid vpcIds or requiredServices item, then parameter parsing fails naming the parameter.
 *  - Given requiredServices that names no service (","), then the rule throws naming the parameter.
 */
import { fitList } from '../lib/engine/annotation';
import { InvalidParameterError } from '../lib/engine/params';
import { compliant, defineRule, nonCompliant, notApplicable } from '../lib/engine/rule';
import { counterpartOf, otherVariantNote, servesService } from '../lib/network/services';

/** The service part of `com.amazonaws.<region>.<service>`, e.g. `ecr.dkr`, `git-codecommit-fips`; not a full name. */
const SERVICE = /^(?!com\.amazonaws\.)[a-z0-9][a-z0-9-]*(?:\.[a-z0-9][a-z0-9-]*)*$/;

export default defineRule({
  id: 'vpc-required-endpoints',
  title: 'Build VPCs have endpoints for every service the pipeline uses',
  severity: 'high',
  resourceTypes: ['AWS::EC2::VPC'],
  rationale:
    'Without an endpoint, calls from the VPC to that service (ECR pulls and pushes, S3 layers and artifacts, ' +
    'CloudWatch Logs) either leave through a NAT to the public internet or fail in a closed network.',
  equivalent: 'vpc-endpoint-enabled; Security Hub EC2.55 (ecr.api) and EC2.56 (ecr.dkr)',
  remediation:
    'Create the missing endpoints in the VPC: interface endpoints (with private DNS) for ecr.api, ecr.dkr and ' +
    'logs, and an S3 gateway endpoint on the route tables of the build subnets, e.g. aws ec2 create-vpc-endpoint ' +
    '--vpc-id <vpc> --service-name com.amazonaws.<region>.ecr.dkr --vpc-endpoint-type Interface ...',
  parameters: {
    vpcIds: {
      type: 'list',
      default: [],
      itemPattern: /^vpc-[0-9a-f]+$/,
      expected: 'comma-separated VPC ids (vpc-...)',
      description: 'VPCs to check; when empty, every VPC that hosts a CodeBuild project.',
    },
    requiredServices: {
      type: 'list',
      default: ['ecr.api', 'ecr.dkr', 's3', 'logs'],
      itemPattern: SERVICE,
      expected: 'comma-separated service names as in com.amazonaws.<region>.<service> (e.g. ecr.dkr)',
      description:
        'Services that need an available endpoint in every VPC in scope, by exact name: a FIPS endpoint meets ' +
        'only its FIPS name (e.g. ecr-fips.dkr), a plain one only the plain name.',
    },
  },
  needs: ['codeBuildProjects', 'network'],
  triggeredBy: ['AWS::EC2::VPCEndpoint'],
  networkOf: (vpc) => vpc.vpcId,
  evaluate(vpc, context, params) {
    const { vpcId } = vpc;
    if (params.requiredServices.length === 0) {
      throw new InvalidParameterError('requiredServices', 'names no service; leave it unset for the default');
    }
    if (params.vpcIds.length > 0) {
      if (!params.vpcIds.includes(vpcId)) return notApplicable(`${vpcId} is not listed in vpcIds`);
    } else {
      if (!context.codeBuildProjects.some((project) => project.vpcConfig?.vpcId === vpcId)) {
        return notApplicable(`no CodeBuild project runs in ${vpcId} and it is not listed in vpcIds`);
      }
    }
    const network = context.network.vpc(vpcId);
    if (!network.exists) return notApplicable(`${vpcId} no longer exists`);
    const missing: string[] = [];
    for (const service of params.requiredServices) {
      const serving = (name: string) =>
        network.endpoints.filter((endpoint) => servesService(endpoint.serviceName, name, vpc.region));
      const candidates = serving(service);
      if (candidates.some((endpoint) => endpoint.state === 'available')) continue;
      const unusable = candidates[0];
      const other = serving(counterpartOf(service))[0];
      missing.push(
        unusable !== undefined
          ? `${service} (${unusable.endpointId} ${unusable.state})`
          : other !== undefined
            ? `${service} (${otherVariantNote(other.endpointId, service)})`
            : service,
      );
    }
    if (missing.length > 0) {
      return nonCompliant(fitList(`${vpcId} lacks available endpoints for `, missing, { separator: ', ' }));
    }
    return compliant(
      fitList(`${vpcId} has available endpoints for `, params.requiredServices, { separator: ', ' }),
    );
  },
});
