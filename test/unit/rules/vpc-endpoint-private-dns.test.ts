import { describe, expect, it } from 'vitest';
import { contextFor, parseRuleParameters } from '../../../lib/engine/run';
import rule from '../../../rules/vpc-endpoint-private-dns';
import { vpcEndpoint } from '../../fixtures/models';
import { scenarios } from './scenarios';

const params = parseRuleParameters(rule, {});
const context = contextFor('123456789012', 'eu-west-1', params.common, new Date('2026-11-25T00:00:00Z'));

describe('vpc-endpoint-private-dns', () => {
  scenarios(
    (endpoint) => rule.evaluate(endpoint, context, params.own),
    [
      [
        'Given an interface endpoint for an AWS service with private DNS enabled, then COMPLIANT',
        vpcEndpoint({
          endpointType: 'Interface',
          serviceName: 'com.amazonaws.eu-west-1.ecr.dkr',
          privateDnsEnabled: true,
        }),
        { compliance: 'COMPLIANT' },
      ],
      [
        'Given an interface endpoint for an AWS service with private DNS disabled, then NON_COMPLIANT',
        vpcEndpoint({
          endpointId: 'vpce-0123456789abcdef0',
          vpcId: 'vpc-0a1b',
          endpointType: 'Interface',
          serviceName: 'com.amazonaws.eu-west-1.ecr.dkr',
          privateDnsEnabled: false,
        }),
        {
          compliance: 'NON_COMPLIANT',
          annotation:
            'vpce-0123456789abcdef0 (ecr.dkr in vpc-0a1b) has private DNS disabled: ' +
            'clients resolve the public ecr.dkr endpoint and bypass the VPC endpoint',
        },
      ],
      [
        'Given a gateway endpoint, then NOT_APPLICABLE',
        vpcEndpoint({
          endpointType: 'Gateway',
          serviceName: 'com.amazonaws.eu-west-1.s3',
          privateDnsEnabled: false,
        }),
        {
          compliance: 'NOT_APPLICABLE',
          annotation: 'Gateway endpoint: private DNS applies to interface endpoints only',
        },
      ],
    ],
  );

  it.each(['GatewayLoadBalancer', 'Resource', 'ServiceNetwork'])(
    'Given a Gateway Load Balancer, Resource or ServiceNetwork endpoint (%s), then NOT_APPLICABLE',
    (endpointType) => {
      // Prepare
      const endpoint = vpcEndpoint({ endpointType, privateDnsEnabled: false });

      // Act
      const verdict = rule.evaluate(endpoint, context, params.own);

      // Assess
      expect(verdict).toEqual({
        compliance: 'NOT_APPLICABLE',
        annotation: `${endpointType} endpoint: private DNS applies to interface endpoints only`,
      });
    },
  );

  it('Given an interface endpoint to an endpoint service of another owner, then NOT_APPLICABLE', () => {
    // Prepare
    const endpoint = vpcEndpoint({
      endpointType: 'Interface',
      serviceName: 'com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0',
      privateDnsEnabled: false,
    });

    // Act
    const verdict = rule.evaluate(endpoint, context, params.own);

    // Assess
    expect(verdict).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation:
        'com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0 is not an AWS regional service (com.amazonaws.<region>.<service>)',
    });
  });

  it('Given a service name that is not an AWS regional service name, then NOT_APPLICABLE', () => {
    // Prepare
    const endpoint = vpcEndpoint({
      endpointType: 'Interface',
      serviceName: 'aws.sagemaker.eu-west-1.notebook',
      privateDnsEnabled: false,
    });

    // Act
    const verdict = rule.evaluate(endpoint, context, params.own);

    // Assess
    expect(verdict).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation:
        'aws.sagemaker.eu-west-1.notebook is not an AWS regional service (com.amazonaws.<region>.<service>)',
    });
  });
});
