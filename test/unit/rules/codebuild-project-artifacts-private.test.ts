import { describe, expect, it } from 'vitest';
import { InvalidParameterError, parseParameters } from '../../../lib/engine/params';
import { contextFor, parseRuleParameters } from '../../../lib/engine/run';
import rule from '../../../rules/codebuild-project-artifacts-private';
import { codeBuildProject } from '../../fixtures/models';
import { scenarios } from './scenarios';

const common = parseRuleParameters(rule, {}).common;
const context = contextFor('123456789012', 'eu-west-1', common, new Date('2026-11-25T00:00:00Z'));
const params = parseParameters(rule.parameters, {});
const allowing = parseParameters(rule.parameters, { allowedBuckets: 'acme-artifacts, acme-cache' });
const EFS_HERE = 'fs-0123abcd.efs.eu-west-1.amazonaws.com:/builds';

describe('codebuild-project-artifacts-private', () => {
  scenarios(
    (project) => rule.evaluate(project, context, params),
    [
      [
        'Given NO_ARTIFACTS, NO_CACHE and no file systems, then COMPLIANT',
        codeBuildProject({
          artifacts: [{ type: 'NO_ARTIFACTS', primary: true }],
          cache: { type: 'NO_CACHE' },
          fileSystemLocations: [],
        }),
        { compliance: 'COMPLIANT' },
      ],
      [
        'Given CODEPIPELINE artifacts and a LOCAL cache, then COMPLIANT',
        codeBuildProject({ artifacts: [{ type: 'codepipeline', primary: true }], cache: { type: 'LOCAL' } }),
        { compliance: 'COMPLIANT' },
      ],
      [
        'Given S3 artifacts and an S3 cache in buckets not in allowedBuckets, then NON_COMPLIANT naming each bucket',
        codeBuildProject({
          name: 'app-build',
          artifacts: [
            { type: 'S3', location: 'partner-drop', primary: true },
            { type: 'S3', location: 'acme-artifacts', identifier: 'reports', primary: false },
          ],
          cache: { type: 'S3', location: 'shared-cache/app' },
        }),
        {
          compliance: 'NON_COMPLIANT',
          annotation:
            'project app-build uses storage that may be outside the account: artifacts to bucket partner-drop; ' +
            'secondary artifacts reports to bucket acme-artifacts; cache in bucket shared-cache (buckets not in allowedBuckets)',
        },
      ],
      [
        'Given S3 artifacts without a bucket, or an unrecognised artifacts or cache type, then NON_COMPLIANT naming it',
        codeBuildProject({
          name: 'app-build',
          artifacts: [
            { type: 'S3', primary: true },
            { type: 'FTP', location: 'ftp.example.com', primary: false },
          ],
          cache: { type: 'REMOTE' },
        }),
        {
          compliance: 'NON_COMPLIANT',
          annotation:
            'project app-build uses storage that may be outside the account: artifacts to S3 with no bucket; ' +
            'secondary artifacts #1 of unrecognised type FTP; cache of unrecognised type REMOTE',
        },
      ],
      [
        "Given an EFS file system of the project's Region, then COMPLIANT",
        codeBuildProject({
          fileSystemLocations: [{ type: 'EFS', location: EFS_HERE, identifier: 'shared' }],
        }),
        { compliance: 'COMPLIANT' },
      ],
      [
        'Given an EFS file system of another Region, then NON_COMPLIANT naming both Regions',
        codeBuildProject({
          name: 'app-build',
          fileSystemLocations: [
            {
              type: 'EFS',
              location: 'fs-0123abcd.efs.us-east-1.amazonaws.com:/builds',
              identifier: 'shared',
            },
          ],
        }),
        {
          compliance: 'NON_COMPLIANT',
          annotation:
            'project app-build uses storage that may be outside the account: file system shared in us-east-1, not eu-west-1',
        },
      ],
      [
        'Given a file system at an IP address or another host, or of another type, then NON_COMPLIANT',
        codeBuildProject({
          name: 'app-build',
          fileSystemLocations: [
            { type: 'EFS', location: '10.1.2.3:/builds', identifier: 'peered' },
            { location: 'nfs.partner.example:/x' },
            { type: 'FSX', location: EFS_HERE, identifier: 'fsx' },
          ],
        }),
        {
          compliance: 'NON_COMPLIANT',
          annotation:
            'project app-build uses storage that may be outside the account: file system peered at 10.1.2.3 (not an EFS DNS name); ' +
            'file system #2 at nfs.partner.example (not an EFS DNS name); file system fsx of unrecognised type FSX',
        },
      ],
      [
        'Given artifacts or cache not recorded, then NON_COMPLIANT saying they cannot be verified',
        codeBuildProject({ name: 'app-build', artifacts: undefined, cache: undefined }),
        {
          compliance: 'NON_COMPLIANT',
          annotation:
            'project app-build uses storage that may be outside the account: artifacts not recorded (cannot be verified); cache not recorded (cannot be verified)',
        },
      ],
    ],
  );

  it('Given S3 artifacts, secondary artifacts and cache in allowed buckets (cache as bucket/prefix or an ARN), then COMPLIANT naming the allowed buckets', () => {
    // Prepare
    const project = codeBuildProject({
      artifacts: [
        { type: 'S3', location: 'acme-artifacts', primary: true },
        {
          type: 'S3',
          location: 'arn:aws:s3:::acme-artifacts/reports',
          identifier: 'reports',
          primary: false,
        },
      ],
      cache: { type: 'S3', location: 'acme-cache/app-build' },
    });
    const asArn = codeBuildProject({ cache: { type: 'S3', location: 'arn:aws:s3:::acme-cache/app-build' } });

    // Act
    const verdict = rule.evaluate(project, context, allowing);
    const arnVerdict = rule.evaluate(asArn, context, allowing);

    // Assess
    expect(verdict).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'S3 only in allowed buckets: acme-artifacts, acme-cache',
    });
    expect(arnVerdict).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'S3 only in allowed buckets: acme-cache',
    });
  });

  it('Given allowedBuckets holding something that is not a bucket name, then parameter parsing fails', () => {
    // Act
    const parse = () => parseRuleParameters(rule, { allowedBuckets: 's3://acme-artifacts' });

    // Assess
    expect(parse).toThrow(InvalidParameterError);
    expect(parse).toThrow(/invalid rule parameter "allowedBuckets": "s3:\/\/acme-artifacts" is not/);
  });
});
