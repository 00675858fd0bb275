import { describe } from 'vitest';
import { contextFor, parseRuleParameters } from '../../../lib/engine/run';
import rule from '../../../rules/codebuild-project-in-vpc';
import { codeBuildProject } from '../../fixtures/models';
import { scenarios } from './scenarios';

/** What every NON_COMPLIANT annotation ends with (the engine adds `project <name>: ` before it). */
const TO_PASS = '; to pass, set vpcConfig to private subnets and a security group';

const params = parseRuleParameters(rule, {});
const context = contextFor('123456789012', 'eu-west-1', params.common, new Date('2026-11-25T00:00:00Z'));

describe('codebuild-project-in-vpc', () => {
  scenarios(
    (project) => rule.evaluate(project, context, params.own),
    [
      [
        'Given a project with VPC id, subnets and security groups, then COMPLIANT naming the VPC',
        codeBuildProject({
          name: 'app-build',
          vpcConfig: {
            vpcId: 'vpc-0a1b',
            subnetIds: ['subnet-0c1d', 'subnet-0c2d'],
            securityGroupIds: ['sg-0e1f'],
          },
        }),
        {
          compliance: 'COMPLIANT',
          annotation: 'runs in vpc-0a1b (2 subnets, 1 security group)',
        },
      ],
      [
        'Given a project without vpcConfig, then NON_COMPLIANT',
        codeBuildProject({ name: 'app-build', vpcConfig: undefined }),
        {
          compliance: 'NON_COMPLIANT',
          annotation:
            'no vpcConfig: builds run outside any VPC with direct internet access; to pass, set vpcConfig to ' +
            'private subnets and a security group',
        },
      ],
      [
        'Given a vpcConfig without a VPC id, then NON_COMPLIANT naming the missing VPC id',
        codeBuildProject({
          name: 'app-build',
          vpcConfig: { subnetIds: ['subnet-0c1d'], securityGroupIds: ['sg-0e1f'] },
        }),
        {
          compliance: 'NON_COMPLIANT',
          annotation: `vpcConfig lacks a VPC id: builds do not run in the VPC${TO_PASS}`,
        },
      ],
      [
        'Given a vpcConfig without subnets, then NON_COMPLIANT naming the missing subnets',
        codeBuildProject({
          name: 'app-build',
          vpcConfig: { vpcId: 'vpc-0a1b', subnetIds: [], securityGroupIds: ['sg-0e1f'] },
        }),
        {
          compliance: 'NON_COMPLIANT',
          annotation: `vpcConfig lacks subnets: builds do not run in the VPC${TO_PASS}`,
        },
      ],
      [
        'Given a vpcConfig without security groups, then NON_COMPLIANT naming the missing security groups',
        codeBuildProject({
          name: 'app-build',
          vpcConfig: { vpcId: 'vpc-0a1b', subnetIds: ['subnet-0c1d'], securityGroupIds: [] },
        }),
        {
          compliance: 'NON_COMPLIANT',
          annotation: `vpcConfig lacks security groups: builds do not run in the VPC${TO_PASS}`,
        },
      ],
      [
        'Given a vpcConfig that lacks all three, then NON_COMPLIANT listing every gap',
        codeBuildProject({
          name: 'app-build',
          vpcConfig: { subnetIds: [], securityGroupIds: [] },
        }),
        {
          compliance: 'NON_COMPLIANT',
          annotation: `vpcConfig lacks a VPC id, subnets, security groups: builds do not run in the VPC${TO_PASS}`,
        },
      ],
    ],
  );
});
