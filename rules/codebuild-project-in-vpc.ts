/**
 * codebuild-project-in-vpc
 *
 * A CodeBuild project without a complete vpcConfig runs on AWS-managed build hosts that reach
 * the internet directly (and pull from Docker Hub without anyone noticing). Every private
 * pipeline starts with its builds inside the VPC.
 *
 * The engine starts every CodeBuild annotation with `project <name>: ` (lib/engine/run.ts), so the
 * texts here name the item at fault and what makes the project pass, not the project.
 *
 * Scenarios:
 *  - Given a project with VPC id, subnets and security groups, then COMPLIANT naming the VPC.
 *  - Given a project without vpcConfig, then NON_COMPLIANT "no vpcConfig: ...; to pass, set vpcConfig ...".
 *  - Given a vpcConfig without a VPC id, then NON_COMPLIANT naming the missing VPC id.
 *  - Given a vpcConfig without subnets, then NON_COMPLIANT naming the missing subnets.
 *  - Given a vpcConfig without security groups, then NON_COMPLIANT naming the missing security groups.
 *  - Given a vpcConfig that lacks all three, then NON_COMPLIANT listing every gap in one annotation.
 */
import { cutToLimit, projectTextRoom } from '../lib/engine/annotation';
import { compliant, defineRule, nonCompliant } from '../lib/engine/rule';

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

const TO_PASS = '; to pass, set vpcConfig to private subnets and a security group';

export default defineRule({
  id: 'codebuild-project-in-vpc',
  title: 'CodeBuild project runs inside a VPC',
  severity: 'high',
  resourceTypes: ['AWS::CodeBuild::Project'],
  rationale:
    'Without a VPC configuration, builds run on AWS-managed hosts with unrestricted internet access, ' +
    'outside every network control of the pipeline.',
  remediation:
    'Set the project vpcConfig to the pipeline VPC with private subnets and a security group ' +
    '(console: Edit > Environment > Additional configuration > VPC).',
  parameters: {},
  evaluate(project) {
    const vpc = project.vpcConfig;
    if (!vpc) {
      return nonCompliant(`no vpcConfig: builds run outside any VPC with direct internet access${TO_PASS}`);
    }
    const gaps: string[] = [];
    if (!vpc.vpcId) gaps.push('a VPC id');
    if (vpc.subnetIds.length === 0) gaps.push('subnets');
    if (vpc.securityGroupIds.length === 0) gaps.push('security groups');
    if (gaps.length > 0) {
      return nonCompliant(`vpcConfig lacks ${gaps.join(', ')}: builds do not run in the VPC${TO_PASS}`);
    }
    return compliant(
      cutToLimit(
        `runs in ${vpc.vpcId} (${plural(vpc.subnetIds.length, 'subnet')}, ` +
          `${plural(vpc.securityGroupIds.length, 'security group')})`,
        projectTextRoom(project.name),
      ),
    );
  },
});
