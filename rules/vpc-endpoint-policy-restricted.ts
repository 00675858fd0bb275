/**
 * vpc-endpoint-policy-restricted
 *
 * A VPC endpoint is the pipeline's only way out of a closed VPC, so its policy is the data
 * perimeter: if any principal may reach any account's resources through it, a build (or anything
 * else in the VPC) can push source, artifacts or images to a bucket or registry of an account
 * outside the trusted set, with credentials of that account, and nothing in the network stops it.
 * The policy must pin either the caller (aws:PrincipalAccount / aws:PrincipalOrgID, or naming
 * trusted principals) or the target (aws:ResourceAccount / aws:ResourceOrgID, or resources whose
 * ARNs name only trusted accounts) to the trusted set. The analysis is lib/policy's, with the
 * endpoint pinning keys (ENDPOINT_POLICY_PINNING_KEYS) and IAM condition semantics.
 *
 * Decisions where docs/rule-semantics.md is silent:
 *  - Endpoint policies exist only on interface and gateway endpoints of AWS services. Gateway Load
 *    Balancer, Resource and ServiceNetwork endpoints, and endpoints to endpoint services of other
 *    owners (com.amazonaws.vpce.<region>.vpce-svc-...), get full access that no policy can
 *    change (AWS PrivateLink guide, "Control access to VPC endpoints"): NOT_APPLICABLE.
 *  - Not every AWS service supports endpoint policies, and the only authority (DescribeVpcEndpoint
 *    Services' VpcEndpointPolicySupported) is not in the endpoint's record. So: a recorded policy
 *    document is always evaluated (AWS only stores one where it applies). No document means AWS's
 *    default full-access policy for gateway endpoints and for interface endpoints of the services
 *    in POLICY_SERVICES below, which document endpoint policy support (the pipeline's services and
 *    common ones); for any other service it is NOT_APPLICABLE with the reason, since most likely
 *    that service cannot take a policy. FIPS variants count as their service.
 *  - Any principal outside the trusted set counts, not only "*": Principal "*", {"AWS":"*"}, a
 *    statement without Principal, NotPrincipal, an untrusted account, an external federated
 *    identity or an unattributable principal. A trusted account or a service principal pins the
 *    caller.
 *  - Resources naming only trusted accounts: every Resource entry is literal up to and including
 *    its account field, which is a trusted account; wildcards may follow it
 *    (arn:aws:ecr:eu-west-1:123456789012:repository/*). A wildcard before or in the account field
 *    reaches any account, even a region `*`: IAM lets a `*` that ends an ARN segment match across
 *    colons, so arn:aws:kms:*:123456789012:alias/* also matches another account's alias whose name
 *    contains ":123456789012:alias/". Use the region, or pin with aws:ResourceAccount. A statement
 *    without Resource, or with NotResource, reaches any resource.
 *  - S3 ARNs carry no account (arn:aws:s3:::bucket/*), so a bucket ARN never proves the bucket is
 *    trusted: bucket names are global, and a named bucket may belong to (or, once deleted, be
 *    re-created by) anyone. Such a statement must be pinned by a condition, e.g.
 *    aws:ResourceAccount, or aws:PrincipalAccount for buckets of other owners such as ECR's layer
 *    bucket (prod-<region>-starport-layer-bucket), whose owner is not the user's.
 *  - A Deny neutralises an exposing Allow when lib/policy proves it hits every untrusted caller
 *    or target: every principal, the Allow's actions (only the service's own actions pass through
 *    the endpoint, so `ecr:*` covers `*` on an ECR endpoint) and resources, and every condition
 *    block trust-negating, e.g. StringNotEquals aws:PrincipalOrgID or aws:ResourceAccount.
 *  - The annotation names each exposing statement with the condition key and offending value (or the
 *    Deny that falls short), then what would make it pass; the latter is dropped first when space runs out.
 *  - The endpoint's state does not matter: a pending endpoint becomes usable as it is.
 *  - Unparsable policy text, and documents IAM would reject, are NON_COMPLIANT with the reason.
 *  - A policy longer than AWS accepts for an endpoint policy (20,480 characters) (docs/policy-limits.md), or nested deeper than any IAM
 *    policy, is NON_COMPLIANT as unparsable, naming the limit: docs/rule-semantics.md makes an unparsable
 *    policy NON_COMPLIANT with the reason, AWS never stored such a document as a policy, and an error
 *    instead would leave the previous (perhaps COMPLIANT) verdict standing. Analysing it could stall
 *    the sweep (2,000 Allow x 2,000 Deny statements took over 30 s).
 *
 * Scenarios:
 *  - Given an interface endpoint without a policy document, then NON_COMPLIANT "... has the default full-access policy ...".
 *  - Given a gateway S3 endpoint without a policy document, then NON_COMPLIANT naming the default full-access policy.
 *  - Given the explicit full-access policy, then NON_COMPLIANT "... policy allows any principal to reach any account's resources (statement #1) ...".
 *  - Given an Allow * / * with Sid AllowAll, then NON_COMPLIANT naming statement "AllowAll".
 *  - Given an Allow without Principal (endpoint policies may omit it), then NON_COMPLIANT.
 *  - Given Principal {"AWS":"*"}, then NON_COMPLIANT.
 *  - Given an Allow * / * pinned by aws:PrincipalAccount to the own account, then COMPLIANT.
 *  - Given an Allow * / * pinned by aws:PrincipalOrgID to a trusted org, then COMPLIANT.
 *  - Given an Allow * / * pinned by aws:ResourceAccount to a trusted account, then COMPLIANT.
 *  - Given an Allow * / * pinned by aws:ResourceOrgID to a trusted org, then COMPLIANT.
 *  - Given a pinning key spelt in another case, then COMPLIANT.
 *  - Given aws:PrincipalAccount naming an untrusted account, then NON_COMPLIANT naming the key and the account.
 *  - Given aws:ResourceOrgID naming an untrusted org, then NON_COMPLIANT naming the key and the org.
 *  - Given aws:PrincipalAccount listing a trusted and an untrusted account, then NON_COMPLIANT naming the untrusted one.
 *  - Given StringEqualsIfExists on aws:PrincipalAccount, then NON_COMPLIANT naming the operator (a request without the key passes).
 *  - Given StringNotEquals aws:PrincipalOrgID on an Allow, then NON_COMPLIANT naming the operator.
 *  - Given a pinning key that is not an endpoint pinning key (aws:SourceVpc), then NON_COMPLIANT.
 *  - Given only an aws:SecureTransport condition, then NON_COMPLIANT.
 *  - Given resources naming only the own account, then COMPLIANT.
 *  - Given resources naming an account from trustedAccounts, then COMPLIANT.
 *  - Given resources naming an untrusted account, then NON_COMPLIANT naming the resource.
 *  - Given a resource with a wildcard account field, then NON_COMPLIANT.
 *  - Given a statement with NotResource, then NON_COMPLIANT "... any account's resources ...".
 *  - Given an S3 bucket ARN without condition, then NON_COMPLIANT (a bucket ARN names no account).
 *  - Given an S3 bucket ARN pinned by aws:PrincipalAccount, then COMPLIANT.
 *  - Given the own account as principal with resource *, then COMPLIANT.
 *  - Given an untrusted account as principal with resource *, then NON_COMPLIANT naming the account.
 *  - Given an Allow with NotPrincipal, then NON_COMPLIANT.
 *  - Given a service principal only, then COMPLIANT.
 *  - Given an Allow * / * and a Deny of everything outside the trusted org, then COMPLIANT.
 *  - Given an Allow * / * and a Deny of every resource outside the own account, then COMPLIANT.
 *  - Given an Allow * / * and a Deny of ecr:* outside the trusted org on an ECR endpoint, then COMPLIANT.
 *  - Given an Allow * / * and a Deny covering fewer actions, then NON_COMPLIANT.
 *  - Given only Deny statements, then COMPLIANT.
 *  - Given a policy with an empty Statement list, then COMPLIANT.
 *  - Given several exposing statements, then NON_COMPLIANT listing each by Sid or index.
 *  - Given very many exposing statements, then the annotation stays within 256 characters.
 *  - Given unparsable policy text, then NON_COMPLIANT "... endpoint policy is unparsable: <reason>".
 *  - Given a policy longer than 20,480 characters, then NON_COMPLIANT naming the limit.
 *  - Given a document IAM would reject (Effect "allow"), then NON_COMPLIANT naming the reason.
 *  - Given a FIPS endpoint (ecr-fips.api) without a policy document, then NON_COMPLIANT naming ecr-fips.api.
 *  - Given an interface endpoint of a service not known to support policies and no document, then NOT_APPLICABLE with the reason.
 *  - Given an interface endpoint of such a service with a document, then it is evaluated.
 *  - Given a Gateway Load Balancer, Resource or ServiceNetwork endpoint, then NOT_APPLICABLE.
 *  - Given an endpoint to an endpoint service of another owner, then NOT_APPLICABLE.
 */
import { cutName, cutToLimit, fitList, keepCause } from '../lib/engine/annotation';
import {
  describeStatementCause,
  describeStatementExposure,
  groupByStatement,
} from '../lib/engine/policy-findings';
import {
  compliant,
  defineRule,
  nonCompliant,
  notApplicable,
  type RuleContext,
  type Verdict,
} from '../lib/engine/rule';
import { parseServiceName } from '../lib/network/services';
import {
  ENDPOINT_POLICY_PINNING_KEYS,
  type ExposureFinding,
  findExposures,
  namesOnlyTrusted,
  readPolicyInput,
  type TrustSet,
  VPC_ENDPOINT_POLICY_LIMIT,
} from '../lib/policy';
import type { VpcEndpoint } from '../lib/resources/model';

const SUFFIX = ': data can leave; to pass, pin callers or targets to the trusted set';

/**
 * Interface-endpoint services (base service, FIPS marker removed) whose documentation describes
 * endpoint policies, and the IAM action prefix of everything that passes through the endpoint
 * (undefined when an endpoint also carries other services' actions, e.g. CodeArtifact needs
 * sts:GetServiceBearerToken). Gateway endpoints (s3, dynamodb) always support policies.
 */
const POLICY_SERVICES: ReadonlyMap<string, string | undefined> = new Map([
  ['s3', 's3'],
  ['dynamodb', 'dynamodb'],
  ['ecr.api', 'ecr'],
  ['ecr.dkr', 'ecr'],
  ['logs', 'logs'],
  ['codebuild', 'codebuild'],
  ['codecommit', 'codecommit'],
  ['git-codecommit', 'codecommit'],
  ['codeartifact.api', undefined],
  ['codeartifact.repositories', undefined],
  ['sts', 'sts'],
  ['kms', 'kms'],
  ['secretsmanager', 'secretsmanager'],
  ['ec2', 'ec2'],
  ['sqs', 'sqs'],
  ['sns', 'sns'],
  ['lambda', 'lambda'],
]);

/** Whether a statement's resources reach beyond the trusted accounts (see the header). */
function reachesUntrusted(finding: ExposureFinding, trust: TrustSet): boolean {
  if (finding.resources === undefined || finding.notResource) return true;
  return !finding.resources.every((resource) => namesOnlyTrusted('arn', resource, 'string-like', trust));
}

/** `any account's resources`, or the first resource that is not confined to trusted accounts. */
function targetOf(finding: ExposureFinding, trust: TrustSet): string {
  const resources = finding.resources;
  if (resources === undefined || finding.notResource || resources.includes('*')) {
    return "any account's resources";
  }
  const loose = resources.find((resource) => !namesOnlyTrusted('arn', resource, 'string-like', trust)) ?? '';
  return `resources not pinned to trusted accounts (${cutName(loose, 80)})`;
}

/** Who one statement lets through: `any principal` when any finding is public, else the named ones. */
function whoOf(findings: readonly ExposureFinding[]): string {
  if (findings.some((finding) => finding.exposure.kind === 'public')) return 'any principal';
  return describeStatementExposure(findings);
}

function evaluateEndpoint(endpoint: VpcEndpoint, context: RuleContext): Verdict {
  const trusted: TrustSet = context.trust;
  const id = endpoint.endpointId;
  const type = endpoint.endpointType.toLowerCase();
  if (type !== 'interface' && type !== 'gateway') {
    return notApplicable(
      keepCause(
        `${id} is a `,
        endpoint.endpointType,
        ' endpoint: endpoint policies apply to interface and gateway endpoints only',
      ),
    );
  }
  if (endpoint.serviceName.startsWith('com.amazonaws.vpce.')) {
    return notApplicable(
      keepCause(
        `${id} connects to `,
        endpoint.serviceName,
        ', an endpoint service of another owner: AWS allows full access and no endpoint policy applies',
      ),
    );
  }
  const parsed = parseServiceName(endpoint.serviceName);
  const service = parsed?.service ?? endpoint.serviceName;
  const known = parsed !== undefined && POLICY_SERVICES.has(parsed.baseService);
  const label = `${id} (${cutName(service, 60)})`;
  const reading = readPolicyInput(endpoint.policy, {
    requirePrincipal: false,
    sizeLimit: VPC_ENDPOINT_POLICY_LIMIT,
  });
  if (reading.kind === 'unparsable') {
    return nonCompliant(cutToLimit(`${label} endpoint policy is unparsable: ${reading.reason}`));
  }
  if (reading.kind === 'none') {
    if (type === 'gateway' || known) {
      return nonCompliant(
        cutToLimit(
          `${label} has the default full-access policy (none attached), which allows any principal to reach any account's resources${SUFFIX}`,
        ),
      );
    }
    return notApplicable(
      keepCause(
        `${label} has no endpoint policy and `,
        service,
        ' is not known to support endpoint policies',
      ),
    );
  }
  const namespace = parsed === undefined ? undefined : POLICY_SERVICES.get(parsed.baseService);
  const findings = findExposures(reading.policy, {
    trust: trusted,
    pinningKeys: ENDPOINT_POLICY_PINNING_KEYS,
    ...(namespace === undefined ? {} : { actionNamespace: namespace }),
  }).filter((finding) => reachesUntrusted(finding, trusted));
  if (findings.length === 0) return compliant();
  const clauses = groupByStatement(findings).map((group) => {
    const first = group.findings[0];
    const target = first === undefined ? "any account's resources" : targetOf(first, trusted);
    const cause = describeStatementCause(group.findings, {
      accountId: context.accountId,
      region: endpoint.region,
    });
    const where = cause === undefined ? group.statementLabel : `${group.statementLabel}: ${cause}`;
    return `${whoOf(group.findings)} to reach ${target} (${where})`;
  });
  // Every exposing statement in policy order; the explanation suffix is dropped first.
  return nonCompliant(fitList(`${label} policy allows `, clauses, { suffix: SUFFIX }));
}

export default defineRule({
  id: 'vpc-endpoint-policy-restricted',
  title: 'VPC endpoint policies confine access to trusted accounts',
  severity: 'high',
  resourceTypes: ['AWS::EC2::VPCEndpoint'],
  rationale:
    "An endpoint policy that lets any principal reach any account's resources (AWS's default) turns the endpoint " +
    'into an exfiltration path: anything in the VPC can write to buckets or registries of foreign accounts with ' +
    'foreign credentials, and the network cannot tell.',
  remediation:
    'Attach a policy whose statements pin callers or targets to the trusted set, e.g. "Condition": ' +
    '{"StringEquals": {"aws:PrincipalOrgID": "o-..."}} or {"aws:ResourceAccount": "<account>"}; then ' +
    'aws ec2 modify-vpc-endpoint --vpc-endpoint-id <id> --policy-document file://policy.json',
  parameters: {},
  evaluate(endpoint, context) {
    return evaluateEndpoint(endpoint, context);
  },
});
