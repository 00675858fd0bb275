/**
 * vpc-endpoint-private-dns
 *
 * An interface endpoint for an AWS service whose private DNS is disabled is bypassed by every
 * client that uses the service's default hostname: the name resolves to the public endpoint and
 * traffic leaves the VPC (or fails in a closed network). ECR's docker endpoint requires it.
 *
 * Private DNS answers only through the Amazon resolver: when the VPC's DHCP options name other
 * DNS servers, clients ask those and get the public addresses (docs/aws-data.md §7). So the rule
 * loads the VPC's network facts and reports the DHCP options set too.
 *
 * Decisions (docs/rule-semantics.md "DNS servers"):
 *  - Every domain-name-server of the set must be AmazonProvidedDNS (or its addresses
 *    169.254.169.253, fd00:ec2::253) or listed in `trustedResolvers` (servers that forward to the
 *    VPC resolver): clients ask their servers in order, so one other server answers first.
 *  - The VPC without a DHCP options set (`default`) uses the Amazon resolver. Options that are
 *    unknown or could not be read are NON_COMPLIANT saying so (never assumed Amazon's).
 *  - The VPC's DNS attributes are codebuild-project-vpc-endpoints' concern, not checked here.
 *
 * Scenarios:
 *  - Given an interface endpoint for an AWS service with private DNS enabled, then COMPLIANT.
 *  - Given an interface endpoint for an AWS service with private DNS disabled, then NON_COMPLIANT
 *    naming the endpoint, service and VPC.
 *  - Given a gateway endpoint, then NOT_APPLICABLE (gateway endpoints have no DNS of their own).
 *  - Given a Gateway Load Balancer, Resource or ServiceNetwork endpoint, then NOT_APPLICABLE.
 *  - Given an interface endpoint to an endpoint service of another owner (com.amazonaws.vpce...),
 *    then NOT_APPLICABLE.
 *  - Given a service name that is not an AWS regional service name, then NOT_APPLICABLE.
 *  - Given private DNS enabled in a VPC whose DHCP options name a DNS server other than
 *    AmazonProvidedDNS, then NON_COMPLIANT naming the DHCP options set and the server.
 *  - Given that server listed in trustedResolvers, then COMPLIANT.
 *  - Given a VPC without a DHCP options set (default), then COMPLIANT.
 *  - Given a VPC whose DHCP options set could not be read, then NON_COMPLIANT saying so.
 */
import { cutName, cutToLimit, keepCause } from '../lib/engine/annotation';
import { compliant, defineRule, nonCompliant, notApplicable } from '../lib/engine/rule';
import { RESOLVER_ADDRESS, resolverProblem } from '../lib/network/resolve';
import { parseServiceName } from '../lib/network/services';
import type { VpcEndpoint } from '../lib/resources/model';

/** Interface endpoints for AWS services: the only ones this rule judges (and loads a VPC for). */
const judged = (endpoint: VpcEndpoint): boolean =>
  endpoint.endpointType.toLowerCase() === 'interface' && parseServiceName(endpoint.serviceName) !== undefined;

export default defineRule({
  id: 'vpc-endpoint-private-dns',
  title: 'Interface VPC endpoints for AWS services have private DNS enabled',
  severity: 'high',
  resourceTypes: ['AWS::EC2::VPCEndpoint'],
  rationale:
    "With private DNS disabled, clients that use the service's default hostname resolve its public " +
    'endpoint, so their traffic bypasses the endpoint and leaves the VPC (or fails in a closed network).',
  remediation:
    'Enable private DNS on the endpoint (requires enableDnsSupport and enableDnsHostnames on the VPC): ' +
    'aws ec2 modify-vpc-endpoint --vpc-endpoint-id <id> --private-dns-enabled; keep AmazonProvidedDNS as the only ' +
    "DNS server of the VPC's DHCP options (aws ec2 associate-dhcp-options --dhcp-options-id default --vpc-id <vpc>), " +
    'or list servers that forward to the VPC resolver in trustedResolvers.',
  parameters: {
    trustedResolvers: {
      type: 'list',
      default: [],
      itemPattern: RESOLVER_ADDRESS,
      expected: 'comma-separated IPv4 or IPv6 addresses of DNS servers, e.g. 10.0.0.10',
      description:
        "DNS servers of a VPC's DHCP options that forward endpoint names to the VPC resolver (e.g. a Route 53 " +
        'Resolver inbound endpoint); any other server than AmazonProvidedDNS is NON_COMPLIANT.',
    },
  },
  triggeredBy: ['AWS::EC2::VPC'],
  needs: ['network'],
  networkOf: (endpoint) => (judged(endpoint) ? endpoint.vpcId : undefined),
  evaluate(endpoint, context, params) {
    if (endpoint.endpointType.toLowerCase() !== 'interface') {
      return notApplicable(
        keepCause('', endpoint.endpointType, ' endpoint: private DNS applies to interface endpoints only'),
      );
    }
    const service = parseServiceName(endpoint.serviceName)?.service;
    if (service === undefined) {
      return notApplicable(
        keepCause(
          '',
          endpoint.serviceName,
          ' is not an AWS regional service (com.amazonaws.<region>.<service>)',
        ),
      );
    }
    if (!endpoint.privateDnsEnabled) {
      return nonCompliant(
        `${endpoint.endpointId} (${cutName(service)} in ${endpoint.vpcId}) has private DNS disabled: ` +
          `clients resolve the public ${cutName(service)} endpoint and bypass the VPC endpoint`,
      );
    }
    const resolver = resolverProblem(context.network.vpc(endpoint.vpcId), params.trustedResolvers);
    if (resolver !== undefined) {
      return nonCompliant(
        cutToLimit(`${endpoint.endpointId} (${cutName(service)}) has private DNS, but ${resolver}`),
      );
    }
    return compliant();
  },
});
