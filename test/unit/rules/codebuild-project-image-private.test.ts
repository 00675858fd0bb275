import { describe, expect, it } from 'vitest';
import { contextFor, parseRuleParameters } from '../../../lib/engine/run';
import rule from '../../../rules/codebuild-project-image-private';
import { codeBuildProject } from '../../fixtures/models';
import { scenarios } from './scenarios';

const params = parseRuleParameters(rule, { trustedAccounts: '111111111111' });
const context = contextFor('123456789012', 'eu-west-1', params.common, new Date('2026-11-25T00:00:00Z'));

const withImage = (image: string | undefined) =>
  codeBuildProject({
    name: 'app-build',
    environment: { ...codeBuildProject().environment, image },
  });

describe('codebuild-project-image-private', () => {
  scenarios(
    (project) => rule.evaluate(project, context, params.own),
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
    '111111111111.dkr.ecr.eu-west-1.amazonaws.com/builder:1',
    '111111111111.dkr.ecr-fips.us-gov-west-1.amazonaws.com/builder:1',
    '111111111111.dkr.ecr.cn-north-1.amazonaws.com.cn/builder:1',
    '111111111111.DKR.ECR.eu-west-1.AMAZONAWS.COM/builder@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
    '  111111111111.dkr.ecr.eu-west-1.amazonaws.com/team/builder:1  ',
  ])(
    "Given an image in a trusted account's ECR (FIPS, China partition, by digest), then COMPLIANT: %s",
    (image) => {
      // Prepare
      const project = withImage(image);

      // Act
      const verdict = rule.evaluate(project, context, params.own);

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
      const verdict = rule.evaluate(project, context, params.own);

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
      const verdict = rule.evaluate(project, context, params.own);

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
      const verdict = rule.evaluate(project, context, params.own);

      // Assess
      expect(verdict).toEqual({
        compliance: 'NON_COMPLIANT',
        annotation: 'project app-build has no build image: its registry cannot be verified',
      });
    },
  );
});
