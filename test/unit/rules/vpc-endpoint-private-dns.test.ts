import { describe, expect, it } from 'vitest';
import { parseParameters } from '../../../lib/engine/params';
import type { RuleContext } from '../../../lib/engine/rule';
import { contextFor, parseRuleParameters } from '../../../lib/engine/run';
import type { VpcNetwork } from '../../../lib/network/model';
import rule from '../../../rules/vpc-endpoint-private-dns';
import { vpcEndpoint } from '../../fixtures/models';
import { DHCP_OPTIONS, facts, privateVpc } from '../../fixtures/network';
import { scenarios } from './scenarios';

const params = parseRuleParameters(rule, {});
/** The rule's own parameters, typed by its schema. */
const own = (raw: Record<string, unknown> = {}) => parseParameters(rule.parameters, raw);
const base = contextFor('123456789012', 'eu-west-1', params.common, new Date('2026-11-25T00:00:00Z'));
const contextWith = (vpc: VpcNetwork): RuleContext<'network'> => ({ ...base, network: facts(vpc) });
/** The reference private VPC (vpc-0a1b, the default endpoint's): DHCP options with AmazonProvidedDNS. */
const context = contextWith(privateVpc());
/** The reference VPC whose DHCP options name these DNS servers. */
const withServers = (...domainNameServers: string[]) =>
  contextWith(privateVpc({ dhcpOptions: { dhcpOptionsId: DHCP_OPTIONS, found: true, domainNameServers } }));
const ecrDkr = vpcEndpoint({
  endpointType: 'Interface',
  serviceName: 'com.amazonaws.eu-west-1.ecr.dkr',
  privateDnsEnabled: true,
});

describe('vpc-endpoint-private-dns', () => {
  scenarios(
    (endpoint) => rule.evaluate(endpoint, context, own()),
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
      const verdict = rule.evaluate(endpoint, context, own());

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
    const verdict = rule.evaluate(endpoint, context, own());

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
    const verdict = rule.evaluate(endpoint, context, own());

    // Assess
    expect(verdict).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation:
        'aws.sagemaker.eu-west-1.notebook is not an AWS regional service (com.amazonaws.<region>.<service>)',
    });
  });

  it('Given private DNS enabled in a VPC whose DHCP options name a DNS server other than AmazonProvidedDNS, then NON_COMPLIANT naming the DHCP options set and the server', () => {
    // Act
    const verdict = rule.evaluate(ecrDkr, withServers('10.0.0.10', 'AmazonProvidedDNS'), own());

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        "vpce-0123456789abcdef0 (ecr.dkr) has private DNS, but vpc-0a1b's DHCP options dopt-0a1b send DNS to " +
        '10.0.0.10, not only AmazonProvidedDNS, so clients may resolve the public endpoint',
    });
  });

  it('Given that server listed in trustedResolvers, then COMPLIANT', () => {
    // Prepare
    const trusted = own({ trustedResolvers: '10.0.0.10' });

    // Act
    const verdict = rule.evaluate(ecrDkr, withServers('10.0.0.10', 'AmazonProvidedDNS'), trusted);

    // Assess
    expect(verdict).toEqual({ compliance: 'COMPLIANT' });
  });

  it('Given a VPC without a DHCP options set (default), then COMPLIANT', () => {
    // Prepare
    const vpc = privateVpc({ dhcpOptions: { dhcpOptionsId: 'default', found: true } });

    // Act
    const verdict = rule.evaluate(ecrDkr, contextWith(vpc), own());

    // Assess
    expect(verdict).toEqual({ compliance: 'COMPLIANT' });
  });

  it('Given a VPC whose DHCP options set could not be read, then NON_COMPLIANT saying so', () => {
    // Prepare
    const vpc = privateVpc({ dhcpOptions: { dhcpOptionsId: DHCP_OPTIONS, found: false } });

    // Act
    const verdict = rule.evaluate(ecrDkr, contextWith(vpc), own());

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        "vpce-0123456789abcdef0 (ecr.dkr) has private DNS, but vpc-0a1b's DHCP options dopt-0a1b could not be " +
        'read, so its DNS servers cannot be checked',
    });
  });

  it('names the VPC of interface endpoints for AWS services only, and listens to VPC changes', () => {
    expect(rule.networkOf?.(ecrDkr, {})).toBe('vpc-0a1b');
    expect(rule.networkOf?.(vpcEndpoint({ endpointType: 'Gateway' }), {})).toBeUndefined();
    expect(rule.triggeredBy).toEqual(['AWS::EC2::VPC']);
  });
});
