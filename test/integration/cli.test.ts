/**
 * `ppguard` run as a real child process (bin/ppguard.mjs, the package's bin) against the emulated
 * account, with AWS_ENDPOINT_URL pointing at the Config emulator front (which proxies to moto and
 * adds the projectVisibility moto omits from BatchGetProjects, as AWS returns it).
 *
 * scan, over the reference private pipeline and a leaky variant: exit 0 on the clean pipeline,
 * exit 1 with exactly the expected NON_COMPLIANT rows on the leaky one, the JSON contract, SARIF,
 * exempt resources listed as exempt, and exit 2 for a bad parameter, an unreachable endpoint, a
 * Region that does not exist, and AccessDenied (a front that denies codebuild:ListProjects as IAM
 * does). The scans choose the rules over resource types moto can list: moto has no CodeCommit
 * ListRepositories, no ECR pull-through cache rules and no ECR Public, so the rules over those
 * types are covered by unit tests (test/unit/lib/cli).
 *
 * doctor: moto supports DescribeConfigurationRecorders, DescribeConfigurationRecorderStatus,
 * DescribeConfigRules and ListSubscriptionsByTopic, which are exercised here; it lacks
 * DescribeConfigRuleEvaluationStatus (the run reports it could not check, exit 2), and accepts
 * PutConfigRule for a custom Lambda rule only with an invocable function, so the deployed rules
 * are stand-ins under the ppguard names (AWS-owned source). Its email subscriptions are confirmed
 * at once. Evaluation status and pending confirmations are decided in test/unit/lib/cli/doctor.test.ts.
 */

import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateProjectCommand } from '@aws-sdk/client-codebuild';
import {
  PutConfigRuleCommand,
  PutConfigurationRecorderCommand,
  PutDeliveryChannelCommand,
  StartConfigurationRecorderCommand,
} from '@aws-sdk/client-config-service';
import { CreateRouteCommand } from '@aws-sdk/client-ec2';
import { SetRepositoryPolicyCommand } from '@aws-sdk/client-ecr';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { resetMoto } from '../../emulator/moto';
import {
  buildReferencePipeline,
  createNatGateway,
  type ReferencePipeline,
} from '../../emulator/reference-pipeline';
import { RETRY } from '../../lib/aws/clients';
import type { JsonReport } from '../../lib/cli/report-json';
import type { ResourceType } from '../../lib/resources/model';
import { RULES } from '../../rules/index';
import { startTestAws, type TestAws } from './support/aws';
import { DenyingFront, runCli } from './support/cli';

/** The resource types moto can list through the Describe APIs. */
const EMULATED_TYPES = new Set<ResourceType>([
  'AWS::CodeBuild::Project',
  'AWS::ECR::Repository',
  'AWS::EC2::VPCEndpoint',
  'AWS::EC2::VPC',
]);
const EMULATED_RULES = RULES.filter((rule) => rule.resourceTypes.every((type) => EMULATED_TYPES.has(type)));
const RULES_OPTION = `--rules=${EMULATED_RULES.map((rule) => rule.id).join(',')}`;
const CODEBUILD_RULES = EMULATED_RULES.filter((rule) =>
  rule.resourceTypes.includes('AWS::CodeBuild::Project'),
).map((rule) => rule.id);
const EVALUATION_KEYS = [
  'annotation',
  'arn',
  'compliance',
  'evaluatedAt',
  'region',
  'remediation',
  'resourceId',
  'resourceName',
  'resourceType',
  'rule',
  'severity',
  'title',
];

/** The catalog fields a JSON evaluation of `ruleId` carries, its ARN and evaluation time. */
function catalogFields(ruleId: string) {
  const rule = RULES.find((r) => r.id === ruleId);
  if (!rule) throw new Error(`no rule ${ruleId}`);
  return {
    severity: rule.severity,
    title: rule.title,
    remediation: rule.remediation,
    arn: expect.stringMatching(/^arn:aws:[a-z0-9]+:eu-west-1:123456789012:/),
    evaluatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
  };
}

let aws: TestAws;
let pipeline: ReferencePipeline;

function report(stdout: string): JsonReport {
  return JSON.parse(stdout) as JsonReport;
}

function nonCompliant(json: JsonReport): string[] {
  return json.evaluations
    .filter((e) => e.compliance === 'NON_COMPLIANT')
    .map((e) => `${e.rule} ${e.resourceId}`)
    .sort();
}

/** A project outside any VPC, building a GitHub source on a Docker Hub image. */
async function createLeakyProject(name: string, tags: Record<string, string> = {}) {
  await aws.codebuild.send(
    new CreateProjectCommand({
      name,
      source: { type: 'GITHUB', location: 'https://github.com/example/app.git' },
      artifacts: { type: 'NO_ARTIFACTS' },
      environment: { type: 'LINUX_CONTAINER', image: 'node:22', computeType: 'BUILD_GENERAL1_SMALL' },
      serviceRole: 'arn:aws:iam::123456789012:role/codebuild-app-role',
      logsConfig: { cloudWatchLogs: { status: 'ENABLED' }, s3Logs: { status: 'DISABLED' } },
      tags: Object.entries(tags).map(([key, value]) => ({ key, value })),
    }),
  );
}

/** The reference pipeline broken three ways: NAT egress, a public repository, a project outside the VPC. */
async function makeLeaky(): Promise<string> {
  const nat = await createNatGateway(aws, pipeline);
  await aws.ec2.send(
    new CreateRouteCommand({
      RouteTableId: pipeline.privateRouteTableId,
      DestinationCidrBlock: '0.0.0.0/0',
      NatGatewayId: nat,
    }),
  );
  await aws.ecr.send(
    new SetRepositoryPolicyCommand({
      repositoryName: pipeline.repositoryName,
      policyText: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Sid: 'PublicPull', Effect: 'Allow', Principal: '*', Action: ['ecr:BatchGetImage'] }],
      }),
    }),
  );
  await createLeakyProject('leaky-build');
  return nat;
}

beforeAll(async () => {
  aws = await startTestAws();
});

afterAll(async () => {
  await aws?.close();
});

describe('ppguard scan', () => {
  beforeEach(async () => {
    await resetMoto(inject('motoEndpoint'));
    pipeline = await buildReferencePipeline(aws);
  });

  it('exits 0 on the reference private pipeline, with a JSON report that follows the contract', async () => {
    // Act
    const run = await runCli(['scan', '--format', 'json', RULES_OPTION], aws.emulator.endpoint);

    // Assess
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const json = report(run.stdout);
    expect(Object.keys(json)).toEqual(['version', 'account', 'regions', 'evaluations', 'errors']);
    expect(json).toMatchObject({ version: 1, account: '123456789012', regions: ['eu-west-1'], errors: [] });
    for (const evaluation of json.evaluations) {
      expect(Object.keys(evaluation).sort()).toEqual(EVALUATION_KEYS);
      expect(evaluation.region).toBe('eu-west-1');
    }
    expect(nonCompliant(json)).toEqual([]);
    // Outside AWS Config a CodeBuild project's resourceId is its name.
    for (const rule of CODEBUILD_RULES) {
      expect(json.evaluations).toContainEqual(
        expect.objectContaining({
          rule,
          resourceType: 'AWS::CodeBuild::Project',
          resourceId: pipeline.projectName,
          resourceName: pipeline.projectName,
          compliance: 'COMPLIANT',
        }),
      );
    }
    expect(json.evaluations).toContainEqual(
      expect.objectContaining({
        rule: 'ecr-repository-not-public',
        resourceId: pipeline.repositoryName,
        compliance: 'COMPLIANT',
      }),
    );
    expect(json.evaluations).toContainEqual(
      expect.objectContaining({
        rule: 'vpc-required-endpoints',
        resourceId: pipeline.vpcId,
        compliance: 'COMPLIANT',
      }),
    );
  });

  it('prints a table grouped by rule on the clean pipeline (--status all) and exits 0', async () => {
    // Act
    const run = await runCli(['scan', '--status', 'all', RULES_OPTION], aws.emulator.endpoint);

    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      `ppguard scan of account 123456789012 in eu-west-1: ${EMULATED_RULES.length} rules`,
    );
    expect(run.stdout).toMatch(
      /\ncodebuild-project-in-vpc \[high\] .*\n {2}COMPLIANT {7}app-build {2,}runs in vpc-/,
    );
    expect(run.stdout).toMatch(
      /\nResult: 0 NON_COMPLIANT, \d+ COMPLIANT, \d+ NOT_APPLICABLE; 0 errors\nNON_COMPLIANT by severity: critical 0, high 0, medium 0, low 0\nNON_COMPLIANT by rule: [^\n]+\n$/,
    );
  });

  it('exits 1 on the leaky variant with exactly the expected NON_COMPLIANT rows', async () => {
    // Prepare
    const nat = await makeLeaky();

    // Act
    const run = await runCli(['scan', '--format', 'json', RULES_OPTION], aws.emulator.endpoint);

    // Assess
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const json = report(run.stdout);
    expect(json.errors).toEqual([]);
    expect(nonCompliant(json)).toEqual([
      'codebuild-project-image-private leaky-build',
      'codebuild-project-in-vpc leaky-build',
      `codebuild-project-no-internet-egress ${pipeline.projectName}`,
      'codebuild-project-source-private leaky-build',
      `ecr-repository-not-public ${pipeline.repositoryName}`,
    ]);
    const [a, b] = pipeline.privateSubnetIds;
    expect(json.evaluations).toContainEqual({
      rule: 'codebuild-project-no-internet-egress',
      resourceType: 'AWS::CodeBuild::Project',
      resourceId: pipeline.projectName,
      resourceName: pipeline.projectName,
      region: 'eu-west-1',
      compliance: 'NON_COMPLIANT',
      annotation: `${a}, ${b} route 0.0.0.0/0 to ${nat} (${pipeline.privateRouteTableId}): builds can reach the internet; to pass, remove these routes`,
      ...catalogFields('codebuild-project-no-internet-egress'),
    });
    expect(json.evaluations).toContainEqual({
      rule: 'ecr-repository-not-public',
      resourceType: 'AWS::ECR::Repository',
      resourceId: pipeline.repositoryName,
      resourceName: pipeline.repositoryName,
      region: 'eu-west-1',
      compliance: 'NON_COMPLIANT',
      annotation: `repository policy exposes ${pipeline.repositoryName}: statement "PublicPull" allows any AWS account (Principal "*"); to pass, limit callers to trusted accounts/orgs or own VPCs/endpoints`,
      ...catalogFields('ecr-repository-not-public'),
    });
    for (const e of json.evaluations.filter(
      (x) => x.compliance === 'NON_COMPLIANT' && x.resourceId === 'leaky-build',
    )) {
      expect(e.annotation).not.toBe('');
    }
  });

  it('exits 0 on the leaky variant with --fail-on never, still reporting every NON_COMPLIANT row', async () => {
    // Prepare
    await makeLeaky();

    // Act
    const run = await runCli(
      ['scan', '--format', 'json', '--fail-on', 'never', RULES_OPTION],
      aws.emulator.endpoint,
    );

    // Assess
    expect(run.code).toBe(0);
    expect(nonCompliant(report(run.stdout))).toHaveLength(5);
  });

  it('writes SARIF 2.1.0 with one result per NON_COMPLIANT row of the leaky variant', async () => {
    // Prepare
    await makeLeaky();

    // Act
    const run = await runCli(['scan', '--format', 'sarif', RULES_OPTION], aws.emulator.endpoint);

    // Assess
    expect(run.code).toBe(1);
    const sarif = JSON.parse(run.stdout) as {
      version: string;
      runs: {
        tool: { driver: { rules: { id: string }[] } };
        results: {
          ruleId: string;
          level: string;
          locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
        }[];
      }[];
    };
    expect(sarif.version).toBe('2.1.0');
    const [only] = sarif.runs;
    expect(only?.tool.driver.rules.map((r) => r.id)).toEqual(EMULATED_RULES.map((r) => r.id));
    expect(only?.results.map((r) => r.ruleId).sort()).toEqual([
      'codebuild-project-image-private',
      'codebuild-project-in-vpc',
      'codebuild-project-no-internet-egress',
      'codebuild-project-source-private',
      'ecr-repository-not-public',
    ]);
    expect(only?.results.map((r) => r.locations[0]?.physicalLocation.artifactLocation.uri)).toContain(
      `arn:aws:ecr:eu-west-1:123456789012:repository/${pipeline.repositoryName}`,
    );
  });

  it('lists an exempt project as exempt (NOT_APPLICABLE with its reason) under every rule', async () => {
    // Prepare
    // Exemptions need an end date within exemptMaxDays (default 90) of today.
    const until = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    await createLeakyProject('legacy-build', {
      'ppg:exempt': 'RISK-42 migration to the VPC',
      'ppg:exempt-until': until,
    });

    // Act
    const json = await runCli(['scan', '--format', 'json', RULES_OPTION], aws.emulator.endpoint);
    const table = await runCli(['scan', '--rules', 'codebuild-project-in-vpc'], aws.emulator.endpoint);

    // Assess
    expect(json.code).toBe(0);
    const legacy = report(json.stdout).evaluations.filter((e) => e.resourceId === 'legacy-build');
    expect(legacy.map((e) => e.rule)).toEqual(CODEBUILD_RULES);
    for (const e of legacy) {
      expect(e).toMatchObject({
        compliance: 'NOT_APPLICABLE',
        annotation: 'exempt: RISK-42 migration to the VPC',
        exempt: true,
      });
    }
    expect(table.stdout).toMatch(/\n {2}EXEMPT {10}legacy-build {2}exempt: RISK-42 migration to the VPC\n/);
    expect(table.stdout).toContain('(1 exempt)');
  });

  it('exits 2 naming an invalid parameter, with nothing on stdout', async () => {
    // Act
    const bad = await runCli(
      ['scan', '--format', 'json', '--param', 'codebuild-project-vpc-endpoints.requireEcr=maybe'],
      aws.emulator.endpoint,
    );
    const unknown = await runCli(['scan', '--param', 'trustedAcounts=111122223333'], aws.emulator.endpoint);

    // Assess
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toBe(
      'ppguard: --param codebuild-project-vpc-endpoints.requireEcr=maybe: invalid rule parameter "requireEcr": ' +
        'expected "true" or "false", got "maybe" (rule codebuild-project-vpc-endpoints)\n',
    );
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toMatch(
      /^ppguard: --param trustedAcounts=111122223333: no chosen rule has a parameter "trustedAcounts"/,
    );
  });

  it('applies parameters from --config and --param as the Lambda path does, and names a bad config entry', async () => {
    // Prepare: GitHub is an allowed source host in the file; the Docker Hub image stays non-compliant.
    await makeLeaky();
    const dir = await mkdtemp(join(tmpdir(), 'ppguard-cli-'));
    const good = join(dir, 'ppguard.json');
    const bad = join(dir, 'bad.json');
    await writeFile(
      good,
      JSON.stringify({
        parameters: { trustedAccounts: '111122223333' },
        rules: { 'codebuild-project-source-private': { allowedSourceHosts: 'gitlab.example.com' } },
      }),
    );
    await writeFile(
      bad,
      JSON.stringify({ rules: { 'codebuild-project-vpc-endpoints': { requireEcr: 'sometimes' } } }),
    );
    const rules = ['--rules', 'codebuild-project-source-private,codebuild-project-image-private'];

    // Act: --param (github.com) wins over the file (gitlab.example.com) for the same rule parameter.
    const run = await runCli(
      [
        'scan',
        '--format',
        'json',
        ...rules,
        '--config',
        good,
        '--param',
        'codebuild-project-source-private.allowedSourceHosts=github.com',
      ],
      aws.emulator.endpoint,
    );
    const fileOnly = await runCli(
      ['scan', '--format', 'json', ...rules, '--config', good],
      aws.emulator.endpoint,
    );
    const invalid = await runCli(['scan', '--config', bad], aws.emulator.endpoint);

    // Assess
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(nonCompliant(report(run.stdout))).toEqual(['codebuild-project-image-private leaky-build']);
    expect(nonCompliant(report(fileOnly.stdout))).toEqual([
      'codebuild-project-image-private leaky-build',
      'codebuild-project-source-private leaky-build',
    ]);
    expect(invalid.code).toBe(2);
    expect(invalid.stdout).toBe('');
    expect(invalid.stderr).toBe(
      `ppguard: --config ${bad} (rules.codebuild-project-vpc-endpoints.requireEcr): invalid rule parameter "requireEcr": ` +
        'expected "true" or "false", got "sometimes" (rule codebuild-project-vpc-endpoints)\n',
    );
  });

  it('exits 2 when the endpoint is unreachable, naming STS GetCallerIdentity and the connection error', async () => {
    // Act
    const run = await runCli(['scan', '--format', 'json', RULES_OPTION], 'http://127.0.0.1:9');

    // Assess
    expect(run.code).toBe(2);
    const json = report(run.stdout);
    expect(json.account).toBeNull();
    expect(json.evaluations).toEqual([]);
    expect(json.errors).toEqual([
      expect.objectContaining({
        region: 'eu-west-1',
        service: 'sts',
        operation: 'GetCallerIdentity',
        code: 'ECONNREFUSED',
      }),
    ]);
    expect(run.stderr).toContain(
      'ppguard: could not evaluate: eu-west-1 sts GetCallerIdentity: ECONNREFUSED',
    );
  });

  it('exits 2 for a Region that does not exist, and before any AWS call for a malformed one', async () => {
    // Act
    const unknown = await runCli(
      ['scan', '--format', 'json', '--region', 'eu-nowhere-1', '--rules', 'codebuild-project-in-vpc'],
      aws.emulator.endpoint,
    );
    const malformed = await runCli(['scan', '--region', 'europe'], aws.emulator.endpoint);

    // Assess
    expect(unknown.code).toBe(2);
    const json = report(unknown.stdout);
    expect(json.regions).toEqual(['eu-nowhere-1']);
    expect(json.errors.length).toBeGreaterThan(0);
    expect(json.errors.every((e) => e.region === 'eu-nowhere-1')).toBe(true);
    expect(malformed.code).toBe(2);
    expect(malformed.stdout).toBe('');
    expect(malformed.stderr).toBe(
      'ppguard: --region "europe" is not an AWS Region name (such as eu-west-1)\n',
    );
  });

  it('exits 2 on AccessDenied, naming Region, service, operation, permission and the rules it blocked', async () => {
    // Prepare
    const front = new DenyingFront(aws.emulator.endpoint, new Set(['codebuild.ListProjects']));
    const endpoint = await front.start();

    try {
      // Act
      const run = await runCli(['scan', '--format', 'json', RULES_OPTION], endpoint);

      // Assess
      expect(run.code).toBe(2);
      const json = report(run.stdout);
      expect(json.errors).toEqual([
        {
          region: 'eu-west-1',
          service: 'codebuild',
          operation: 'ListProjects',
          permission: 'codebuild:ListProjects',
          code: 'AccessDeniedException',
          message:
            'listing AWS::CodeBuild::Project: User: arn:aws:sts::123456789012:assumed-role/ci-scanner/session is not authorized to perform: codebuild:ListProjects because no identity-based policy allows the codebuild:ListProjects action',
          rules: [...CODEBUILD_RULES, 'vpc-required-endpoints'].sort(
            (x, y) =>
              EMULATED_RULES.findIndex((r) => r.id === x) - EMULATED_RULES.findIndex((r) => r.id === y),
          ),
        },
      ]);
      // The rules that do not need CodeBuild were still evaluated.
      expect(json.evaluations.some((e) => e.rule === 'ecr-repository-not-public')).toBe(true);
      expect(run.stderr).toContain(
        'eu-west-1 codebuild ListProjects: AccessDeniedException (missing permission codebuild:ListProjects)',
      );
    } finally {
      await front.stop();
    }
  });
});

describe('ppguard rules and --help', () => {
  it('lists the catalog from the registry', async () => {
    // Act
    const json = await runCli(['rules', '--format', 'json'], aws.emulator.endpoint);
    const table = await runCli(['rules'], aws.emulator.endpoint);

    // Assess
    expect(json.code).toBe(0);
    const catalog = JSON.parse(json.stdout) as { rules: { id: string }[] };
    expect(catalog.rules.map((r) => r.id)).toEqual(RULES.map((r) => r.id));
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('codebuild-project-vpc-endpoints [high]');
  });

  it('prints help for every command and exits 0', async () => {
    for (const command of ['scan', 'doctor', 'rules']) {
      const run = await runCli([command, '--help'], aws.emulator.endpoint);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`Usage: ppguard ${command}`);
    }
  });
});

describe('ppguard doctor', () => {
  let sns: SNSClient;

  beforeAll(() => {
    sns = new SNSClient({ ...RETRY, ...aws.options });
  });

  afterAll(() => {
    sns?.destroy();
  });

  beforeEach(async () => {
    await resetMoto(inject('motoEndpoint'));
  });

  it('exits 1 on an account without AWS Config recording or ppguard rules, saying what to fix', async () => {
    // Act
    const run = await runCli(['doctor'], aws.emulator.endpoint);

    // Assess
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('  FIX   AWS Config has no configuration recorder in eu-west-1');
    expect(run.stdout).toContain(
      '  FIX   no ppguard Config rule is deployed in eu-west-1 (looked for ppguard-<rule id>)',
    );
    expect(run.stdout).toContain('AWS Config never records AWS::CodeCommit::Repository');
    expect(run.stdout).toMatch(/\nResult: 2 things to fix\n$/);
  });

  it('reads recorders, rules and subscriptions from the emulator; evaluation status is reported unchecked (exit 2)', async () => {
    // Prepare: a recorder that omits the network types, started; two of three rules deployed; a topic.
    const config = aws.config;
    await config.send(
      new PutConfigurationRecorderCommand({
        ConfigurationRecorder: {
          name: 'default',
          roleARN: 'arn:aws:iam::123456789012:role/aws-config',
          recordingGroup: {
            allSupported: false,
            includeGlobalResourceTypes: false,
            resourceTypes: ['AWS::CodeBuild::Project', 'AWS::EC2::VPC'],
          },
        },
      }),
    );
    await fetch(`${inject('motoEndpoint')}/ppguard-config-bucket`, { method: 'PUT' });
    await config.send(
      new PutDeliveryChannelCommand({
        DeliveryChannel: { name: 'default', s3BucketName: 'ppguard-config-bucket' },
      }),
    );
    await config.send(new StartConfigurationRecorderCommand({ ConfigurationRecorderName: 'default' }));
    for (const id of ['codebuild-project-in-vpc', 'codebuild-project-no-internet-egress']) {
      await config.send(
        new PutConfigRuleCommand({
          ConfigRule: {
            ConfigRuleName: `ppguard-${id}`,
            Source: { Owner: 'AWS', SourceIdentifier: 'CODEBUILD_PROJECT_ENVVAR_AWSCRED_CHECK' },
            Scope: { ComplianceResourceTypes: ['AWS::CodeBuild::Project'] },
          },
        }),
      );
    }
    const { TopicArn = '' } = await sns.send(new CreateTopicCommand({ Name: 'ppguard-alerts' }));
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'email', Endpoint: 'platform@example.com' }));

    // Act
    const run = await runCli(
      [
        'doctor',
        '--rules',
        'codebuild-project-in-vpc,codebuild-project-no-internet-egress,codebuild-project-vpc-endpoints',
        '--topic-arn',
        TopicArn,
      ],
      aws.emulator.endpoint,
    );

    // Assess
    expect(run.code).toBe(2);
    expect(run.stdout).toContain(
      '  FIX   AWS Config does not record AWS::EC2::RouteTable, AWS::EC2::Subnet, AWS::EC2::VPCEndpoint, AWS::EC2::SecurityGroup: changes to them do not trigger codebuild-project-no-internet-egress, codebuild-project-vpc-endpoints.',
    );
    expect(run.stdout).toContain(
      '  FIX   1 of 3 ppguard Config rules are not deployed: ppguard-codebuild-project-vpc-endpoints',
    );
    expect(run.stdout).toMatch(
      /\n {2}ERROR could not check: eu-west-1 config DescribeConfigRuleEvaluationStatus: HTTP500: .*\n/,
    );
    expect(run.stdout).toContain(
      `\n${TopicArn}\n  ok    1 confirmed subscription: email platform@example.com\n`,
    );
    expect(run.stdout).not.toContain('is not recording');
  });
});
