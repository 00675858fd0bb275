import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CONFIG_ACTIONS,
  evaluateFunctionActions,
  NEEDS_READ_ACTIONS,
  NETWORK_READ_ACTIONS,
  permissionsOf,
  READ_ACTIONS_BY_TYPE,
  RECORDED_READ_ACTIONS_BY_TYPE,
  requiredReadActions,
} from '../../../../lib/engine/permissions';
import { type AnyRule, compliant, defineRule } from '../../../../lib/engine/rule';
import { RESOURCE_TYPES } from '../../../../lib/resources/model';
import { findRule, RULES } from '../../../../rules/index';

const root = join(import.meta.dirname, '../../../..');

/** IAM service prefix of each SDK client package. */
const IAM_PREFIX: Record<string, string> = {
  'client-codebuild': 'codebuild',
  'client-codecommit': 'codecommit',
  'client-config-service': 'config',
  'client-ec2': 'ec2',
  'client-ecr': 'ecr',
  'client-ecr-public': 'ecr-public',
  'client-sts': 'sts',
};

/** The IAM actions a source file's SDK commands and paginators call. */
function actionsCalledBy(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const actions: string[] = [];
  for (const [, names = '', pkg = ''] of text.matchAll(
    /import\s*\{([^}]*)\}\s*from\s*'@aws-sdk\/([a-z0-9-]+)'/g,
  )) {
    const prefix = IAM_PREFIX[pkg];
    if (!prefix) continue;
    for (const name of names.split(',').map((n) => n.trim().replace(/^type\s+/, ''))) {
      const operation = /^(?:paginate)?([A-Z][A-Za-z0-9]*?)(?:Command)?$/.exec(name)?.[1];
      if (!operation || !(name.endsWith('Command') || name.startsWith('paginate'))) continue;
      if (!new RegExp(`\\b${name}\\b`).test(text.replace(/import[^;]*;/g, ''))) continue;
      actions.push(`${prefix}:${operation}`);
    }
  }
  return actions;
}

const readerFiles = [
  ...readdirSync(join(root, 'lib/collect')).map((f) => join(root, 'lib/collect', f)),
  join(root, 'lib/collect/network.ts'),
  ...readdirSync(join(root, 'lib/config')).map((f) => join(root, 'lib/config', f)),
].filter((f) => f.endsWith('.ts'));

describe('IAM permissions', () => {
  it('cover every AWS API the readers and the Config plumbing call', () => {
    // Prepare
    const known = new Set([
      ...Object.values(READ_ACTIONS_BY_TYPE).flat(),
      ...NETWORK_READ_ACTIONS,
      ...Object.values(NEEDS_READ_ACTIONS).flat(),
      ...Object.values(RECORDED_READ_ACTIONS_BY_TYPE).flat(),
      ...CONFIG_ACTIONS,
    ]);

    // Act
    const called = new Set(readerFiles.flatMap(actionsCalledBy));

    // Assess
    expect(called.size).toBeGreaterThan(10);
    expect([...called].filter((action) => !known.has(action)).sort()).toEqual([]);
  });

  it('give the evaluator BatchGetResourceConfig only with a rule over ECR repositories', () => {
    // Prepare
    const ecrRules = RULES.filter((rule) => rule.resourceTypes.includes('AWS::ECR::Repository'));
    const otherRules = RULES.filter((rule) => !rule.resourceTypes.includes('AWS::ECR::Repository'));

    // Act
    const withEcr = evaluateFunctionActions(ecrRules);
    const withoutEcr = evaluateFunctionActions(otherRules);

    // Assess
    // Any rule over the type; a new one must not have to be listed here.
    expect(ecrRules.map((rule) => rule.id)).toContain('ecr-repository-not-public');
    expect(otherRules.length).toBeGreaterThan(0);
    expect(withEcr).toContain('config:BatchGetResourceConfig');
    expect(withoutEcr).not.toContain('config:BatchGetResourceConfig');
  });

  it('keep the recorded reads out of the rules, whose permissions are what a CLI scan needs', () => {
    for (const rule of RULES) expect(permissionsOf(rule)).not.toContain('config:BatchGetResourceConfig');
  });

  it('name the reads of every resource type', () => {
    for (const type of RESOURCE_TYPES) expect(READ_ACTIONS_BY_TYPE[type]?.length ?? 0).toBeGreaterThan(0);
  });

  it("derive a rule's permissions from its types and inputs, sorted, plus the extra actions it declares", () => {
    // Prepare
    const rule = defineRule({
      id: 'test-derived',
      title: 't',
      severity: 'low',
      resourceTypes: ['AWS::ECR::PullThroughCacheRule'],
      rationale: 'r',
      remediation: 'f',
      parameters: {},
      needs: ['ecrRegistryScanning'],
      extraPermissions: ['secretsmanager:DescribeSecret', 'ecr:GetRegistryScanningConfiguration'],
      evaluate: () => compliant(),
    });

    // Act
    const permissions = permissionsOf(rule);

    // Assess
    expect(permissions).toEqual([
      'ecr:DescribePullThroughCacheRules',
      'ecr:GetRegistryScanningConfiguration',
      'secretsmanager:DescribeSecret',
    ]);
  });

  it('derive the permissions the rules used to list by hand (codecommit-repository-private-access)', () => {
    // Act
    const permissions = permissionsOf(findRule('codecommit-repository-private-access') as AnyRule);

    // Assess
    expect(permissions).toEqual([
      'codebuild:BatchGetProjects',
      'codebuild:ListProjects',
      'codecommit:BatchGetRepositories',
      'codecommit:ListRepositories',
      'codecommit:ListTagsForResource',
      'ec2:DescribeDhcpOptions',
      'ec2:DescribeRouteTables',
      'ec2:DescribeSecurityGroups',
      'ec2:DescribeSubnets',
      'ec2:DescribeVpcAttribute',
      'ec2:DescribeVpcEndpoints',
      'ec2:DescribeVpcs',
    ]);
    expect(permissions).toEqual(
      requiredReadActions(findRule('codecommit-repository-private-access') as AnyRule),
    );
  });
});
