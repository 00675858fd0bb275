import { describe, expect, it } from 'vitest';
import {
  blockHoldsForUntrusted,
  blockPins,
  conditionsHoldForUntrusted,
  conditionsPin,
  ENDPOINT_POLICY_PINNING_KEYS,
  namesOnlyTrusted,
  type OperatorFamily,
  parseOperator,
  pinningKeys,
  RESOURCE_POLICY_PINNING_KEYS,
  type TrustSet,
  type ValueKind,
} from '../../../../lib/policy/conditions';
import type { ConditionBlock } from '../../../../lib/policy/document';

/** An IAM policy variable, e.g. `${aws:username}` (written so it is not mistaken for a template). */
const policyVariable = (name: string) => `\${${name}}`;

const OWN = '123456789012';
const TRUSTED = '111111111111';
const UNTRUSTED = '999999999999';
const ORG = 'o-a1b2c3d4e5';
const OWN_VPC = 'vpc-0a1b';
const OWN_VPCE = 'vpce-0a1b2c3d';
const trust: TrustSet = {
  accounts: new Set([OWN, TRUSTED]),
  orgIds: new Set([ORG]),
  networkIds: new Set([OWN_VPC, OWN_VPCE]),
};

const block = (operator: string, key: string, ...values: string[]): ConditionBlock => ({
  operator,
  key,
  values,
});

describe('parseOperator', () => {
  it.each([
    ['StringEquals', { base: 'StringEquals', family: 'string', negated: false, ifExists: false }],
    [
      'StringNotEqualsIgnoreCase',
      { base: 'StringNotEqualsIgnoreCase', family: 'string', negated: true, ifExists: false },
    ],
    ['StringLikeIfExists', { base: 'StringLike', family: 'string-like', negated: false, ifExists: true }],
    ['ArnEquals', { base: 'ArnEquals', family: 'arn', negated: false, ifExists: false }],
    ['ArnNotLike', { base: 'ArnNotLike', family: 'arn', negated: true, ifExists: false }],
    [
      'ForAnyValue:StringEquals',
      { set: 'ForAnyValue', base: 'StringEquals', family: 'string', negated: false, ifExists: false },
    ],
    [
      'ForAllValues:StringNotLikeIfExists',
      { set: 'ForAllValues', base: 'StringNotLike', family: 'string-like', negated: true, ifExists: true },
    ],
    ['Bool', { base: 'Bool', family: 'other', negated: false, ifExists: false }],
    ['NotIpAddress', { base: 'NotIpAddress', family: 'other', negated: false, ifExists: false }],
    ['Null', { base: 'Null', family: 'other', negated: false, ifExists: false }],
  ])('%s', (name, expected) => {
    // Act
    const operator = parseOperator(name);

    // Assess
    expect(operator).toEqual(expected);
  });

  it.each([
    'stringequals',
    'STRINGEQUALS',
    'StringEqual',
    'IfExists',
    'NullIfExists',
    'ForAnyValue:ForAllValues:StringEquals',
    'forAnyValue:StringEquals',
    '',
  ])('does not recognise %j (operators are case-sensitive)', (name) => {
    // Act
    const operator = parseOperator(name);

    // Assess
    expect(operator).toBeUndefined();
  });
});

describe('namesOnlyTrusted', () => {
  it.each<[ValueKind, string, OperatorFamily, boolean]>([
    ['account', OWN, 'string', true],
    ['account', TRUSTED, 'string-like', true],
    ['account', UNTRUSTED, 'string', false],
    ['account', '*', 'string-like', false],
    ['account', '11111111111?', 'string-like', false],
    ['account', policyVariable('aws:PrincipalAccount'), 'string', false],
    ['account', TRUSTED, 'arn', false],
    ['account', TRUSTED, 'other', false],
    ['org', ORG, 'string', true],
    ['org', 'O-A1B2C3D4E5', 'string', true],
    ['org', 'o-zzzzzzzzzz', 'string', false],
    ['org', 'o-a1b2c3d4e*', 'string-like', false],
    ['org', '*', 'string-like', false],
    ['org-path', `${ORG}/*`, 'string-like', true],
    ['org-path', `${ORG}/r-ab12/ou-ab12-11111111/`, 'string', true],
    ['org-path', `${ORG}/r-ab12/*/ou-ab12-2222222/*`, 'string-like', true],
    ['org-path', `${ORG}*`, 'string-like', false],
    ['org-path', 'o-zzzzzzzzzz/*', 'string-like', false],
    ['org-path', 'o-*/r-ab12/*', 'string-like', false],
    ['org-path', '*', 'string-like', false],
    ['arn', `arn:aws:iam::${TRUSTED}:*`, 'string-like', true],
    ['arn', `arn:aws:iam::${TRUSTED}:*`, 'arn', true],
    ['arn', `arn:aws:iam::${TRUSTED}:role/deployer`, 'string', true],
    ['arn', `arn:*:iam::${TRUSTED}:role/*`, 'arn', true],
    ['arn', `arn:*:iam::${TRUSTED}:role/*`, 'string-like', false],
    ['arn', `arn:aws:iam::${UNTRUSTED}:role/x`, 'arn', false],
    ['arn', 'arn:aws:iam::*:role/x', 'arn', false],
    ['arn', 'arn:aws:iam::*:role/x', 'string-like', false],
    ['arn', 'arn:aws:iam::1111111111??:role/x', 'arn', false],
    ['arn', `arn:aws:iam::${TRUSTED}`, 'string-like', false],
    ['arn', '*', 'arn', false],
    ['arn', '*', 'string-like', false],
    ['arn', `arn:aws:iam::${policyVariable('aws:PrincipalAccount')}:role/x`, 'arn', false],
    ['arn', `arn:aws:iam::${policyVariable('aws:PrincipalAccount')}:role/x`, 'string', false],
    ['arn', `arn:aws:codebuild:eu-west-1:${OWN}:project/app-build`, 'arn', true],
    ['arn', 'arn:aws:s3:::artifact-bucket', 'arn', false],
    ['vpc', 'vpc-0a1b', 'string', true],
    ['vpc', 'vpc-*', 'string-like', false],
    ['vpc', 'vpce-0a1b', 'string', false],
    ['vpce', 'vpce-0a1b2c3d', 'string', true],
    ['vpce', 'vpce-0a1b2c3d', 'string-like', true],
    ['vpce', 'vpce-0?1b2c3d', 'string-like', false],
  ])('%s %j with %s operators: %s', (kind, value, family, expected) => {
    // Act
    const result = namesOnlyTrusted(kind, value, family, trust);

    // Assess
    expect(result).toBe(expected);
  });

  it('trusts only the own network ids, in any letter case', () => {
    // Act
    const results = [
      namesOnlyTrusted('vpc', OWN_VPC, 'string', trust),
      namesOnlyTrusted('vpc', 'vpc-0fff', 'string', trust),
      namesOnlyTrusted('vpce', 'VPCE-0A1B2C3D', 'string', trust),
      namesOnlyTrusted('vpce', 'vpce-0fff', 'string', trust),
    ];

    // Assess
    expect(results).toEqual([true, false, true, false]);
  });

  it('trusts no network id when the own networks are empty', () => {
    // Prepare
    const noNetworks: TrustSet = { ...trust, networkIds: new Set() };

    // Act
    const results = [
      namesOnlyTrusted('vpc', OWN_VPC, 'string', noNetworks),
      namesOnlyTrusted('vpce', OWN_VPCE, 'string', noNetworks),
    ];

    // Assess
    expect(results).toEqual([false, false]);
  });
});

describe('blockPins (Allow side)', () => {
  it.each([
    [block('StringEquals', 'aws:PrincipalOrgID', ORG), true],
    [block('StringEquals', 'AWS:PRINCIPALORGID', ORG), true],
    [block('StringEqualsIgnoreCase', 'aws:PrincipalOrgID', 'O-A1B2C3D4E5'), true],
    [block('StringLike', 'aws:PrincipalArn', `arn:aws:iam::${TRUSTED}:*`), true],
    [block('ArnLike', 'aws:PrincipalArn', `arn:aws:iam::${TRUSTED}:*`), true],
    [block('ArnEquals', 'aws:SourceArn', `arn:aws:codebuild:eu-west-1:${OWN}:project/*`), true],
    [block('ForAnyValue:StringEquals', 'aws:PrincipalOrgID', ORG), true],
    [block('ForAnyValue:StringLike', 'aws:PrincipalOrgPaths', `${ORG}/*`), true],
    [block('StringLike', 'aws:PrincipalOrgPaths', `${ORG}/*`), true],
    [block('StringEquals', 'aws:PrincipalAccount', OWN, TRUSTED), true],
    [block('StringEquals', 'aws:PrincipalAccount', OWN, UNTRUSTED), false],
    [block('StringEquals', 'aws:PrincipalAccount'), false],
    [block('StringEqualsIfExists', 'aws:PrincipalOrgID', ORG), false],
    [block('ForAnyValue:StringEqualsIfExists', 'aws:PrincipalOrgID', ORG), false],
    [block('ForAllValues:StringEquals', 'aws:PrincipalOrgID', ORG), false],
    [block('StringNotEquals', 'aws:PrincipalOrgID', 'o-zzzzzzzzzz'), false],
    [block('StringNotEquals', 'aws:PrincipalOrgID', ORG), false],
    [block('StringLike', 'aws:PrincipalArn', '*'), false],
    [block('ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::*:role/x'), false],
    [block('ArnLike', 'aws:PrincipalAccount', TRUSTED), false],
    [block('IpAddress', 'aws:SourceIp', '10.0.0.0/8'), false],
    [block('Bool', 'aws:SecureTransport', 'true'), false],
    [block('Null', 'aws:PrincipalOrgID', 'false'), false],
    [block('StringEquals', 'aws:PrincipalTag/team', 'builders'), false],
    [block('stringequals', 'aws:PrincipalOrgID', ORG), false],
  ])('%j pins: %s', (condition, expected) => {
    // Act
    const result = blockPins(condition, RESOURCE_POLICY_PINNING_KEYS, trust);

    // Assess
    expect(result).toBe(expected);
  });

  it('uses the key set it is given', () => {
    // Prepare
    const sourceVpce = block('StringEquals', 'aws:SourceVpce', 'vpce-0a1b2c3d');
    const resourceAccount = block('StringEquals', 'aws:ResourceAccount', OWN);

    // Act
    const results = [
      blockPins(sourceVpce, RESOURCE_POLICY_PINNING_KEYS, trust),
      blockPins(sourceVpce, ENDPOINT_POLICY_PINNING_KEYS, trust),
      blockPins(resourceAccount, RESOURCE_POLICY_PINNING_KEYS, trust),
      blockPins(resourceAccount, ENDPOINT_POLICY_PINNING_KEYS, trust),
      blockPins(resourceAccount, pinningKeys({ 'AWS:ResourceAccount': 'account' }), trust),
    ];

    // Assess
    expect(results).toEqual([true, false, false, true, true]);
  });
});

describe('blockHoldsForUntrusted (Deny side)', () => {
  it.each([
    [block('StringNotEquals', 'aws:PrincipalOrgID', ORG), true],
    [block('StringNotEqualsIgnoreCase', 'aws:principalorgid', ORG), true],
    [block('StringNotEqualsIfExists', 'aws:PrincipalOrgID', ORG), true],
    [block('StringNotLike', 'aws:PrincipalArn', `arn:aws:iam::${OWN}:*`, `arn:aws:iam::${TRUSTED}:*`), true],
    [block('ArnNotLike', 'aws:PrincipalArn', `arn:aws:iam::${TRUSTED}:*`), true],
    [block('StringNotEquals', 'aws:PrincipalAccount', OWN, TRUSTED), true],
    [block('ForAllValues:StringNotLike', 'aws:PrincipalOrgPaths', `${ORG}/*`), true],
    [block('ForAnyValue:StringNotLikeIfExists', 'aws:PrincipalOrgPaths', `${ORG}/*`), true],
    [block('ForAnyValue:StringNotEquals', 'aws:PrincipalOrgID', ORG), false],
    [block('StringNotEquals', 'aws:PrincipalAccount', OWN, UNTRUSTED), false],
    [block('StringNotEquals', 'aws:PrincipalAccount'), false],
    [block('StringNotLike', 'aws:PrincipalArn', 'arn:aws:iam::*:*'), false],
    [block('StringEquals', 'aws:PrincipalOrgID', 'o-zzzzzzzzzz'), false],
    [block('NotIpAddress', 'aws:SourceIp', '10.0.0.0/8'), false],
    [block('Bool', 'aws:PrincipalIsAWSService', 'false'), false],
    [block('StringNotEquals', 'aws:PrincipalTag/team', 'builders'), false],
  ])('%j holds for every untrusted caller: %s', (condition, expected) => {
    // Act
    const result = blockHoldsForUntrusted(condition, RESOURCE_POLICY_PINNING_KEYS, trust);

    // Assess
    expect(result).toBe(expected);
  });
});

describe('statement-level combination', () => {
  it('pins a statement when any one of its ANDed blocks pins', () => {
    // Prepare
    const blocks = [
      block('IpAddress', 'aws:SourceIp', '10.0.0.0/8'),
      block('StringEquals', 'aws:PrincipalOrgID', ORG),
    ];

    // Act
    const pinned = conditionsPin(blocks, RESOURCE_POLICY_PINNING_KEYS, trust);
    const unpinned = conditionsPin(blocks.slice(0, 1), RESOURCE_POLICY_PINNING_KEYS, trust);
    const none = conditionsPin([], RESOURCE_POLICY_PINNING_KEYS, trust);

    // Assess
    expect([pinned, unpinned, none]).toEqual([true, false, false]);
  });

  it('lets a Deny hold for untrusted callers only when every block does', () => {
    // Prepare
    const negating = block('StringNotEquals', 'aws:PrincipalOrgID', ORG);
    const extra = block('Bool', 'aws:PrincipalIsAWSService', 'false');

    // Act
    const alone = conditionsHoldForUntrusted([negating], RESOURCE_POLICY_PINNING_KEYS, trust);
    const withExtra = conditionsHoldForUntrusted([negating, extra], RESOURCE_POLICY_PINNING_KEYS, trust);
    const unconditional = conditionsHoldForUntrusted([], RESOURCE_POLICY_PINNING_KEYS, trust);

    // Assess
    expect([alone, withExtra, unconditional]).toEqual([true, false, true]);
  });
});
