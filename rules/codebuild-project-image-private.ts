/**
 * codebuild-project-image-private
 *
 * The build image is pulled before any build step runs. An image from Docker Hub, ECR Public,
 * ghcr.io, quay.io or any other registry comes over the internet (and can change under the same
 * tag); only AWS-managed CodeBuild images and private ECR registries of trusted accounts are
 * served inside AWS (ECR through the VPC's ecr.api / ecr.dkr endpoints).
 *
 * Decisions (docs/rule-semantics.md is silent):
 *  - The registry is the first path component when it contains a dot or a colon or is
 *    `localhost` (Docker's reference grammar); otherwise the image is on Docker Hub, as are
 *    docker.io, index.docker.io, registry-1.docker.io and registry.hub.docker.com. Registry host
 *    names are compared case-insensitively.
 *  - Private ECR hosts: `<12 digits>.dkr.ecr[-fips].<region>.amazonaws.com[.cn]`
 *    (lib/network/services.ts privateEcrHost).
 *  - Regions (docs/rule-semantics.md "Endpoints, hosts, Regions and FIPS"): a VPC's ECR and S3
 *    endpoints serve their own Region only, so an image in another Region's registry (even the own account's) is pulled from
 *    that Region's public endpoint unless the VPC has cross-Region endpoints for it. Such an image is
 *    NON_COMPLIANT naming both Regions, unless its Region is in `allowedRegions` (default empty: the
 *    project's own Region only), for teams that accept cross-Region pulls over AWS's network
 *    (codebuild-project-vpc-endpoints then asks for that Region's endpoints). An untrusted account
 *    is reported first: it is the graver cause.
 *    ECR dual-stack hosts (`<account>.dkr-ecr[-fips].<region>.on.aws`) are
 *    NON_COMPLIANT: ECR does not serve PrivateLink over dual-stack endpoints, so those pulls go to
 *    the public endpoint.
 *  - Trust is `context.trust.accounts` (own account plus trustedAccounts). An account trusted only
 *    through trustedOrgIds is not recognised: a pure rule cannot know an account's organization,
 *    so list such accounts in trustedAccounts.
 *  - A missing or blank image is NON_COMPLIANT: the registry cannot be verified. Surrounding
 *    whitespace is ignored.
 *  - `aws/codebuild/` is matched case-sensitively (image references are lower case; anything else
 *    is not a CodeBuild-managed image and is judged as a Docker Hub name).
 *
 * Scenarios:
 *  - Given an AWS-managed CodeBuild image, then COMPLIANT naming the managed image.
 *  - Given an image in the own account's private ECR, then COMPLIANT naming the account.
 *  - Given an image in a trusted account's ECR (FIPS, China partition, by digest) in the project's Region, then COMPLIANT.
 *  - Given an image in the own account's ECR of another Region, then NON_COMPLIANT naming the image's Region and
 *    the project's Region.
 *  - Given an image in another Region listed in allowedRegions, then COMPLIANT naming the allowed Region.
 *  - Given allowedRegions holding something that is not a Region name, then parameter parsing fails naming allowedRegions.
 *  - Given an image in an untrusted account's ECR, then NON_COMPLIANT naming the image and the account.
 *  - Given a Docker Hub name (node:22, library/x, docker.io/..., registry-1.docker.io/...), then
 *    NON_COMPLIANT saying it is pulled from Docker Hub over the internet.
 *  - Given a public.ecr.aws image, then NON_COMPLIANT saying it is pulled from ECR Public.
 *  - Given an image on another registry host (ghcr.io, quay.io, localhost:5000), then NON_COMPLIANT
 *    naming the host.
 *  - Given an ECR dual-stack image host, then NON_COMPLIANT saying PrivateLink does not serve it.
 *  - Given a host that only imitates an ECR host, then NON_COMPLIANT naming its real host.
 *  - Given no image or an empty image, then NON_COMPLIANT "no build image".
 */
import { cutName, cutToLimit, keepCause } from '../lib/engine/annotation';
import { compliant, defineRule, nonCompliant } from '../lib/engine/rule';
import { privateEcrHost, REGION_NAME } from '../lib/network/services';

const ECR_DUAL_STACK = /^(\d{12})\.dkr-ecr(?:-fips)?\.[a-z0-9-]+\.on\.aws$/;
const DOCKER_HUB = new Set([
  'docker.io',
  'index.docker.io',
  'registry-1.docker.io',
  'registry.hub.docker.com',
]);

/** The registry host of an image reference, or undefined for a Docker Hub short name. */
function registryOf(image: string): string | undefined {
  const slash = image.indexOf('/');
  if (slash < 0) return undefined;
  const first = image.slice(0, slash);
  return first.includes('.') || first.includes(':') || first === 'localhost'
    ? first.toLowerCase()
    : undefined;
}

export default defineRule({
  id: 'codebuild-project-image-private',
  title: 'CodeBuild project build image comes from AWS or a trusted private ECR',
  severity: 'high',
  resourceTypes: ['AWS::CodeBuild::Project'],
  rationale:
    'An image from Docker Hub, ECR Public or another registry is pulled over the internet before the build ' +
    'starts, needs internet egress, and may change under the same tag outside your control.',
  remediation:
    "Copy the image into a private ECR repository of this or a trusted account in the project's Region (ECR " +
    'replication copies across Regions; or use an aws/codebuild/ managed image) and point the project at it: ' +
    'console Edit > Environment > Custom image > Amazon ECR, or ' +
    'aws codebuild update-project --name <project> --environment type=LINUX_CONTAINER,' +
    'image=<account>.dkr.ecr.<region>.amazonaws.com/<repo>:<tag>,computeType=<type>,imagePullCredentialsType=SERVICE_ROLE. ' +
    'To accept pulls from another Region, list it in allowedRegions and give the VPC cross-Region endpoints for it.',
  parameters: {
    allowedRegions: {
      type: 'list',
      default: [],
      itemPattern: REGION_NAME,
      expected: 'comma-separated AWS Region names (e.g. eu-central-1)',
      description:
        "Regions besides the project's own whose private ECR images builds may pull (cross-Region traffic " +
        "stays on AWS's network only with cross-Region endpoints). Empty: the project's own Region only.",
    },
  },
  evaluate(project, context, params) {
    const image = project.environment.image?.trim() ?? '';
    if (image === '') {
      return nonCompliant(
        keepCause('project ', project.name, ' has no build image: its registry cannot be verified'),
      );
    }
    const registry = registryOf(image);
    if (registry === undefined) {
      if (image.startsWith('aws/codebuild/'))
        return compliant(cutToLimit(`AWS-managed CodeBuild image ${image}`));
      return nonCompliant(keepCause('build image ', image, ' is pulled from Docker Hub over the internet'));
    }
    if (DOCKER_HUB.has(registry)) {
      return nonCompliant(keepCause('build image ', image, ' is pulled from Docker Hub over the internet'));
    }
    if (registry === 'public.ecr.aws') {
      return nonCompliant(
        keepCause('build image ', image, ' is pulled from ECR Public (public.ecr.aws) over the internet'),
      );
    }
    const ecr = privateEcrHost(registry);
    if (ecr) {
      const { account, region } = ecr;
      if (!context.trust.accounts.has(account)) {
        return nonCompliant(
          keepCause('build image ', image, ` is in the ECR registry of untrusted account ${account}`),
        );
      }
      const owner = account === context.accountId ? 'this account' : 'trusted account';
      if (region === project.region) return compliant(`private ECR image of ${owner} ${account}`);
      if (params.allowedRegions.includes(region)) {
        return compliant(`private ECR image of ${owner} ${account} in allowed Region ${region}`);
      }
      return nonCompliant(
        keepCause(
          'build image ',
          image,
          ` is in Region ${region}, not the project's Region ${project.region}: the pull leaves the VPC's ` +
            'endpoints (allowedRegions lists accepted Regions)',
        ),
      );
    }
    if (ECR_DUAL_STACK.test(registry)) {
      return nonCompliant(
        keepCause(
          'build image ',
          image,
          ' uses an ECR dual-stack endpoint, which PrivateLink does not serve: it is pulled over the internet',
        ),
      );
    }
    return nonCompliant(
      keepCause('build image ', image, ` is pulled from ${cutName(registry)} over the internet`),
    );
  },
});
