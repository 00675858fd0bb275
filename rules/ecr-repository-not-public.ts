/**
 * ecr-repository-not-public
 *
 * A private ECR repository is only as private as its repository policy. A statement that allows
 * `*`, `{"AWS":"*"}`, an untrusted account or uses NotPrincipal, with no condition pinning the
 * caller to the trusted accounts/organizations, lets principals outside the trusted set pull (or
 * push) images: any authenticated AWS principal in the public case (aws-facts §6, not anonymous).
 * The analysis (lib/policy) follows IAM semantics and errs towards NON_COMPLIANT when unsure.
 *
 * Decisions where docs/rule-semantics.md is silent:
 *  - Service principals are not exposure (docs/rule-semantics.md), even without aws:SourceAccount.
 *  - Federated identities of external providers, S3 canonical users and AWS principals whose
 *    account cannot be read (e.g. the unique id a deleted role leaves behind) are exposure.
 *  - A literal vpc-/vpce- id in aws:SourceVpc/aws:SourceVpce pins only when the repository's
 *    account owns that VPC or endpoint in the repository's Region (the engine lists them:
 *    needs ownNetworks, lib/engine/inputs.ts). An id another account owns lets that account's
 *    traffic in; an own endpoint of another Region cannot carry this Region's ECR traffic, so it
 *    does not count either (fail closed, docs/rule-semantics.md "Trust by network origin").
 *  - The annotation names each exposing statement (Sid or index), and what keeps it open: the
 *    condition key and offending value (untrusted organization or account, a pattern, a network id
 *    the account does not own), or the Deny that falls short and the value it spares; then what
 *    would make it pass, dropped first when space runs out.
 *  - A statement without Principal/NotPrincipal, an unknown element, or Effect other than exactly
 *    "Allow"/"Deny" makes the policy unparsable, rather than being ignored.
 *  - Operator names are case-sensitive; policy variables in condition values count as wildcards.
 *  - A Deny neutralises only when it provably hits every untrusted caller: Principal "*" (or a
 *    NotPrincipal listing only trusted principals), Action covering the Allow's (only ecr:
 *    actions apply to a repository, so `ecr:*` covers `*`), Resource absent, `*` or this
 *    repository, and every condition block a trust-negating one (never NotAction).
 *  - The repository's own account is trusted even if it differs from the evaluating account.
 *  - A policy longer than AWS accepts for a repository policy (10,240 characters) (docs/policy-limits.md), or nested deeper than any IAM
 *    policy, is NON_COMPLIANT as unparsable, naming the limit: docs/rule-semantics.md makes an unparsable
 *    policy NON_COMPLIANT with the reason, AWS never stored such a document as a policy, and an error
 *    instead would leave the previous (perhaps COMPLIANT) verdict standing. Analysing it could stall
 *    the sweep (2,000 Allow x 2,000 Deny statements took over 30 s).
 *
 * Scenarios:
 *  - Given no repository policy, then COMPLIANT.
 *  - Given an empty policy document {}, then COMPLIANT.
 *  - Given a policy with an empty Statement list, then COMPLIANT.
 *  - Given a policy text the collector could not parse, then NON_COMPLIANT "repository policy is unparsable: <reason>".
 *  - Given a document that is not a valid IAM policy (Effect "allow"), then NON_COMPLIANT naming the reason.
 *  - Given an unparsable policy with a very long reason, then the annotation is cut to 256 characters.
 *  - Given 2,000 Allow and 2,000 Deny statements (over 10,240 characters), then NON_COMPLIANT naming the limit, at once.
 *  - Given a policy nested 10,000 lists deep, then NON_COMPLIANT naming the depth limit.
 *  - Given the policy as JSON text instead of an object, then it is evaluated the same way.
 *  - Given Principal "*" without conditions, then NON_COMPLIANT "... allows any AWS account (Principal "*") ...".
 *  - Given Principal {"AWS":"*"} without conditions, then NON_COMPLIANT naming {"AWS":"*"}.
 *  - Given the root ARN of an untrusted account, then NON_COMPLIANT naming the account.
 *  - Given the bare id of an untrusted account, then NON_COMPLIANT naming the account.
 *  - Given a role ARN of an untrusted account, then NON_COMPLIANT naming the account.
 *  - Given the own account as principal, then COMPLIANT.
 *  - Given an account listed in trustedAccounts, then COMPLIANT.
 *  - Given an Allow with NotPrincipal, then NON_COMPLIANT "allows every principal not listed in its NotPrincipal".
 *  - Given a service principal (codebuild.amazonaws.com), then COMPLIANT.
 *  - Given an external federated identity provider, then NON_COMPLIANT naming the provider.
 *  - Given an S3 canonical user, then NON_COMPLIANT naming the canonical user.
 *  - Given an AWS principal whose account cannot be read (a unique id), then NON_COMPLIANT naming it.
 *  - Given Principal "*" pinned by aws:PrincipalOrgID to a trusted org, then COMPLIANT.
 *  - Given Principal "*" pinned by aws:PrincipalOrgPaths under a trusted org, then COMPLIANT.
 *  - Given Principal "*" pinned by aws:PrincipalAccount to a trusted account, then COMPLIANT.
 *  - Given Principal "*" pinned by aws:PrincipalArn (ArnEquals) to a trusted role, then COMPLIANT.
 *  - Given Principal "*" pinned by aws:SourceAccount to a trusted account, then COMPLIANT.
 *  - Given Principal "*" pinned by aws:SourceOrgID to a trusted org, then COMPLIANT.
 *  - Given Principal "*" pinned by aws:SourceArn to a trusted account's resource, then COMPLIANT.
 *  - Given Principal "*" pinned by aws:SourceVpc to a VPC of the own account, then COMPLIANT.
 *  - Given Principal "*" pinned by aws:SourceVpce to an endpoint of the own account, then COMPLIANT.
 *  - Given Principal "*" pinned by aws:SourceVpce to an endpoint the account does not own, then
 *    NON_COMPLIANT "... aws:SourceVpce names vpce-..., not an endpoint of account <id> in <region>".
 *  - Given Principal "*" pinned by aws:SourceVpc to a VPC the account does not own, then NON_COMPLIANT naming it.
 *  - Given aws:PrincipalOrgID naming an untrusted org, then NON_COMPLIANT naming the key and the org.
 *  - Given aws:PrincipalAccount listing a trusted and an untrusted account, then NON_COMPLIANT naming the untrusted account.
 *  - Given a pinning key spelt in another case (AWS:principalorgid), then COMPLIANT.
 *  - Given StringEqualsIgnoreCase on aws:PrincipalOrgID with a trusted org, then COMPLIANT.
 *  - Given StringEqualsIfExists on aws:PrincipalOrgID, then NON_COMPLIANT naming the operator (a caller without the key passes).
 *  - Given StringLike aws:PrincipalArn arn:aws:iam::<trusted>:*, then COMPLIANT.
 *  - Given StringLike aws:PrincipalArn "*", then NON_COMPLIANT.
 *  - Given ArnLike aws:PrincipalArn with a wildcard account, then NON_COMPLIANT.
 *  - Given ForAnyValue:StringEquals aws:PrincipalOrgID with a trusted org, then COMPLIANT.
 *  - Given ForAllValues:StringEquals aws:PrincipalOrgID, then NON_COMPLIANT (true when the key is absent).
 *  - Given StringNotEquals aws:PrincipalOrgID on an Allow, then NON_COMPLIANT.
 *  - Given only an aws:SourceIp condition, then NON_COMPLIANT.
 *  - Given only a Bool aws:SecureTransport condition, then NON_COMPLIANT.
 *  - Given a Deny of all actions to callers outside the trusted org, then COMPLIANT.
 *  - Given a Deny by ArnNotLike aws:PrincipalArn with trusted account patterns, then COMPLIANT.
 *  - Given a Deny that covers fewer actions than the Allow grants, then NON_COMPLIANT.
 *  - Given a Deny with an extra condition block, then NON_COMPLIANT naming the Deny and that block.
 *  - Given a Deny by ForAnyValue:StringNotEquals (false when the key is absent), then NON_COMPLIANT.
 *  - Given only Deny statements, then COMPLIANT.
 *  - Given Statement as a single object, then it is evaluated like a one-element list.
 *  - Given an exposing statement without Sid, then it is named "statement #<index>".
 *  - Given several exposing statements, then NON_COMPLIANT listing each by Sid or index (the
 *    explanation suffix is dropped first when space runs out).
 *  - Given one statement naming several untrusted accounts, then they are listed together.
 *  - Given very many exposing statements and a long name, then the annotation stays within 256 characters.
 */
import { cutName, cutToLimit, fitList } from '../lib/engine/annotation';
import { statementClauses, TO_PASS } from '../lib/engine/policy-findings';
import { compliant, defineRule, nonCompliant } from '../lib/engine/rule';
import {
  ECR_REPOSITORY_POLICY_LIMIT,
  findExposures,
  RESOURCE_POLICY_PINNING_KEYS,
  readPolicyInput,
} from '../lib/policy';

export default defineRule({
  id: 'ecr-repository-not-public',
  title: 'ECR repository policy grants access only to trusted accounts',
  severity: 'critical',
  resourceTypes: ['AWS::ECR::Repository'],
  rationale:
    'A repository policy that allows "*", an untrusted account or NotPrincipal without a condition such as ' +
    'aws:PrincipalOrgID lets principals outside the trusted accounts pull (or push) the images the pipeline builds.',
  remediation:
    'Remove the statement or name only trusted accounts, or add a condition pinning callers to the trusted set, ' +
    'e.g. "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-..."}}; then ' +
    'aws ecr set-repository-policy --repository-name <name> --policy-text file://policy.json',
  parameters: {},
  needs: ['ownNetworks'],
  evaluate(repository, context) {
    const reading = readPolicyInput(repository.policy, { sizeLimit: ECR_REPOSITORY_POLICY_LIMIT });
    if (reading.kind === 'none') return compliant();
    if (reading.kind === 'unparsable') {
      return nonCompliant(cutToLimit(`repository policy is unparsable: ${reading.reason}`));
    }
    const findings = findExposures(reading.policy, {
      trust: context.trust,
      pinningKeys: RESOURCE_POLICY_PINNING_KEYS,
      actionNamespace: 'ecr',
      resourceArn: repository.arn,
    });
    if (findings.length === 0) return compliant();
    const clauses = statementClauses(findings, { accountId: context.accountId, region: repository.region });
    // Every exposing statement in policy order, each with its cause; what makes it pass is dropped first.
    return nonCompliant(
      fitList(`repository policy exposes ${cutName(repository.name)}: `, clauses, { suffix: TO_PASS }),
    );
  },
});
