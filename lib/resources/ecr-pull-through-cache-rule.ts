/**
 * AWS::ECR::PullThroughCacheRule adapters. SCHEMA indexes only `EcrRepositoryPrefix` and
 * `UpstreamRegistryUrl`; `UpstreamRegistry`, `CredentialArn` and `RegistryId` are UNVERIFIED in
 * Config (docs/aws-data.md §2), so they are read when present (CloudFormation or API casing); an
 * absent UpstreamRegistry is unrecorded and read with DescribePullThroughCacheRules, so a change
 * event and the Describe sweep judge the same upstream. The resourceId is probably the prefix; the item's own is always kept.
 * Describe is DescribePullThroughCacheRules, whose rules carry no Region.
 */
import type { PullThroughCacheRule } from '@aws-sdk/client-ecr';
import { checkItem } from './ci-reader';
import type { ConfigurationItemLike } from './configuration-item';
import { keyOf, registryResourceArn } from './ecr-registry-common';
import type { RegistryDescribeOptions } from './ecr-registry-policy';
import { InvalidDescribeResponseError, UNKNOWN_ID } from './errors';
import type { EcrPullThroughCacheRule } from './model';
import { compact, type Fail, text } from './read';
import { Absences, isAbsent } from './unrecorded';

const TYPE = 'AWS::ECR::PullThroughCacheRule';

/** Normalises an invocation-model CI (status OK or ResourceDiscovered, with a configuration). */
export function fromConfigurationItem(ci: ConfigurationItemLike): EcrPullThroughCacheRule {
  const item = checkItem(ci, TYPE);
  const { configuration: c, fail } = item;
  const ecrRepositoryPrefix = c.requiredString(keyOf(c, 'EcrRepositoryPrefix', 'ecrRepositoryPrefix'));
  const registryId =
    c.string(keyOf(c, 'RegistryId', 'registryId')) ?? item.accountId ?? fail('awsAccountId is missing');
  const accountId = item.accountId ?? registryId;
  const region = item.region ?? fail('awsRegion is missing');
  const upstreamKey = keyOf(c, 'UpstreamRegistry', 'upstreamRegistry');
  const absent = new Absences();
  if (isAbsent(c.raw(upstreamKey)))
    absent.note('upstreamRegistry', c.at('UpstreamRegistry'), 'ecr:DescribePullThroughCacheRules');
  return assemble({
    resourceId: item.resourceId,
    registryId,
    accountId,
    region,
    arn: registryResourceArn('pull-through-cache-rule', region, accountId, ecrRepositoryPrefix),
    tags: item.tags,
    ecrRepositoryPrefix,
    upstreamRegistryUrl: c.requiredString(keyOf(c, 'UpstreamRegistryUrl', 'upstreamRegistryUrl')),
    upstreamRegistry: c.string(upstreamKey),
    credentialArn: c.string(keyOf(c, 'CredentialArn', 'credentialArn')),
    unrecorded: absent.get(),
  });
}

/** Normalises one rule of a DescribePullThroughCacheRules response. */
export function fromDescribe(
  rule: PullThroughCacheRule,
  options: RegistryDescribeOptions,
): EcrPullThroughCacheRule {
  const fail: Fail = (problem) => {
    throw new InvalidDescribeResponseError(
      'DescribePullThroughCacheRules',
      TYPE,
      text(rule.ecrRepositoryPrefix) ?? UNKNOWN_ID,
      problem,
    );
  };
  const ecrRepositoryPrefix = text(rule.ecrRepositoryPrefix) ?? fail('ecrRepositoryPrefix is missing');
  const registryId = text(rule.registryId) ?? fail('registryId is missing');
  const region = text(options.region) ?? fail('no region was given');
  return assemble({
    // The prefix identifies a rule within its registry: (UNVERIFIED) the resourceId Config uses.
    resourceId: ecrRepositoryPrefix,
    registryId,
    accountId: registryId,
    region,
    arn: registryResourceArn('pull-through-cache-rule', region, registryId, ecrRepositoryPrefix),
    tags: {},
    ecrRepositoryPrefix,
    upstreamRegistryUrl: text(rule.upstreamRegistryUrl) ?? fail('upstreamRegistryUrl is missing'),
    upstreamRegistry: text(rule.upstreamRegistry),
    credentialArn: text(rule.credentialArn),
  });
}

type Parts = Omit<EcrPullThroughCacheRule, 'resourceType' | 'resourceName'>;

function assemble(parts: Parts): EcrPullThroughCacheRule {
  return compact({ resourceType: TYPE, resourceName: parts.ecrRepositoryPrefix, ...parts });
}
