import { type EC2Client, paginateDescribeVpcs } from '@aws-sdk/client-ec2';
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
  const vpcs: Vpc[] = [];
  for await (const page of paginateDescribeVpcs({ client }, {})) {
    for (const vpc of page.Vpcs ?? []) {
      vpcs.push(
        fromDescribe(
          vpc,
          options.accountId === undefined ? { region } : { region, accountId: options.accountId },
        ),
      );
    }
  }
  return vpcs;
}
