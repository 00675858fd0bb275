/**
 * The NetworkFacts a rule reads: a lookup over the VPCs the pipeline loaded for one invocation.
 * Pure (no SDK), so rule tests build facts directly and the loader returns the same shape.
 */
import type { NetworkFacts, VpcNetwork } from './model';

/** A rule asked for a VPC the pipeline did not load: a pipeline bug, never a verdict. */
export class NetworkFactsNotLoadedError extends Error {
  override name = 'NetworkFactsNotLoadedError';
  constructor(
    readonly vpcId: string,
    loaded: readonly string[],
  ) {
    const known = loaded.length === 0 ? 'none' : loaded.join(', ');
    super(
      `network facts of ${JSON.stringify(vpcId)} were not loaded (loaded: ${known}); ` +
        "the pipeline must load every VPC that a rule's networkOf() names",
    );
  }
}

/**
 * Facts over exactly these VPCs. `vpc(id)` throws NetworkFactsNotLoadedError for any other id; a
 * VPC that was requested but does not exist is present with `exists: false`. When an id appears
 * twice the first entry wins.
 */
export function networkFacts(vpcs: readonly VpcNetwork[]): NetworkFacts {
  const byId = new Map<string, VpcNetwork>();
  for (const vpc of vpcs) if (!byId.has(vpc.vpcId)) byId.set(vpc.vpcId, vpc);
  return {
    vpc(vpcId: string): VpcNetwork {
      const vpc = byId.get(vpcId);
      if (!vpc) throw new NetworkFactsNotLoadedError(vpcId, [...byId.keys()]);
      return vpc;
    },
  };
}
