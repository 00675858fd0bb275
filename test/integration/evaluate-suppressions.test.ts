/**
 * The evaluator Lambda with a suppression file in an SSM SecureString (deploy parameter
 * suppressionsParameterName): real SDK clients over HTTP against moto, through the Config
 * emulator front; evaluations checked at the wire. The same matching as the CLI: an entry in its
 * lifetime reports NOT_APPLICABLE `suppressed: ...`, an expired one is named in the NON_COMPLIANT
 * annotation, and a parameter that cannot be parsed fails the invocation, sending nothing.
 */
import { CreateProjectCommand, type Project } from '@aws-sdk/client-codebuild';
import { PutParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { codeBuildItem } from '../../emulator/config-items';
import { createHandler } from '../../handlers/evaluate';
import { createSsmClient } from '../../lib/aws/clients';
import { describeSource } from '../../lib/collect/source';
import { SuppressionFileError } from '../../lib/engine/suppressions';
import { createSuppressionsReader } from '../../lib/lambda/suppressions';
import type { Log } from '../../lib/log';
import { ruleForConfigRuleName } from '../../rules/index';
import { changeEvent } from '../fixtures/events';
import { REGION, startTestAws, type TestAws } from './support/aws';

const rule = { configRuleName: 'ppguard-codebuild-project-in-vpc' };
const warnings: { message: string; extra?: Record<string, unknown> }[] = [];
const log: Log = {
  info: () => {},
  warn: (message, extra) => warnings.push({ message, ...(extra ? { extra } : {}) }),
  error: () => {},
};

let aws: TestAws;
let ssm: SSMClient;

async function createProject(name: string): Promise<Project> {
  const { project } = await aws.codebuild.send(
    new CreateProjectCommand({
      name,
      source: {
        type: 'CODECOMMIT',
        location: `https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/${name}`,
      },
      artifacts: { type: 'NO_ARTIFACTS' },
      environment: {
        type: 'LINUX_CONTAINER',
        image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/builder:1',
        computeType: 'BUILD_GENERAL1_SMALL',
      },
      serviceRole: 'arn:aws:iam::123456789012:role/codebuild-app-role',
    }),
  );
  if (!project) throw new Error(`project ${name} not created`);
  return project;
}

function handlerReading(parameterName: string) {
  return createHandler({
    config: aws.config,
    aws: describeSource(aws.options),
    findRule: ruleForConfigRuleName,
    log,
    region: REGION,
    now: () => new Date('2026-11-25T12:00:00Z'),
    suppressions: createSuppressionsReader(parameterName, aws.options),
  });
}

beforeAll(async () => {
  aws = await startTestAws();
  ssm = await createSsmClient(aws.options);
});

afterAll(async () => {
  ssm?.destroy();
  await aws?.close();
});

beforeEach(() => {
  aws.emulator.clear();
  aws.emulator.unseedAll();
  warnings.length = 0;
});

describe('evaluate with a suppression file in SSM', () => {
  it('suppresses what an entry in its lifetime matches and names an expired entry in the annotation', async () => {
    // Prepare
    await ssm.send(
      new PutParameterCommand({
        Name: '/ppguard/suppressions',
        Type: 'SecureString',
        Value: [
          'suppressions:',
          '  - rule: codebuild-project-in-vpc',
          '    resource: legacy-*',
          '    reason: RISK-42 moving into the VPC',
          '    owner: platform-team',
          '    expires: 2026-12-31',
          '  - rule: "*"',
          '    resource: arn:aws:codebuild:eu-west-1:123456789012:project/other-build',
          '    reason: old waiver',
          '    owner: alice',
          '    expires: 2026-11-01',
        ].join('\n'),
      }),
    );
    const legacy = codeBuildItem(await createProject('legacy-build'), '3f2b7c1e-0000-4e8b-a1c2-0000000000a1');
    const other = codeBuildItem(await createProject('other-build'), '3f2b7c1e-0000-4e8b-a1c2-0000000000a2');
    const handler = handlerReading('/ppguard/suppressions');

    // Act
    await handler(changeEvent(legacy, rule));
    await handler(changeEvent(other, rule));

    // Assess
    expect(aws.emulator.violations).toEqual([]);
    expect(
      aws.emulator.evaluations.map((e) => [e.ComplianceResourceId, e.ComplianceType, e.Annotation]),
    ).toEqual([
      [
        '3f2b7c1e-0000-4e8b-a1c2-0000000000a1',
        'NOT_APPLICABLE',
        'project legacy-build: suppressed: RISK-42 moving into the VPC (platform-team, until 2026-12-31)',
      ],
      [
        '3f2b7c1e-0000-4e8b-a1c2-0000000000a2',
        'NON_COMPLIANT',
        'project other-build: no vpcConfig: builds run outside any VPC with direct internet access; to pass, set vpcConfig to private subnets and a security group (suppression entry 2 expired 2026-11-01)',
      ],
    ]);
    expect(warnings).toEqual([
      {
        message: 'suppression entry not applied',
        extra: {
          rule: 'codebuild-project-in-vpc',
          entry: 2,
          line: 7,
          state: 'expired',
          expires: '2026-11-01',
          owner: 'alice',
          resources: 1,
        },
      },
    ]);
  });

  it('fails the invocation on a parameter that is not a valid suppression file, sending nothing', async () => {
    // Prepare
    await ssm.send(
      new PutParameterCommand({
        Name: '/ppguard/broken-suppressions',
        Type: 'String',
        Value: 'suppressions:\n  - rule: "*"\n    resource: x\n    reason: r\n    expires: 2026-12-01\n',
      }),
    );
    const item = codeBuildItem(await createProject('any-build'), '3f2b7c1e-0000-4e8b-a1c2-0000000000a3');
    const handler = handlerReading('/ppguard/broken-suppressions');

    // Act
    const run = handler(changeEvent(item, rule));

    // Assess
    await expect(run).rejects.toThrow(
      new SuppressionFileError(
        'SSM parameter /ppguard/broken-suppressions: entry 1 (line 2): owner is required',
      ),
    );
    expect(aws.emulator.evaluations).toEqual([]);
  });
});
