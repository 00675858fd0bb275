import { DescribeVpcEndpointsCommand, type EC2Client, type Filter } from '@aws-sdk/client-ec2';
import { collectPages } from '../aws/paginate';
import { type Listing, UNKNOWN_ID } from '../resources/errors';
import type { VpcEndpoint } from '../resources/model';
import { fromDescribe } from '../resources/vpc-endpoint';
import { listed as noFailures, normaliseEach } from './util';

export interface VpcEndpointFilter {
  /** Only endpoints in these VPCs; an empty list matches nothing. */
  vpcIds?: readonly string[];
}

export interface CollectVpcEndpointsOptions {
  /** Defaults to the client's configured region (DescribeVpcEndpoints does not return it). */
  region?: string;
  /** Defaults to each endpoint's OwnerId. */
  accountId?: string;
}

/**
 * VPC endpoints of the client's region (DescribeVpcEndpoints, paginated); an endpoint the adapter
 * cannot read is a failure of its own; any API error propagates.
 * Endpoints in state `deleted` are left out: DescribeVpcEndpoints keeps listing them for a while,
 * but they no longer exist (AWS Config has already reported them deleted).
 */
export async function collectVpcEndpoints(
  client: EC2Client,
  filter: VpcEndpointFilter = {},
  options: CollectVpcEndpointsOptions = {},
): Promise<Listing<VpcEndpoint>> {
  if (filter.vpcIds?.length === 0) return noFailures([]);
  const region = options.region ?? (await client.config.region());
  const Filters: Filter[] | undefined = filter.vpcIds
    ? [{ Name: 'vpc-id', Values: [...filter.vpcIds] }]
    : undefined;
  const listed = await collectPages(
    'EC2 DescribeVpcEndpoints',
    (NextToken) =>
      client.send(new DescribeVpcEndpointsCommand({ ...(Filters ? { Filters } : {}), NextToken })),
    (page) => page.NextToken,
    (page) => page.VpcEndpoints,
  );
  return normaliseEach(
    listed.filter((endpoint) => endpoint.State?.toLowerCase() !== 'deleted'),
    (endpoint) => ({
      resourceType: 'AWS::EC2::VPCEndpoint',
      resourceId: endpoint.VpcEndpointId ?? UNKNOWN_ID,
    }),
    (endpoint) =>
      fromDescribe(
        endpoint,
        options.accountId === undefined ? { region } : { region, accountId: options.accountId },
      ),
  );
}
