import { describe, expect, it } from 'vitest';
import { fromConfigurationItem, fromDescribe } from '../../../../lib/resources/codebuild-project';
import { fromApiConfigurationItem } from '../../../../lib/resources/configuration-item';
import {
  InvalidConfigurationItemError,
  InvalidDescribeResponseError,
} from '../../../../lib/resources/errors';
import { apiItem, describedProject, invocationItem } from '../../../fixtures/config';
import { codeBuildProject } from '../../../fixtures/models';
import { patchConfiguration, thrown } from './support';

const UUID = '3f2b7c1e-9d4a-4e8b-a1c2-5d6e7f809a1b';
const CI_ERROR = `invalid configuration item for AWS::CodeBuild::Project "${UUID}"`;

describe('CodeBuild project: the three sources of app-build give equal models', () => {
  it('normalises the invocation CI, the API-model CI and BatchGetProjects to the same model', () => {
    // Prepare
    const ci = invocationItem('codebuild-project');
    const api = apiItem('codebuild-project');
    const project = describedProject();

    // Act
    const fromCi = fromConfigurationItem(ci);
    const fromApi = fromConfigurationItem(fromApiConfigurationItem(api));
    const { visibility, ...fromDescribeApi } = fromDescribe(project, { configResourceId: UUID });
    const { unrecorded, ...recorded } = fromCi;

    // Assess
    expect(fromApi).toStrictEqual(fromCi);
    // Config items do not record projectVisibility (absent from the aws-facts and RDK examples and
    // the schema); BatchGetProjects does. It is the one field allowed to differ, and the item's
    // model says it is unknown, for the engine to read (lib/engine/complete.ts).
    expect(fromDescribeApi).toStrictEqual(recorded);
    expect(visibility).toBe('PRIVATE');
    expect(fromCi).not.toHaveProperty('visibility');
    expect(unrecorded).toStrictEqual({
      visibility: { key: 'configuration.projectVisibility', read: 'codebuild:BatchGetProjects' },
      // No inline buildspec and no file systems: the item leaves the keys out, as the API does,
      // so both are read from BatchGetProjects rather than taken as "none".
      sources: { key: 'configuration.source[0].buildSpec', read: 'codebuild:BatchGetProjects' },
      fileSystemLocations: { key: 'configuration.fileSystemLocations', read: 'codebuild:BatchGetProjects' },
    });
    expect(recorded).toStrictEqual({
      resourceType: 'AWS::CodeBuild::Project',
      resourceId: UUID,
      resourceName: 'app-build',
      arn: 'arn:aws:codebuild:eu-west-1:123456789012:project/app-build',
      accountId: '123456789012',
      region: 'eu-west-1',
      tags: {},
      name: 'app-build',
      sources: [
        {
          type: 'CODECOMMIT',
          location: 'https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/app',
          primary: true,
          fetchSubmodules: false,
        },
      ],
      environment: {
        type: 'LINUX_CONTAINER',
        image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/builder:1',
        computeType: 'BUILD_GENERAL1_SMALL',
        privilegedMode: false,
        imagePullCredentialsType: 'SERVICE_ROLE',
        variables: [],
      },
      vpcConfig: { vpcId: 'vpc-0a1b', subnetIds: ['subnet-0c1d'], securityGroupIds: ['sg-0e1f'] },
      encryptionKey: 'arn:aws:kms:eu-west-1:123456789012:alias/aws/s3',
      logs: {
        cloudWatchLogs: { status: 'ENABLED' },
        s3Logs: { status: 'DISABLED', encryptionDisabled: false },
      },
      serviceRole: 'arn:aws:iam::123456789012:role/codebuild-app-role',
      artifacts: [{ type: 'NO_ARTIFACTS', primary: true }],
      cache: { type: 'NO_CACHE' },
    });
  });

  it('matches the default test builder, so rule tests describe the same project', () => {
    // Prepare
    const ci = invocationItem('codebuild-project');

    // Act
    const model = fromConfigurationItem(ci);

    // Assess
    const builder = codeBuildProject();
    expect(model).toStrictEqual(
      codeBuildProject({
        visibility: undefined,
        // The item records fetchSubmodules false; the builder leaves it out (CodeBuild's default).
        sources: builder.sources.map((source) => ({ ...source, fetchSubmodules: false })),
        unrecorded: {
          visibility: { key: 'configuration.projectVisibility', read: 'codebuild:BatchGetProjects' },
          sources: { key: 'configuration.source[0].buildSpec', read: 'codebuild:BatchGetProjects' },
          fileSystemLocations: {
            key: 'configuration.fileSystemLocations',
            read: 'codebuild:BatchGetProjects',
          },
        },
      }),
    );
  });
});

describe('CodeBuild project: Config CI quirks', () => {
  it('reads source and secondarySources given as a single object like a list', () => {
    // Prepare
    const asObjects = patchConfiguration(invocationItem('codebuild-project'), {
      source: { type: 'CODECOMMIT', location: 'https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/app' },
      secondarySources: { type: 'S3', location: 'bucket/tools.zip', sourceIdentifier: 'tools' },
    });
    const asLists = patchConfiguration(invocationItem('codebuild-project'), {
      source: [
        { type: 'CODECOMMIT', location: 'https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/app' },
      ],
      secondarySources: [{ type: 'S3', location: 'bucket/tools.zip', sourceIdentifier: 'tools' }],
    });

    // Act
    const fromObjects = fromConfigurationItem(asObjects);
    const fromLists = fromConfigurationItem(asLists);

    // Assess
    expect(fromObjects.sources).toStrictEqual([
      {
        type: 'CODECOMMIT',
        location: 'https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/app',
        primary: true,
      },
      { type: 'S3', location: 'bucket/tools.zip', sourceIdentifier: 'tools', primary: false },
    ]);
    expect(fromLists).toStrictEqual(fromObjects);
  });

  it('gives a project without sources an empty list, and a source without location no location key', () => {
    // Prepare
    const ci = patchConfiguration(invocationItem('codebuild-project'), {
      source: [{ type: 'CODEPIPELINE', location: '' }],
      secondarySources: [],
    });

    // Act
    const model = fromConfigurationItem(ci);
    const noSource = fromConfigurationItem(patchConfiguration(ci, { source: undefined }));

    // Assess
    expect(model.sources).toStrictEqual([{ type: 'CODEPIPELINE', primary: true }]);
    expect(noSource.sources).toStrictEqual([]);
  });

  it('reads subnets given as {subnet} objects, plain ids, or a mix, to the same ids', () => {
    // Prepare
    const vpc = (subnets: unknown[]) =>
      patchConfiguration(invocationItem('codebuild-project'), {
        vpcConfig: { vpcId: 'vpc-0a1b', subnets, securityGroupIds: ['sg-0e1f'] },
      });

    // Act
    const objects = fromConfigurationItem(
      vpc([
        { subnet: 'subnet-0c1d', customerAZ: 'euw1-az1' },
        { subnet: 'subnet-0c2d', buildFleetAZ: 'euw1-az2' },
      ]),
    );
    const ids = fromConfigurationItem(vpc(['subnet-0c1d', 'subnet-0c2d']));
    const mixed = fromConfigurationItem(vpc(['subnet-0c1d', { subnet: 'subnet-0c2d' }]));

    // Assess
    expect(objects.vpcConfig).toStrictEqual({
      vpcId: 'vpc-0a1b',
      subnetIds: ['subnet-0c1d', 'subnet-0c2d'],
      securityGroupIds: ['sg-0e1f'],
    });
    expect(ids).toStrictEqual(objects);
    expect(mixed).toStrictEqual(objects);
  });

  it('gives a variable without type the API default PLAINTEXT, and one without value an empty value', () => {
    // Prepare
    const ci = patchConfiguration(invocationItem('codebuild-project'), {
      environment: {
        type: 'LINUX_CONTAINER',
        image: 'aws/codebuild/standard:7.0',
        computeType: 'BUILD_GENERAL1_SMALL',
        environmentVariables: [
          { name: 'STAGE', value: 'prod' },
          { name: 'DB_PASSWORD', value: '/app/db', type: 'PARAMETER_STORE' },
          { name: 'EMPTY' },
        ],
      },
    });

    // Act
    const model = fromConfigurationItem(ci);

    // Assess
    expect(model.environment).toStrictEqual({
      type: 'LINUX_CONTAINER',
      image: 'aws/codebuild/standard:7.0',
      computeType: 'BUILD_GENERAL1_SMALL',
      privilegedMode: false,
      variables: [
        { name: 'STAGE', type: 'PLAINTEXT', value: 'prod' },
        { name: 'DB_PASSWORD', type: 'PARAMETER_STORE', value: '/app/db' },
        { name: 'EMPTY', type: 'PLAINTEXT', value: '' },
      ],
    });
  });

  it('applies the CodeBuild defaults when logsConfig is absent: CloudWatch ENABLED, S3 DISABLED', () => {
    // Prepare
    const ci = patchConfiguration(invocationItem('codebuild-project'), { logsConfig: undefined });

    // Act
    const model = fromConfigurationItem(ci);

    // Assess
    expect(model.logs).toStrictEqual({
      cloudWatchLogs: { status: 'ENABLED' },
      s3Logs: { status: 'DISABLED', encryptionDisabled: false },
    });
  });

  it('fills only the missing half of a partial logsConfig and keeps the given details', () => {
    // Prepare
    const ci = patchConfiguration(invocationItem('codebuild-project'), {
      logsConfig: { s3Logs: { status: 'enabled', location: 'log-bucket/app', encryptionDisabled: true } },
    });

    // Act
    const model = fromConfigurationItem(ci);

    // Assess
    expect(model.logs).toStrictEqual({
      cloudWatchLogs: { status: 'ENABLED' },
      s3Logs: { status: 'ENABLED', location: 'log-bucket/app', encryptionDisabled: true },
    });
  });

  it('reads the visibility when the CI has projectVisibility', () => {
    // Prepare
    const ci = patchConfiguration(invocationItem('codebuild-project'), { projectVisibility: 'PUBLIC_READ' });

    // Act
    const model = fromConfigurationItem(ci);

    // Assess
    expect(model.visibility).toBe('PUBLIC_READ');
  });

  it('omits every absent optional field instead of setting it to undefined', () => {
    // Prepare
    const ci = patchConfiguration(invocationItem('codebuild-project'), {
      environment: undefined,
      vpcConfig: undefined,
      encryptionKey: undefined,
      serviceRole: null,
      logsConfig: undefined,
    });

    // Act
    const model = fromConfigurationItem(ci);

    // Assess
    for (const key of ['vpcConfig', 'encryptionKey', 'serviceRole', 'visibility']) {
      expect(model).not.toHaveProperty(key);
    }
    expect(model.environment).toStrictEqual({ privilegedMode: false, variables: [] });
    expect(model.name).toBe('app-build');
  });

  it('treats a vpcConfig with no VPC id, subnets or security groups as no vpcConfig', () => {
    // Prepare
    const ci = patchConfiguration(invocationItem('codebuild-project'), {
      vpcConfig: { subnets: [], securityGroupIds: [] },
    });

    // Act
    const model = fromConfigurationItem(ci);

    // Assess
    expect(model).not.toHaveProperty('vpcConfig');
  });

  it('keeps a partial vpcConfig as it is, so rules can name what is missing', () => {
    // Prepare
    const ci = patchConfiguration(invocationItem('codebuild-project'), {
      vpcConfig: { subnets: [{ subnet: 'subnet-0c1d' }] },
    });

    // Act
    const model = fromConfigurationItem(ci);

    // Assess
    expect(model.vpcConfig).toStrictEqual({ subnetIds: ['subnet-0c1d'], securityGroupIds: [] });
  });

  it('merges tags from the item tag map and the configuration tag list (API items may lack the map)', () => {
    // Prepare
    const ci = {
      ...patchConfiguration(invocationItem('codebuild-project'), {
        tags: [
          { key: 'team', value: 'platform' },
          { key: 'ppg:exempt', value: 'old' },
        ],
      }),
      tags: { 'ppg:exempt': 'RISK-42' },
    };

    // Act
    const model = fromConfigurationItem(ci);

    // Assess
    expect(model.tags).toStrictEqual({ team: 'platform', 'ppg:exempt': 'RISK-42' });
  });

  it('reads a privilegedMode recorded as the string "true"', () => {
    // Prepare
    const ci = patchConfiguration(invocationItem('codebuild-project'), {
      environment: { type: 'LINUX_CONTAINER', privilegedMode: 'true' },
    });

    // Act
    const model = fromConfigurationItem(ci);

    // Assess
    expect(model.environment.privilegedMode).toBe(true);
  });

  it('takes the name from resourceName when the configuration lacks it, and builds the ARN when ARN is absent', () => {
    // Prepare
    const { ARN, ...ci } = patchConfiguration(invocationItem('codebuild-project'), { name: undefined });

    // Act
    const model = fromConfigurationItem(ci);

    // Assess
    expect(model.name).toBe('app-build');
    expect(model.arn).toBe('arn:aws:codebuild:eu-west-1:123456789012:project/app-build');
  });
});

describe('CodeBuild project: BatchGetProjects', () => {
  it('uses the project name as resourceId when the Config id is unknown', () => {
    // Prepare
    const project = describedProject();

    // Act
    const model = fromDescribe(project);

    // Assess
    expect(model.resourceId).toBe('app-build');
    expect(model.resourceName).toBe('app-build');
  });

  it('marks secondary sources as not primary and keeps their identifiers', () => {
    // Prepare
    const project = {
      ...describedProject(),
      secondarySources: [
        { type: 'GITHUB' as const, location: 'https://github.com/acme/tools', sourceIdentifier: 'tools' },
      ],
    };

    // Act
    const model = fromDescribe(project);

    // Assess
    expect(model.sources).toStrictEqual([
      {
        type: 'CODECOMMIT',
        location: 'https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/app',
        primary: true,
        fetchSubmodules: false,
      },
      {
        type: 'GITHUB',
        location: 'https://github.com/acme/tools',
        sourceIdentifier: 'tools',
        primary: false,
      },
    ]);
  });

  it('rejects a project without arn, naming the operation and the project', () => {
    // Prepare
    const { arn, ...project } = describedProject();

    // Act
    const error = thrown(() => fromDescribe(project));

    // Assess
    expect(error).toBeInstanceOf(InvalidDescribeResponseError);
    expect(error.message).toBe(
      'invalid BatchGetProjects response for AWS::CodeBuild::Project "app-build": arn is missing',
    );
  });

  it('rejects a variable without a name', () => {
    // Prepare
    const project = describedProject();
    const environment = {
      type: undefined,
      image: undefined,
      computeType: undefined,
      environmentVariables: [{ name: undefined, value: 'x' }],
    };

    // Act
    const error = thrown(() => fromDescribe({ ...project, environment }));

    // Assess
    expect(error.message).toBe(
      'invalid BatchGetProjects response for AWS::CodeBuild::Project "app-build": ' +
        'environment.environmentVariables[0].name is missing',
    );
  });
});

describe('CodeBuild project: malformed configuration items', () => {
  it('rejects an item without configuration (a deleted resource), naming the status', () => {
    // Prepare
    const ci = {
      ...invocationItem('codebuild-project'),
      configurationItemStatus: 'ResourceDeleted' as const,
      configuration: null,
    };

    // Act
    const error = thrown(() => fromConfigurationItem(ci));

    // Assess
    expect(error).toBeInstanceOf(InvalidConfigurationItemError);
    expect(error.message).toBe(`${CI_ERROR}: configuration is missing (status ResourceDeleted)`);
  });

  it('rejects an item with neither configuration.name nor resourceName', () => {
    // Prepare
    const ci = {
      ...patchConfiguration(invocationItem('codebuild-project'), { name: undefined }),
      resourceName: null,
    };

    // Act
    const error = thrown(() => fromConfigurationItem(ci));

    // Assess
    expect(error).toBeInstanceOf(InvalidConfigurationItemError);
    expect(error.message).toBe(`${CI_ERROR}: configuration.name is missing`);
  });

  it('rejects a subnet entry that is neither an id nor a {subnet} object', () => {
    // Prepare
    const ci = patchConfiguration(invocationItem('codebuild-project'), {
      vpcConfig: { vpcId: 'vpc-0a1b', subnets: ['subnet-0c1d', 42], securityGroupIds: ['sg-0e1f'] },
    });

    // Act
    const error = thrown(() => fromConfigurationItem(ci));

    // Assess
    expect(error.message).toBe(
      `${CI_ERROR}: configuration.vpcConfig.subnets[1] is neither a subnet id nor a {subnet} object`,
    );
  });

  it('rejects a source without type', () => {
    // Prepare
    const ci = patchConfiguration(invocationItem('codebuild-project'), {
      source: [{ location: 'bucket/src.zip' }],
    });

    // Act
    const error = thrown(() => fromConfigurationItem(ci));

    // Assess
    expect(error.message).toBe(`${CI_ERROR}: configuration.source[0].type is missing`);
  });

  it('rejects a field of the wrong type, naming its path', () => {
    // Prepare
    const ci = patchConfiguration(invocationItem('codebuild-project'), {
      environment: { image: 'aws/codebuild/standard:7.0', privilegedMode: 1 },
    });

    // Act
    const error = thrown(() => fromConfigurationItem(ci));

    // Assess
    expect(error.message).toBe(`${CI_ERROR}: configuration.environment.privilegedMode is not a boolean`);
  });

  it('rejects an item of another resource type', () => {
    // Prepare
    const ci = invocationItem('ecr-repository');

    // Act
    const error = thrown(() => fromConfigurationItem(ci));

    // Assess
    expect(error.message).toBe(
      'invalid configuration item for AWS::CodeBuild::Project "builder": ' +
        'resourceType is AWS::ECR::Repository, not AWS::CodeBuild::Project',
    );
  });
});

describe('CodeBuild project: submodules and buildspec of every source', () => {
  const INLINE =
    'version: 0.2\nenv:\n  variables:\n    DB_PASSWORD: s3cret\nphases:\n  build:\n    commands:\n      - git clone https://github.com/acme/tools\n';
  const READ = {
    kind: 'inline',
    variables: [{ name: 'DB_PASSWORD', value: 's3cret' }],
    commands: [{ phase: 'build', command: 'git clone https://github.com/acme/tools' }],
  };
  const SOURCE = {
    type: 'CODECOMMIT',
    location: 'https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/app',
  };

  it('reads gitSubmodulesConfig and buildspec of primary and secondary sources alike from a CI and BatchGetProjects', () => {
    // Prepare
    const primary = { ...SOURCE, gitSubmodulesConfig: { fetchSubmodules: true }, buildspec: INLINE };
    const secondary = {
      type: 'S3' as const,
      location: 'bucket/tools.zip',
      sourceIdentifier: 'tools',
      gitSubmodulesConfig: { fetchSubmodules: false },
      buildspec: 'arn:aws:s3:::bucket/buildspec.yml',
    };
    const ci = patchConfiguration(invocationItem('codebuild-project'), {
      source: [primary],
      secondarySources: [secondary],
    });
    const described = {
      ...describedProject(),
      source: { ...primary, type: 'CODECOMMIT' as const },
      secondarySources: [secondary],
    };

    // Act
    const fromCi = fromConfigurationItem(ci);
    const fromApi = fromDescribe(described, { configResourceId: UUID });

    // Assess
    expect(fromCi.sources).toStrictEqual([
      { ...SOURCE, primary: true, fetchSubmodules: true, buildspec: READ },
      {
        type: 'S3',
        location: 'bucket/tools.zip',
        sourceIdentifier: 'tools',
        primary: false,
        fetchSubmodules: false,
        buildspec: { kind: 's3', arn: 'arn:aws:s3:::bucket/buildspec.yml' },
      },
    ]);
    expect(fromApi.sources).toStrictEqual(fromCi.sources);
  });

  it('keeps an absent gitSubmodulesConfig, fetchSubmodules or buildspec absent, and an empty buildspec absent', () => {
    // Prepare
    const ci = patchConfiguration(invocationItem('codebuild-project'), {
      source: [{ ...SOURCE, gitSubmodulesConfig: {}, buildspec: '' }],
      secondarySources: [{ type: 'S3', location: 'bucket/tools.zip', sourceIdentifier: 'tools' }],
    });
    const described = {
      ...describedProject(),
      source: { type: 'CODECOMMIT' as const, location: SOURCE.location, buildspec: 'buildspec-ci.yml' },
    };

    // Act
    const fromCi = fromConfigurationItem(ci);
    const fromApi = fromDescribe(described);

    // Assess
    expect(fromCi.sources).toStrictEqual([
      { ...SOURCE, primary: true },
      { type: 'S3', location: 'bucket/tools.zip', sourceIdentifier: 'tools', primary: false },
    ]);
    expect(fromApi.sources).toStrictEqual([
      { ...SOURCE, primary: true, buildspec: { kind: 'file', path: 'buildspec-ci.yml' } },
    ]);
  });

  it('reads fetchSubmodules recorded as a string, and rejects any other type naming the field', () => {
    // Prepare
    const asString = patchConfiguration(invocationItem('codebuild-project'), {
      source: [{ ...SOURCE, gitSubmodulesConfig: { fetchSubmodules: 'TRUE' } }],
    });
    const asNumber = patchConfiguration(invocationItem('codebuild-project'), {
      source: [{ ...SOURCE, gitSubmodulesConfig: { fetchSubmodules: 1 } }],
    });

    // Act
    const model = fromConfigurationItem(asString);
    const error = thrown(() => fromConfigurationItem(asNumber));

    // Assess
    expect(model.sources[0]?.fetchSubmodules).toBe(true);
    expect(error).toBeInstanceOf(InvalidConfigurationItemError);
    expect(error.message).toBe(
      `${CI_ERROR}: configuration.source[0].gitSubmodulesConfig.fetchSubmodules is not a boolean`,
    );
  });

  it('keeps an unreadable inline buildspec as unparsable, with no part of its text', () => {
    // Prepare
    const ci = patchConfiguration(invocationItem('codebuild-project'), {
      source: [{ ...SOURCE, buildspec: 'version: 0.2\nenv:\n  variables: [DB_PASSWORD=s3cret\n' }],
    });

    // Act
    const model = fromConfigurationItem(ci);

    // Assess
    expect(model.sources[0]?.buildspec).toEqual({
      kind: 'unparsable',
      reason: expect.stringMatching(/^YAML error [A-Z_]+ at line \d+, column \d+$/),
    });
  });
});

describe('CodeBuild project: artifacts, cache and file system locations', () => {
  const ARTIFACTS = { type: 'S3', location: 'release-bucket', artifactIdentifier: 'release' };
  const EFS = {
    type: 'EFS',
    location: 'fs-0123abcd.efs.eu-west-1.amazonaws.com:/builds',
    mountPoint: '/mnt/efs',
    identifier: 'shared',
  };

  it('reads primary and secondary artifacts, the cache and file systems alike from a CI and BatchGetProjects', () => {
    // Prepare
    const ci = patchConfiguration(invocationItem('codebuild-project'), {
      artifacts: [{ type: 'NO_ARTIFACTS' }],
      secondaryArtifacts: [ARTIFACTS],
      cache: { type: 'S3', location: 'cache-bucket/app' },
      fileSystemLocations: [EFS],
    });
    const described = {
      ...describedProject(),
      artifacts: { type: 'NO_ARTIFACTS' as const },
      secondaryArtifacts: [{ ...ARTIFACTS, type: 'S3' as const }],
      cache: { type: 'S3' as const, location: 'cache-bucket/app' },
      fileSystemLocations: [{ ...EFS, type: 'EFS' as const }],
    };

    // Act
    const fromCi = fromConfigurationItem(ci);
    const fromApi = fromDescribe(described, { configResourceId: UUID });

    // Assess
    expect(fromCi.artifacts).toStrictEqual([
      { type: 'NO_ARTIFACTS', primary: true },
      { type: 'S3', location: 'release-bucket', identifier: 'release', primary: false },
    ]);
    expect(fromCi.cache).toStrictEqual({ type: 'S3', location: 'cache-bucket/app' });
    expect(fromCi.fileSystemLocations).toStrictEqual([
      { type: 'EFS', location: 'fs-0123abcd.efs.eu-west-1.amazonaws.com:/builds', identifier: 'shared' },
    ]);
    expect({
      artifacts: fromApi.artifacts,
      cache: fromApi.cache,
      fs: fromApi.fileSystemLocations,
    }).toStrictEqual({
      artifacts: fromCi.artifacts,
      cache: fromCi.cache,
      fs: fromCi.fileSystemLocations,
    });
  });

  it('keeps unrecorded artifacts, cache and file systems undefined, and recorded empty lists empty', () => {
    // Prepare
    const absent = patchConfiguration(invocationItem('codebuild-project'), {
      artifacts: undefined,
      secondaryArtifacts: undefined,
      cache: undefined,
      fileSystemLocations: undefined,
    });
    const empty = patchConfiguration(invocationItem('codebuild-project'), {
      artifacts: [],
      cache: [{ type: 'NO_CACHE' }],
      fileSystemLocations: [],
    });
    const { artifacts, secondaryArtifacts, cache, ...bare } = describedProject();

    // Act
    const fromAbsent = fromConfigurationItem(absent);
    const fromEmpty = fromConfigurationItem(empty);
    const fromBare = fromDescribe(bare);

    // Assess
    expect(fromAbsent).not.toHaveProperty('artifacts');
    expect(fromAbsent).not.toHaveProperty('cache');
    expect(fromAbsent).not.toHaveProperty('fileSystemLocations');
    expect(fromBare).not.toHaveProperty('artifacts');
    expect(fromBare).not.toHaveProperty('cache');
    expect(fromBare).not.toHaveProperty('fileSystemLocations');
    expect(fromEmpty.artifacts).toStrictEqual([]);
    expect(fromEmpty.cache).toStrictEqual({ type: 'NO_CACHE' });
    expect(fromEmpty.fileSystemLocations).toStrictEqual([]);
  });

  it('rejects artifacts or a cache without a type, naming the field', () => {
    // Prepare
    const ci = patchConfiguration(invocationItem('codebuild-project'), {
      secondaryArtifacts: [{ location: 'b' }],
    });
    const described = { ...describedProject(), cache: { location: 'b/p' } as never };

    // Act
    const ciError = thrown(() => fromConfigurationItem(ci));
    const apiError = thrown(() => fromDescribe(described));

    // Assess
    expect(ciError.message).toBe(`${CI_ERROR}: configuration.secondaryArtifacts[0].type is missing`);
    expect(apiError.message).toBe(
      'invalid BatchGetProjects response for AWS::CodeBuild::Project "app-build": cache.type is missing',
    );
  });
});
