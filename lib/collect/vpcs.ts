import { DescribeVpcsCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { collectPages } from '../aws/paginate';
import { type Listing, UNKNOWN_ID } from '../resources/errors';
import type { Vpc } from '../resources/model';
import { fromDescribe } from '../resources/vpc';
import { normaliseEach } from './util';

export interface CollectVpcsOptions {
  /** Defaults to the client's configured region (DescribeVpcs does not return it). */
  region?: string;
  /** Defaults to each VPC's OwnerId. */
  accountId?: string;
}

/**
 * Every VPC of the client's region (DescribeVpcs, paginated), shared VPCs included as DescribeVpcs
 * returns them; a VPC the adapter cannot read is a failure of its own; any API error propagates.
 */
export async function collectVpcs(
  client: EC2Client,
  options: CollectVpcsOptions = {},
): Promise<Listing<Vpc>> {
  const region = options.region ?? (await client.config.region());
  const listed = await collectPages(
    'EC2 DescribeVpcs',
    (NextToken) => client.send(new DescribeVpcsCommand({ NextToken })),
    (page) => page.NextToken,
    (page) => page.Vpcs,
  );
  return normaliseEach(
    listed,
    (vpc) => ({ resourceType: 'AWS::EC2::VPC', resourceId: vpc.VpcId ?? UNKNOWN_ID }),
    (vpc) =>
      fromDescribe(
        vpc,
        options.accountId === undefined ? { region } : { region, accountId: options.accountId },
      ),
  );
}
