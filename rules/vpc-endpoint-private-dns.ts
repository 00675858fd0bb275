/**
 * vpc-endpoint-private-dns
 *
 * An interface endpoint for an AWS service whose private DNS is disabled is bypassed by every
 * client that uses the service's default hostname: the name resolves to the public endpoint and
 * traffic leaves the VPC (or fails in a closed network). ECR's docker endpoint requires it.
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
 */
import { cutName, keepCause } from '../lib/engine/annotation';
import { compliant, defineRule, nonCompliant, notApplicable } from '../lib/engine/rule';
import { parseServiceName } from '../lib/network/services';

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
    'aws ec2 modify-vpc-endpoint --vpc-endpoint-id <id> --private-dns-enabled',
  parameters: {},
  evaluate(endpoint) {
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
    return compliant();
  },
});
