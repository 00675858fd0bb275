import { describe, expect, it } from 'vitest';
import { InvalidParameterError, parseParameters } from '../../../lib/engine/params';
import { contextFor, parseRuleParameters } from '../../../lib/engine/run';
import rule from '../../../rules/codebuild-project-image-private';
import { codeBuildProject } from '../../fixtures/models';
import { scenarios } from './scenarios';

const params = parseRuleParameters(rule, { trustedAccounts: '111111111111' });
const context = contextFor('123456789012', 'eu-west-1', params.common, new Date('2026-11-25T00:00:00Z'));
/** The rule's own parameters, typed by its schema (parseRuleParameters returns them untyped). */
const ownParams = (raw: Record<string, unknown> = {}) => parseParameters(rule.parameters, raw);
const defaults = ownParams();

const withImage = (image: string | undefined, region = 'eu-west-1') =>
  codeBuildProject({
    name: 'app-build',
    region,
    environment: { ...codeBuildProject().environment, image },
  });

describe('codebuild-project-image-private', () => {
  scenarios(
    (project) => rule.evaluate(project, context, defaults),
    [
      [
        'Given an AWS-managed CodeBuild image, then COMPLIANT naming the managed image',
        withImage('aws/codebuild/amazonlinux-x86_64-standard:5.0'),
        {
          compliance: 'COMPLIANT',
          annotation: 'AWS-managed CodeBuild image aws/codebuild/amazonlinux-x86_64-standard:5.0',
        },
      ],
      [
        "Given an image in the own account's private ECR, then COMPLIANT naming the account",
        withImage('123456789012.dkr.ecr.eu-west-1.amazonaws.com/builder:1'),
        {
          compliance: 'COMPLIANT',
          annotation: 'private ECR image of this account 123456789012',
        },
      ],
      [
        "Given an image in an untrusted account's ECR, then NON_COMPLIANT naming the image and the account",
        withImage('999999999999.dkr.ecr.eu-west-1.amazonaws.com/builder:1'),
        {
          compliance: 'NON_COMPLIANT',
          annotation:
            'build image 999999999999.dkr.ecr.eu-west-1.amazonaws.com/builder:1 is in the ECR registry of ' +
            'untrusted account 999999999999',
        },
      ],
      [
        'Given a public.ecr.aws image, then NON_COMPLIANT saying it is pulled from ECR Public',
        withImage('public.ecr.aws/docker/library/node:22'),
        {
          compliance: 'NON_COMPLIANT',
          annotation:
            'build image public.ecr.aws/docker/library/node:22 is pulled from ECR Public (public.ecr.aws) over the internet',
        },
      ],
      [
        'Given an ECR dual-stack image host, then NON_COMPLIANT saying PrivateLink does not serve it',
        withImage('123456789012.dkr-ecr.eu-west-1.on.aws/builder:1'),
        {
          compliance: 'NON_COMPLIANT',
          annotation:
            'build image 123456789012.dkr-ecr.eu-west-1.on.aws/builder:1 uses an ECR dual-stack endpoint, ' +
            'which PrivateLink does not serve: it is pulled over the internet',
        },
      ],
      [
        'Given a host that only imitates an ECR host, then NON_COMPLIANT naming its real host',
        withImage('123456789012.dkr.ecr.eu-west-1.amazonaws.com.evil.example/builder:1'),
        {
          compliance: 'NON_COMPLIANT',
          annotation:
            'build image 123456789012.dkr.ecr.eu-west-1.amazonaws.com.evil.example/builder:1 is pulled from ' +
            '123456789012.dkr.ecr.eu-west-1.amazonaws.com.evil.example over the internet',
        },
      ],
    ],
  );

  it.each([
    ['111111111111.dkr.ecr.eu-west-1.amazonaws.com/builder:1', 'eu-west-1'],
    ['111111111111.dkr.ecr-fips.us-gov-west-1.amazonaws.com/builder:1', 'us-gov-west-1'],
    ['111111111111.dkr.ecr.cn-north-1.amazonaws.com.cn/builder:1', 'cn-north-1'],
    [
      '111111111111.DKR.ECR.eu-west-1.AMAZONAWS.COM/builder@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
      'eu-west-1',
    ],
    ['  111111111111.dkr.ecr.eu-west-1.amazonaws.com/team/builder:1  ', 'eu-west-1'],
  ])(
    "Given an image in a trusted account's ECR (FIPS, China partition, by digest) in the project's Region, then COMPLIANT: %s",
    (image, region) => {
      // Prepare
      const project = withImage(image, region);

      // Act
      const verdict = rule.evaluate(project, context, defaults);

      // Assess
      expect(verdict).toEqual({
        compliance: 'COMPLIANT',
        annotation: 'private ECR image of trusted account 111111111111',
      });
    },
  );

  it.each([
    'node:22',
    'library/python:3.13-slim',
    'docker.io/library/node:22',
    'registry-1.docker.io/bitnami/kubectl:1.31',
    'index.docker.io/library/alpine',
    'aws/codebuild-like:1',
  ])(
    'Given a Docker Hub name (node:22, library/x, docker.io/..., registry-1.docker.io/...), then NON_COMPLIANT saying it is pulled from Docker Hub over the internet: %s',
    (image) => {
      // Prepare
      const project = withImage(image);

      // Act
      const verdict = rule.evaluate(project, context, defaults);

      // Assess
      expect(verdict).toEqual({
        compliance: 'NON_COMPLIANT',
        annotation: `build image ${image} is pulled from Docker Hub over the internet`,
      });
    },
  );

  it.each([
    ['ghcr.io/example/builder:1', 'ghcr.io'],
    ['quay.io/example/builder:1', 'quay.io'],
    ['localhost:5000/builder', 'localhost:5000'],
    ['Registry.Example.com/team/builder:1', 'registry.example.com'],
  ])(
    'Given an image on another registry host (ghcr.io, quay.io, localhost:5000), then NON_COMPLIANT naming the host: %s',
    (image, host) => {
      // Prepare
      const project = withImage(image);

      // Act
      const verdict = rule.evaluate(project, context, defaults);

      // Assess
      expect(verdict).toEqual({
        compliance: 'NON_COMPLIANT',
        annotation: `build image ${image} is pulled from ${host} over the internet`,
      });
    },
  );

  it.each([undefined, '', '   '])(
    'Given no image or an empty image, then NON_COMPLIANT "no build image": %j',
    (image) => {
      // Prepare
      const project = withImage(image);

      // Act
      const verdict = rule.evaluate(project, context, defaults);

      // Assess
      expect(verdict).toEqual({
        compliance: 'NON_COMPLIANT',
        annotation: 'project app-build has no build image: its registry cannot be verified',
      });
    },
  );

  it("Given an image in the own account's ECR of another Region, then NON_COMPLIANT naming the image's Region and the project's Region", () => {
    // Prepare
    const project = withImage('123456789012.dkr.ecr.eu-central-1.amazonaws.com/builder:1');

    // Act
    const verdict = rule.evaluate(project, context, defaults);

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        "build image 123456789012.dkr.ecr.eu-central-1.amazonaws.com/builder:1 is in Region eu-central-1, not the project's " +
        "Region eu-west-1: the pull leaves the VPC's endpoints (allowedRegions lists accepted Regions)",
    });
  });

  it('Given an image in another Region listed in allowedRegions, then COMPLIANT naming the allowed Region', () => {
    // Prepare
    const own = withImage('123456789012.dkr.ecr.eu-central-1.amazonaws.com/builder:1');
    const trusted = withImage('111111111111.dkr.ecr.us-east-1.amazonaws.com/builder:1');
    const allowed = ownParams({ allowedRegions: 'eu-central-1, us-east-1' });

    // Act
    const ownVerdict = rule.evaluate(own, context, allowed);
    const trustedVerdict = rule.evaluate(trusted, context, allowed);

    // Assess
    expect(ownVerdict).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'private ECR image of this account 123456789012 in allowed Region eu-central-1',
    });
    expect(trustedVerdict).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'private ECR image of trusted account 111111111111 in allowed Region us-east-1',
    });
  });

  it('Given an image of an untrusted account in another Region, then NON_COMPLIANT naming the untrusted account', () => {
    // Prepare
    const project = withImage('999999999999.dkr.ecr.eu-central-1.amazonaws.com/builder:1');

    // Act
    const verdict = rule.evaluate(project, context, ownParams({ allowedRegions: 'eu-central-1' }));

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        'build image 999999999999.dkr.ecr.eu-central-1.amazonaws.com/builder:1 is in the ECR registry of ' +
        'untrusted account 999999999999',
    });
  });

  it.each(['https://eu-central-1', 'EU-CENTRAL-1', 'eu-central', '*'])(
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
});
