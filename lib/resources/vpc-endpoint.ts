/**
 * AWS::EC2::VPCEndpoint adapters. The Config CI's configuration is the camelCase form of the
 * DescribeVpcEndpoints shape; `state` may be a string or `{value}` and its casing varies
 * (docs/aws-data.md §2), `policyDocument` may be JSON text or an object. The model's resourceName is
 * the endpoint id (endpoints have no name of their own).
 */
import type { VpcEndpoint as Ec2VpcEndpoint } from '@aws-sdk/client-ec2';
import { buildArn } from './arn';
import { checkItem } from './ci-reader';
import type { ConfigurationItemLike } from './configuration-item';
import { InvalidDescribeResponseError, UNKNOWN_ID } from './errors';
import type { VpcEndpoint } from './model';
import { policyInputOf } from './policy';
import { compact, type Fail, Fields, isRecord, tagMap, text } from './read';
import { Absences, isAbsent } from './unrecorded';

const TYPE = 'AWS::EC2::VPCEndpoint';

const ENDPOINT_TYPES = ['Interface', 'Gateway', 'GatewayLoadBalancer', 'Resource', 'ServiceNetwork'];

/** Normalises an invocation-model CI (status OK or ResourceDiscovered, with a configuration). */
export function fromConfigurationItem(ci: ConfigurationItemLike): VpcEndpoint {
  const item = checkItem(ci, TYPE);
  const { configuration: c, fail } = item;
  const endpointId = c.string('vpcEndpointId') ?? item.resourceId;
  const ownerId = c.string('ownerId');
  const accountId = item.accountId ?? ownerId ?? fail('awsAccountId is missing');
  const region = item.region ?? fail('awsRegion is missing');
  // The Schema does not index policyDocument: absent is unknown, read with DescribeVpcEndpoints.
  const absent = new Absences();
  if (isAbsent(c.raw('policyDocument')))
    absent.note('policy', c.at('policyDocument'), 'ec2:DescribeVpcEndpoints');
  return assemble({
    unrecorded: absent.get(),
    resourceId: item.resourceId,
    endpointId,
    // The Config ARN is authoritative when present; otherwise the documented EC2 form.
    arn: item.arn ?? endpointArn(region, accountId, endpointId),
    accountId,
    region,
    tags: { ...c.tags('tags'), ...item.tags },
    vpcId: c.requiredString('vpcId'),
    endpointType: endpointTypeOf(c.requiredString('vpcEndpointType')),
    serviceName: c.requiredString('serviceName'),
    state: stateOf(c, fail),
    privateDnsEnabled: c.boolean('privateDnsEnabled') ?? false,
    // Absent stays absent (docs/aws-data.md §7): the resolver never reads it as ipv4.
    ipAddressType: c.string('ipAddressType')?.toLowerCase(),
    dnsRecordIpType: c.object('dnsOptions')?.string('dnsRecordIpType')?.toLowerCase(),
    policy: policyInputOf(c.raw('policyDocument')),
    routeTableIds: c.strings('routeTableIds'),
    subnetIds: c.strings('subnetIds'),
    securityGroupIds: c.objects('groups').map((group) => group.requiredString('groupId')),
    ownerId,
    requesterManaged: c.boolean('requesterManaged') ?? false,
  });
}

export interface VpcEndpointDescribeOptions {
  /** DescribeVpcEndpoints carries no region; the collector passes the client's. */
  region: string;
  /** The account being scanned; defaults to the endpoint's OwnerId. */
  accountId?: string;
}

/** Normalises one endpoint of a DescribeVpcEndpoints response. */
export function fromDescribe(endpoint: Ec2VpcEndpoint, options: VpcEndpointDescribeOptions): VpcEndpoint {
  const fail: Fail = (problem) => {
    throw new InvalidDescribeResponseError(
      'DescribeVpcEndpoints',
      TYPE,
      text(endpoint.VpcEndpointId) ?? UNKNOWN_ID,
      problem,
    );
  };
  const endpointId = text(endpoint.VpcEndpointId) ?? fail('VpcEndpointId is missing');
  const ownerId = text(endpoint.OwnerId);
  const accountId =
    text(options.accountId) ?? ownerId ?? fail('OwnerId is missing and no accountId was given');
  const region = text(options.region) ?? fail('no region was given');
  return assemble({
    resourceId: endpointId,
    endpointId,
    arn: endpointArn(region, accountId, endpointId),
    accountId,
    region,
    tags: tagMap((endpoint.Tags ?? []).map((tag) => [tag.Key, tag.Value])),
    vpcId: text(endpoint.VpcId) ?? fail('VpcId is missing'),
    endpointType: endpointTypeOf(text(endpoint.VpcEndpointType) ?? fail('VpcEndpointType is missing')),
    serviceName: text(endpoint.ServiceName) ?? fail('ServiceName is missing'),
    state: (text(endpoint.State) ?? fail('State is missing')).toLowerCase(),
    privateDnsEnabled: endpoint.PrivateDnsEnabled ?? false,
    ipAddressType: text(endpoint.IpAddressType)?.toLowerCase(),
    dnsRecordIpType: text(endpoint.DnsOptions?.DnsRecordIpType)?.toLowerCase(),
    policy: policyInputOf(endpoint.PolicyDocument),
    routeTableIds: endpoint.RouteTableIds ?? [],
    subnetIds: endpoint.SubnetIds ?? [],
    securityGroupIds: (endpoint.Groups ?? []).map(
      (group, index) => text(group.GroupId) ?? fail(`Groups[${index}].GroupId is missing`),
    ),
    ownerId,
    requesterManaged: endpoint.RequesterManaged ?? false,
  });
}

type Parts = Omit<VpcEndpoint, 'resourceType' | 'resourceName'>;

function assemble(parts: Parts): VpcEndpoint {
  return compact({ resourceType: TYPE, resourceName: parts.endpointId, ...parts });
}

function endpointArn(region: string, accountId: string, endpointId: string): string {
  return buildArn('ec2', region, accountId, `vpc-endpoint/${endpointId}`);
}

/** The BOTO enum's spelling whatever the source's casing; unknown types are kept as given. */
function endpointTypeOf(value: string): string {
  return ENDPOINT_TYPES.find((known) => known.toLowerCase() === value.toLowerCase()) ?? value;
}

/** `"available"`, `"Available"` or `{value: "available"}` (Advanced Query form) -> `available`. */
function stateOf(c: Fields, fail: Fail): string {
  const state = c.raw('state');
  if (isRecord(state)) {
    return new Fields(state, c.at('state'), fail).requiredString('value').toLowerCase();
  }
  return c.requiredString('state').toLowerCase();
}
