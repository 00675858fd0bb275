/**
 * What a build fetches besides its source (issue 15): git submodules and inline buildspecs, end to
 * end. Projects are created on moto with the real SDK, read back with BatchGetProjects, and judged
 * twice: through handlers/evaluate on the Config item built from them (the Config emulator front
 * captures the evaluations at the wire), and through the CLI's collector (fromDescribe).
 *
 * moto's CreateProject keeps `source` (gitSubmodulesConfig and buildspec included), `artifacts` and
 * `cache` as given but drops `secondarySources`, `secondaryArtifacts` and `fileSystemLocations`:
 * the scenarios that need those add them to the BatchGetProjects answer before the Config item is
 * built from it, i.e. crafted Config events through the real pipeline.
 */
import {
  BatchGetProjectsCommand,
  CreateProjectCommand,
  type CreateProjectInput,
  type Project,
  type ProjectSource,
} from '@aws-sdk/client-codebuild';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { codeBuildItem } from '../../emulator/config-items';
import { createHandler } from '../../handlers/evaluate';
import { getCodeBuildProjects } from '../../lib/collect/codebuild';
import { describeSource } from '../../lib/collect/source';
import { parseParameters } from '../../lib/engine/params';
import { contextFor, parseRuleParameters } from '../../lib/engine/run';
import type { Log } from '../../lib/log';
import sourcePrivate from '../../rules/codebuild-project-source-private';
import { ruleForConfigRuleName } from '../../rules/index';
import { changeEvent } from '../fixtures/events';
import { REGION, startTestAws, type TestAws } from './support/aws';

const CAPTURE_SECONDS = Date.parse('2026-11-25T10:00:00.000Z') / 1000;
const SOURCE_PRIVATE = { configRuleName: 'ppguard-codebuild-project-source-private' };
const SECRETS = { configRuleName: 'ppguard-codebuild-project-no-plaintext-secrets' };
const REPO = `https://git-codecommit.${REGION}.amazonaws.com/v1/repos/app`;
const INLINE = [
  'version: 0.2',
  'env:',
  '  variables:',
  '    DB_PASSWORD: hunter2-Xyz',
  '  secrets-manager:',
  '    API_KEY: prod/api:key',
  'phases:',
  '  install:',
  '    commands:',
  '      - curl -fsSL https://get.example.com/tool.sh | sh',
  '      - aws s3 cp s3://tools-bucket/x.tgz .',
  '  build:',
  '    commands:',
  '      - make',
  '',
].join('\n');

const silent: Log = { info() {}, warn() {}, error() {} };
let aws: TestAws;
let handler: ReturnType<typeof createHandler>;

async function createProject(
  name: string,
  source: ProjectSource,
  storage: Partial<Pick<CreateProjectInput, 'artifacts' | 'cache'>> = {},
): Promise<Project> {
  await aws.codebuild.send(
    new CreateProjectCommand({
      name,
      source,
      artifacts: storage.artifacts ?? { type: 'NO_ARTIFACTS' },
      ...(storage.cache ? { cache: storage.cache } : {}),
      environment: {
        type: 'LINUX_CONTAINER',
        image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/builder:1',
        computeType: 'BUILD_GENERAL1_SMALL',
      },
      serviceRole: 'arn:aws:iam::123456789012:role/codebuild-app-role',
    }),
  );
  const { projects } = await aws.codebuild.send(new BatchGetProjectsCommand({ names: [name] }));
  const project = projects?.[0];
  if (!project) throw new Error(`project ${name} not found after creation`);
  return project;
}

function evaluation(resourceId: string, compliance: string, annotation?: string) {
  return {
    ComplianceResourceType: 'AWS::CodeBuild::Project',
    ComplianceResourceId: resourceId,
    ComplianceType: compliance,
    ...(annotation === undefined ? {} : { Annotation: annotation }),
    OrderingTimestamp: CAPTURE_SECONDS,
  };
}

beforeAll(async () => {
  aws = await startTestAws();
});

afterAll(async () => {
  await aws?.close();
});

beforeEach(() => {
  aws.emulator.clear();
  handler = createHandler({
    config: aws.config,
    aws: describeSource(aws.options),
    findRule: ruleForConfigRuleName,
    log: silent,
    region: REGION,
    now: () => new Date('2026-11-25T12:00:00Z'),
  });
});

describe('submodules and inline buildspecs on the emulator', () => {
  it('judges a project that fetches submodules and curls the internet, and one with a buildspec file, from their Config items', async () => {
    // Prepare
    const fetching = codeBuildItem(
      await createProject('fetching-build', {
        type: 'CODECOMMIT',
        location: REPO,
        gitSubmodulesConfig: { fetchSubmodules: true },
        buildspec: INLINE,
      }),
      'uuid-fetching',
    );
    const clean = codeBuildItem(
      await createProject('clean-build', {
        type: 'CODECOMMIT',
        location: REPO,
        gitSubmodulesConfig: { fetchSubmodules: false },
        buildspec: 'ci/buildspec.yml',
      }),
      'uuid-clean',
    );

    // Act
    for (const item of [fetching, clean]) {
      await handler(changeEvent(item, SOURCE_PRIVATE));
      await handler(changeEvent(item, SECRETS));
    }

    // Assess
    expect(aws.emulator.violations).toEqual([]);
    expect(aws.emulator.evaluations).toEqual([
      evaluation(
        'uuid-fetching',
        'NON_COMPLIANT',
        'project fetching-build fetches sources from outside AWS: primary fetches git submodules; ' +
          'primary buildspec fetches from get.example.com',
      ),
      evaluation(
        'uuid-fetching',
        'NON_COMPLIANT',
        'project fetching-build has credentials in plaintext: primary source buildspec env.variables.DB_PASSWORD (password)',
      ),
      evaluation('uuid-clean', 'COMPLIANT', 'project clean-build'),
      evaluation('uuid-clean', 'COMPLIANT', 'project clean-build'),
    ]);
    expect(JSON.stringify(aws.emulator.evaluations)).not.toContain('hunter2');
  });

  it('allows the submodules when the rule parameter allowSubmodules is true', async () => {
    // Prepare
    const item = codeBuildItem(
      await createProject('submodule-build', {
        type: 'CODECOMMIT',
        location: REPO,
        gitSubmodulesConfig: { fetchSubmodules: true },
      }),
      'uuid-submodule',
    );

    // Act
    await handler(changeEvent(item, { ...SOURCE_PRIVATE, ruleParameters: { allowSubmodules: 'true' } }));
    await handler(changeEvent(item, SOURCE_PRIVATE));

    // Assess
    expect(aws.emulator.evaluations).toEqual([
      evaluation('uuid-submodule', 'COMPLIANT', 'project submodule-build'),
      evaluation(
        'uuid-submodule',
        'NON_COMPLIANT',
        'project submodule-build fetches sources from outside AWS: primary fetches git submodules',
      ),
    ]);
  });

  it('reports an unparsable inline buildspec of a secondary source (crafted: moto drops secondarySources)', async () => {
    // Prepare
    // The primary source records its buildspec and submodules, so the item's sources are complete
    // and are not read again from moto (whose answer would lack the secondary source).
    const project = await createProject('secondary-build', {
      type: 'CODECOMMIT',
      location: REPO,
      buildspec: 'buildspec.yml',
      gitSubmodulesConfig: { fetchSubmodules: false },
    });
    const item = codeBuildItem(
      {
        ...project,
        secondarySources: [
          {
            type: 'S3',
            location: 'tools-bucket/tools.zip',
            sourceIdentifier: 'tools',
            buildspec: 'version: 0.2\nenv:\n  variables:\n    TOKEN: abc\n    TOKEN: s3cret-Value\n',
          },
        ],
      },
      'uuid-secondary',
    );

    // Act
    await handler(changeEvent(item, SOURCE_PRIVATE));
    await handler(changeEvent(item, SECRETS));

    // Assess
    expect(aws.emulator.evaluations).toEqual([
      evaluation(
        'uuid-secondary',
        'NON_COMPLIANT',
        'project secondary-build: what its builds fetch cannot be verified: secondary tools buildspec unparsable (YAML error DUPLICATE_KEY at line 5, column 5)',
      ),
      evaluation(
        'uuid-secondary',
        'NON_COMPLIANT',
        'project secondary-build cannot be checked for plaintext credentials: secondary source tools buildspec unparsable (YAML error DUPLICATE_KEY at line 5, column 5)',
      ),
    ]);
  });

  it('reads the same submodules and buildspec through BatchGetProjects (the CLI collector) and gives the same verdict', async () => {
    // Prepare
    const project = await createProject('described-build', {
      type: 'CODECOMMIT',
      location: REPO,
      gitSubmodulesConfig: { fetchSubmodules: true },
      buildspec: INLINE,
    });

    const { common } = parseRuleParameters(sourcePrivate, {});
    const context = contextFor('123456789012', REGION, common, new Date('2026-11-25T12:00:00Z'));
    const params = parseParameters(sourcePrivate.parameters, {});

    // Act
    const listing = await getCodeBuildProjects(aws.codebuild, ['described-build']);
    const verdict = listing.resources[0] && sourcePrivate.evaluate(listing.resources[0], context, params);

    // Assess
    expect(listing.failures).toEqual([]);
    const [described] = listing.resources;
    expect(described?.sources).toEqual([
      {
        type: 'CODECOMMIT',
        location: REPO,
        primary: true,
        fetchSubmodules: true,
        buildspec: {
          kind: 'inline',
          variables: [{ name: 'DB_PASSWORD', value: 'hunter2-Xyz' }],
          commands: [
            { phase: 'install', command: 'curl -fsSL https://get.example.com/tool.sh | sh' },
            { phase: 'install', command: 'aws s3 cp s3://tools-bucket/x.tgz .' },
            { phase: 'build', command: 'make' },
          ],
        },
      },
    ]);
    expect(project.source?.buildspec).toBe(INLINE);
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        'project described-build fetches sources from outside AWS: primary fetches git submodules; ' +
        'primary buildspec fetches from get.example.com',
    });
  });
});

describe('artifacts, cache and file systems on the emulator', () => {
  const ARTIFACTS_RULE = { configRuleName: 'ppguard-codebuild-project-artifacts-private' };

  it('reports S3 artifacts and cache in buckets not allowed, and passes them once allowedBuckets lists them', async () => {
    // Prepare
    const item = codeBuildItem(
      await createProject(
        'storage-build',
        { type: 'CODECOMMIT', location: REPO },
        {
          artifacts: { type: 'S3', location: 'partner-drop', name: 'app.zip' },
          cache: { type: 'S3', location: 'shared-cache/app' },
        },
      ),
      'uuid-storage',
    );

    // Act
    await handler(changeEvent(item, ARTIFACTS_RULE));
    await handler(
      changeEvent(item, {
        ...ARTIFACTS_RULE,
        ruleParameters: { allowedBuckets: 'partner-drop,shared-cache' },
      }),
    );

    // Assess
    expect(aws.emulator.violations).toEqual([]);
    expect(aws.emulator.evaluations).toEqual([
      evaluation(
        'uuid-storage',
        'NON_COMPLIANT',
        'project storage-build uses storage that may be outside the account: artifacts to bucket partner-drop; ' +
          'cache in bucket shared-cache (buckets not in allowedBuckets)',
      ),
      evaluation(
        'uuid-storage',
        'COMPLIANT',
        'project storage-build: S3 only in allowed buckets: partner-drop, shared-cache',
      ),
    ]);
  });

  it('reports an EFS file system of another Region and secondary artifacts (crafted: moto drops both)', async () => {
    // Prepare
    const project = await createProject('efs-build', { type: 'CODECOMMIT', location: REPO });
    const item = codeBuildItem(
      {
        ...project,
        secondaryArtifacts: [{ type: 'S3', location: 'partner-drop', artifactIdentifier: 'reports' }],
        fileSystemLocations: [
          {
            type: 'EFS',
            location: 'fs-0123abcd.efs.us-east-1.amazonaws.com:/builds',
            mountPoint: '/mnt/shared',
            identifier: 'shared',
          },
        ],
      },
      'uuid-efs',
    );

    // Act
    await handler(changeEvent(item, ARTIFACTS_RULE));

    // Assess
    expect(aws.emulator.evaluations).toEqual([
      evaluation(
        'uuid-efs',
        'NON_COMPLIANT',
        'project efs-build uses storage that may be outside the account: secondary artifacts reports to bucket partner-drop; ' +
          'file system shared in us-east-1, not eu-west-1 (buckets not in allowedBuckets)',
      ),
    ]);
  });
});
