/**
 * `ppguard scan` filters and formats as a real child process against the emulator's reference
 * scenario (emulator/reference-pipeline.ts) made leaky: a NAT route out of the private subnets and
 * a project outside the VPC. One scan writes every format into --output-dir; each file is checked
 * against the scan's JSON and its schema (test/fixtures/schemas; SARIF against the OASIS schema
 * @microsoft/jest-sarif ships); the JUnit XML is parsed by Python's expat from the project's
 * .venv (no XML parser among the Node dependencies). Rules as in cli.test.ts: those over the
 * resource types moto can list.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateProjectCommand } from '@aws-sdk/client-codebuild';
import { CreateRouteCommand } from '@aws-sdk/client-ec2';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PROJECT_ROOT, resetMoto } from '../../emulator/moto';
import {
  buildReferencePipeline,
  createNatGateway,
  type ReferencePipeline,
} from '../../emulator/reference-pipeline';
import type { JsonReport } from '../../lib/cli/report-json';
import type { ResourceType } from '../../lib/resources/model';
import { RULES } from '../../rules/index';
import { schemaErrors } from '../unit/lib/cli/schemas';
import { startTestAws, type TestAws } from './support/aws';
import { runCli } from './support/cli';

const EMULATED_TYPES = new Set<ResourceType>([
  'AWS::CodeBuild::Project',
  'AWS::ECR::Repository',
  'AWS::EC2::VPCEndpoint',
  'AWS::EC2::VPC',
]);
const EMULATED_RULES = RULES.filter((rule) => rule.resourceTypes.every((type) => EMULATED_TYPES.has(type)));
const RULES_OPTION = `--rules=${EMULATED_RULES.map((rule) => rule.id).join(',')}`;
const FORMATS = ['table', 'json', 'sarif', 'csv', 'junit', 'ocsf', 'asff'];

let aws: TestAws;
let pipeline: ReferencePipeline;

function sarifErrors(document: unknown): string[] {
  const require = createRequire(import.meta.url);
  const schema = JSON.parse(
    readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
  ) as object;
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const check = ajv.compile(schema);
  return check(document) ? [] : (check.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

/** Parses XML with expat (Python's xml.dom.minidom); returns the testcase, failure and error counts. */
function parseJunit(xml: string): { status: number | null; stdout: string; stderr: string } {
  const script = [
    'import sys, xml.dom.minidom as m',
    'd = m.parse(sys.stdin.buffer)',
    "print(len(d.getElementsByTagName('testcase')), len(d.getElementsByTagName('failure')), len(d.getElementsByTagName('error')), len(d.getElementsByTagName('skipped')))",
  ].join('\n');
  const run = spawnSync(join(PROJECT_ROOT, '.venv/bin/python'), ['-c', script], { input: xml });
  return { status: run.status, stdout: run.stdout.toString().trim(), stderr: run.stderr.toString() };
}

beforeAll(async () => {
  aws = await startTestAws();
  await resetMoto(inject('motoEndpoint'));
  pipeline = await buildReferencePipeline(aws);
  const nat = await createNatGateway(aws, pipeline);
  await aws.ec2.send(
    new CreateRouteCommand({
      RouteTableId: pipeline.privateRouteTableId,
      DestinationCidrBlock: '0.0.0.0/0',
      NatGatewayId: nat,
    }),
  );
  await aws.codebuild.send(
    new CreateProjectCommand({
      name: 'leaky-build',
      source: { type: 'GITHUB', location: 'https://github.com/example/app.git' },
      artifacts: { type: 'NO_ARTIFACTS' },
      environment: { type: 'LINUX_CONTAINER', image: 'node:22', computeType: 'BUILD_GENERAL1_SMALL' },
      serviceRole: 'arn:aws:iam::123456789012:role/codebuild-app-role',
      logsConfig: { cloudWatchLogs: { status: 'ENABLED' }, s3Logs: { status: 'DISABLED' } },
    }),
  );
});

afterAll(async () => {
  await aws?.close();
});

describe('ppguard scan formats on the reference scenario', () => {
  it('writes every format from one scan into --output-dir, each valid and telling the same verdicts', async () => {
    // Prepare
    const dir = await mkdtemp(join(tmpdir(), 'ppguard-formats-'));

    // Act
    const run = await runCli(
      ['scan', RULES_OPTION, '--output-dir', dir, '--format', FORMATS.join(',')],
      aws.emulator.endpoint,
    );

    // Assess
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const files = [
      'ppguard-scan.txt',
      'ppguard-scan.json',
      'ppguard-scan.sarif',
      'ppguard-scan.csv',
      'ppguard-scan.junit.xml',
      'ppguard-scan.ocsf.json',
      'ppguard-scan.asff.json',
    ];
    expect(run.stdout).toBe(files.map((file) => `${join(dir, file)}\n`).join(''));
    expect((await readdir(dir)).sort()).toEqual([...files].sort());
    const read = (file: string) => readFile(join(dir, file), 'utf8');

    // JSON: the contract, every verdict, the added fields.
    const json = JSON.parse(await read('ppguard-scan.json')) as JsonReport;
    expect(schemaErrors('ppguard-scan-v1.schema.json', json)).toEqual([]);
    const failing = json.evaluations.filter((e) => e.compliance === 'NON_COMPLIANT');
    expect(failing.map((e) => `${e.rule} ${e.resourceId}`).sort()).toEqual([
      'codebuild-project-image-private leaky-build',
      'codebuild-project-in-vpc leaky-build',
      `codebuild-project-no-internet-egress ${pipeline.projectName}`,
      'codebuild-project-source-private leaky-build',
    ]);
    expect(
      json.evaluations.find((e) => e.rule === 'codebuild-project-in-vpc' && e.resourceId === 'leaky-build'),
    ).toMatchObject({
      severity: 'high',
      arn: 'arn:aws:codebuild:eu-west-1:123456789012:project/leaky-build',
    });
    const total = json.evaluations.length;
    expect(total).toBeGreaterThan(failing.length);

    // Table: failures listed, passes counted.
    const table = await read('ppguard-scan.txt');
    expect(table).toContain('not listed: --status all lists them)');
    expect(table).toContain('\nNON_COMPLIANT by severity: critical 1, high 3, medium 0, low 0\n');
    expect(table).not.toMatch(/\n {2}COMPLIANT /);

    // SARIF: the OASIS schema, one result per NON_COMPLIANT.
    const sarif = JSON.parse(await read('ppguard-scan.sarif'));
    expect(sarifErrors(sarif)).toEqual([]);
    expect(sarif.runs[0].results).toHaveLength(failing.length);

    // CSV: header, one row per evaluation.
    const csv = (await read('ppguard-scan.csv')).split('\r\n');
    expect(csv[0]).toBe(
      'account,region,rule,severity,title,resourceType,resourceId,resourceName,arn,compliance,exempt,annotation,remediation,evaluatedAt,exemptionSource,exemptionApplied,exemptionWhy,exemptionReason,exemptionOwner,exemptionUntil',
    );
    expect(csv).toHaveLength(total + 2);
    expect(csv.filter((row) => row.includes(',NON_COMPLIANT,'))).toHaveLength(failing.length);

    // JUnit: well-formed for a real XML parser; a testcase per evaluation, a failure per NON_COMPLIANT.
    const junit = parseJunit(await read('ppguard-scan.junit.xml'));
    expect(junit.stderr).toBe('');
    const skipped = json.evaluations.filter((e) => e.compliance === 'NOT_APPLICABLE').length;
    expect(junit.stdout).toBe(`${total} ${failing.length} 0 ${skipped}`);

    // OCSF and ASFF: their schemas, one record per evaluation.
    const ocsf = JSON.parse(await read('ppguard-scan.ocsf.json'));
    expect(schemaErrors('ocsf-1.3.0-compliance-finding.schema.json', ocsf)).toEqual([]);
    expect(ocsf).toHaveLength(total);
    expect(
      ocsf.filter((e: { compliance: { status: string } }) => e.compliance.status === 'Fail'),
    ).toHaveLength(failing.length);
    const asff = JSON.parse(await read('ppguard-scan.asff.json'));
    expect(schemaErrors('asff-2018-10-08.schema.json', asff)).toEqual([]);
    expect(asff).toHaveLength(total);
    expect(
      asff.filter((f: { Compliance: { Status: string } }) => f.Compliance.Status === 'FAILED'),
    ).toHaveLength(failing.length);
    expect(asff[0].ProductArn).toBe(
      'arn:aws:securityhub:eu-west-1:123456789012:product/123456789012/default',
    );
  });

  it('filters by severity, status and resource, and fails only at or above --fail-on', async () => {
    // Act
    const narrowed = await runCli(
      [
        'scan',
        RULES_OPTION,
        '--format',
        'json',
        '--severity',
        'high',
        '--status',
        'fail',
        '--resource',
        'leaky-*',
      ],
      aws.emulator.endpoint,
    );
    const critical = await runCli(
      [
        'scan',
        RULES_OPTION,
        '--format',
        'csv',
        '--fail-on',
        'critical',
        '--resource',
        'arn:aws:codebuild:*:project/leaky-build',
      ],
      aws.emulator.endpoint,
    );
    const excluded = await runCli(
      [
        'scan',
        RULES_OPTION,
        '--format',
        'json',
        '--exclude-rules',
        'codebuild-project-no-internet-egress',
        '--fail-on',
        'critical',
      ],
      aws.emulator.endpoint,
    );

    // Assess
    expect(narrowed.code).toBe(1);
    const json = JSON.parse(narrowed.stdout) as JsonReport;
    expect(json.evaluations.map((e) => `${e.severity} ${e.compliance} ${e.rule} ${e.resourceId}`)).toEqual([
      'high NON_COMPLIANT codebuild-project-in-vpc leaky-build',
      'high NON_COMPLIANT codebuild-project-source-private leaky-build',
      'high NON_COMPLIANT codebuild-project-image-private leaky-build',
    ]);
    // leaky-build fails high rules only: below --fail-on critical, exit 0.
    expect(critical.code).toBe(0);
    expect(
      critical.stdout
        .split('\r\n')
        .slice(1, -1)
        .every((row) => row.includes(',leaky-build,leaky-build,')),
    ).toBe(true);
    // Without the critical egress rule nothing critical fails.
    expect(excluded.code).toBe(0);
    expect(
      JSON.parse(excluded.stdout).evaluations.some(
        (e: { rule: string }) => e.rule === 'codebuild-project-no-internet-egress',
      ),
    ).toBe(false);
  });

  it('exits 2 with a clear error for an unknown filter or format value, nothing on stdout', async () => {
    // Act
    const severity = await runCli(['scan', '--severity', 'urgent'], aws.emulator.endpoint);
    const format = await runCli(['scan', '--format', 'json,sarif'], aws.emulator.endpoint);

    // Assess
    expect(severity).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ppguard: --severity must be one of critical, high, medium, low, got "urgent"\n',
    });
    expect(format).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ppguard: --format json,sarif: several formats need --output-dir <dir> (one file each)\n',
    });
  });
});
