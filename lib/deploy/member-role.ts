/**
 * Organization mode: the role the evaluator assumes in each member account, as a CloudFormation
 * template to roll out with a service-managed StackSet (deploy/member-role.yml). Its permissions
 * are the evaluator's, derived from the rule registry: the reads of every rule plus reporting to
 * AWS Config in that account.
 *
 * The same template forwards the member account's compliance changes of the organization rules'
 * copies to the administrator account's default event bus (Config emits them on the member's own
 * bus, where the notify rule never sees them): an EventBridge rule in every Region of the StackSet,
 * while the role, global, is created in one Region only (MemberRoleRegion).
 */
import { stringify } from 'yaml';
import { evaluateFunctionActions } from '../engine/permissions';
import type { AnyRule } from '../engine/rule';
import { statementsFor } from './serverless';

/** The administrator account's default event bus in the stack's Region. */
const ADMINISTRATOR_BUS = {
  'Fn::Sub': `arn:\${AWS::Partition}:events:\${AWS::Region}:\${AdministratorAccountId}:event-bus/default`,
};
/** A fixed name, so that the forwarding role's trust can name the rule's ARN (GetAtt would be a cycle). */
const FORWARD_RULE_NAME = `\${RulePrefix}-fwd`;

/**
 * The rule that forwards the compliance changes of the organization rules' copies (and nothing
 * else) to the administrator's bus, unchanged: source aws.config and the detail-type stay, so the
 * administrator's notify rule matches them as it matches its own account's events.
 */
function forwardingResources() {
  return {
    ForwardComplianceChanges: {
      Type: 'AWS::Events::Rule',
      Condition: 'IsNotAdministrator',
      Properties: {
        Name: { 'Fn::Sub': FORWARD_RULE_NAME },
        Description:
          'ppguard: forwards compliance changes of the ppguard organization rules to the delegated administrator, which alerts on them',
        EventBusName: 'default',
        State: 'ENABLED',
        EventPattern: {
          source: ['aws.config'],
          'detail-type': ['Config Rules Compliance Change'],
          detail: { configRuleName: [{ prefix: { 'Fn::Sub': `OrgConfigRule-\${RulePrefix}-` } }] },
        },
        Targets: [
          {
            Id: 'administrator-bus',
            Arn: ADMINISTRATOR_BUS,
            RoleArn: { 'Fn::GetAtt': ['ForwardComplianceChangesRole', 'Arn'] },
          },
        ],
      },
    },
    ForwardComplianceChangesRole: {
      Type: 'AWS::IAM::Role',
      Condition: 'IsNotAdministrator',
      Properties: {
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              // Only this account's forwarding rule may use the role (no confused deputy).
              Effect: 'Allow',
              Principal: { Service: 'events.amazonaws.com' },
              Action: 'sts:AssumeRole',
              Condition: {
                StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
                ArnEquals: {
                  'aws:SourceArn': {
                    'Fn::Sub': `arn:\${AWS::Partition}:events:\${AWS::Region}:\${AWS::AccountId}:rule/\${RulePrefix}-fwd`,
                  },
                },
              },
            },
          ],
        },
        Policies: [
          {
            PolicyName: 'ppguard-forward',
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [
                {
                  Sid: 'PutOnAdministratorBus',
                  Effect: 'Allow',
                  Action: 'events:PutEvents',
                  Resource: ADMINISTRATOR_BUS,
                },
              ],
            },
          },
        ],
      },
    },
  };
}

/**
 * The evaluator's statements for a role that every Region uses: IAM is global and the role exists
 * once (MemberRoleRegion), so a resource ARN naming the stack's Region would deny the reads of
 * every other Region (the evaluator's own role is per Region stack and keeps its Region).
 */
function anyRegion<T>(statements: T): T {
  return JSON.parse(JSON.stringify(statements).replaceAll(`:\${AWS::Region}:`, ':*:')) as T;
}

export function memberRoleTemplate(rules: readonly AnyRule[]): string {
  const template = {
    AWSTemplateFormatVersion: '2010-09-09',
    Description:
      'ppguard member-account role: lets the ppguard evaluator in the delegated administrator account read ' +
      'the resources its rules evaluate and report evaluations to AWS Config. Generated from the rule ' +
      'registry by npm run generate:serverless; do not edit by hand.',
    Parameters: {
      EvaluatorRoleArn: {
        Type: 'String',
        AllowedPattern: '^arn:aws[a-z-]*:iam::\\d{12}:role/.+$',
        Description: 'ARN of the ppguard evaluate function role in the delegated administrator account.',
      },
      OrganizationId: {
        Type: 'String',
        AllowedPattern: '^o-[a-z0-9]{10,32}$',
        Description:
          'The organization id (o-...): only the evaluator role of an account in it may assume this role.',
      },
      MemberRoleName: {
        Type: 'String',
        Default: 'ppguard-member',
        Description: 'Must match the memberRoleName deploy parameter of the ppguard service.',
      },
      MemberRoleRegion: {
        Type: 'String',
        AllowedPattern: '^[a-z]{2}(-[a-z]+)+-\\d{1,2}$',
        Description:
          'The one Region of the StackSet whose stack creates the member role (IAM is global; a role name exists once per account). Stacks in the other Regions only forward alerts.',
      },
      AdministratorAccountId: {
        Type: 'String',
        AllowedPattern: '^\\d{12}$',
        Description:
          "The delegated administrator account where ppguard is deployed: compliance changes are forwarded to its default event bus in the stack's Region.",
      },
      ScannerRoleArns: {
        Type: 'CommaDelimitedList',
        Default: '',
        Description:
          'Optional: ARNs of roles (e.g. a security team role in the administrator account) that may assume the member role to run ppguard scan --organization --assume-role; empty: only the evaluator. Still pinned to the organization.',
      },
      RulePrefix: {
        Type: 'String',
        Default: 'ppguard',
        AllowedPattern: '^[A-Za-z0-9_-]{1,60}$',
        Description:
          'Must match the prefix deploy parameter of the ppguard service: changes of the rules OrgConfigRule-<prefix>-... are forwarded.',
      },
    },
    Conditions: {
      HasScanners: { 'Fn::Not': [{ 'Fn::Equals': [{ 'Fn::Join': [',', { Ref: 'ScannerRoleArns' }] }, ''] }] },
      IsMemberRoleRegion: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, { Ref: 'MemberRoleRegion' }] },
      // The administrator's own events are on its own bus already; a rule there would forward
      // them to the bus it listens on, over and over.
      IsNotAdministrator: {
        'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'AWS::AccountId' }, { Ref: 'AdministratorAccountId' }] }],
      },
    },
    Resources: {
      MemberRole: {
        Type: 'AWS::IAM::Role',
        Condition: 'IsMemberRoleRegion',
        Properties: {
          RoleName: { Ref: 'MemberRoleName' },
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                // Pinned to the evaluator role, and to the organization should that ARN ever name
                // a role in an account that has left it.
                Effect: 'Allow',
                Principal: { AWS: { Ref: 'EvaluatorRoleArn' } },
                Action: 'sts:AssumeRole',
                Condition: { StringEquals: { 'aws:PrincipalOrgID': { Ref: 'OrganizationId' } } },
              },
              {
                // `ppguard scan --organization` run by people: only the roles named at rollout,
                // and only from inside the organization. Without ScannerRoleArns, no statement.
                'Fn::If': [
                  'HasScanners',
                  {
                    Effect: 'Allow',
                    Principal: { AWS: { Ref: 'ScannerRoleArns' } },
                    Action: 'sts:AssumeRole',
                    Condition: { StringEquals: { 'aws:PrincipalOrgID': { Ref: 'OrganizationId' } } },
                  },
                  { Ref: 'AWS::NoValue' },
                ],
              },
            ],
          },
          Policies: [
            {
              PolicyName: 'ppguard-evaluate',
              PolicyDocument: {
                Version: '2012-10-17',
                Statement: [
                  ...anyRegion(statementsFor(evaluateFunctionActions(rules), 'ReadAndReport')),
                  // `ppguard scan --assume-role <this role> --region all` lists the account's Regions.
                  { Sid: 'CliListRegions', Effect: 'Allow', Action: 'ec2:DescribeRegions', Resource: '*' },
                ],
              },
            },
          ],
        },
      },
      ...forwardingResources(),
    },
    Outputs: {
      MemberRoleArn: { Condition: 'IsMemberRoleRegion', Value: { 'Fn::GetAtt': ['MemberRole', 'Arn'] } },
    },
  };
  return `# GENERATED by npm run generate:serverless (lib/deploy/member-role.ts); do not edit by hand.\n${stringify(
    template,
    { lineWidth: 0, aliasDuplicateObjects: false },
  )}`;
}
