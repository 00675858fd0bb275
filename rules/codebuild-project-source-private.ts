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
 * What a build fetches besides its source (docs/rule-semantics.md "What a build fetches"):
 *  - Git submodules: a source with `gitSubmodulesConfig.fetchSubmodules` true clones whatever its
 *    .gitmodules names, which is not recorded anywhere this rule can read; so it is NON_COMPLIANT
 *    (private source or not) unless `allowSubmodules` says the team vouches for its submodules.
 *    A source that does not say fetches none (CodeBuild's default).
 *  - Inline buildspec (any source's `buildspec` holding YAML/JSON text, not a file path or an S3
 *    ARN): every URL in a phase's `commands` or `finally` (any scheme but s3, file and
 *    codecommit) and every scp-style `git@host:` is a fetch from that host. Hosts inside AWS
 *    (amazonaws.com, amazonaws.com.cn, api.aws and their subdomains), loopback, private and
 *    link-local IPv4 addresses, and hosts in `allowedSourceHosts` are fine; any other host is
 *    NON_COMPLIANT, and so is a URL whose host is set at build time (`https://$HOST/`) or cannot
 *    be read. Fetches without a URL (a bare `pip install`, `npm ci`, `docker pull`) go to the
 *    tool's configured registry, which is not visible here: the network rules stop them.
 *  - A buildspec file in the source or in S3 is not visible: not judged here.
 *  - An inline buildspec that cannot be read is NON_COMPLIANT: its fetches cannot be verified.
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
 *  - Given a CODECOMMIT source that fetches submodules, then NON_COMPLIANT naming the source.
 *  - Given a secondary source that fetches submodules and allowSubmodules true, then COMPLIANT.
 *  - Given sources with fetchSubmodules false or unset, then COMPLIANT.
 *  - Given an inline buildspec whose commands fetch from internet hosts (curl, git clone, scp-style
 *    git, pip --index-url), then NON_COMPLIANT naming the source and each host once, never the command.
 *  - Given an inline buildspec fetching only from AWS, loopback, private-address and allowed hosts,
 *    then COMPLIANT.
 *  - Given an inline buildspec fetching from a host set by a variable, then NON_COMPLIANT saying so.
 *  - Given an unparsable inline buildspec on a secondary source, then NON_COMPLIANT naming the
 *    source and the YAML error, never the text.
 *  - Given a buildspec file path or S3 ARN, then COMPLIANT (its content is not visible).
 */
import { cutName, cutToLimit, fitList, keepCause } from '../lib/engine/annotation';
import { compliant, defineRule, nonCompliant } from '../lib/engine/rule';
import { codeCommitCloneHost, REGION_NAME } from '../lib/network/services';
import type { Buildspec, CodeBuildSource } from '../lib/resources/model';

const PRIVATE_TYPES = new Set(['CODECOMMIT', 'S3', 'CODEPIPELINE', 'NO_SOURCE']);
const EXTERNAL_TYPES = new Set(['GITHUB', 'GITHUB_ENTERPRISE', 'BITBUCKET', 'GITLAB', 'GITLAB_SELF_MANAGED']);
const HOST_NAME =
  /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;

/** Schemes whose "host" is not a network host: an S3 bucket, a local file, a CodeCommit repository. */
const NOT_A_HOST_SCHEMES = new Set(['s3', 'file', 'codecommit']);
/** `scheme://rest` in a command; anchored at the scheme's first character and bounded. */
const COMMAND_URL = /(?<![a-z0-9+.:-])([a-z][a-z0-9+.-]{0,31}):\/\/([^\s'"`<>|;&()]{1,2048})/gi;
/** scp-style Git remote `git@host:path`. */
const SCP_GIT = /(?<![\w.@-])git@([a-z0-9][a-z0-9.-]{0,252}):/gi;
const AWS_DOMAINS = ['amazonaws.com', 'amazonaws.com.cn', 'api.aws'];
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3}$/;

/** Loopback, private (RFC 1918) and link-local addresses (the build container's credential endpoint). */
function isLocalAddress(host: string): boolean {
  if (host === 'localhost' || host === '[::1]') return true;
  const octets = IPV4.exec(host);
  if (!octets) return false;
  const first = Number(octets[1]);
  const second = Number(octets[2]);
  return (
    first === 127 ||
    first === 10 ||
    (first === 172 && second >= 16 && second <= 31) ||
    (first === 192 && second === 168) ||
    (first === 169 && second === 254)
  );
}

function isAwsHost(host: string): boolean {
  return AWS_DOMAINS.some((domain) => host === domain || host.endsWith(`.${domain}`));
}

/** The hosts (lower case) a command fetches from; `?` for a URL whose host is unreadable or set at build time. */
function fetchedHosts(command: string): string[] {
  const hosts: string[] = [];
  for (const match of command.matchAll(COMMAND_URL)) {
    const scheme = (match[1] ?? '').toLowerCase();
    if (NOT_A_HOST_SCHEMES.has(scheme)) continue;
    // `http://169.254.170.2$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`: the host ends where a variable starts.
    const host = hostOf(`${scheme}://${match[2] ?? ''}`)?.split('$')[0];
    hosts.push(host === undefined || host === '' || host.endsWith('.') ? '?' : host);
  }
  for (const match of command.matchAll(SCP_GIT)) hosts.push((match[1] ?? '').toLowerCase());
  return hosts;
}

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
        'self-managed inside the network); external sources on these hosts, and URLs to them in inline ' +
        'buildspec commands, are allowed. Exact, case-insensitive match.',
    },
    allowSubmodules: {
      type: 'boolean',
      default: false,
      description:
        'Allow sources that fetch Git submodules (gitSubmodulesConfig.fetchSubmodules). Their .gitmodules is ' +
        'not visible to the rule and may point anywhere: set it only when the team vouches for every submodule.',
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
    const unreadable: string[] = [];
    const allowedHosts: string[] = [];
    const allowedRegions: string[] = [];
    let secondaryIndex = 0;
    for (const source of project.sources) {
      if (!source.primary) secondaryIndex++;
      const type = source.type.trim().toUpperCase();
      const name = sourceName(source, secondaryIndex);
      if (source.fetchSubmodules === true && !params.allowSubmodules)
        findings.push(`${name} fetches git submodules`);
      const buildspec = source.buildspec;
      if (buildspec?.kind === 'unparsable')
        unreadable.push(`${name} buildspec unparsable (${buildspec.reason})`);
      else if (buildspec !== undefined) findings.push(...buildspecFindings(name, buildspec, allowed));
      if (type === 'CODECOMMIT') {
        const region = codeCommitCloneHost(source.location)?.region;
        if (region === project.region) continue;
        if (region !== undefined && params.allowedRegions.includes(region)) {
          if (!allowedRegions.includes(region)) allowedRegions.push(region);
          continue;
        }
        regionFindings.push(
          `${name} CODECOMMIT from ${region ?? 'an unknown Region (location is not a CodeCommit clone URL)'}`,
        );
        continue;
      }
      if (PRIVATE_TYPES.has(type)) continue;
      const host = source.location === undefined ? undefined : hostOf(source.location);
      if (host !== undefined && allowed.has(host)) {
        if (!allowedHosts.includes(host)) allowedHosts.push(host);
        continue;
      }
      findings.push(findingOf(source, type, host, name));
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
          ...unreadable,
        ]),
      );
    }
    if (unreadable.length > 0) {
      return nonCompliant(
        fitList(`project ${cutName(project.name)}: what its builds fetch cannot be verified: `, unreadable),
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

function sourceName(source: CodeBuildSource, index: number): string {
  return source.primary ? 'primary' : `secondary ${source.sourceIdentifier?.trim() || `#${index}`}`;
}

/** One finding per host an inline buildspec fetches from outside AWS and the allowed hosts. */
function buildspecFindings(name: string, buildspec: Buildspec, allowed: ReadonlySet<string>): string[] {
  if (buildspec.kind !== 'inline') return [];
  const outside = new Set<string>();
  for (const { command } of buildspec.commands) {
    for (const host of fetchedHosts(command)) {
      if (host === '?' || !(isAwsHost(host) || isLocalAddress(host) || allowed.has(host))) outside.add(host);
    }
  }
  return [...outside].map((host) =>
    host === '?'
      ? `${name} buildspec fetches from a host set at build time or unreadable`
      : `${name} buildspec fetches from ${host}`,
  );
}

function findingOf(source: CodeBuildSource, type: string, host: string | undefined, name: string): string {
  const kind =
    type === '' ? 'without a type' : EXTERNAL_TYPES.has(type) ? type : `${type} (unrecognised type)`;
  if (host !== undefined) return `${name} ${kind} from ${host}`;
  if (source.location === undefined || source.location.trim() === '')
    return `${name} ${kind} with no location`;
  return `${name} ${kind} from an unknown host (location is not a URL)`;
}
