/**
 * Completion (lib/engine/complete.ts): what a recorded item lacked is read from the service API
 * before any rule runs; a read that fails is an error naming the key and the read, never a
 * verdict; a resource the API no longer has is skipped; complete resources cost no call.
 */
import { describe, expect, it } from 'vitest';
import { complete, type Describe } from '../../../../lib/engine/complete';
import { evaluateResources, RunInputs } from '../../../../lib/engine/inputs';
import { parseRuleParameters } from '../../../../lib/engine/run';
import { ResourceReadError } from '../../../../lib/resources/errors';
import type { EcrRepository, Resource } from '../../../../lib/resources/model';
import rule from '../../../../rules/ecr-repository-not-public';
import { ecrRepository } from '../../../fixtures/models';
import { awsError, denied, fakeReaders } from '../cli/support';

const PUBLIC_POLICY = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'Anyone', Effect: 'Allow', Principal: '*', Action: 'ecr:BatchGetImage' }],
};

const POLICY_ABSENT = {
  policy: { key: 'configuration.RepositoryPolicyText', read: 'ecr:GetRepositoryPolicy' },
};

/** A repository as its Config item gave it when RepositoryPolicyText was absent. */
const unrecorded = (name: string): EcrRepository =>
  ecrRepository({
    name,
    resourceId: name,
    resourceName: name,
    policy: { kind: 'none' },
    unrecorded: POLICY_ABSENT,
  });

/** Describe answering from fixed resources, recording what it was asked. */
function describer(resources: Resource[], failures: ResourceReadError[] = []) {
  const asked: string[] = [];
  const describe: Describe = async (type, names) => {
    asked.push(`${type} ${names.join(',')}`);
    return {
      resources: resources.filter((r) => r.resourceType === type && names.includes(r.resourceName)),
      failures: failures.filter((f) => names.includes(f.resourceId)),
    };
  };
  return { describe, asked };
}

describe('complete', () => {
  it('takes each unrecorded field from the described resource and keeps the rest of the item', async () => {
    // Prepare
    const described = ecrRepository({
      name: 'app',
      resourceId: 'app',
      resourceName: 'app',
      policy: { kind: 'document', document: PUBLIC_POLICY },
      imageTagMutability: 'MUTABLE',
    });
    const { describe, asked } = describer([described]);
    const item = { ...unrecorded('app'), imageTagMutability: 'IMMUTABLE' };

    // Act
    const completion = await complete([item], describe);

    // Assess
    expect(asked).toEqual(['AWS::ECR::Repository app']);
    expect(completion.failures).toEqual([]);
    const { unrecorded: _, ...recorded } = item;
    expect(completion.resources).toStrictEqual([
      { ...recorded, policy: { kind: 'document', document: PUBLIC_POLICY } },
    ]);
  });

  it('makes no call for resources that lack nothing', async () => {
    // Prepare
    const { describe, asked } = describer([]);
    const whole = ecrRepository();

    // Act
    const completion = await complete([whole], describe);

    // Assess
    expect(asked).toEqual([]);
    expect(completion).toStrictEqual({ resources: [whole], failures: [] });
  });

  it('fails a resource whose read failed, naming the missing key and the read, and keeps the others', async () => {
    // Prepare
    const cause = denied('ecr:GetRepositoryPolicy');
    const { describe } = describer(
      [ecrRepository({ name: 'ok', resourceId: 'ok', resourceName: 'ok' })],
      [new ResourceReadError('AWS::ECR::Repository', 'bad', cause)],
    );

    // Act
    const completion = await complete([unrecorded('bad'), unrecorded('ok')], describe);

    // Assess
    expect(completion.resources.map((r) => r.resourceName)).toEqual(['ok']);
    expect(completion.failures.map((f) => f.message)).toEqual([
      `could not read AWS::ECR::Repository bad: configuration.RepositoryPolicyText is not in the configuration item and reading it (ecr:GetRepositoryPolicy) failed: AccessDeniedException: ${cause.message}`,
    ]);
    expect(completion.failures[0]?.cause).toBe(cause);
  });

  it('fails every resource of a type whose whole read threw', async () => {
    // Prepare
    const cause = awsError('ThrottlingException', 'Rate exceeded');
    const describe: Describe = async () => {
      throw cause;
    };

    // Act
    const completion = await complete([unrecorded('a'), unrecorded('b')], describe);

    // Assess
    expect(completion.resources).toEqual([]);
    expect(completion.failures.map((f) => f.resourceId)).toEqual(['a', 'b']);
    expect(completion.failures[0]?.message).toBe(
      'could not read AWS::ECR::Repository a: configuration.RepositoryPolicyText is not in the configuration item and reading it (ecr:GetRepositoryPolicy) failed: ThrottlingException: Rate exceeded',
    );
  });

  it('skips a resource the API no longer has (deleted since Config recorded it)', async () => {
    // Prepare
    const { describe } = describer([]);

    // Act
    const completion = await complete([unrecorded('gone')], describe);

    // Assess
    expect(completion).toStrictEqual({ resources: [], failures: [] });
  });
});

describe('evaluateResources with an item that lacked its policy', () => {
  const scope = { accountId: '123456789012', region: 'eu-west-1', now: new Date('2026-12-04T12:00:00Z') };
  const params = parseRuleParameters(rule, {});

  it('judges the policy the service API gives: a public one is NON_COMPLIANT', async () => {
    // Prepare
    const aws = fakeReaders({
      'AWS::ECR::Repository': [
        ecrRepository({
          name: 'app',
          resourceId: 'app',
          resourceName: 'app',
          policy: { kind: 'document', document: PUBLIC_POLICY },
        }),
      ],
    });

    // Act
    const outcome = await evaluateResources(rule, params, [unrecorded('app')], new RunInputs(aws), scope);

    // Assess
    expect(outcome.failures).toEqual([]);
    expect(outcome.evaluations.map((e) => e.compliance)).toEqual(['NON_COMPLIANT']);
    // The policy is completed once; the own networks (ownNetworks) are listed for the trust set.
    expect(aws.calls).toEqual([
      'describe AWS::ECR::Repository app',
      'list AWS::EC2::VPC',
      'list AWS::EC2::VPCEndpoint',
    ]);
  });

  it('reports a failure, not a verdict, when the read fails', async () => {
    // Prepare
    const aws = fakeReaders({ 'AWS::ECR::Repository': denied('ecr:GetRepositoryPolicy') });

    // Act
    const outcome = await evaluateResources(rule, params, [unrecorded('app')], new RunInputs(aws), scope);

    // Assess
    expect(outcome.evaluations).toEqual([]);
    expect(outcome.failures.map((f) => f.message)).toEqual([
      expect.stringContaining(
        'could not read AWS::ECR::Repository app: configuration.RepositoryPolicyText is not in the configuration item and reading it (ecr:GetRepositoryPolicy) failed: AccessDeniedException',
      ),
    ]);
  });
});
