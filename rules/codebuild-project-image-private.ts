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
 *  - Private ECR hosts: `<12 digits>.dkr.ecr[-fips].<region>.amazonaws.com[.cn]`, any region (as
 *    docs/rule-semantics.md writes it).
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
 *  - Given an image in a trusted account's ECR (FIPS, China partition, by digest), then COMPLIANT.
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

const ECR_PRIVATE = /^(\d{12})\.dkr\.ecr(?:-fips)?\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?$/;
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
    'Copy the image into a private ECR repository of this or a trusted account (or use an aws/codebuild/ ' +
    'managed image) and point the project at it: console Edit > Environment > Custom image > Amazon ECR, or ' +
    'aws codebuild update-project --name <project> --environment type=LINUX_CONTAINER,' +
    'image=<account>.dkr.ecr.<region>.amazonaws.com/<repo>:<tag>,computeType=<type>,imagePullCredentialsType=SERVICE_ROLE',
  parameters: {},
  evaluate(project, context) {
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
    const ecr = ECR_PRIVATE.exec(registry);
    if (ecr) {
      const account = ecr[1] ?? '';
      if (context.trust.accounts.has(account)) {
        return compliant(
          account === context.accountId
            ? `private ECR image of this account ${account}`
            : `private ECR image of trusted account ${account}`,
        );
      }
      return nonCompliant(
        keepCause('build image ', image, ` is in the ECR registry of untrusted account ${account}`),
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
