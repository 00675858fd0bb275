import { DescribeVpcsCommand, type DescribeVpcsResult, EC2Client } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { collectVpcs as listVpcs } from '../../../../lib/collect/vpcs';
import { withoutFailures } from './support';

const collectVpcs = withoutFailures(listVpcs);

import { describedVpc } from '../../../fixtures/config';
import { vpc } from '../../../fixtures/models';

/** An EC2Client that answers DescribeVpcs from `pages` (by NextToken) and records each request. */
function fakeClient(pages: Record<string, DescribeVpcsResult>): {
  client: EC2Client;
  tokens: (string | undefined)[];
} {
  const client = new EC2Client({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
  const tokens: (string | undefined)[] = [];
  const send = async (command: unknown): Promise<DescribeVpcsResult> => {
    if (!(command instanceof DescribeVpcsCommand)) throw new Error('unexpected command');
    tokens.push(command.input.NextToken);
    const page = pages[command.input.NextToken ?? ''];
    if (page === undefined) throw new Error(`no page for token ${String(command.input.NextToken)}`);
    return page;
  };
  Object.assign(client, { send });
  return { client, tokens };
}

describe('collectVpcs', () => {
  it('follows NextToken across pages and normalises every VPC with the client region', async () => {
    // Prepare
    const first = describedVpc();
    const second = {
      ...describedVpc(),
      VpcId: 'vpc-0b2c',
      Tags: [],
      IsDefault: true,
      CidrBlock: '172.31.0.0/16',
    };
    const { client, tokens } = fakeClient({
      '': { Vpcs: [first], NextToken: 'page-2' },
      'page-2': { Vpcs: [second] },
    });

    // Act
    const vpcs = await collectVpcs(client);

    // Assess
    expect(tokens).toEqual([undefined, 'page-2']);
    expect(vpcs).toStrictEqual([
      vpc({ tags: { Name: 'pipeline' } }),
      vpc({ vpcId: 'vpc-0b2c', isDefault: true, cidrBlock: '172.31.0.0/16' }),
    ]);
  });

  it('uses the given region and account instead of the client region and OwnerId', async () => {
    // Prepare
    const { client } = fakeClient({ '': { Vpcs: [describedVpc()] } });

    // Act
    const vpcs = await collectVpcs(client, { region: 'eu-central-1', accountId: '210987654321' });

    // Assess
    expect(vpcs.map((model) => model.arn)).toEqual(['arn:aws:ec2:eu-central-1:210987654321:vpc/vpc-0a1b']);
  });

  it('returns nothing for an account without VPCs', async () => {
    // Prepare
    const { client } = fakeClient({ '': {} });

    // Act
    const vpcs = await collectVpcs(client);

    // Assess
    expect(vpcs).toEqual([]);
  });
});
