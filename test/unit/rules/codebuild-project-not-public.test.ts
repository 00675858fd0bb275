import { describe, expect, it } from 'vitest';
import {
  contextFor,
  evaluateResource,
  parseRuleParameters,
  RuleEvaluationError,
} from '../../../lib/engine/run';
import rule from '../../../rules/codebuild-project-not-public';
import { codeBuildProject } from '../../fixtures/models';
import { scenarios } from './scenarios';

const params = parseRuleParameters(rule, {});
const context = contextFor('123456789012', 'eu-west-1', params.common, new Date('2026-11-25T00:00:00Z'));

describe('codebuild-project-not-public', () => {
  scenarios(
    (project) => rule.evaluate(project, context, params.own),
    [
      [
        'Given a project with visibility PRIVATE, then COMPLIANT',
        codeBuildProject({ visibility: 'PRIVATE' }),
        { compliance: 'COMPLIANT' },
      ],
      [
        'Given a project with visibility PUBLIC_READ, then NON_COMPLIANT naming the exposed logs and artifacts',
        codeBuildProject({ name: 'app-build', visibility: 'PUBLIC_READ' }),
        {
          compliance: 'NON_COMPLIANT',
          annotation:
            'public build access (PUBLIC_READ): anyone can read its build logs and download its artifacts; ' +
            'to pass, set visibility PRIVATE',
        },
      ],
      [
        'Given an unrecognised visibility value, then NON_COMPLIANT naming the value',
        codeBuildProject({ name: 'app-build', visibility: 'PUBLIC_WRITE' }),
        {
          compliance: 'NON_COMPLIANT',
          annotation:
            'visibility PUBLIC_WRITE, not PRIVATE: its build results may be readable outside the account; ' +
            'to pass, set visibility PRIVATE',
        },
      ],
    ],
  );

  it.each([
    ['private', 'COMPLIANT'],
    ['public_read', 'NON_COMPLIANT'],
  ])(
    'Given a visibility in other letter case (private, public_read), then the same verdicts: %s',
    (visibility, compliance) => {
      // Prepare
      const project = codeBuildProject({ visibility });

      // Act
      const verdict = rule.evaluate(project, context, params.own);

      // Assess
      expect(verdict.compliance).toBe(compliance);
    },
  );

  it.each([undefined, '', '  '])(
    'Given a project whose visibility was not recorded (undefined or empty), then the rule throws an error naming the project and the missing visibility: %j',
    (visibility) => {
      // Prepare
      const project = codeBuildProject({ name: 'app-build', visibility });

      const message =
        'project app-build: CodeBuild returned no visibility (projectVisibility) for it, so whether ' +
        'its build results are public is unknown (BatchGetProjects answered; this is not a missing permission)';

      // Act
      const evaluate = () => rule.evaluate(project, context, params.own);
      const evaluateInEngine = () => evaluateResource(rule, project, context, params);

      // Assess
      expect(rule.needs).toContain('projectVisibility'); // the pipeline fetches it, so missing is a bug
      expect(evaluate).toThrow(new Error(message));
      expect(evaluateInEngine).toThrow(RuleEvaluationError);
      expect(evaluateInEngine).toThrow(
        `rule codebuild-project-not-public failed on resource ${project.resourceId}: ${message}`,
      );
    },
  );
});
