/**
 * AWS::ECR::Repository adapters. The Config CI's configuration is PascalCase, CloudFormation-style
 * (docs/aws-data.md §2): `LifecyclePolicy` and `RepositoryPolicyText` are `{}` when unset, and the
 * policy may be an object or JSON text. Describe needs four calls (DescribeRepositories,
 * GetRepositoryPolicy, GetLifecyclePolicy, ListTagsForResource); their results come in as extras,
 * or, in a Lambda sweep, from the repository's recorded Config item.
 */
import type { Repository, Tag } from '@aws-sdk/client-ecr';
import { buildArn, parseArn } from './arn';
import { checkItem } from './ci-reader';
import type { ConfigurationItemLike } from './configuration-item';
import { InvalidDescribeResponseError, UNKNOWN_ID } from './errors';
import type { EcrRepository } from './model';
import { policyInputOf } from './policy';
import { compact, type Fail, isRecord, tagMap, text } from './read';
import { Absences, isAbsent } from './unrecorded';

const TYPE = 'AWS::ECR::Repository';

/**
 * ECR encrypts every repository; without an encryption configuration it uses AES256. Config items
 * may not record EncryptionConfiguration at all (UNVERIFIED), while DescribeRepositories always
 * returns it, so absent means the default.
 */
const DEFAULT_ENCRYPTION = 'AES256';

/**
 * Normalises an invocation-model CI (status OK or ResourceDiscovered, with a configuration). The
 * Schema does not index `RepositoryPolicyText`, `LifecyclePolicy.LifecyclePolicyText` or `Tags`
 * (docs/aws-data.md §2): when one is absent the field is unrecorded (lib/resources/unrecorded.ts),
 * never "no policy", "no lifecycle policy" or "no tags"; `{}` stays Config's "unset".
 */
export function fromConfigurationItem(ci: ConfigurationItemLike): EcrRepository {
  const item = checkItem(ci, TYPE);
  const { configuration: c, fail } = item;
  const absent = new Absences();
  if (isAbsent(c.raw('RepositoryPolicyText')))
    absent.note('policy', c.at('RepositoryPolicyText'), 'ecr:GetRepositoryPolicy');
  if (!lifecyclePolicyRecorded(c.raw('LifecyclePolicy')))
    absent.note(
      'hasLifecyclePolicy',
      `${c.at('LifecyclePolicy')}.LifecyclePolicyText`,
      'ecr:GetLifecyclePolicy',
    );
  // The item's own tag map counts: only an item with neither (an API-model item) lacks tags.
  if (isAbsent(c.raw('Tags')) && !item.tagsRecorded)
    absent.note('tags', c.at('Tags'), 'ecr:ListTagsForResource');
  const name =
    c.string('RepositoryName') ?? item.resourceName ?? fail('configuration.RepositoryName is missing');
  const configArn = c.string('Arn');
  const parsed = item.parsedArn ?? parseArn(configArn);
  const accountId = item.accountId ?? text(parsed?.accountId) ?? fail('awsAccountId is missing');
  const region = item.region ?? text(parsed?.region) ?? fail('awsRegion is missing');
  const encryption = c.object('EncryptionConfiguration');
  return assemble({
    resourceId: item.resourceId,
    name,
    arn: item.arn ?? configArn ?? buildArn('ecr', region, accountId, `repository/${name}`),
    accountId,
    region,
    registryId: text(parsed?.accountId) ?? accountId,
    tags: { ...c.tags('Tags'), ...item.tags },
    imageTagMutability: c.string('ImageTagMutability'),
    scanOnPush: c.object('ImageScanningConfiguration')?.boolean('ScanOnPush'),
    hasLifecyclePolicy: hasLifecyclePolicy(c.raw('LifecyclePolicy')),
    policy: policyInputOf(c.raw('RepositoryPolicyText')),
    encryption: compact({
      type: encryption?.string('EncryptionType') ?? DEFAULT_ENCRYPTION,
      kmsKey: encryption?.string('KmsKey'),
    }),
    unrecorded: absent.get(),
  });
}

/**
 * Whether the item says if a lifecycle policy is set: `{}`, '' (Config's "unset") or a text. An
 * absent key, or an object holding other keys but no LifecyclePolicyText (the Schema indexes
 * `LifecyclePolicy.RegistryId` only), says nothing.
 */
function lifecyclePolicyRecorded(value: unknown): boolean {
  if (isAbsent(value)) return false;
  if (!isRecord(value)) return true;
  return Object.keys(value).length === 0 || !isAbsent(value.LifecyclePolicyText);
}

/** What the per-repository calls returned; each defaults to "none". */
export interface EcrRepositoryExtras {
  /** GetRepositoryPolicy `policyText`; undefined when RepositoryPolicyNotFoundException. */
  policyText?: string | undefined;
  /** False when GetLifecyclePolicy throws LifecyclePolicyNotFoundException. */
  hasLifecyclePolicy?: boolean;
  /** ListTagsForResource `tags`. */
  tags?: readonly Tag[] | undefined;
}

/** Normalises one DescribeRepositories repository plus its policy, lifecycle policy and tags. */
export function fromDescribe(repository: Repository, extras: EcrRepositoryExtras = {}): EcrRepository {
  const fail: Fail = (problem) => {
    throw new InvalidDescribeResponseError(
      'DescribeRepositories',
      TYPE,
      text(repository.repositoryName) ?? UNKNOWN_ID,
      problem,
    );
  };
  const name = text(repository.repositoryName) ?? fail('repositoryName is missing');
  const arn = text(repository.repositoryArn) ?? fail('repositoryArn is missing');
  const parsed = parseArn(arn);
  const accountId = text(parsed?.accountId) ?? fail(`repositoryArn ${arn} has no account`);
  return assemble({
    // Config's resourceId for a repository is its name.
    resourceId: name,
    name,
    arn,
    accountId,
    region: text(parsed?.region) ?? fail(`repositoryArn ${arn} has no region`),
    registryId: text(repository.registryId) ?? accountId,
    tags: tagMap((extras.tags ?? []).map((tag) => [tag.Key, tag.Value])),
    imageTagMutability: text(repository.imageTagMutability),
    scanOnPush: repository.imageScanningConfiguration?.scanOnPush,
    hasLifecyclePolicy: extras.hasLifecyclePolicy ?? false,
    policy: policyInputOf(extras.policyText),
    encryption: compact({
      type: text(repository.encryptionConfiguration?.encryptionType) ?? DEFAULT_ENCRYPTION,
      kmsKey: text(repository.encryptionConfiguration?.kmsKey),
    }),
  });
}

/**
 * A repository as DescribeRepositories lists it, completed from its AWS Config item with the three
 * reads Describe lacks (policy, lifecycle policy, tags), so a sweep needs no per-repository calls.
 * Describe's own fields win: they are current, and whether Config records EncryptionConfiguration
 * is UNVERIFIED. The item must be evaluable (status OK or ResourceDiscovered, with a configuration).
 */
export function fromDescribeAndConfigurationItem(
  repository: Repository,
  ci: ConfigurationItemLike,
): EcrRepository {
  const described = fromDescribe(repository);
  const recorded = fromConfigurationItem(ci);
  return compact({
    ...described,
    tags: recorded.tags,
    hasLifecyclePolicy: recorded.hasLifecyclePolicy,
    policy: recorded.policy,
    // What the item lacked stays unknown: the sweep reads it from ECR (lib/collect/ecr-recorded.ts).
    unrecorded: recorded.unrecorded,
  });
}

type Parts = Omit<EcrRepository, 'resourceType' | 'resourceName'>;

function assemble(parts: Parts): EcrRepository {
  return compact({ resourceType: TYPE, resourceName: parts.name, ...parts });
}

/** `{}` (Config's "unset"), '' and a blank LifecyclePolicyText all mean no lifecycle policy. */
function hasLifecyclePolicy(value: unknown): boolean {
  if (typeof value === 'string') return value.trim() !== '';
  if (!isRecord(value)) return false;
  const policyText = value.LifecyclePolicyText;
  if (typeof policyText === 'string') return policyText.trim() !== '';
  return isRecord(policyText) && Object.keys(policyText).length > 0;
}
