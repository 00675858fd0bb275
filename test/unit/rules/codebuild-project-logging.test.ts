import { describe, expect, it } from 'vitest';
import { contextFor, parseRuleParameters } from '../../../lib/engine/run';
import { type ConfigurationItem, modelFromConfigurationItem } from '../../../lib/resources';
import type { CodeBuildProject } from '../../../lib/resources/model';
import rule from '../../../rules/codebuild-project-logging';
import { invocationItem } from '../../fixtures/config/index';
import { codeBuildProject } from '../../fixtures/models';
import { scenarios } from './scenarios';

const params = parseRuleParameters(rule, {});
const context = contextFor('123456789012', 'eu-west-1', params.common, new Date('2026-11-25T00:00:00Z'));

const withLogs = (logs: CodeBuildProject['logs']) => codeBuildProject({ name: 'app-build', logs });

describe('codebuild-project-logging', () => {
  it('Given CloudWatch Logs enabled and S3 logs disabled, then COMPLIANT naming CloudWatch Logs', () => {
    // Prepare
    const project = withLogs({
      cloudWatchLogs: { status: 'ENABLED', groupName: '/codebuild/app-build' },
      s3Logs: { status: 'DISABLED', encryptionDisabled: false },
    });

    // Act
    const verdict = rule.evaluate(project, context, params.own);

    // Assess
    expect(verdict).toEqual({ compliance: 'COMPLIANT', annotation: 'logs to CloudWatch Logs' });
  });

  it('Given a project whose Config item has no logsConfig (CodeBuild defaults), then COMPLIANT', () => {
    // Prepare
    const item = invocationItem('codebuild-project');
    const { logsConfig: _omitted, ...configuration } = item.configuration ?? {};
    const withoutLogsConfig: ConfigurationItem = { ...item, configuration };
    const project = modelFromConfigurationItem(withoutLogsConfig);
    if (project.resourceType !== 'AWS::CodeBuild::Project') throw new Error('fixture is not a project');

    // Act
    const verdict = rule.evaluate(project, context, params.own);

    // Assess
    expect(configuration).not.toHaveProperty('logsConfig');
    expect(verdict).toEqual({ compliance: 'COMPLIANT', annotation: 'logs to CloudWatch Logs' });
  });

  it('Given only encrypted S3 logs enabled, then COMPLIANT naming the S3 location', () => {
    // Prepare
    const project = withLogs({
      cloudWatchLogs: { status: 'DISABLED' },
      s3Logs: { status: 'ENABLED', location: 'build-logs-123456789012/app-build', encryptionDisabled: false },
    });

    // Act
    const verdict = rule.evaluate(project, context, params.own);

    // Assess
    expect(verdict).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'logs to encrypted S3 logs (build-logs-123456789012/app-build)',
    });
  });

  it('Given both destinations disabled, then NON_COMPLIANT saying no log destination is enabled', () => {
    // Prepare
    const project = withLogs({
      cloudWatchLogs: { status: 'DISABLED' },
      s3Logs: { status: 'DISABLED', encryptionDisabled: true },
    });

    // Act
    const verdict = rule.evaluate(project, context, params.own);

    // Assess
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        'no log destination is enabled (CloudWatch Logs and S3 logs are both disabled); to pass, enable either',
    });
  });

  it.each([
    ['', ''],
    ['  ', 'PAUSED'],
  ])(
    'Given statuses that are empty or unknown, then NON_COMPLIANT (treated as not enabled): %j %j',
    (cloudWatch, s3) => {
      // Prepare
      const project = withLogs({
        cloudWatchLogs: { status: cloudWatch },
        s3Logs: { status: s3, location: '', encryptionDisabled: false },
      });

      // Act
      const verdict = rule.evaluate(project, context, params.own);

      // Assess
      expect(verdict).toEqual({
        compliance: 'NON_COMPLIANT',
        annotation:
          'no log destination is enabled (CloudWatch Logs and S3 logs are both disabled); to pass, enable either',
      });
    },
  );

  scenarios(
    (project) => rule.evaluate(project, context, params.own),
    [
      [
        'Given S3 logs enabled with encryption disabled, then NON_COMPLIANT naming the S3 location',
        withLogs({
          cloudWatchLogs: { status: 'ENABLED' },
          s3Logs: {
            status: 'ENABLED',
            location: 'build-logs-123456789012/app-build',
            encryptionDisabled: true,
          },
        }),
        {
          compliance: 'NON_COMPLIANT',
          annotation:
            'S3 logs (build-logs-123456789012/app-build) are not encrypted (encryptionDisabled); to pass, set ' +
            'encryptionDisabled to false',
        },
      ],
      [
        'Given S3 logs enabled without a location and with encryption disabled, then NON_COMPLIANT without a location',
        withLogs({
          cloudWatchLogs: { status: 'DISABLED' },
          s3Logs: { status: 'ENABLED', location: ' ', encryptionDisabled: true },
        }),
        {
          compliance: 'NON_COMPLIANT',
          annotation:
            'S3 logs are not encrypted (encryptionDisabled); to pass, set encryptionDisabled to false',
        },
      ],
      [
        'Given lower-case statuses, then they are read like upper-case ones',
        withLogs({
          cloudWatchLogs: { status: 'enabled' },
          s3Logs: { status: 'enabled', location: 'build-logs/app', encryptionDisabled: false },
        }),
        {
          compliance: 'COMPLIANT',
          annotation: 'logs to CloudWatch Logs and encrypted S3 logs (build-logs/app)',
        },
      ],
    ],
  );
});
