/**
 * AWS::ECR::RegistryPolicy adapters. Config's shape is UNVERIFIED (docs/aws-data.md §2): SCHEMA has
 * `configuration.RegistryId`, iam-collect reads `configuration.PolicyText` as an object; the text
 * may as well be JSON text, so both are accepted. The resourceId is probably the account id; the
 * item's own resourceId is always kept. Describe is GetRegistryPolicy, whose response carries no
 * Region (the collector passes the client's).
 */
import type { GetRegistryPolicyResponse } from '@aws-sdk/client-ecr';
import { checkItem } from './ci-reader';
import type { ConfigurationItemLike } from './configuration-item';
import { keyOf, registryIdentityOf, registryResourceArn } from './ecr-registry-common';
import { InvalidDescribeResponseError, UNKNOWN_ID } from './errors';
import type { EcrRegistryPolicy } from './model';
import { policyInputOf } from './policy';
import { compact, type Fail, text } from './read';
import { Absences, isAbsent } from './unrecorded';

const TYPE = 'AWS::ECR::RegistryPolicy';

/** Normalises an invocation-model CI (status OK or ResourceDiscovered, with a configuration). */
export function fromConfigurationItem(ci: ConfigurationItemLike): EcrRegistryPolicy {
  const item = checkItem(ci, TYPE);
  const { configuration: c } = item;
  const key = keyOf(c, 'PolicyText', 'policyText');
  // The Schema does not index PolicyText: absent is unknown, read with GetRegistryPolicy.
  const absent = new Absences();
  if (isAbsent(c.raw(key))) absent.note('policy', c.at('PolicyText'), 'ecr:GetRegistryPolicy');
  return assemble({
    ...registryIdentityOf(item, 'registry-policy'),
    policy: policyInputOf(c.raw(key)),
    unrecorded: absent.get(),
  });
}

export interface RegistryDescribeOptions {
  /** The Region of the client that made the call (registry responses do not carry it). */
  region: string;
}

/** Normalises a GetRegistryPolicy response (the collector handles RegistryPolicyNotFoundException). */
export function fromDescribe(
  response: GetRegistryPolicyResponse,
  options: RegistryDescribeOptions,
): EcrRegistryPolicy {
  const fail: Fail = (problem) => {
    throw new InvalidDescribeResponseError(
      'GetRegistryPolicy',
      TYPE,
      text(response.registryId) ?? UNKNOWN_ID,
      problem,
    );
  };
  const registryId = text(response.registryId) ?? fail('registryId is missing');
  const region = text(options.region) ?? fail('no region was given');
  return assemble({
    // The registry id is the account id, which is (UNVERIFIED) the resourceId Config uses.
    resourceId: registryId,
    registryId,
    accountId: registryId,
    region,
    arn: registryResourceArn('registry-policy', region, registryId, registryId),
    tags: {},
    policy: policyInputOf(response.policyText),
  });
}

type Parts = Omit<EcrRegistryPolicy, 'resourceType' | 'resourceName'>;

function assemble(parts: Parts): EcrRegistryPolicy {
  return compact({ resourceType: TYPE, resourceName: parts.registryId, ...parts });
}
