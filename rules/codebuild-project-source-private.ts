/**
 * codebuild-project-source-private
 *
 * A build that clones from GitHub, Bitbucket or GitLab fetches code from a host on the internet,
 * so it needs a route there and the pipeline is not private. CodeCommit, S3 and CodePipeline
 * artifacts stay inside AWS. A self-hosted Git server on the private network (GitHub Enterprise
 * Server, GitLab self-managed) can be allowed by host name with `allowedSourceHosts`.
 *
 * Decisions (docs/rule-semantics.md is silent):
 *  - Source types are compared case-insensitively. A type that is neither known private
 *    (CODECOMMIT, S3, CODEPIPELINE, NO_SOURCE) nor known external (GITHUB, GITHUB_ENTERPRISE,
 *    BITBUCKET, GITLAB, GITLAB_SELF_MANAGED) is treated as external: a new source type is assumed
 *    to fetch from outside AWS until this rule learns it (fail closed), unless its host is allowed.
 *  - Host matching is exact and case-insensitive on the host name of the location URL; the port and
 *    any credentials in the URL are ignored. There is no suffix or wildcard match: allowing
 *    example.internal does not allow git.example.internal.
 *  - A location that is missing, or is not an absolute URL (e.g. scp-style `git@host:org/repo`),
 *    has no known host, and an unknown host is never allowed.
 *  - `allowedSourceHosts` items must be bare host names; a URL or `host:port` is an invalid
 *    parameter (it could never match, so accepting it would silently report allowed hosts).
 *  - A project with no recorded source at all is NON_COMPLIANT: where it fetches code from cannot
 *    be verified.
 *  - The annotation names the host, never the full location (a location may embed credentials).
 *    Secondary sources are named by sourceIdentifier (or `#<n>` when it is missing).
 *  - Regions (docs/rule-semantics.md "Endpoints, hosts, Regions and FIPS"): a VPC's endpoints
 *    serve their own Region only, so a CODECOMMIT source cloned from `git-codecommit[-fips].<other region>.amazonaws.com` leaves
 *    the VPC's endpoints (unless the VPC has cross-Region ones, which
 *    codebuild-project-vpc-endpoints checks). It is NON_COMPLIANT naming its Region and the
 *    project's, unless its Region is in `allowedRegions` (default empty: the project's own Region
 *    only). A CODECOMMIT source whose location is not a CodeCommit clone URL has no known Region and
 *    is NON_COMPLIANT (fail closed).
 *  - An S3 source's location (`bucket/key`, or a bucket ARN, which never carries a Region) does
 *    not say the bucket's Region, and the rule does not guess it: S3 sources are not checked for
 *    Region here. CODEPIPELINE sources come from the pipeline's artifact store, which the project
 *    does not name either.
 *
 * Scenarios:
 *  - Given a CODECOMMIT primary source and no secondary sources, then COMPLIANT.
 *  - Given a private source type (S3, CODEPIPELINE, NO_SOURCE, lower-case codecommit), then COMPLIANT.
 *  - Given a GITHUB primary source, then NON_COMPLIANT naming the primary source, its type and host.
 *  - Given a GITLAB secondary source next to a CODECOMMIT primary, then NON_COMPLIANT naming the
 *    secondary source by its sourceIdentifier.
 *  - Given a GITHUB_ENTERPRISE source whose host is in allowedSourceHosts (any case, with a port),
 *    then COMPLIANT naming the allowed host.
 *  - Given an allowed host that is only a parent domain of the source host, then NON_COMPLIANT.
 *  - Given an external source whose location is not a URL, then NON_COMPLIANT with an unknown host.
 *  - Given an external source with an empty or missing location, then NON_COMPLIANT saying it has
 *    no location.
 *  - Given an unrecognised source type, then NON_COMPLIANT naming the type as unrecognised.
 *  - Given an unrecognised source type whose host is allowed, then COMPLIANT.
 *  - Given a source with an empty type, then NON_COMPLIANT saying the type is missing.
 *  - Given a secondary source without sourceIdentifier, then NON_COMPLIANT naming it by position.
 *  - Given several external sources, then NON_COMPLIANT listing each within 256 characters.
 *  - Given a location that embeds credentials, then the annotation names the host and no credential.
 *  - Given a project without any source, then NON_COMPLIANT saying the source cannot be verified.
 *  - Given allowedSourceHosts holding a URL instead of a host name, then parameter parsing fails
 *    naming allowedSourceHosts.
 *  - Given a CODECOMMIT secondary source in another Region (plain or FIPS host), then NON_COMPLIANT
 *    naming the source, its Region and the project's Region.
 *  - Given a CODECOMMIT source in another Region listed in allowedRegions, then COMPLIANT naming the
 *    allowed Region.
 *  - Given a CODECOMMIT source whose location is not a CodeCommit clone URL (or is missing), then
 *    NON_COMPLIANT saying its Region is unknown.
 *  - Given a CODECOMMIT source in another Region next to a GITHUB source, then one annotation names both.
 *  - Given an S3 source, then its Region is not checked (COMPLIANT).
 *  - Given allowedRegions holding something that is not a Region name, then parameter parsing fails
 *    naming allowedRegions.
 */
import { cutName, cutToLimit, fitList, keepCause } from '../lib/engine/annotation';
import { compliant, defineRule, nonCompliant } from '../lib/engine/rule';
import { codeCommitCloneHost, REGION_NAME } from '../lib/network/services';
import type { CodeBuildSource } from '../lib/resources/model';

const PRIVATE_TYPES = new Set(['CODECOMMIT', 'S3', 'CODEPIPELINE', 'NO_SOURCE']);
const EXTERNAL_TYPES = new Set(['GITHUB', 'GITHUB_ENTERPRISE', 'BITBUCKET', 'GITLAB', 'GITLAB_SELF_MANAGED']);
const HOST_NAME =
  /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;

/** The lower-case host name of an absolute URL, or undefined when there is none. */
function hostOf(location: string): string | undefined {
  let url: URL;
  try {
    url = new URL(location.trim());
  } catch {
    return undefined;
  }
  return url.hostname === '' ? undefined : url.hostname.toLowerCase();
}

export default defineRule({
  id: 'codebuild-project-source-private',
  title: 'CodeBuild project sources are fetched from inside AWS',
  severity: 'high',
  resourceTypes: ['AWS::CodeBuild::Project'],
  rationale:
    'A source on GitHub, Bitbucket or GitLab is cloned over the internet: the build needs a route ' +
    'out of the VPC and the code comes from outside the private pipeline.',
  remediation:
    'Move the repository to CodeCommit (or deliver it through S3 / CodePipeline) and change the source: ' +
    'console Edit > Source, or aws codebuild update-project --name <project> --source type=CODECOMMIT,location=<url>. ' +
    'For a Git server on the private network, add its host to the allowedSourceHosts parameter. For a ' +
    "CodeCommit repository in another Region, clone one in the project's Region, or list that Region in " +
    'allowedRegions and give the VPC cross-Region endpoints for it.',
  parameters: {
    allowedSourceHosts: {
      type: 'list',
      default: [],
      itemPattern: HOST_NAME,
      expected: 'comma-separated host names without scheme, port or path (e.g. git.example.internal)',
      description:
        'Host names of Git servers reachable privately (e.g. GitHub Enterprise Server or GitLab ' +
        'self-managed inside the network); external sources on these hosts are allowed. Exact, case-insensitive match.',
    },
    allowedRegions: {
      type: 'list',
      default: [],
      itemPattern: REGION_NAME,
      expected: 'comma-separated AWS Region names (e.g. eu-central-1)',
      description:
        "Regions besides the project's own whose CodeCommit repositories builds may clone (cross-Region traffic " +
        "stays on AWS's network only with cross-Region endpoints). Empty: the project's own Region only.",
    },
  },
  evaluate(project, _context, params) {
    if (project.sources.length === 0) {
      return nonCompliant(
        keepCause(
          'project ',
          project.name,
          ' has no recorded source: where its builds fetch code from cannot be verified',
        ),
      );
    }
    const allowed = new Set(params.allowedSourceHosts.map((host) => host.toLowerCase()));
    const findings: string[] = [];
    const regionFindings: string[] = [];
    const allowedHosts: string[] = [];
    const allowedRegions: string[] = [];
    let secondaryIndex = 0;
    for (const source of project.sources) {
      if (!source.primary) secondaryIndex++;
      const type = source.type.trim().toUpperCase();
      if (type === 'CODECOMMIT') {
        const region = codeCommitCloneHost(source.location)?.region;
        if (region === project.region) continue;
        if (region !== undefined && params.allowedRegions.includes(region)) {
          if (!allowedRegions.includes(region)) allowedRegions.push(region);
          continue;
        }
        regionFindings.push(
          `${nameOf(source, secondaryIndex)} CODECOMMIT from ${region ?? 'an unknown Region (location is not a CodeCommit clone URL)'}`,
        );
        continue;
      }
      if (PRIVATE_TYPES.has(type)) continue;
      const host = source.location === undefined ? undefined : hostOf(source.location);
      if (host !== undefined && allowed.has(host)) {
        if (!allowedHosts.includes(host)) allowedHosts.push(host);
        continue;
      }
      findings.push(findingOf(source, type, host, secondaryIndex));
    }
    if (findings.length > 0 || regionFindings.length > 0) {
      const outside = [
        ...(findings.length > 0 ? ['AWS'] : []),
        ...(regionFindings.length > 0 ? [`its Region ${project.region}`] : []),
      ].join(' or ');
      return nonCompliant(
        fitList(`project ${cutName(project.name)} fetches sources from outside ${outside}: `, [
          ...findings,
          ...regionFindings,
        ]),
      );
    }
    const notes = [
      ...(allowedHosts.length > 0
        ? [`external sources only from allowed hosts: ${allowedHosts.join(', ')}`]
        : []),
      ...(allowedRegions.length > 0
        ? [`CodeCommit sources in allowed Regions: ${allowedRegions.join(', ')}`]
        : []),
    ];
    return notes.length > 0 ? compliant(cutToLimit(notes.join('; '))) : compliant();
  },
});

function nameOf(source: CodeBuildSource, index: number): string {
  return source.primary ? 'primary' : `secondary ${source.sourceIdentifier?.trim() || `#${index}`}`;
}

function findingOf(source: CodeBuildSource, type: string, host: string | undefined, index: number): string {
  const name = nameOf(source, index);
  const kind =
    type === '' ? 'without a type' : EXTERNAL_TYPES.has(type) ? type : `${type} (unrecognised type)`;
  if (host !== undefined) return `${name} ${kind} from ${host}`;
  if (source.location === undefined || source.location.trim() === '')
    return `${name} ${kind} with no location`;
  return `${name} ${kind} from an unknown host (location is not a URL)`;
}
