/**
 * ecr-registry-no-external-sharing
 *
 * Three registry-level ECR settings move images across the trust boundary without touching any
 * repository: the registry policy (who may replicate into, create repositories in, or import
 * upstream images into this registry), replication (copies of every matching image pushed to
 * other registries) and pull-through cache rules (images fetched from an upstream registry).
 *
 *  - AWS::ECR::RegistryPolicy: NON_COMPLIANT when the policy grants a principal outside the
 *    trusted set, with the IAM semantics of lib/policy (as ecr-repository-not-public): `*`,
 *    untrusted accounts, NotPrincipal, federated/unattributable principals, unless a condition on
 *    RESOURCE_POLICY_PINNING_KEYS pins the caller to the trusted set or a Deny neutralises it.
 *  - AWS::ECR::ReplicationConfiguration: NON_COMPLIANT when a rule's destination registry is not
 *    a trusted account (cross-Region replication within trusted accounts is fine).
 *  - AWS::ECR::PullThroughCacheRule: NON_COMPLIANT when the upstream is not in `allowedUpstreams`
 *    and not a private ECR registry of a trusted account.
 *
 * Decisions where docs/rule-semantics.md is silent:
 *  - A registry policy has no ARN to cover, so a Deny neutralises an exposure only by its
 *    principals, actions (ecr: namespace) and conditions, never by its Resource; service
 *    principals are not exposure.
 *  - An empty or absent registry policy text is COMPLIANT; an unparsable one is NON_COMPLIANT
 *    naming the reason.
 *  - A policy longer than AWS accepts for a registry policy (10,240 characters) (docs/policy-limits.md), or nested deeper than any IAM
 *    policy, is NON_COMPLIANT as unparsable, naming the limit: docs/rule-semantics.md makes an unparsable
 *    policy NON_COMPLIANT with the reason, AWS never stored such a document as a policy, and an error
 *    instead would leave the previous (perhaps COMPLIANT) verdict standing. Analysing it could stall
 *    the sweep (2,000 Allow x 2,000 Deny statements took over 30 s).
 *  - Replication destinations are account ids: trustedOrgIds cannot vouch for them (which
 *    organization an account belongs to is not visible here), so an organization's accounts must be
 *    listed in trustedAccounts to receive replicas. The resource's own account is trusted.
 *  - Pull-through cache upstreams: an `ecr` upstream (`<account>.dkr.ecr.<region>.amazonaws.com`)
 *    in a trusted account counts as inside AWS (traffic stays on AWS's network and the content is
 *    the trusted account's own): COMPLIANT without listing it. In an untrusted account it is
 *    NON_COMPLIANT (another party's images), as is `public.ecr.aws` (ECR Public: anyone can
 *    publish there) and every registry outside AWS (Docker Hub, ghcr.io, quay.io, ...: the first
 *    pull goes over the internet, docs/aws-data.md §6).
 *  - `allowedUpstreams` items are upstream registry hosts (`registry-1.docker.io`, `public.ecr.aws`)
 *    or upstream kinds (`docker-hub`, `ecr-public`, ...), compared case-insensitively; the rule's
 *    upstreamRegistryUrl is compared without scheme or trailing slash. Allowing the kind `ecr`
 *    allows every account's ECR registry.
 *  - aws:SourceVpc/aws:SourceVpce pin only to a VPC or endpoint the registry's account owns in the
 *    registry's Region (needs ownNetworks), as in ecr-repository-not-public.
 *  - Annotations name the object at fault: the statement (Sid or index) with the condition key and
 *    offending value or the Deny that falls short (as ecr-repository-not-public), the replication rule
 *    (1-based index) with its destination account and Region, the cache rule's prefix and upstream.
 *
 * Scenarios:
 *  - Given a registry policy granting an untrusted account, then NON_COMPLIANT naming the statement and the account.
 *  - Given a registry policy granting only the own and trusted accounts, then COMPLIANT.
 *  - Given a registry policy with Principal "*" pinned by aws:PrincipalOrgID to a trusted org, then COMPLIANT.
 *  - Given a registry policy with Principal "*" and no condition, then NON_COMPLIANT naming "*".
 *  - Given a registry policy with an untrusted Allow and a Deny that spares an untrusted org, then NON_COMPLIANT naming the Deny and the org.
 *  - Given a registry policy with Principal "*" pinned by aws:SourceVpce to an endpoint the account does not own, then NON_COMPLIANT naming it.
 *  - Given a registry policy with an untrusted Allow neutralised by a Deny outside the trusted org, then COMPLIANT.
 *  - Given a registry policy granting a service principal, then COMPLIANT.
 *  - Given an empty registry policy, then COMPLIANT.
 *  - Given an unparsable registry policy, then NON_COMPLIANT naming the reason.
 *  - Given a registry policy as JSON text, then it is evaluated like the object.
 *  - Given a registry policy longer than 10,240 characters, then NON_COMPLIANT naming the limit.
 *  - Given several exposing statements, then NON_COMPLIANT listing each within 256 characters.
 *  - Given replication to another Region of the own account, then COMPLIANT.
 *  - Given replication to a trusted account, then COMPLIANT.
 *  - Given replication to an untrusted account, then NON_COMPLIANT naming the rule index, repositories, destination account and Region.
 *  - Given a second rule replicating prefixed repositories to an untrusted account, then NON_COMPLIANT naming rule #2 and its prefixes.
 *  - Given an untrusted destination whose account is only covered by trustedOrgIds, then NON_COMPLIANT.
 *  - Given a replication configuration without rules, then COMPLIANT.
 *  - Given many untrusted destinations, then the annotation stays within 256 characters.
 *  - Given a pull-through cache rule for Docker Hub and no allowedUpstreams, then NON_COMPLIANT naming the prefix and upstream.
 *  - Given a pull-through cache rule for ECR Public and no allowedUpstreams, then NON_COMPLIANT.
 *  - Given a pull-through cache rule whose upstream host is in allowedUpstreams, then COMPLIANT.
 *  - Given a pull-through cache rule whose upstream kind is in allowedUpstreams, then COMPLIANT.
 *  - Given an allowedUpstreams entry in other letter case, or an upstream URL with scheme and slash, then it matches.
 *  - Given a pull-through cache rule for the ECR registry of a trusted account, then COMPLIANT.
 *  - Given a pull-through cache rule for the ECR registry of an untrusted account, then NON_COMPLIANT naming the account.
 *  - Given a pull-through cache rule recorded without its upstream kind (Config), then the host decides.
 *  - Given an allowedUpstreams item that is not a host or kind, then parameter parsing fails naming the parameter.
 */
import { cutName, cutToLimit, fitList } from '../lib/engine/annotation';
import { statementClauses, TO_PASS } from '../lib/engine/policy-findings';
import { compliant, defineRule, nonCompliant, type RuleContext, type Verdict } from '../lib/engine/rule';
import {
  ECR_REGISTRY_POLICY_LIMIT,
  findExposures,
  RESOURCE_POLICY_PINNING_KEYS,
  readPolicyInput,
} from '../lib/policy';
import type {
  EcrPullThroughCacheRule,
  EcrRegistryPolicy,
  EcrReplicationConfiguration,
  EcrReplicationRule,
} from '../lib/resources/model';

/** An upstream host (`registry-1.docker.io`, `myreg.azurecr.io:443`) or kind (`docker-hub`). */
const UPSTREAM = /^[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?(?::\d{1,5})?$/i;
/** A private ECR registry host: `<account>.dkr.ecr[-fips].<region>.amazonaws.com[.cn]`. */
const ECR_REGISTRY = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/;

function evaluateRegistryPolicy(resource: EcrRegistryPolicy, context: RuleContext): Verdict {
  const reading = readPolicyInput(resource.policy, { sizeLimit: ECR_REGISTRY_POLICY_LIMIT });
  if (reading.kind === 'none')
    return compliant(`registry ${resource.registryId} has an empty registry policy`);
  if (reading.kind === 'unparsable') {
    return nonCompliant(
      cutToLimit(`registry policy of ${resource.registryId} is unparsable: ${reading.reason}`),
    );
  }
  const findings = findExposures(reading.policy, {
    trust: context.trust,
    pinningKeys: RESOURCE_POLICY_PINNING_KEYS,
    actionNamespace: 'ecr',
  });
  if (findings.length === 0) {
    return compliant(`registry policy of ${resource.registryId} grants only trusted principals`);
  }
  const clauses = statementClauses(findings, { accountId: context.accountId, region: resource.region });
  return nonCompliant(
    fitList(`registry policy of ${resource.registryId} shares the registry: `, clauses, { suffix: TO_PASS }),
  );
}

/** `all repositories`, `repositories prefixed prod, team/` or `repositories matching x (TYPE)`. */
function repositoriesOf(rule: EcrReplicationRule): string {
  if (rule.repositoryFilters.length === 0) return 'all repositories';
  const prefixes = rule.repositoryFilters.filter((f) => f.filterType.toUpperCase() === 'PREFIX_MATCH');
  const others = rule.repositoryFilters.filter((f) => f.filterType.toUpperCase() !== 'PREFIX_MATCH');
  const parts: string[] = [];
  if (prefixes.length > 0) parts.push(`prefixed ${prefixes.map((f) => f.filter).join(', ')}`);
  for (const filter of others) parts.push(`matching ${filter.filter} (${filter.filterType})`);
  return `repositories ${parts.join(', ')}`;
}

function evaluateReplication(resource: EcrReplicationConfiguration, context: RuleContext): Verdict {
  const trusted = context.trust.accounts;
  const clauses: string[] = [];
  resource.rules.forEach((rule, index) => {
    const untrusted = rule.destinations.filter((destination) => !trusted.has(destination.registryId));
    if (untrusted.length === 0) return;
    const targets = untrusted.map((d) => `account ${d.registryId} (${d.region})`).join(', ');
    clauses.push(`rule #${index + 1} copies ${repositoriesOf(rule)} to ${targets}`);
  });
  if (clauses.length > 0) {
    return nonCompliant(fitList('replication copies images to untrusted accounts: ', clauses));
  }
  return compliant(
    resource.rules.length === 0
      ? 'replication has no rules'
      : 'replication copies images only to trusted accounts',
  );
}

/**
 * The upstream as compared: lower case, without scheme or trailing slashes. Trailing slashes are
 * cut by a loop: `/\/+$/` retries from every slash of a long run (quadratic on "////...x").
 */
function hostOf(url: string): string {
  const host = url
    .trim()
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, '');
  let end = host.length;
  while (end > 0 && host[end - 1] === '/') end--;
  return host.slice(0, end);
}

function evaluatePullThroughCache(
  resource: EcrPullThroughCacheRule,
  context: RuleContext,
  allowedUpstreams: readonly string[],
): Verdict {
  const host = hostOf(resource.upstreamRegistryUrl);
  const kind = resource.upstreamRegistry?.trim().toLowerCase();
  const label = `pull-through cache rule ${cutName(resource.ecrRepositoryPrefix, 40)}`;
  const upstream = `${cutName(host, 80)}${kind ? ` (${kind})` : ''}`;
  const allowed = allowedUpstreams.map((entry) => entry.trim().toLowerCase());
  if (allowed.includes(host) || (kind !== undefined && allowed.includes(kind))) {
    return compliant(`${label} caches ${upstream}, listed in allowedUpstreams`);
  }
  const ecr = ECR_REGISTRY.exec(host);
  const ecrAccount = ecr?.[1];
  let why: string;
  if (ecrAccount !== undefined) {
    if (context.trust.accounts.has(ecrAccount)) {
      return compliant(`${label} caches the private ECR registry of trusted account ${ecrAccount}`);
    }
    why = `the ECR registry of untrusted account ${ecrAccount}`;
  } else if (kind === 'ecr') {
    why = 'not a recognisable private ECR registry host';
  } else if (host === 'public.ecr.aws' || kind === 'ecr-public') {
    why = 'ECR Public, where anyone can publish images';
  } else {
    why = 'a registry outside AWS, pulled over the internet';
  }
  return nonCompliant(cutToLimit(`${label} caches ${upstream}: ${why}; not listed in allowedUpstreams`));
}

export default defineRule({
  id: 'ecr-registry-no-external-sharing',
  title: 'ECR registry shares images only with trusted accounts and allowed upstreams',
  severity: 'high',
  resourceTypes: [
    'AWS::ECR::RegistryPolicy',
    'AWS::ECR::ReplicationConfiguration',
    'AWS::ECR::PullThroughCacheRule',
  ],
  rationale:
    'A registry policy that grants an untrusted account, replication to an untrusted registry or a pull-through ' +
    'cache of an outside registry moves images across the trust boundary without any repository policy saying so.',
  remediation:
    'Limit the registry policy to trusted accounts (aws ecr put-registry-policy), remove untrusted replication ' +
    'destinations (aws ecr put-replication-configuration), and delete pull-through cache rules for outside ' +
    'upstreams (aws ecr delete-pull-through-cache-rule --ecr-repository-prefix <prefix>) or list the upstream ' +
    'in allowedUpstreams.',
  parameters: {
    allowedUpstreams: {
      type: 'list',
      default: [],
      itemPattern: UPSTREAM,
      expected: 'comma-separated upstream registry hosts or kinds (e.g. public.ecr.aws,docker-hub)',
      description:
        'Pull-through cache upstreams that may be used: registry hosts (registry-1.docker.io) or kinds (docker-hub).',
    },
  },
  needs: ['ownNetworks'],
  evaluate(resource, context, params) {
    switch (resource.resourceType) {
      case 'AWS::ECR::RegistryPolicy':
        return evaluateRegistryPolicy(resource, context);
      case 'AWS::ECR::ReplicationConfiguration':
        return evaluateReplication(resource, context);
      case 'AWS::ECR::PullThroughCacheRule':
        return evaluatePullThroughCache(resource, context, params.allowedUpstreams);
    }
  },
});
