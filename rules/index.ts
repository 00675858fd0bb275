/**
 * The rule registry: the single source of truth for Lambda dispatch, the CLI, the deployed
 * Config rules, the generated docs and the meta-tests. Adding a rule = its file + its tests +
 * one line here.
 */
import type { AnyRule } from '../lib/engine/rule';
import codebuildProjectImagePrivate from './codebuild-project-image-private';
import codebuildProjectInVpc from './codebuild-project-in-vpc';
import codebuildProjectLogging from './codebuild-project-logging';
import codebuildProjectNoInternetEgress from './codebuild-project-no-internet-egress';
import codebuildProjectNoPlaintextSecrets from './codebuild-project-no-plaintext-secrets';
import codebuildProjectNotPublic from './codebuild-project-not-public';
import codebuildProjectSourcePrivate from './codebuild-project-source-private';
import codebuildProjectVpcEndpoints from './codebuild-project-vpc-endpoints';
import codecommitRepositoryPrivateAccess from './codecommit-repository-private-access';
import ecrPublicRepositoryAbsent from './ecr-public-repository-absent';
import ecrRegistryNoExternalSharing from './ecr-registry-no-external-sharing';
import ecrRepositoryHygiene from './ecr-repository-hygiene';
import ecrRepositoryNotPublic from './ecr-repository-not-public';
import { ruleIdForConfigRuleName } from './load';
import vpcEndpointPolicyRestricted from './vpc-endpoint-policy-restricted';
import vpcEndpointPrivateDns from './vpc-endpoint-private-dns';
import vpcRequiredEndpoints from './vpc-required-endpoints';

// In the order of the catalog (docs/rule-semantics.md): CodeBuild, ECR, VPC endpoints, CodeCommit.
export const RULES: readonly AnyRule[] = [
  codebuildProjectInVpc,
  codebuildProjectNoInternetEgress,
  codebuildProjectVpcEndpoints,
  codebuildProjectSourcePrivate,
  codebuildProjectImagePrivate,
  codebuildProjectNotPublic,
  codebuildProjectNoPlaintextSecrets,
  codebuildProjectLogging,
  ecrRepositoryNotPublic,
  ecrPublicRepositoryAbsent,
  ecrRegistryNoExternalSharing,
  ecrRepositoryHygiene,
  vpcEndpointPrivateDns,
  vpcEndpointPolicyRestricted,
  vpcRequiredEndpoints,
  codecommitRepositoryPrivateAccess,
];

export function findRule(id: string): AnyRule | undefined {
  return RULES.find((rule) => rule.id === id);
}

/** Resolves the rule a deployed Config rule runs (`<prefix>-<rule id>` or its organization copy; see rules/load.ts). */
export function ruleForConfigRuleName(configRuleName: string): AnyRule | undefined {
  const id = ruleIdForConfigRuleName(configRuleName);
  return id === undefined ? undefined : findRule(id);
}
