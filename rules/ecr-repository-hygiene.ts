/**
 * ecr-repository-hygiene
 *
 * Parity with Security Hub ECR.1-3 for the repositories the pipeline pushes to: images are scanned
 * for vulnerabilities (ECR.1), tags are immutable so a released tag cannot be silently replaced
 * (ECR.2), and a lifecycle policy bounds what accumulates (ECR.3). The annotation lists each gap.
 *
 * Scanning. A repository is scanned when the registry's scanning configuration (context
 * ecrRegistryScanning, loaded by the pipeline: needs ecrRegistryScanning) has a rule with
 * scanFrequency SCAN_ON_PUSH or CONTINUOUS_SCAN whose filters match the repository name, or when
 * the repository itself has scanOnPush and the registry uses BASIC scanning. MANUAL rules never
 * count. Filters (filterType WILDCARD) follow ECR: without `*` a filter matches every name that
 * contains it; with `*` it must match the whole name, each `*` standing for zero or more characters.
 *
 * Decisions where docs/rule-semantics.md is silent:
 *  - ENHANCED scanning ignores the repository's scanOnPush: ECR disables scanning on every
 *    repository no enhanced-scanning filter matches, so there only registry rules count.
 *  - Filters of another filterType never match (only WILDCARD exists today); a rule without
 *    filters matches nothing.
 *  - Tag immutability passes only with IMMUTABLE, as ECR.2 requires: IMMUTABLE_WITH_EXCLUSION lets the
 *    tags matching its exclusion filters be overwritten, and an unrecorded setting is ECR's default,
 *    MUTABLE.
 *  - The registry's scanning configuration comes from the pipeline (needs: ecrRegistryScanning).
 *
 * The annotation names the repository and every gap, then what makes it pass ("to pass, enable
 * scanning, make tags IMMUTABLE, add a lifecycle policy") when that fits beside the whole name.
 *
 * Scenarios:
 *  - Given a repository with scan on push, immutable tags and a lifecycle policy under BASIC scanning without rules, then COMPLIANT.
 *  - Given a repository without scan on push, with mutable tags and no lifecycle policy, then NON_COMPLIANT listing all three gaps.
 *  - Given a repository without scan on push under BASIC scanning without rules, then NON_COMPLIANT "images are not scanned".
 *  - Given a repository without scan on push matched by a BASIC SCAN_ON_PUSH rule with filter "*", then it is scanned.
 *  - Given a repository without scan on push matched by an ENHANCED CONTINUOUS_SCAN rule, then it is scanned.
 *  - Given a repository with scan on push under ENHANCED scanning whose filters do not match it, then NON_COMPLIANT saying ENHANCED scanning ignores scan on push.
 *  - Given a repository matched only by a MANUAL rule, then it is not scanned.
 *  - Given wildcard filters (prod, *prod, prod*, *prod*, prod*repo), then they match as ECR documents.
 *  - Given a filter of another filterType, then it does not match.
 *  - Given the filter *a*a*a*a*a*a*b and a 128-character name, then it answers at once (no match).
 *  - Given a filter with regular-expression characters, then they are literal.
 *  - Given mutable tags only, then NON_COMPLIANT "tags are mutable (MUTABLE)".
 *  - Given IMMUTABLE_WITH_EXCLUSION, then NON_COMPLIANT saying excluded tags can be overwritten.
 *  - Given no recorded tag mutability, then NON_COMPLIANT saying ECR's default is MUTABLE.
 *  - Given no lifecycle policy only, then NON_COMPLIANT "no lifecycle policy".
 *  - Given a very long repository name with every gap, then the annotation stays within 256 characters.
 */
import { keepCause, MAX_ANNOTATION } from '../lib/engine/annotation';
import { compliant, defineRule, nonCompliant } from '../lib/engine/rule';
import { starMatch } from '../lib/policy';
import type { EcrRegistryScanning, EcrRepository, EcrRepositoryFilter } from '../lib/resources/model';

const SCANNING_FREQUENCIES = new Set(['SCAN_ON_PUSH', 'CONTINUOUS_SCAN']);

/**
 * ECR's scanning filter semantics (see the header). Matching goes through lib/policy's wildcard
 * programme, never a RegExp built from the filter: a filter such as `*a*a*a*a*a*a*b` made a
 * backtracking RegExp run for minutes on one 128-character name.
 */
function scanFilterMatches(filter: EcrRepositoryFilter, repositoryName: string): boolean {
  if (filter.filterType.trim().toUpperCase() !== 'WILDCARD') return false;
  const pattern = filter.filter.trim();
  if (pattern === '') return false;
  if (!pattern.includes('*')) return repositoryName.includes(pattern);
  return starMatch(pattern, repositoryName);
}

/** The registry rule that scans the repository, if any. */
function scanningRule(scanning: EcrRegistryScanning, name: string) {
  return scanning.rules.find(
    (rule) =>
      SCANNING_FREQUENCIES.has(rule.scanFrequency.trim().toUpperCase()) &&
      rule.repositoryFilters.some((filter) => scanFilterMatches(filter, name)),
  );
}

function scanGap(repository: EcrRepository, scanning: EcrRegistryScanning): string | undefined {
  if (scanningRule(scanning, repository.name)) return undefined;
  if (scanning.scanType === 'ENHANCED') {
    return repository.scanOnPush
      ? 'images are not scanned (ENHANCED registry scanning ignores scanOnPush and no scanning filter matches)'
      : 'images are not scanned (no ENHANCED scanning filter matches)';
  }
  if (repository.scanOnPush) return undefined;
  return 'images are not scanned (scanOnPush off, no registry scan-on-push filter matches)';
}

function tagGap(repository: EcrRepository): string | undefined {
  const mutability = repository.imageTagMutability?.trim().toUpperCase();
  if (mutability === 'IMMUTABLE') return undefined;
  if (mutability === undefined || mutability === '')
    return "tags are mutable (not set: ECR's default is MUTABLE)";
  if (mutability === 'IMMUTABLE_WITH_EXCLUSION') {
    return 'tags are mutable (IMMUTABLE_WITH_EXCLUSION: excluded tags can be overwritten)';
  }
  return `tags are mutable (${mutability})`;
}

export default defineRule({
  id: 'ecr-repository-hygiene',
  title: 'ECR repository scans images, has immutable tags and a lifecycle policy',
  severity: 'medium',
  resourceTypes: ['AWS::ECR::Repository'],
  rationale:
    'Unscanned images ship known vulnerabilities unnoticed, a mutable tag lets a pushed image silently replace ' +
    'the one a deployment expects, and without a lifecycle policy old, unpatched images accumulate.',
  remediation:
    'Enable scanning (aws ecr put-registry-scanning-configuration with a SCAN_ON_PUSH or CONTINUOUS_SCAN rule ' +
    'matching the repository, or scan on push for BASIC scanning), make tags immutable (aws ecr ' +
    'put-image-tag-mutability --image-tag-mutability IMMUTABLE) and add a lifecycle policy (aws ecr ' +
    'put-lifecycle-policy).',
  equivalent:
    'ecr-private-image-scanning-enabled (Security Hub ECR.1), ecr-private-tag-immutability-enabled (ECR.2) and ecr-private-lifecycle-policy-configured (ECR.3)',
  parameters: {},
  needs: ['ecrRegistryScanning'],
  evaluate(repository, context) {
    const scanning = context.ecrRegistryScanning;
    const found: [string | undefined, string][] = [
      [scanGap(repository, scanning), 'enable scanning'],
      [tagGap(repository), 'make tags IMMUTABLE'],
      [repository.hasLifecyclePolicy ? undefined : 'no lifecycle policy', 'add a lifecycle policy'],
    ];
    const gaps = found.filter((gap): gap is [string, string] => gap[0] !== undefined);
    if (gaps.length === 0) return compliant();
    const cause = `: ${gaps.map(([gap]) => gap).join('; ')}`;
    const hint = `; to pass, ${gaps.map(([, fix]) => fix).join(', ')}`;
    // What makes it pass is said when it fits beside the whole name; the gaps always are.
    const fits = 'repository '.length + repository.name.length + cause.length + hint.length <= MAX_ANNOTATION;
    return nonCompliant(keepCause('repository ', repository.name, fits ? `${cause}${hint}` : cause));
  },
});
