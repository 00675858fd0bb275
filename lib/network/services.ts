/**
 * AWS service names of VPC endpoints: `com.amazonaws.<region>.<service>`. FIPS variants put
 * `-fips` on the first label of the service (`kms-fips`, `git-codecommit-fips`, `ecr-fips.api`).
 *
 * One semantics for every rule (docs/rule-semantics.md "Endpoints, hosts, Regions and FIPS"):
 * an interface endpoint serves the host its private DNS name covers, and that host is the one of
 * its own service name and Region. A `git-codecommit-fips` endpoint answers for
 * `git-codecommit-fips.<region>.amazonaws.com` only, not for the plain host, and vice versa; an
 * endpoint for `com.amazonaws.<other-region>.<service>` (cross-Region PrivateLink) serves that
 * Region's host only. A need is for the host the build uses: source URLs and image references say
 * which; the CodeBuild agent's own calls (s3, logs, ecr) use the plain hosts of the project's Region.
 */

/** An AWS Region name, e.g. `eu-west-1`, `us-gov-west-1`, `cn-north-1`. */
export const REGION_NAME = /^[a-z]{2}(?:-[a-z]+)+-\d+$/;

// PrivateLink services of other owners live under com.amazonaws.vpce.<region>.
const AWS_SERVICE = /^com\.amazonaws\.([a-z]{2}(?:-[a-z]+)+-\d+)\.([a-z0-9][a-z0-9.-]*)$/;
const ECR_PRIVATE_HOST = /^(\d{12})\.dkr\.ecr(-fips)?\.([a-z]{2}(?:-[a-z]+)+-\d+)\.amazonaws\.com(?:\.cn)?$/;
const CODECOMMIT_GIT_HOST = /^git-codecommit(-fips)?\.([a-z]{2}(?:-[a-z]+)+-\d+)\.amazonaws\.com(?:\.cn)?$/;

/** A service host a build calls, as the endpoint that serves it is named. */
export interface HostService {
  /** e.g. `ecr.dkr`, `git-codecommit-fips`. */
  service: string;
  region: string;
}

/**
 * The private ECR registry a (lower-case) registry host names:
 * `<account>.dkr.ecr[-fips].<region>.amazonaws.com[.cn]`, served by the `ecr[-fips].dkr` endpoint
 * of that Region. Undefined for any other host.
 */
export function privateEcrHost(host: string): (HostService & { account: string; fips: boolean }) | undefined {
  const match = ECR_PRIVATE_HOST.exec(host);
  const account = match?.[1];
  const region = match?.[3];
  if (account === undefined || region === undefined) return undefined;
  const fips = match?.[2] !== undefined;
  return { account, region, fips, service: fips ? 'ecr-fips.dkr' : 'ecr.dkr' };
}

/** A source location as an https URL, or undefined (absent, not a URL, another scheme). */
export function httpsUrlOf(location: string | undefined): URL | undefined {
  if (location === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(location.trim());
  } catch {
    return undefined;
  }
  return url.protocol === 'https:' ? url : undefined;
}

/** The CodeCommit Git host of a clone URL (`https://git-codecommit.<region>…/v1/repos/<name>`), or undefined. */
export function codeCommitCloneHost(
  location: string | undefined,
): (HostService & { fips: boolean }) | undefined {
  const url = httpsUrlOf(location);
  return url && codeCommitGitHost(url.hostname.toLowerCase());
}

/**
 * The CodeCommit Git host a (lower-case) host name is: `git-codecommit[-fips].<region>.amazonaws.com[.cn]`,
 * served by the `git-codecommit[-fips]` endpoint of that Region. Undefined for any other host.
 */
export function codeCommitGitHost(host: string): (HostService & { fips: boolean }) | undefined {
  const match = CODECOMMIT_GIT_HOST.exec(host);
  const region = match?.[2];
  if (region === undefined) return undefined;
  const fips = match?.[1] !== undefined;
  return { region, fips, service: fips ? 'git-codecommit-fips' : 'git-codecommit' };
}

export interface ServiceName {
  region: string;
  /** The service as AWS names it in the endpoint, e.g. `ecr.dkr`, `git-codecommit-fips`. */
  service: string;
  /** The service without a FIPS marker, e.g. `git-codecommit`. */
  baseService: string;
  fips: boolean;
}

export function parseServiceName(serviceName: string): ServiceName | undefined {
  if (serviceName.startsWith('com.amazonaws.vpce.')) return undefined;
  const match = AWS_SERVICE.exec(serviceName);
  const region = match?.[1];
  const service = match?.[2];
  if (region === undefined || service === undefined) return undefined;
  const [first = '', ...rest] = service.split('.');
  const fips = first.endsWith('-fips');
  const baseService = [fips ? first.slice(0, -'-fips'.length) : first, ...rest].join('.');
  return { region, service, baseService, fips };
}

/**
 * True when the endpoint's service name serves `service` (e.g. `logs`, `ecr-fips.dkr`) in
 * `region`: the same service exactly, FIPS marker included (see the header).
 */
export function servesService(serviceName: string, service: string, region: string): boolean {
  const parsed = parseServiceName(serviceName);
  return parsed !== undefined && parsed.region === region && parsed.service === service;
}

/** The other variant of a service: `ecr.dkr` <-> `ecr-fips.dkr`, `git-codecommit` <-> `git-codecommit-fips`. */
export function counterpartOf(service: string): string {
  const [first = '', ...rest] = service.split('.');
  const other = first.endsWith('-fips') ? first.slice(0, -'-fips'.length) : `${first}-fips`;
  return [other, ...rest].join('.');
}

/**
 * Why an endpoint of the other variant does not meet a need for `service`, for annotations:
 * `vpce-0a serves only the FIPS host` (the endpoint is the counterpart of `service`).
 */
export function otherVariantNote(endpointId: string, service: string): string {
  const fips = (service.split('.')[0] ?? '').endsWith('-fips');
  return `${endpointId} serves only the ${fips ? 'plain' : 'FIPS'} host`;
}
