/**
 * codebuild-project-logging
 *
 * Build logs are the audit trail of what a pipeline built and pulled. Parity with Security Hub
 * CodeBuild.4 (at least one log destination, CloudWatch Logs or S3, is enabled) and CodeBuild.3
 * (S3 logs, when enabled, are encrypted).
 *
 * Decisions (docs/rule-semantics.md is silent):
 *  - A destination counts when its status is ENABLED (case-insensitive); any other value,
 *    including an empty one, is not enabled. The model applies CodeBuild's defaults when Config
 *    omits logsConfig (CloudWatch Logs enabled, S3 logs disabled), so a project without a logs
 *    configuration is COMPLIANT, as in CodeBuild itself.
 *  - Like the Security Hub controls, the rule checks that logging is configured, not that the log
 *    group or bucket exists, and an S3 log location is not required for the destination to count.
 *  - The annotation names the S3 log location (bucket/prefix, not a secret) when it is known, and
 *    what makes the project pass; the engine starts it with `project <name>: ` (lib/engine/run.ts).
 *
 * Scenarios:
 *  - Given CloudWatch Logs enabled and S3 logs disabled, then COMPLIANT naming CloudWatch Logs.
 *  - Given a project whose Config item has no logsConfig (CodeBuild defaults), then COMPLIANT.
 *  - Given only encrypted S3 logs enabled, then COMPLIANT naming the S3 location.
 *  - Given both destinations disabled, then NON_COMPLIANT saying no log destination is enabled.
 *  - Given statuses that are empty or unknown, then NON_COMPLIANT (treated as not enabled).
 *  - Given S3 logs enabled with encryption disabled, then NON_COMPLIANT naming the S3 location.
 *  - Given S3 logs enabled without a location and with encryption disabled, then NON_COMPLIANT
 *    without a location.
 *  - Given lower-case statuses, then they are read like upper-case ones.
 */
import { cutName, cutToLimit, projectTextRoom } from '../lib/engine/annotation';
import { compliant, defineRule, nonCompliant } from '../lib/engine/rule';

const enabled = (status: string) => status.trim().toUpperCase() === 'ENABLED';

export default defineRule({
  id: 'codebuild-project-logging',
  title: 'CodeBuild project logs builds to CloudWatch Logs or encrypted S3',
  severity: 'medium',
  resourceTypes: ['AWS::CodeBuild::Project'],
  rationale:
    'Without build logs there is no record of what a build ran, fetched or pushed; S3 logs without ' +
    'encryption leave that record readable to anyone with access to the bucket objects.',
  equivalent:
    'codebuild-project-logging-enabled (Security Hub CodeBuild.4) and codebuild-project-s3-logs-encrypted (CodeBuild.3)',
  remediation:
    'Enable CloudWatch Logs or S3 logs and keep S3 log encryption on: console Edit > Logs, or aws codebuild ' +
    'update-project --name <project> --logs-config ' +
    "'cloudWatchLogs={status=ENABLED},s3Logs={status=ENABLED,location=<bucket>/<prefix>,encryptionDisabled=false}'",
  parameters: {},
  evaluate(project) {
    const { cloudWatchLogs, s3Logs } = project.logs;
    const cloudWatch = enabled(cloudWatchLogs.status);
    const s3 = enabled(s3Logs.status);
    const s3Name = s3Logs.location?.trim() ? `S3 logs (${cutName(s3Logs.location.trim())})` : 'S3 logs';
    const gaps: string[] = [];
    if (!cloudWatch && !s3) {
      gaps.push(
        'no log destination is enabled (CloudWatch Logs and S3 logs are both disabled); to pass, enable either',
      );
    }
    if (s3 && s3Logs.encryptionDisabled) {
      gaps.push(`${s3Name} are not encrypted (encryptionDisabled); to pass, set encryptionDisabled to false`);
    }
    if (gaps.length > 0) return nonCompliant(cutToLimit(gaps.join('; '), projectTextRoom(project.name)));
    const destinations = [...(cloudWatch ? ['CloudWatch Logs'] : []), ...(s3 ? [`encrypted ${s3Name}`] : [])];
    return compliant(cutToLimit(`logs to ${destinations.join(' and ')}`));
  },
});
