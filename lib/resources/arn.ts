/** ARN helpers: ARNs carry the account and region, so adapters prefer them over side inputs. */

export interface Arn {
  partition: string;
  service: string;
  region: string;
  accountId: string;
  /** Everything after the account, e.g. `project/app-build`. */
  resource: string;
}

export function parseArn(arn: string | undefined): Arn | undefined {
  if (!arn) return undefined;
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const [, partition = '', service = '', region = '', accountId = ''] = parts;
  if (!partition || !service) return undefined;
  return { partition, service, region, accountId, resource: parts.slice(5).join(':') };
}

const PARTITION_PREFIXES: readonly (readonly [string, string])[] = [
  ['cn-', 'aws-cn'],
  ['us-gov-', 'aws-us-gov'],
  ['us-isob-', 'aws-iso-b'],
  ['us-iso-', 'aws-iso'],
  ['eusc-', 'aws-eusc'],
];

/** The partition a region belongs to; `aws` unless the region name says otherwise. */
export function partitionOf(region: string): string {
  return PARTITION_PREFIXES.find(([prefix]) => region.startsWith(prefix))?.[1] ?? 'aws';
}

export function buildArn(service: string, region: string, accountId: string, resource: string): string {
  return `arn:${partitionOf(region)}:${service}:${region}:${accountId}:${resource}`;
}
