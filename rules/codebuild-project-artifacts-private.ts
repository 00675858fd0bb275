/**
 * codebuild-project-artifacts-private
 *
 * A build writes artifacts, reads and writes its cache, and mounts file systems. Any of these in
 * another account leaks build output (artifacts), or lets that account feed the build (a cache is
 * restored before the build runs), and a file system in another Region leaves the VPC's endpoints
 * (docs/rule-semantics.md "Artifacts, cache and file systems").
 *
 * Decisions:
 *  - A bucket name does not say which account owns it, and the project records nothing else
 *    (CodeBuild has no expected-bucket-owner setting for artifacts or cache; `bucketOwnerAccess`
 *    only grants the bucket owner access to uploaded objects, whoever that owner is). So an S3
 *    artifacts or cache bucket is verified only by name: it must be in `allowedBuckets` (exact,
 *    case-sensitive, as S3 names are lower case). With the default (none), every S3 artifacts
 *    and cache location is reported until the team lists its buckets.
 *  - Artifacts: S3 checks the bucket (`location`); CODEPIPELINE and NO_ARTIFACTS write nowhere of
 *    the project's choosing; an S3 entry without a bucket, and any other type, are reported.
 *    Cache: S3 checks the bucket (`location` is `bucket/prefix`); LOCAL and NO_CACHE stay on the
 *    build host; any other type is reported. An `arn:<partition>:s3:::bucket/...` location is read
 *    as its bucket. Types compare case-insensitively.
 *  - File systems: the location must be an EFS DNS name of the project's Region
 *    (`fs-<id>.efs.<region>.amazonaws.com[:/path]`). Such a name resolves only in a VPC with mount
 *    targets of that file system; one in another Region is NON_COMPLIANT, and so is any other
 *    host (an IP address or custom DNS name, which is how a file system of another account or
 *    VPC is mounted) or a type other than EFS.
 *  - Artifacts or cache not recorded at all (the keys absent from the item) cannot be verified:
 *    NON_COMPLIANT saying what was not recorded. BatchGetProjects omits `fileSystemLocations` for
 *    a project without any, so an absent list means none.
 *  - The annotation names each item (secondary artifacts by identifier, file systems by
 *    identifier or position), its bucket or host, and what makes it pass.
 *
 * Scenarios:
 *  - Given NO_ARTIFACTS, NO_CACHE and no file systems, then COMPLIANT.
 *  - Given CODEPIPELINE artifacts and a LOCAL cache, then COMPLIANT.
 *  - Given S3 artifacts and an S3 cache in buckets not in allowedBuckets, then NON_COMPLIANT naming
 *    each bucket.
 *  - Given S3 artifacts, secondary artifacts and cache in allowed buckets (cache as bucket/prefix or
 *    an ARN), then COMPLIANT naming the allowed buckets.
 *  - Given S3 artifacts without a bucket, or an unrecognised artifacts or cache type, then
 *    NON_COMPLIANT naming it.
 *  - Given an EFS file system of the project's Region, then COMPLIANT.
 *  - Given an EFS file system of another Region, then NON_COMPLIANT naming both Regions.
 *  - Given a file system at an IP address or another host, or of another type, then NON_COMPLIANT.
 *  - Given artifacts or cache not recorded, then NON_COMPLIANT saying they cannot be verified.
 *  - Given allowedBuckets holding something that is not a bucket name, then parameter parsing fails.
 */
import { cutName, fitList } from '../lib/engine/annotation';
import { compliant, defineRule, nonCompliant } from '../lib/engine/rule';
import type { CodeBuildProject } from '../lib/resources/model';

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
/** The allowed buckets the project uses, and whether it uses any other. */
interface Buckets {
  allowed: ReadonlySet<string>;
  used: Set<string>;
  unlisted: boolean;
}

/** Whether `bucket` is allowed, noting it either way. */
function allows(buckets: Buckets, bucket: string): boolean {
  if (buckets.allowed.has(bucket)) {
    buckets.used.add(bucket);
    return true;
  }
  buckets.unlisted = true;
  return false;
}
/** The DNS name of an EFS file system; group 1 is its Region. */
const EFS_DNS_NAME = /^fs-[0-9a-f]{8,40}\.efs\.([a-z]{2}(?:-[a-z]+)+-\d)\.amazonaws\.com(?:\.cn)?$/i;

/** The bucket of `bucket`, `bucket/prefix` or `arn:<partition>:s3:::bucket/prefix`. */
function bucketOf(location: string): string {
  const resource = location.startsWith('arn:') ? location.split(':').slice(5).join(':') : location;
  return resource.split('/')[0] ?? '';
}

function artifactFindings(project: CodeBuildProject, buckets: Buckets): string[] {
  if (project.artifacts === undefined) return ['artifacts not recorded (cannot be verified)'];
  const findings: string[] = [];
  let secondaryIndex = 0;
  for (const artifacts of project.artifacts) {
    if (!artifacts.primary) secondaryIndex++;
    const name = artifacts.primary
      ? 'artifacts'
      : `secondary artifacts ${artifacts.identifier?.trim() || `#${secondaryIndex}`}`;
    const type = artifacts.type.trim().toUpperCase();
    if (type === 'CODEPIPELINE' || type === 'NO_ARTIFACTS') continue;
    if (type !== 'S3') {
      findings.push(`${name} of unrecognised type ${cutName(type)}`);
      continue;
    }
    const bucket = artifacts.location === undefined ? '' : bucketOf(artifacts.location.trim());
    if (bucket === '') findings.push(`${name} to S3 with no bucket`);
    else if (!allows(buckets, bucket)) findings.push(`${name} to bucket ${cutName(bucket)}`);
  }
  return findings;
}

function cacheFindings(project: CodeBuildProject, buckets: Buckets): string[] {
  if (project.cache === undefined) return ['cache not recorded (cannot be verified)'];
  const type = project.cache.type.trim().toUpperCase();
  if (type === 'NO_CACHE' || type === 'LOCAL') return [];
  if (type !== 'S3') return [`cache of unrecognised type ${cutName(type)}`];
  const bucket = project.cache.location === undefined ? '' : bucketOf(project.cache.location.trim());
  if (bucket === '') return ['cache in S3 with no bucket'];
  return allows(buckets, bucket) ? [] : [`cache in bucket ${cutName(bucket)}`];
}

function fileSystemFindings(project: CodeBuildProject): string[] {
  const findings: string[] = [];
  for (const [index, fileSystem] of (project.fileSystemLocations ?? []).entries()) {
    const name = `file system ${fileSystem.identifier?.trim() || `#${index + 1}`}`;
    const type = fileSystem.type?.trim().toUpperCase() ?? 'EFS';
    if (type !== 'EFS') {
      findings.push(`${name} of unrecognised type ${cutName(type)}`);
      continue;
    }
    const host = fileSystem.location?.trim().split(':')[0] ?? '';
    const region = EFS_DNS_NAME.exec(host)?.[1]?.toLowerCase();
    if (host === '') findings.push(`${name} with no location`);
    else if (region === undefined) findings.push(`${name} at ${cutName(host)} (not an EFS DNS name)`);
    else if (region !== project.region) findings.push(`${name} in ${region}, not ${project.region}`);
  }
  return findings;
}

export default defineRule({
  id: 'codebuild-project-artifacts-private',
  title: 'CodeBuild project artifacts, cache and file systems stay in the account',
  severity: 'high',
  resourceTypes: ['AWS::CodeBuild::Project'],
  rationale:
    'Artifacts written to, or a cache restored from, a bucket of another account leak build output or let ' +
    'that account feed the build; a file system of another Region or account is reached outside the VPC endpoints.',
  remediation:
    'Point artifacts and cache at buckets of the account and list them in allowedBuckets: console Edit > ' +
    'Artifacts, or aws codebuild update-project --name <project> --artifacts type=S3,location=<bucket> ' +
    '--cache type=S3,location=<bucket>/<prefix>. Mount only EFS file systems of the project Region by their DNS name.',
  parameters: {
    allowedBuckets: {
      type: 'list',
      default: [],
      itemPattern: BUCKET_NAME,
      expected: 'comma-separated S3 bucket names (e.g. acme-build-artifacts)',
      description:
        "S3 buckets the team knows to be the account's own: artifacts and cache may go there. A bucket name does " +
        'not say its owner, so every other bucket is reported. Exact match.',
    },
  },
  evaluate(project, _context, params) {
    const buckets: Buckets = { allowed: new Set(params.allowedBuckets), used: new Set(), unlisted: false };
    const findings = [
      ...artifactFindings(project, buckets),
      ...cacheFindings(project, buckets),
      ...fileSystemFindings(project),
    ];
    if (findings.length > 0) {
      return nonCompliant(
        fitList(`project ${cutName(project.name)} uses storage that may be outside the account: `, findings, {
          suffix: buckets.unlisted ? ' (buckets not in allowedBuckets)' : '',
        }),
      );
    }
    return buckets.used.size > 0
      ? compliant(fitList('S3 only in allowed buckets: ', [...buckets.used], { separator: ', ' }))
      : compliant();
  },
});
