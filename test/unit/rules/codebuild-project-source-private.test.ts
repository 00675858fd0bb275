import { describe, expect, it } from 'vitest';
import { InvalidParameterError, parseParameters } from '../../../lib/engine/params';
import { contextFor, parseRuleParameters } from '../../../lib/engine/run';
import type { CodeBuildSource } from '../../../lib/resources/model';
import rule from '../../../rules/codebuild-project-source-private';
import { codeBuildProject } from '../../fixtures/models';
import { scenarios } from './scenarios';

const common = parseRuleParameters(rule, {}).common;
const context = contextFor('123456789012', 'eu-west-1', common, new Date('2026-11-25T00:00:00Z'));
/** The rule's own parameters, typed by its schema (parseRuleParameters returns them untyped). */
const ownParams = (raw: Record<string, unknown>) => parseParameters(rule.parameters, raw);
const params = ownParams({});
const CODECOMMIT: CodeBuildSource = {
  type: 'CODECOMMIT',
  location: 'https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/app',
  primary: true,
};

describe('codebuild-project-source-private', () => {
  scenarios(
    (project) => rule.evaluate(project, context, params),
    [
      [
        'Given a CODECOMMIT primary source and no secondary sources, then COMPLIANT',
        codeBuildProject({ sources: [CODECOMMIT] }),
        { compliance: 'COMPLIANT' },
      ],
      [
        'Given a GITHUB primary source, then NON_COMPLIANT naming the primary source, its type and host',
        codeBuildProject({
          name: 'app-build',
          sources: [{ type: 'GITHUB', location: 'https://github.com/example/app.git', primary: true }],
        }),
        {
          compliance: 'NON_COMPLIANT',
          annotation: 'project app-build fetches sources from outside AWS: primary GITHUB from github.com',
        },
      ],
      [
        'Given a GITLAB secondary source next to a CODECOMMIT primary, then NON_COMPLIANT naming the secondary source by its sourceIdentifier',
        codeBuildProject({
          name: 'app-build',
          sources: [
            CODECOMMIT,
            {
              type: 'GITLAB',
              location: 'https://gitlab.com/example/lib.git',
              sourceIdentifier: 'lib',
              primary: false,
            },
          ],
        }),
        {
          compliance: 'NON_COMPLIANT',
          annotation:
            'project app-build fetches sources from outside AWS: secondary lib GITLAB from gitlab.com',
        },
      ],
      [
        'Given an unrecognised source type, then NON_COMPLIANT naming the type as unrecognised',
        codeBuildProject({
          name: 'app-build',
          sources: [
            { type: 'AZURE_REPOS', location: 'https://dev.azure.com/example/_git/app', primary: true },
          ],
        }),
        {
          compliance: 'NON_COMPLIANT',
          annotation:
            'project app-build fetches sources from outside AWS: primary AZURE_REPOS (unrecognised type) from dev.azure.com',
        },
      ],
      [
        'Given a source with an empty type, then NON_COMPLIANT saying the type is missing',
        codeBuildProject({
          name: 'app-build',
          sources: [{ type: '', location: 'https://github.com/example/app.git', primary: true }],
        }),
        {
          compliance: 'NON_COMPLIANT',
          annotation:
            'project app-build fetches sources from outside AWS: primary without a type from github.com',
        },
      ],
      [
        'Given a secondary source without sourceIdentifier, then NON_COMPLIANT naming it by position',
        codeBuildProject({
          name: 'app-build',
          sources: [
            CODECOMMIT,
            { type: 'S3', location: 'my-bucket/assets.zip', sourceIdentifier: 'assets', primary: false },
            {
              type: 'GITHUB',
              location: 'https://github.com/example/lib.git',
              sourceIdentifier: ' ',
              primary: false,
            },
          ],
        }),
        {
          compliance: 'NON_COMPLIANT',
          annotation:
            'project app-build fetches sources from outside AWS: secondary #2 GITHUB from github.com',
        },
      ],
      [
        'Given a project without any source, then NON_COMPLIANT saying the source cannot be verified',
        codeBuildProject({ name: 'app-build', sources: [] }),
        {
          compliance: 'NON_COMPLIANT',
          annotation:
            'project app-build has no recorded source: where its builds fetch code from cannot be verified',
        },
      ],
    ],
  );

  it.each([
    { type: 'S3', location: 'my-bucket/source.zip' },
    { type: 'CODEPIPELINE' },
    { type: 'NO_SOURCE' },
    { type: 'codecommit', location: 'https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/app' },
  ])(
    'Given a private source type (S3, CODEPIPELINE, NO_SOURCE, lower-case codecommit), then COMPLIANT: $type',
    (source) => {
      // Prepare
      const project = codeBuildProject({ sources: [{ ...source, primary: true }] });

      // Act
      const verdict = rule.evaluate(project, context, params);

      // Assess
      expect(verdict).toEqual({ compliance: 'COMPLIANT' });
    },
  );

  it('Given a GITHUB_ENTERPRISE source whose host is in allowedSourceHosts (any case, with a port), then COMPLIANT naming the allowed host', () => {
    // Prepare
    const allowing = ownParams({
      allowedSourceHosts: 'Git.Example.Internal, ghe.other.internal',
    });
    const project = codeBuildProject({
      sources: [
        CODECOMMIT,
        {
          type: 'GITHUB_ENTERPRISE',
          location: 'https://GIT.example.internal:8443/platform/app.git',
          sourceIdentifier: 'platform',
          primary: false,
        },
      ],
    });

    // Act
    const verdict = rule.evaluate(project, context, allowing);

    // Assess
    expect(verdict).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'external sources only from allowed hosts: git.example.internal',
    });
  });

  it('Given an allowed host that is only a parent domain of the source host, then NON_COMPLIANT', () => {
    // Prepare
    const allowing = ownParams({ allowedSourceHosts: 'example.internal' });
    const project = codeBuildProject({
      name: 'app-build',
      sources: [
        { type: 'GITLAB_SELF_MANAGED', location: 'https://gitlab.example.internal/app.git', primary: true },
      ],
    });

    // Act
    const verdict = rule.evaluate(project, context, allowing);

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        'project app-build fetches sources from outside AWS: primary GITLAB_SELF_MANAGED from gitlab.example.internal',
    });
  });

  it('Given an external source whose location is not a URL, then NON_COMPLIANT with an unknown host', () => {
    // Prepare
    const allowing = ownParams({ allowedSourceHosts: 'bitbucket.org' });
    const project = codeBuildProject({
      name: 'app-build',
      sources: [{ type: 'BITBUCKET', location: 'git@bitbucket.org:example/app.git', primary: true }],
    });

    // Act
    const verdict = rule.evaluate(project, context, allowing);

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        'project app-build fetches sources from outside AWS: primary BITBUCKET from an unknown host (location is not a URL)',
    });
  });

  it.each([{ location: '' }, { location: '   ' }, {}])(
    'Given an external source with an empty or missing location, then NON_COMPLIANT saying it has no location: %j',
    (where) => {
      // Prepare
      const project = codeBuildProject({
        name: 'app-build',
        sources: [{ type: 'GITHUB', ...where, primary: true }],
      });

      // Act
      const verdict = rule.evaluate(project, context, params);

      // Assess
      expect(verdict).toEqual({
        compliance: 'NON_COMPLIANT',
        annotation: 'project app-build fetches sources from outside AWS: primary GITHUB with no location',
      });
    },
  );

  it('Given an unrecognised source type whose host is allowed, then COMPLIANT', () => {
    // Prepare
    const allowing = ownParams({ allowedSourceHosts: 'git.example.internal' });
    const project = codeBuildProject({
      sources: [{ type: 'FUTURE_GIT', location: 'https://git.example.internal/app.git', primary: true }],
    });

    // Act
    const verdict = rule.evaluate(project, context, allowing);

    // Assess
    expect(verdict).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'external sources only from allowed hosts: git.example.internal',
    });
  });

  it('Given several external sources, then NON_COMPLIANT listing each within 256 characters', () => {
    // Prepare
    const secondaries: CodeBuildSource[] = Array.from({ length: 12 }, (_, index) => ({
      type: 'GITHUB',
      location: `https://github.com/example/lib${index + 1}.git`,
      sourceIdentifier: `lib${index + 1}`,
      primary: false,
    }));
    const project = codeBuildProject({
      name: 'app-build',
      sources: [
        { type: 'BITBUCKET', location: 'https://bitbucket.org/example/app.git', primary: true },
        ...secondaries,
      ],
    });

    // Act
    const verdict = rule.evaluate(project, context, params);

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        'project app-build fetches sources from outside AWS: primary BITBUCKET from bitbucket.org; ' +
        'secondary lib1 GITHUB from github.com; secondary lib2 GITHUB from github.com; ' +
        'secondary lib3 GITHUB from github.com; secondary lib4 GITHUB from github.com; and 8 more',
    });
    expect(verdict.annotation?.length).toBeLessThanOrEqual(256);
  });

  it('Given a location that embeds credentials, then the annotation names the host and no credential', () => {
    // Prepare
    const project = codeBuildProject({
      name: 'app-build',
      sources: [
        {
          type: 'GITHUB',
          location: 'https://deploy:ghp_s3cr3tT0k3nValue@github.com/example/app.git',
          primary: true,
        },
      ],
    });

    // Act
    const verdict = rule.evaluate(project, context, params);

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'project app-build fetches sources from outside AWS: primary GITHUB from github.com',
    });
    expect(verdict.annotation).not.toContain('ghp_');
    expect(verdict.annotation).not.toContain('deploy');
  });

  it('Given allowedSourceHosts holding a URL instead of a host name, then parameter parsing fails naming allowedSourceHosts', () => {
    // Act
    const parse = () => parseRuleParameters(rule, { allowedSourceHosts: 'https://git.example.internal' });

    // Assess
    expect(parse).toThrow(InvalidParameterError);
    expect(parse).toThrow(
      /invalid rule parameter "allowedSourceHosts": "https:\/\/git.example.internal" is not/,
    );
  });

  it.each([
    ['https://git-codecommit.us-east-1.amazonaws.com/v1/repos/shared', 'us-east-1'],
    ['https://git-codecommit-fips.us-gov-west-1.amazonaws.com/v1/repos/shared', 'us-gov-west-1'],
  ])(
    "Given a CODECOMMIT secondary source in another Region (plain or FIPS host), then NON_COMPLIANT naming the source, its Region and the project's Region: %s",
    (location, region) => {
      // Prepare
      const project = codeBuildProject({
        name: 'app-build',
        sources: [CODECOMMIT, { type: 'CODECOMMIT', location, sourceIdentifier: 'shared', primary: false }],
      });

      // Act
      const verdict = rule.evaluate(project, context, params);

      // Assess
      expect(verdict).toEqual({
        compliance: 'NON_COMPLIANT',
        annotation: `project app-build fetches sources from outside its Region eu-west-1: secondary shared CODECOMMIT from ${region}`,
      });
    },
  );

  it('Given a CODECOMMIT source in another Region listed in allowedRegions, then COMPLIANT naming the allowed Region', () => {
    // Prepare
    const project = codeBuildProject({
      sources: [{ ...CODECOMMIT, location: 'https://git-codecommit.us-east-1.amazonaws.com/v1/repos/app' }],
    });

    // Act
    const verdict = rule.evaluate(project, context, ownParams({ allowedRegions: 'us-east-1' }));

    // Assess
    expect(verdict).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'CodeCommit sources in allowed Regions: us-east-1',
    });
  });

  it.each([
    ['a host that is not CodeCommit', 'https://git.example.internal/v1/repos/app'],
    ['an scp-style location', 'git@git-codecommit.eu-west-1.amazonaws.com:v1/repos/app'],
    ['no location', undefined],
  ])(
    'Given a CODECOMMIT source whose location is not a CodeCommit clone URL (%s), then NON_COMPLIANT saying its Region is unknown',
    (_label, location) => {
      // Prepare
      const project = codeBuildProject({
        name: 'app-build',
        sources: [{ type: 'CODECOMMIT', primary: true, ...(location === undefined ? {} : { location }) }],
      });

      // Act
      const verdict = rule.evaluate(
        project,
        context,
        ownParams({ allowedSourceHosts: 'git.example.internal' }),
      );

      // Assess
      expect(verdict).toEqual({
        compliance: 'NON_COMPLIANT',
        annotation:
          'project app-build fetches sources from outside its Region eu-west-1: primary CODECOMMIT from an ' +
          'unknown Region (location is not a CodeCommit clone URL)',
      });
    },
  );

  it('Given a CODECOMMIT source in another Region next to a GITHUB source, then one annotation names both', () => {
    // Prepare
    const project = codeBuildProject({
      name: 'app-build',
      sources: [
        { type: 'GITHUB', location: 'https://github.com/example/app.git', primary: true },
        {
          type: 'CODECOMMIT',
          location: 'https://git-codecommit.us-east-1.amazonaws.com/v1/repos/shared',
          sourceIdentifier: 'shared',
          primary: false,
        },
      ],
    });

    // Act
    const verdict = rule.evaluate(project, context, params);

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        'project app-build fetches sources from outside AWS or its Region eu-west-1: primary GITHUB from ' +
        'github.com; secondary shared CODECOMMIT from us-east-1',
    });
  });

  it.each(['my-bucket/source.zip', 'arn:aws:s3:::my-bucket/source.zip'])(
    'Given an S3 source, then its Region is not checked (COMPLIANT): %s',
    (location) => {
      // Prepare
      const project = codeBuildProject({ sources: [{ type: 'S3', location, primary: true }] });

      // Act
      const verdict = rule.evaluate(project, context, params);

      // Assess
      expect(verdict).toEqual({ compliance: 'COMPLIANT' });
    },
  );

  it.each(['https://us-east-1', 'US-EAST-1', 'us-east', '*'])(
    'Given allowedRegions holding something that is not a Region name (%s), then parameter parsing fails naming allowedRegions',
    (value) => {
      // Act
      const parse = () => ownParams({ allowedRegions: value });

      // Assess
      expect(parse).toThrow(InvalidParameterError);
      expect(parse).toThrow(
        `invalid rule parameter "allowedRegions": "${value}" is not comma-separated AWS Region names (e.g. eu-central-1)`,
      );
    },
  );

  describe('what a build fetches besides its source', () => {
    const inline = (...commands: string[]): CodeBuildSource['buildspec'] => ({
      kind: 'inline',
      variables: [],
      commands: commands.map((command) => ({ phase: 'build', command })),
    });

    it('Given a CODECOMMIT source that fetches submodules, then NON_COMPLIANT naming the source', () => {
      // Prepare
      const project = codeBuildProject({
        name: 'app-build',
        sources: [{ ...CODECOMMIT, fetchSubmodules: true }],
      });

      // Act
      const verdict = rule.evaluate(project, context, params);

      // Assess
      expect(verdict).toEqual({
        compliance: 'NON_COMPLIANT',
        annotation: 'project app-build fetches sources from outside AWS: primary fetches git submodules',
      });
    });

    it('Given a secondary source that fetches submodules and allowSubmodules true, then COMPLIANT', () => {
      // Prepare
      const allowing = ownParams({ allowSubmodules: 'true' });
      const project = codeBuildProject({
        sources: [
          CODECOMMIT,
          { ...CODECOMMIT, primary: false, sourceIdentifier: 'lib', fetchSubmodules: true },
        ],
      });

      // Act
      const allowed = rule.evaluate(project, context, allowing);
      const refused = rule.evaluate(project, context, params);

      // Assess
      expect(allowed).toEqual({ compliance: 'COMPLIANT' });
      expect(refused).toEqual({
        compliance: 'NON_COMPLIANT',
        annotation:
          'project app-build fetches sources from outside AWS: secondary lib fetches git submodules',
      });
    });

    it('Given sources with fetchSubmodules false or unset, then COMPLIANT', () => {
      // Prepare
      const project = codeBuildProject({
        sources: [
          { ...CODECOMMIT, fetchSubmodules: false },
          { type: 'S3', location: 'bucket/tools.zip', sourceIdentifier: 'tools', primary: false },
        ],
      });

      // Act
      const verdict = rule.evaluate(project, context, params);

      // Assess
      expect(verdict).toEqual({ compliance: 'COMPLIANT' });
    });

    it('Given an inline buildspec whose commands fetch from internet hosts (curl, git clone, scp-style git, pip --index-url), then NON_COMPLIANT naming the source and each host once, never the command', () => {
      // Prepare
      const project = codeBuildProject({
        name: 'app-build',
        sources: [
          {
            ...CODECOMMIT,
            buildspec: inline(
              'curl -fsSL https://deploy:s3cr3t@Get.Example.COM/install.sh | sh',
              'git clone https://github.com/acme/tools.git && git clone git@github.com:acme/more.git',
              'pip install --index-url http://pypi.example.org:8080/simple/ app',
              "wget 'https://get.example.com/other.tgz'",
            ),
          },
        ],
      });

      // Act
      const verdict = rule.evaluate(project, context, params);

      // Assess
      expect(verdict).toEqual({
        compliance: 'NON_COMPLIANT',
        annotation:
          'project app-build fetches sources from outside AWS: primary buildspec fetches from get.example.com; ' +
          'primary buildspec fetches from github.com; primary buildspec fetches from pypi.example.org',
      });
      expect(verdict.annotation).not.toContain('s3cr3t');
      expect(verdict.annotation).not.toContain('curl');
    });

    it('Given an inline buildspec fetching only from AWS, loopback, private-address and allowed hosts, then COMPLIANT', () => {
      // Prepare
      const allowing = ownParams({ allowedSourceHosts: 'nexus.example.internal' });
      const project = codeBuildProject({
        sources: [
          {
            ...CODECOMMIT,
            buildspec: inline(
              'aws s3 cp s3://artifacts-bucket/tool.tgz . && aws s3 cp https://s3.eu-west-1.amazonaws.com/b/k .',
              'pip install --index-url https://acme-123456789012.d.codeartifact.eu-west-1.amazonaws.com/pypi/py/simple/ app',
              'git clone codecommit::eu-west-1://app && git clone codecommit://app',
              'curl http://169.254.170.2$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI http://localhost:8080/ http://10.0.1.5/x',
              'curl https://Nexus.Example.Internal/repo/tool.tgz https://api.aws/ https://x.amazonaws.com.cn/',
              'echo no url here',
            ),
          },
        ],
      });

      // Act
      const verdict = rule.evaluate(project, context, allowing);

      // Assess
      expect(verdict).toEqual({ compliance: 'COMPLIANT' });
    });

    it('Given an inline buildspec fetching from a host set by a variable, then NON_COMPLIANT saying so', () => {
      // Prepare
      const project = codeBuildProject({
        name: 'app-build',
        sources: [{ ...CODECOMMIT, buildspec: inline(`curl -O https://\${MIRROR_HOST}/tool.tgz`) }],
      });

      // Act
      const verdict = rule.evaluate(project, context, params);

      // Assess
      expect(verdict).toEqual({
        compliance: 'NON_COMPLIANT',
        annotation:
          'project app-build fetches sources from outside AWS: primary buildspec fetches from a host set at build time or unreadable',
      });
    });

    it('Given an unparsable inline buildspec on a secondary source, then NON_COMPLIANT naming the source and the YAML error, never the text', () => {
      // Prepare
      const project = codeBuildProject({
        name: 'app-build',
        sources: [
          CODECOMMIT,
          {
            ...CODECOMMIT,
            primary: false,
            sourceIdentifier: 'lib',
            buildspec: { kind: 'unparsable', reason: 'YAML error BAD_INDENT at line 3, column 2' },
          },
        ],
      });

      // Act
      const verdict = rule.evaluate(project, context, params);

      // Assess
      expect(verdict).toEqual({
        compliance: 'NON_COMPLIANT',
        annotation:
          'project app-build: what its builds fetch cannot be verified: secondary lib buildspec unparsable (YAML error BAD_INDENT at line 3, column 2)',
      });
    });

    it.each([
      { kind: 'file', path: 'buildspec-prod.yml' },
      { kind: 's3', arn: 'arn:aws:s3:::bucket/buildspec.yml' },
    ] as const)(
      'Given a buildspec file path or S3 ARN, then COMPLIANT (its content is not visible): $kind',
      (buildspec) => {
        // Prepare
        const project = codeBuildProject({ sources: [{ ...CODECOMMIT, buildspec }] });

        // Act
        const verdict = rule.evaluate(project, context, params);

        // Assess
        expect(verdict).toEqual({ compliance: 'COMPLIANT' });
      },
    );
  });
});
