// Generated from the rule files in rules/ by `npm run generate`; do not edit by hand.
import type { AnyRule } from '../../lib/engine/rule';
import codebuildProjectArtifactsPrivate from '../codebuild-project-artifacts-private';
import codebuildProjectImagePrivate from '../codebuild-project-image-private';
import codebuildProjectInVpc from '../codebuild-project-in-vpc';
import codebuildProjectLogging from '../codebuild-project-logging';
import codebuildProjectNoInternetEgress from '../codebuild-project-no-internet-egress';
import codebuildProjectNoPlaintextSecrets from '../codebuild-project-no-plaintext-secrets';
import codebuildProjectNotPublic from '../codebuild-project-not-public';
import codebuildProjectSourcePrivate from '../codebuild-project-source-private';
import codebuildProjectVpcEndpoints from '../codebuild-project-vpc-endpoints';
import codecommitRepositoryPrivateAccess from '../codecommit-repository-private-access';
import ecrPublicRepositoryAbsent from '../ecr-public-repository-absent';
import ecrRegistryNoExternalSharing from '../ecr-registry-no-external-sharing';
import ecrRepositoryHygiene from '../ecr-repository-hygiene';
import ecrRepositoryNotPublic from '../ecr-repository-not-public';
import vpcEndpointPolicyRestricted from '../vpc-endpoint-policy-restricted';
import vpcEndpointPrivateDns from '../vpc-endpoint-private-dns';
import vpcRequiredEndpoints from '../vpc-required-endpoints';

export const GENERATED_RULES: readonly AnyRule[] = [
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
  codebuildProjectArtifactsPrivate,
];
