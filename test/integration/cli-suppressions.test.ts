/**
 * `ppguard scan --suppressions FILE` as a real child process against the emulator's reference
 * scenario made leaky (a NAT route out of the private subnets and a project outside the VPC, as in
 * cli-formats.test.ts): an entry in its lifetime suppresses, an expired one is refused and said
 * so in the annotation, an unused one is listed on stderr, and a malformed file is exit 2.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateProjectCommand } from '@aws-sdk/client-codebuild';
import { CreateRouteCommand } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { resetMoto } from '../../emulator/moto';
import { buildReferencePipeline, createNatGateway } from '../../emulator/reference-pipeline';
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
const RULES_OPTION = `--rules=${RULES.filter((rule) =>
  rule.resourceTypes.every((type) => EMULATED_TYPES.has(type)),
)
  .map((rule) => rule.id)
  .join(',')}`;

/** A day `days` after today (UTC), YYYY-MM-DD: the CLI judges expiry against the real clock. */
function inDays(days: number): string {
  return new Date(Date.now() + days * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
}

let aws: TestAws;
let dir: string;

beforeAll(async () => {
  aws = await startTestAws();
  await resetMoto(inject('motoEndpoint'));
  const pipeline = await buildReferencePipeline(aws);
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
  dir = await mkdtemp(join(tmpdir(), 'ppguard-suppressions-'));
});

afterAll(async () => {
  await aws?.close();
});

describe('ppguard scan --suppressions on the reference scenario', () => {
  it('suppresses what an entry in its lifetime matches, says why an expired one did not apply, lists stale entries', async () => {
    // Prepare
    const until = inDays(30);
    const file = join(dir, 'suppressions.yaml');
    await writeFile(
      file,
      [
        'suppressions:',
        '  - rule: codebuild-project-in-vpc',
        '    resource: leaky-*',
        '    account: "123456789012"',
        '    region: eu-west-1',
        '    reason: RISK-7 moving into the VPC',
        '    owner: platform-team',
        `    expires: ${until}`,
        '  - rule: "*"',
        '    resource: arn:aws:codebuild:*:project/leaky-build',
        '    reason: old waiver',
        '    owner: alice',
        '    expires: 2026-01-01',
        '  - rule: "*"',
        '    resource: nothing-like-this',
        '    reason: stale',
        '    owner: bob',
        `    expires: ${until}`,
        '',
      ].join('\n'),
    );

    // Act
    const run = await runCli(
      ['scan', RULES_OPTION, '--format', 'json', '--suppressions', file],
      aws.emulator.endpoint,
    );

    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      [
        `ppguard: suppressions ${file}: entry 2 (line 9, rule *, resource arn:aws:codebuild:*:project/leaky-build, owner alice) expired on 2026-01-01: remove or renew it`,
        `ppguard: suppressions ${file}: entry 3 (line 14, rule *, resource nothing-like-this, owner bob) matched nothing: remove it if it is stale`,
        '',
      ].join('\n'),
    );
    const json = JSON.parse(run.stdout) as JsonReport;
    expect(schemaErrors('ppguard-scan-v1.schema.json', json)).toEqual([]);
    const of = (rule: string) =>
      json.evaluations.find((e) => e.rule === rule && e.resourceId === 'leaky-build');
    expect(of('codebuild-project-in-vpc')).toMatchObject({
      compliance: 'NOT_APPLICABLE',
      annotation: `suppressed: RISK-7 moving into the VPC (platform-team, until ${until})`,
      exempt: true,
      exemption: { source: 'file', applied: true, owner: 'platform-team', until, entry: 1 },
    });
    const source = of('codebuild-project-source-private');
    expect(source?.compliance).toBe('NON_COMPLIANT');
    expect(source?.annotation.endsWith(' (suppression entry 2 expired 2026-01-01)')).toBe(true);
    expect(source?.exemption).toEqual({
      source: 'file',
      applied: false,
      why: 'expired',
      reason: 'old waiver',
      owner: 'alice',
      until: '2026-01-01',
      entry: 2,
    });
    expect(json.suppressions?.entries.map((e) => [e.entry, e.state, e.applied])).toEqual([
      [1, 'used', 1],
      [2, 'expired', 0],
      [3, 'unused', 0],
    ]);
  });

  it('exits 2 on a malformed file, naming the entry and line, before scanning anything', async () => {
    // Prepare
    const file = join(dir, 'bad.yaml');
    await writeFile(
      file,
      'suppressions:\n  - rule: codebuild-project-in-vpc\n    resource: leaky-*\n    reason: r\n    owner: o\n    expires: 2026-13-01\n',
    );

    // Act
    const run = await runCli(['scan', RULES_OPTION, '--suppressions', file], aws.emulator.endpoint);

    // Assess
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `ppguard: --suppressions ${file}: entry 1 (line 2): expires must be a date YYYY-MM-DD, not "2026-13-01"\n`,
    );
  });
});
