/**
 * AWS::EC2::VPC adapters. The Config CI's configuration is the camelCase form of the DescribeVpcs
 * shape (docs/aws-data.md §2): `vpcId`, `state`, `cidrBlock`, `isDefault`, `ownerId`, `tags`...;
 * `state` may be a string or `{value}` and its casing varies, `isDefault` may be a string. The
 * model's resourceName is the VPC id: a VPC has no name of its own (the Name tag stays a tag).
 */
import type { Vpc as Ec2Vpc } from '@aws-sdk/client-ec2';
import { buildArn } from './arn';
import { checkItem } from './ci-reader';
import type { ConfigurationItemLike } from './configuration-item';
import { InvalidDescribeResponseError, UNKNOWN_ID } from './errors';
import type { Vpc } from './model';
import { compact, type Fail, Fields, isRecord, tagMap, text } from './read';

const TYPE = 'AWS::EC2::VPC';

/** Normalises an invocation-model CI (status OK or ResourceDiscovered, with a configuration). */
export function fromConfigurationItem(ci: ConfigurationItemLike): Vpc {
  const item = checkItem(ci, TYPE);
  const { configuration: c, fail } = item;
  const vpcId = c.string('vpcId') ?? item.resourceId;
  const accountId = item.accountId ?? c.string('ownerId') ?? fail('awsAccountId is missing');
  const region = item.region ?? fail('awsRegion is missing');
  return assemble({
    resourceId: item.resourceId,
    vpcId,
    // The Config ARN is authoritative when present; otherwise the documented EC2 form.
    arn: item.arn ?? vpcArn(region, accountId, vpcId),
    accountId,
    region,
    tags: { ...c.tags('tags'), ...item.tags },
    cidrBlock: c.string('cidrBlock'),
    isDefault: c.boolean('isDefault') ?? false,
    ownerId: c.string('ownerId'),
    state: stateOf(c, fail),
  });
}

export interface VpcDescribeOptions {
  /** DescribeVpcs carries no region; the collector passes the client's. */
  region: string;
  /** The account being scanned; defaults to the VPC's OwnerId. */
  accountId?: string;
}

/** Normalises one VPC of a DescribeVpcs response. */
export function fromDescribe(vpc: Ec2Vpc, options: VpcDescribeOptions): Vpc {
  const fail: Fail = (problem) => {
    throw new InvalidDescribeResponseError('DescribeVpcs', TYPE, text(vpc.VpcId) ?? UNKNOWN_ID, problem);
  };
  const vpcId = text(vpc.VpcId) ?? fail('VpcId is missing');
  const accountId =
    text(options.accountId) ?? text(vpc.OwnerId) ?? fail('OwnerId is missing and no accountId was given');
  const region = text(options.region) ?? fail('no region was given');
  return assemble({
    resourceId: vpcId,
    vpcId,
    arn: vpcArn(region, accountId, vpcId),
    accountId,
    region,
    tags: tagMap((vpc.Tags ?? []).map((tag) => [tag.Key, tag.Value])),
    cidrBlock: text(vpc.CidrBlock),
    isDefault: vpc.IsDefault ?? false,
    ownerId: text(vpc.OwnerId),
    state: (text(vpc.State) ?? fail('State is missing')).toLowerCase(),
  });
}

type Parts = Omit<Vpc, 'resourceType' | 'resourceName'>;

function assemble(parts: Parts): Vpc {
  return compact({ resourceType: TYPE, resourceName: parts.vpcId, ...parts });
}

function vpcArn(region: string, accountId: string, vpcId: string): string {
  return buildArn('ec2', region, accountId, `vpc/${vpcId}`);
}

/** `"available"`, `"Available"` or `{value: "available"}` (Advanced Query form) -> `available`. */
function stateOf(c: Fields, fail: Fail): string {
  const state = c.raw('state');
  if (isRecord(state)) {
    return new Fields(state, c.at('state'), fail).requiredString('value').toLowerCase();
  }
  return c.requiredString('state').toLowerCase();
}
