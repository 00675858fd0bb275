/**
 * ecr-public-repository-absent
 *
 * Anyone can pull the images of an ECR Public repository, anonymously, and they are listed on
 * gallery.ecr.aws (docs/aws-data.md §6): a private pipeline has no business publishing there unless
 * the repository is meant to be public and listed in `allowedPublicRepositories`.
 *
 * Decisions where docs/rule-semantics.md is silent:
 *  - AWS Config records public repositories in us-east-1 only, and ECR Public's API lives there:
 *    the sweep lists them only when the reader's Region is us-east-1 (lib/collect/ecr-public.ts),
 *    so a deployment in another Region reports nothing for this rule.
 *  - `allowedPublicRepositories` items are full repository names, compared exactly (ECR Public
 *    names are lower case): `team` does not allow `team/app`. A name that ECR Public could not
 *    accept is an invalid parameter.
 *  - The repository's policy and catalog data do not matter: existing is the exposure.
 *
 * Scenarios:
 *  - Given a public repository not listed in allowedPublicRepositories, then NON_COMPLIANT naming it and saying it is pullable anonymously by anyone.
 *  - Given a public repository listed in allowedPublicRepositories, then COMPLIANT saying it is allowed.
 *  - Given allowedPublicRepositories that list only other repositories, then NON_COMPLIANT.
 *  - Given a namespaced repository (team/app) and only its namespace (team) allowed, then NON_COMPLIANT.
 *  - Given a namespaced repository listed with its full name, then COMPLIANT.
 *  - Given an allowedPublicRepositories item that is not a repository name, then parameter parsing fails naming the parameter.
 *  - Given a very long repository name, then the annotation stays within 256 characters.
 */
import { keepCause } from '../lib/engine/annotation';
import { compliant, defineRule, nonCompliant } from '../lib/engine/rule';

/** ECR Public repository names (CreateRepository's pattern). */
const REPOSITORY_NAME = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

export default defineRule({
  id: 'ecr-public-repository-absent',
  title: 'No ECR Public repository exists unless explicitly allowed',
  severity: 'high',
  resourceTypes: ['AWS::ECR::PublicRepository'],
  rationale:
    'Images in an ECR Public repository can be pulled anonymously by anyone and are listed on gallery.ecr.aws: ' +
    'a private pipeline that pushes there publishes its build output to the internet.',
  remediation:
    'Move the images to a private ECR repository and delete the public one (aws ecr-public delete-repository ' +
    '--repository-name <name> --force --region us-east-1), or list it in allowedPublicRepositories if it is ' +
    'meant to be public.',
  parameters: {
    allowedPublicRepositories: {
      type: 'list',
      default: [],
      itemPattern: REPOSITORY_NAME,
      expected: 'comma-separated ECR Public repository names (e.g. team/cli)',
      description: 'ECR Public repositories that are meant to be public (full names, matched exactly).',
    },
  },
  evaluate(repository, _context, params) {
    if (params.allowedPublicRepositories.includes(repository.name)) {
      return compliant(
        keepCause('ECR Public repository ', repository.name, ' is listed in allowedPublicRepositories'),
      );
    }
    return nonCompliant(
      keepCause(
        'ECR Public repository ',
        repository.name,
        ' is pullable anonymously by anyone (ECR Public) and is not listed in allowedPublicRepositories',
      ),
    );
  },
});
