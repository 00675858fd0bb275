// Generated from the rule files in rules/ by `npm run generate`; do not edit by hand.
import type { AnyRule } from '../../lib/engine/rule';

export const GENERATED_LOADERS: Readonly<Record<string, () => Promise<{ default: AnyRule }>>> = {
  'codebuild-project-in-vpc': () => import('../codebuild-project-in-vpc'),
  'codebuild-project-no-internet-egress': () => import('../codebuild-project-no-internet-egress'),
  'codebuild-project-vpc-endpoints': () => import('../codebuild-project-vpc-endpoints'),
  'codebuild-project-source-private': () => import('../codebuild-project-source-private'),
  'codebuild-project-image-private': () => import('../codebuild-project-image-private'),
  'codebuild-project-not-public': () => import('../codebuild-project-not-public'),
  'codebuild-project-no-plaintext-secrets': () => import('../codebuild-project-no-plaintext-secrets'),
  'codebuild-project-logging': () => import('../codebuild-project-logging'),
  'ecr-repository-not-public': () => import('../ecr-repository-not-public'),
  'ecr-public-repository-absent': () => import('../ecr-public-repository-absent'),
  'ecr-registry-no-external-sharing': () => import('../ecr-registry-no-external-sharing'),
  'ecr-repository-hygiene': () => import('../ecr-repository-hygiene'),
  'vpc-endpoint-private-dns': () => import('../vpc-endpoint-private-dns'),
  'vpc-endpoint-policy-restricted': () => import('../vpc-endpoint-policy-restricted'),
  'vpc-required-endpoints': () => import('../vpc-required-endpoints'),
  'codecommit-repository-private-access': () => import('../codecommit-repository-private-access'),
  'codebuild-project-artifacts-private': () => import('../codebuild-project-artifacts-private'),
};
