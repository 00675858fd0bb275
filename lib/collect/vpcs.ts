import { DescribeVpcsCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { collectPages } from '../aws/paginate';
import type { Vpc } from '../resources/model';
import { fromDescribe } from '../resources/vpc';

export interface CollectVpcsOptions {
  /** Defaults to the client's configured region (DescribeVpcs does not return it). */
  region?: string;
  /** Defaults to each VPC's OwnerId. */
  accountId?: string;
}

/**
 * Every VPC of the client's region (DescribeVpcs, paginated), shared VPCs included as DescribeVpcs
 * returns them; any API error propagates.
 */
export async function collectVpcs(client: EC2Client, options: CollectVpcsOptions = {}): Promise<Vpc[]> {
  const region = options.region ?? (await client.config.region());
  const listed = await collectPages(
    'EC2 DescribeVpcs',
    (NextToken) => client.send(new DescribeVpcsCommand({ NextToken })),
    (page) => page.NextToken,
    (page) => page.Vpcs,
  );
  return listed.map((vpc) =>
    fromDescribe(
      vpc,
      options.accountId === undefined ? { region } : { region, accountId: options.accountId },
    ),
  );
}
