/**
 * codebuild-project-not-public
 *
 * A project with public build access (visibility PUBLIC_READ) lets anyone with the public URL
 * read its build logs and download its artifacts: source paths, dependency names, environment
 * output and whatever a build step prints leave the private pipeline.
 *
 * Decisions (docs/rule-semantics.md is silent):
 *  - AWS Config items do not record projectVisibility. The rule declares
 *    `needs: ['projectVisibility']`, so the pipeline fetches it (codebuild:BatchGetProjects) before
 *    evaluating; an undefined (or blank) visibility here is a programming error: the rule throws,
 *    and the engine reports the error naming rule and resource. It never guesses a verdict from a
 *    missing value.
 *  - Values are compared case-insensitively. A recorded value other than PRIVATE and PUBLIC_READ
 *    (a future visibility) is NON_COMPLIANT: only PRIVATE is known to keep build results private.
 *
 * Scenarios:
 *  - Given a project with visibility PRIVATE, then COMPLIANT.
 *  - Given a project with visibility PUBLIC_READ, then NON_COMPLIANT naming the exposed logs and
 *    artifacts and "to pass, set visibility PRIVATE" (the engine prefixes the project name).
 *  - Given a visibility in other letter case (private, public_read), then the same verdicts.
 *  - Given an unrecognised visibility value, then NON_COMPLIANT naming the value.
 *  - Given a project whose visibility was not recorded (undefined or empty), then the rule throws
 *    an error naming the project and the missing visibility.
 */
import { cutName } from '../lib/engine/annotation';

const TO_PASS = '; to pass, set visibility PRIVATE';

import { compliant, defineRule, nonCompliant } from '../lib/engine/rule';

export default defineRule({
  id: 'codebuild-project-not-public',
  title: 'CodeBuild project build results are not public',
  severity: 'critical',
  resourceTypes: ['AWS::CodeBuild::Project'],
  rationale:
    'Public build access (PUBLIC_READ) lets anyone with the project URL read build logs and download ' +
    'artifacts, exposing code, dependencies and anything the build prints.',
  remediation:
    'Make the project private: console Edit > Project configuration > Public build access > clear "Enable ' +
    'public build access", or aws codebuild update-project-visibility --project-arn <arn> ' +
    '--project-visibility PRIVATE',
  parameters: {},
  // Config items lack projectVisibility: the pipeline fills it in from BatchGetProjects.
  needs: ['projectVisibility'],
  evaluate(project) {
    const visibility = project.visibility?.trim().toUpperCase() ?? '';
    if (visibility === '') {
      throw new Error(
        // The engine completes an item lacking it from BatchGetProjects first (lib/engine/complete.ts):
        // reaching here means the API answered without it, not that a permission is missing.
        `project ${project.name}: CodeBuild returned no visibility (projectVisibility) for it, so whether ` +
          'its build results are public is unknown (BatchGetProjects answered; this is not a missing permission)',
      );
    }
    if (visibility === 'PRIVATE') return compliant();
    if (visibility === 'PUBLIC_READ') {
      return nonCompliant(
        `public build access (PUBLIC_READ): anyone can read its build logs and download its artifacts${TO_PASS}`,
      );
    }
    return nonCompliant(
      `visibility ${cutName(visibility)}, not PRIVATE: its build results may be readable outside the account${TO_PASS}`,
    );
  },
});
