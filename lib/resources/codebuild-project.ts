/**
 * AWS::CodeBuild::Project adapters. The Config CI's configuration is the BatchGetProjects shape
 * with quirks (docs/aws-data.md §2): `source`/`secondarySources` may be a list or one object,
 * `vpcConfig.subnets` may hold `{subnet}` objects, variables may lack `type`, `logsConfig` and
 * `projectVisibility` may be absent. Both adapters end in the same builders, so equal inputs give
 * equal models.
 */
import type { Project, ProjectArtifacts, ProjectSource } from '@aws-sdk/client-codebuild';
import { buildArn, parseArn } from './arn';
import { buildspecOf } from './buildspec';
import { checkItem } from './ci-reader';
import type { ConfigurationItemLike } from './configuration-item';
import { InvalidDescribeResponseError, UNKNOWN_ID } from './errors';
import type {
  CodeBuildArtifacts,
  CodeBuildEnvironmentVariable,
  CodeBuildProject,
  CodeBuildSource,
  Unrecorded,
} from './model';
import { compact, type Fail, Fields, isRecord, tagMap, text } from './read';
import { Absences, isAbsent } from './unrecorded';

const TYPE = 'AWS::CodeBuild::Project';

/** Normalises an invocation-model CI (status OK or ResourceDiscovered, with a configuration). */
export function fromConfigurationItem(ci: ConfigurationItemLike): CodeBuildProject {
  const item = checkItem(ci, TYPE);
  const { configuration: c, fail } = item;
  const name = c.string('name') ?? item.resourceName ?? fail('configuration.name is missing');
  const accountId = item.accountId ?? fail('awsAccountId is missing');
  const region = item.region ?? fail('awsRegion is missing');
  const environment = c.object('environment');
  const vpc = c.object('vpcConfig');
  const logs = c.object('logsConfig');
  const cloudWatch = logs?.object('cloudWatchLogs');
  const s3 = logs?.object('s3Logs');
  // Config may record `cache` as a one-element list, like `source` and `artifacts`.
  const cache = c.objects('cache')[0];
  return assemble({
    unrecorded: unrecordedOf(c),
    resourceId: item.resourceId,
    name,
    arn: item.arn ?? buildArn('codebuild', region, accountId, `project/${name}`),
    accountId,
    region,
    // Tags inside the configuration fill in for API-model items, which may lack the tag map.
    tags: { ...c.tags('tags'), ...item.tags },
    sources: [
      ...c.objects('source').map((source) => sourceOf(source, true)),
      ...c.objects('secondarySources').map((source) => sourceOf(source, false)),
    ],
    environment: environmentOf({
      type: environment?.string('type'),
      image: environment?.string('image'),
      computeType: environment?.string('computeType'),
      privilegedMode: environment?.boolean('privilegedMode'),
      imagePullCredentialsType: environment?.string('imagePullCredentialsType'),
      variables: (environment?.objects('environmentVariables') ?? []).map((variable) =>
        variableOf(variable.requiredString('name'), variable.string('type'), variable.string('value')),
      ),
    }),
    vpcConfig:
      vpc && vpcConfigOf(vpc.string('vpcId'), subnetIdsOf(vpc, fail), vpc.strings('securityGroupIds')),
    encryptionKey: c.string('encryptionKey'),
    logs: logsOf({
      cloudWatchStatus: cloudWatch?.string('status'),
      groupName: cloudWatch?.string('groupName'),
      streamName: cloudWatch?.string('streamName'),
      s3Status: s3?.string('status'),
      s3Location: s3?.string('location'),
      s3EncryptionDisabled: s3?.boolean('encryptionDisabled'),
    }),
    visibility: c.string('projectVisibility'),
    serviceRole: c.string('serviceRole'),
    artifacts:
      c.has('artifacts') || c.has('secondaryArtifacts')
        ? [
            ...c.objects('artifacts').map((artifacts) => artifactsOf(artifacts, true)),
            ...c.objects('secondaryArtifacts').map((artifacts) => artifactsOf(artifacts, false)),
          ]
        : undefined,
    cache: cache && compact({ type: cache.requiredString('type'), location: cache.string('location') }),
    fileSystemLocations: c.has('fileSystemLocations')
      ? c.objects('fileSystemLocations').map((location) =>
          compact({
            type: location.string('type'),
            location: location.string('location'),
            identifier: location.string('identifier'),
          }),
        )
      : undefined,
  });
}

/**
 * What the item leaves out that a rule reads and whose absence could pass a project: the API
 * always answers these (docs/aws-data.md §2), so an absent key is unknown, never "none" or a
 * default. One BatchGetProjects call completes them all (lib/engine/complete.ts). An absent
 * vpcConfig is the API's "no VPC" and stays so.
 */
/** Source types CodeBuild clones with git, where submodules apply. */
function isGitSource(type: unknown): boolean {
  return typeof type === 'string' && GIT_SOURCE_TYPES.has(type.trim().toUpperCase());
}

const GIT_SOURCE_TYPES = new Set([
  'CODECOMMIT',
  'GITHUB',
  'GITHUB_ENTERPRISE',
  'BITBUCKET',
  'GITLAB',
  'GITLAB_SELF_MANAGED',
]);

function unrecordedOf(c: Fields): Unrecorded | undefined {
  const absent = new Absences();
  const read = 'codebuild:BatchGetProjects';
  if (isAbsent(c.raw('source'))) absent.note('sources', c.at('source'), read);
  const environment = c.raw('environment');
  if (isAbsent(environment)) absent.note('environment', c.at('environment'), read);
  else if (isRecord(environment) && isAbsent(environment.environmentVariables))
    absent.note('environment', `${c.at('environment')}.environmentVariables`, read);
  const logs = c.raw('logsConfig');
  if (isAbsent(logs)) absent.note('logs', c.at('logsConfig'), read);
  else if (isRecord(logs)) {
    // Each part's status defaults (CloudWatch on, S3 off) only where the API would say so.
    for (const part of ['cloudWatchLogs', 's3Logs']) {
      const value = logs[part];
      if (isAbsent(value) || (isRecord(value) && isAbsent(value.status)))
        absent.note('logs', `${c.at('logsConfig')}.${part}.status`, read);
    }
  }
  if (isRecord(environment) && Array.isArray(environment.environmentVariables)) {
    // A variable's value is required by the API: without it the item says nothing of the secret.
    const at = environment.environmentVariables.findIndex((v: unknown) => isRecord(v) && isAbsent(v.value));
    if (at >= 0) absent.note('environment', `${c.at('environment')}.environmentVariables[${at}].value`, read);
  }
  const vpc = c.raw('vpcConfig');
  if (isRecord(vpc) && Object.keys(vpc).length > 0) {
    // A vpcConfig without its VPC, subnets or security groups is a partial record, not "no VPC".
    const lacking = ['vpcId', 'subnets', 'securityGroupIds'].find((key) => isAbsent(vpc[key]));
    if (lacking) absent.note('vpcConfig', `${c.at('vpcConfig')}.${lacking}`, read);
  }
  if (isAbsent(c.raw('encryptionKey'))) absent.note('encryptionKey', c.at('encryptionKey'), read);
  // What a build fetches besides its source: an item without these says nothing of them.
  for (const key of ['source', 'secondarySources']) {
    const value = c.raw(key);
    const list = Array.isArray(value) ? value : isRecord(value) ? [value] : [];
    list.forEach((source: unknown, index) => {
      if (!isRecord(source)) return;
      const at = `${c.at(key)}[${index}]`;
      // Config spells it buildSpec (Schema); BatchGetProjects spells it buildspec.
      if (isAbsent(source.buildSpec) && isAbsent(source.buildspec))
        absent.note('sources', `${at}.buildSpec`, read);
      else if (isAbsent(source.gitSubmodulesConfig) && isGitSource(source.type))
        absent.note('sources', `${at}.gitSubmodulesConfig`, read);
    });
  }
  if (isAbsent(c.raw('artifacts'))) absent.note('artifacts', c.at('artifacts'), read);
  if (isAbsent(c.raw('cache'))) absent.note('cache', c.at('cache'), read);
  if (isAbsent(c.raw('fileSystemLocations')))
    absent.note('fileSystemLocations', c.at('fileSystemLocations'), read);
  // Not in the Schema: Config items seen so far lack it (docs/aws-data.md §2).
  if (isAbsent(c.raw('projectVisibility'))) absent.note('visibility', c.at('projectVisibility'), read);
  return absent.get();
}

export interface CodeBuildDescribeOptions {
  /**
   * The resource id AWS Config uses for this project: a UUID that no CodeBuild API returns (only
   * Config's ListDiscoveredResources knows it). When unknown it defaults to the project name, so a
   * Describe-only run (the CLI) still has a stable, unique id; such models cannot be passed to
   * PutEvaluations as they are.
   */
  configResourceId?: string;
}

/** Normalises one project of a BatchGetProjects response. */
export function fromDescribe(project: Project, options: CodeBuildDescribeOptions = {}): CodeBuildProject {
  const fail: Fail = (problem) => {
    throw new InvalidDescribeResponseError(
      'BatchGetProjects',
      TYPE,
      text(project.name) ?? UNKNOWN_ID,
      problem,
    );
  };
  const name = text(project.name) ?? fail('name is missing');
  const arn = text(project.arn) ?? fail('arn is missing');
  const parsed = parseArn(arn);
  const environment = project.environment;
  const vpc = project.vpcConfig;
  const logs = project.logsConfig;
  return assemble({
    resourceId: text(options.configResourceId) ?? name,
    name,
    arn,
    accountId: text(parsed?.accountId) ?? fail(`arn ${arn} has no account`),
    region: text(parsed?.region) ?? fail(`arn ${arn} has no region`),
    tags: tagMap((project.tags ?? []).map((tag) => [tag.key, tag.value])),
    sources: [
      ...(project.source ? [describedSourceOf(project.source, 'source', true, fail)] : []),
      ...(project.secondarySources ?? []).map((source, index) =>
        describedSourceOf(source, `secondarySources[${index}]`, false, fail),
      ),
    ],
    environment: environmentOf({
      type: text(environment?.type),
      image: text(environment?.image),
      computeType: text(environment?.computeType),
      privilegedMode: environment?.privilegedMode,
      imagePullCredentialsType: text(environment?.imagePullCredentialsType),
      variables: (environment?.environmentVariables ?? []).map((variable, index) =>
        variableOf(
          text(variable.name) ?? fail(`environment.environmentVariables[${index}].name is missing`),
          text(variable.type),
          text(variable.value),
        ),
      ),
    }),
    vpcConfig: vpc && vpcConfigOf(text(vpc.vpcId), vpc.subnets ?? [], vpc.securityGroupIds ?? []),
    encryptionKey: text(project.encryptionKey),
    logs: logsOf({
      cloudWatchStatus: text(logs?.cloudWatchLogs?.status),
      groupName: text(logs?.cloudWatchLogs?.groupName),
      streamName: text(logs?.cloudWatchLogs?.streamName),
      s3Status: text(logs?.s3Logs?.status),
      s3Location: text(logs?.s3Logs?.location),
      s3EncryptionDisabled: logs?.s3Logs?.encryptionDisabled,
    }),
    visibility: text(project.projectVisibility),
    serviceRole: text(project.serviceRole),
    artifacts:
      project.artifacts || project.secondaryArtifacts
        ? [
            ...(project.artifacts ? [describedArtifactsOf(project.artifacts, 'artifacts', true, fail)] : []),
            ...(project.secondaryArtifacts ?? []).map((artifacts, index) =>
              describedArtifactsOf(artifacts, `secondaryArtifacts[${index}]`, false, fail),
            ),
          ]
        : undefined,
    cache: project.cache && {
      type: text(project.cache.type) ?? fail('cache.type is missing'),
      ...compact({ location: text(project.cache.location) }),
    },
    fileSystemLocations: project.fileSystemLocations?.map((location) =>
      compact({
        type: text(location.type),
        location: text(location.location),
        identifier: text(location.identifier),
      }),
    ),
  });
}

type Parts = Omit<CodeBuildProject, 'resourceType' | 'resourceName'>;

function assemble(parts: Parts): CodeBuildProject {
  return compact({ resourceType: TYPE, resourceName: parts.name, ...parts });
}

function sourceOf(source: Fields, primary: boolean): CodeBuildSource {
  return compact({
    type: source.requiredString('type'),
    location: source.string('location'),
    sourceIdentifier: source.string('sourceIdentifier'),
    primary,
    fetchSubmodules: source.object('gitSubmodulesConfig')?.boolean('fetchSubmodules'),
    buildspec: buildspecOf(source.string(source.has('buildSpec') ? 'buildSpec' : 'buildspec')),
  });
}

function describedSourceOf(
  source: ProjectSource,
  path: string,
  primary: boolean,
  fail: Fail,
): CodeBuildSource {
  return compact({
    type: text(source.type) ?? fail(`${path}.type is missing`),
    location: text(source.location),
    sourceIdentifier: text(source.sourceIdentifier),
    primary,
    fetchSubmodules: source.gitSubmodulesConfig?.fetchSubmodules,
    buildspec: buildspecOf(text(source.buildspec)),
  });
}

function artifactsOf(artifacts: Fields, primary: boolean): CodeBuildArtifacts {
  return compact({
    type: artifacts.requiredString('type'),
    location: artifacts.string('location'),
    identifier: artifacts.string('artifactIdentifier'),
    primary,
  });
}

function describedArtifactsOf(
  artifacts: ProjectArtifacts,
  path: string,
  primary: boolean,
  fail: Fail,
): CodeBuildArtifacts {
  return compact({
    type: text(artifacts.type) ?? fail(`${path}.type is missing`),
    location: text(artifacts.location),
    identifier: text(artifacts.artifactIdentifier),
    primary,
  });
}

function environmentOf(parts: {
  type: string | undefined;
  image: string | undefined;
  computeType: string | undefined;
  privilegedMode: boolean | undefined;
  imagePullCredentialsType: string | undefined;
  variables: CodeBuildEnvironmentVariable[];
}): CodeBuildProject['environment'] {
  return compact({ ...parts, privilegedMode: parts.privilegedMode ?? false });
}

/** The API's default variable type is PLAINTEXT; Config items may omit it. */
function variableOf(
  name: string,
  type: string | undefined,
  value: string | undefined,
): CodeBuildEnvironmentVariable {
  return { name, type: type ?? 'PLAINTEXT', value: value ?? '' };
}

/**
 * A vpcConfig with no VPC id, subnets or security groups is no VPC configuration at all (builds run
 * outside any VPC); it is dropped so that `{}`, `{subnets: []}` and an absent key compare equal.
 */
function vpcConfigOf(
  vpcId: string | undefined,
  subnetIds: string[],
  securityGroupIds: string[],
): CodeBuildProject['vpcConfig'] {
  if (vpcId === undefined && subnetIds.length === 0 && securityGroupIds.length === 0) return undefined;
  return compact({ vpcId, subnetIds, securityGroupIds });
}

/** Config may store subnets as `{subnet, customerAZ, buildFleetAZ}` objects instead of ids. */
function subnetIdsOf(vpc: Fields, fail: Fail): string[] {
  return vpc.list('subnets').map((entry, index) => {
    if (typeof entry === 'string' && entry !== '') return entry;
    const path = `${vpc.at('subnets')}[${index}]`;
    if (isRecord(entry)) {
      const subnet = new Fields(entry, path, fail);
      return subnet.string('subnet') ?? subnet.string('subnetId') ?? fail(`${path}.subnet is missing`);
    }
    return fail(`${path} is neither a subnet id nor a {subnet} object`);
  });
}

/** CodeBuild's defaults when logsConfig (or a part of it) is absent: CloudWatch on, S3 off. */
function logsOf(parts: {
  cloudWatchStatus: string | undefined;
  groupName: string | undefined;
  streamName: string | undefined;
  s3Status: string | undefined;
  s3Location: string | undefined;
  s3EncryptionDisabled: boolean | undefined;
}): CodeBuildProject['logs'] {
  return {
    cloudWatchLogs: compact({
      status: (parts.cloudWatchStatus ?? 'ENABLED').toUpperCase(),
      groupName: parts.groupName,
      streamName: parts.streamName,
    }),
    s3Logs: compact({
      status: (parts.s3Status ?? 'DISABLED').toUpperCase(),
      location: parts.s3Location,
      encryptionDisabled: parts.s3EncryptionDisabled ?? false,
    }),
  };
}
