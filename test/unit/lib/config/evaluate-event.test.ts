/**
 * The periodic sweep loop of lib/config/evaluate-event.ts with in-memory AWS readers and a
 * capturing AWS Config client: chunking, hand-off and how rule failures travel across hops. The
 * wire-level behaviour against the emulator is in test/integration/sweep-continuation.test.ts.
 */
import type { ConfigServiceClient, PutEvaluationsCommandInput } from '@aws-sdk/client-config-service';
import { describe, expect, it } from 'vitest';
import { type EvaluatorDeps, evaluateRuleEvent, resumeSweep } from '../../../../lib/config/evaluate-event';
import type { SweepContinuation } from '../../../../lib/config/sweep';
import type { AwsReaders } from '../../../../lib/engine/inputs';
import { compliant, defineRule, nonCompliant } from '../../../../lib/engine/rule';
import type { Log } from '../../../../lib/log';
import { ResourceReadError } from '../../../../lib/resources/errors';
import type { EcrRepository } from '../../../../lib/resources/model';
import { changeEvent, scheduledEvent } from '../../../fixtures/events';
import { ecrRepository } from '../../../fixtures/models';

const name = (i: number) => `repo-${String(i).padStart(3, '0')}`;

/** Repositories named in `broken` make the rule throw; the others alternate verdicts. */
const testRule = (broken: ReadonlySet<string>) =>
  defineRule({
    id: 'test-sweep-rule',
    title: 'test',
    severity: 'low',
    resourceTypes: ['AWS::ECR::Repository'],
    rationale: 'test',
    remediation: 'test',
    parameters: {},
    evaluate(repository: EcrRepository) {
      if (broken.has(repository.name)) throw new Error(`cannot read ${repository.name}`);
      return Number(repository.name.slice(5)) % 2 === 0 ? compliant() : nonCompliant('odd');
    },
  });

interface Faults {
  /** Repositories listed but not readable (a failure of their own in the listing). */
  unreadable?: string[];
  /** Repositories whose evaluations AWS Config rejects on every attempt. */
  rejected?: string[];
}

function setup(count: number, broken: string[] = [], faults: Faults = {}) {
  const puts: PutEvaluationsCommandInput[] = [];
  const rejected = new Set(faults.rejected);
  const config = {
    send: async (command: { input: PutEvaluationsCommandInput }) => {
      puts.push(command.input);
      const failed = (command.input.Evaluations ?? []).filter((e) =>
        rejected.has(e.ComplianceResourceId ?? ''),
      );
      return { FailedEvaluations: failed };
    },
  } as unknown as ConfigServiceClient;
  const unreadable = new Set(faults.unreadable);
  const all = Array.from({ length: count }, (_, i) => name(i));
  const repositories = all.filter((n) => !unreadable.has(n)).map((n) => ecrRepository({ name: n }));
  const failures = all
    .filter((n) => unreadable.has(n))
    .map(
      (n) =>
        new ResourceReadError(
          'AWS::ECR::Repository',
          n,
          Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }),
        ),
    );
  const aws: AwsReaders = {
    list: async () => ({ resources: repositories, failures }),
    describe: async () => ({ resources: [], failures: [] }),
    ecrRegistryScanning: async () => {
      throw new Error('not needed');
    },
    networkLoader: () => ({
      load: async () => {
        throw new Error('not needed');
      },
    }),
  };
  const errors: string[] = [];
  const warnings: { message: string; extra?: Record<string, unknown> }[] = [];
  const log: Log = {
    info: () => {},
    warn: (message, extra) => warnings.push({ message, ...(extra ? { extra } : {}) }),
    error: (message) => errors.push(message),
  };
  const rule = testRule(new Set(broken));
  const deps: EvaluatorDeps = { config, aws, findRule: () => rule, log, region: 'eu-west-1' };
  const handedOff: SweepContinuation[] = [];
  const limits = { remainingMs: () => 0, handOff: async (c: SweepContinuation) => void handedOff.push(c) };
  return { deps, puts, errors, warnings, handedOff, limits };
}

const event = scheduledEvent({ configRuleName: 'ppguard-test-sweep-rule', resultToken: 'token-1' });

describe('a periodic sweep with invocation limits', () => {
  it('hands off after a chunk when no time is left, naming the last resource reported', async () => {
    // Prepare
    const { deps, puts, handedOff, warnings, limits } = setup(150);

    // Act
    const summary = await evaluateRuleEvent(event, deps, { limits });

    // Assess
    expect(puts.map((p) => p.Evaluations?.length)).toEqual([100]);
    expect(handedOff).toEqual([
      {
        type: 'ppguard.sweep-continuation',
        version: 1,
        event,
        after: `AWS::ECR::Repository\u0000${name(99)}`,
        hop: 1,
        reported: 100,
        failedEarlier: 0,
      },
    ]);
    expect(summary.continuedAfter).toEqual({
      resourceType: 'AWS::ECR::Repository',
      resourceId: name(99),
      hop: 1,
      remaining: 50,
    });
    expect(warnings).toEqual([
      {
        message: 'periodic sweep continues in a follow-up invocation',
        extra: {
          rule: 'test-sweep-rule',
          resourceType: 'AWS::ECR::Repository',
          resourceId: name(99),
          hop: 1,
          remaining: 50,
          reported: 100,
          failed: 0,
        },
      },
    ]);
  });

  it('keeps going while time is left', async () => {
    // Prepare
    const { deps, puts, handedOff, limits } = setup(250);

    // Act
    const summary = await evaluateRuleEvent(event, deps, {
      limits: { ...limits, remainingMs: () => 600_000 },
    });

    // Assess
    expect(puts.map((p) => p.Evaluations?.length)).toEqual([100, 100, 50]);
    expect(handedOff).toEqual([]);
    expect(summary.evaluations).toBe(250);
  });

  it('does not fail a hop for a resource the rule failed on, but counts it, and the last hop fails naming the count', async () => {
    // Prepare
    const { deps, errors, handedOff, limits } = setup(150, [name(3)]);

    // Act
    const first = await evaluateRuleEvent(event, deps, { limits });
    const last = resumeSweep(handedOff[0] as SweepContinuation, deps, { limits });

    // Assess
    expect(first.evaluations).toBe(99);
    expect(errors).toEqual([`rule test-sweep-rule failed on resource ${name(3)}: cannot read ${name(3)}`]);
    expect(handedOff[0]?.failedEarlier).toBe(1);
    await expect(last).rejects.toThrow(
      '1 resources could not be evaluated by test-sweep-rule in earlier invocations of this sweep, named in their logs',
    );
  });

  it('fails the last hop naming both its own failures and the earlier ones', async () => {
    // Prepare
    const { deps, limits } = setup(150, [name(120)]);
    const continuation: SweepContinuation = {
      type: 'ppguard.sweep-continuation',
      version: 1,
      event,
      after: `AWS::ECR::Repository\u0000${name(99)}`,
      hop: 1,
      reported: 99,
      failedEarlier: 2,
    };

    // Act
    const last = resumeSweep(continuation, deps, { limits });

    // Assess
    await expect(last).rejects.toThrow(
      `1 resources could not be evaluated or reported by test-sweep-rule (2 more in earlier invocations of this sweep, named in their logs): rule test-sweep-rule failed on resource ${name(120)}: cannot read ${name(120)}`,
    );
  });

  it('fails the invocation when the hand-off fails, after reporting the chunk it evaluated', async () => {
    // Prepare
    const { deps, puts, limits } = setup(150);
    const handOff = async () => {
      throw new Error('SQS SendMessage failed: AccessDenied');
    };

    // Act
    const run = evaluateRuleEvent(event, deps, { limits: { ...limits, handOff } });

    // Assess
    await expect(run).rejects.toThrow('SQS SendMessage failed: AccessDenied');
    expect(puts.map((p) => p.Evaluations?.length)).toEqual([100]);
  });
});

describe('one bad resource in a periodic sweep', () => {
  it('reports every readable resource, then fails naming each resource that could not be read and why', async () => {
    // Prepare: 250 repositories, two of them unreadable (access denied on their reads).
    const { deps, puts, errors } = setup(250, [], { unreadable: [name(7), name(180)] });

    // Act
    const run = evaluateRuleEvent(event, deps);

    // Assess: 248 verdicts in three chunks, none for the two, and an error naming both.
    await expect(run).rejects.toThrow(
      `2 resources could not be evaluated or reported by test-sweep-rule: could not read AWS::ECR::Repository ${name(7)}: AccessDeniedException: not authorized; could not read AWS::ECR::Repository ${name(180)}: AccessDeniedException: not authorized`,
    );
    const sent = puts.flatMap((p) => p.Evaluations ?? []).map((e) => e.ComplianceResourceId);
    expect(puts.map((p) => p.Evaluations?.length)).toEqual([100, 100, 48]);
    expect(sent).not.toContain(name(7));
    expect(sent).not.toContain(name(180));
    expect(new Set(sent).size).toBe(248);
    expect(errors).toEqual([
      `could not read AWS::ECR::Repository ${name(7)}: AccessDeniedException: not authorized`,
      `could not read AWS::ECR::Repository ${name(180)}: AccessDeniedException: not authorized`,
    ]);
  });

  it('fails with the one failure itself when a single resource could not be read', async () => {
    const { deps, puts } = setup(120, [], { unreadable: [name(42)] });

    const run = evaluateRuleEvent(event, deps);

    await expect(run).rejects.toThrow(ResourceReadError);
    await expect(run).rejects.toThrow(
      `could not read AWS::ECR::Repository ${name(42)}: AccessDeniedException: not authorized`,
    );
    expect(puts.flatMap((p) => p.Evaluations ?? [])).toHaveLength(119);
  });

  it('sends the later chunks when Config rejects a resource of an earlier one on every retry, then fails naming it', async () => {
    // Prepare
    const { deps, puts } = setup(250, [], { rejected: [name(5)] });

    // Act
    const run = evaluateRuleEvent(event, deps);

    // Assess: chunk 1 and its three resends of the rejected one, then chunks 2 and 3.
    await expect(run).rejects.toThrow(
      `AWS Config rejected 1 evaluation(s) after 4 attempts: AWS::ECR::Repository/${name(5)}`,
    );
    expect(puts.map((p) => p.Evaluations?.length)).toEqual([100, 1, 1, 1, 100, 50]);
  });

  it('counts rejected evaluations of a hop that hands off, so the last hop fails for them', async () => {
    const { deps, handedOff, limits } = setup(150, [], { rejected: [name(5)] });

    const summary = await evaluateRuleEvent(event, deps, { limits });

    expect(summary.continuedAfter?.remaining).toBe(50);
    expect(handedOff[0]?.failedEarlier).toBe(1);
  });

  it('re-evaluating several resources on a network change, reports the readable ones and fails naming the unreadable one', async () => {
    // Prepare: the rule re-evaluates every repository when a route table changes.
    const { deps, puts } = setup(3, [], { unreadable: [name(1)] });
    const rule = defineRule({ ...testRule(new Set()), triggeredBy: ['AWS::EC2::RouteTable'] });
    const change = changeEvent(
      {
        resourceType: 'AWS::EC2::RouteTable',
        resourceId: 'rtb-1',
        configurationItemStatus: 'OK',
        configurationItemCaptureTime: '2026-11-25T10:00:00.000Z',
        configuration: { vpcId: 'vpc-1' },
      },
      { configRuleName: 'ppguard-test-sweep-rule' },
    );

    // Act
    const run = evaluateRuleEvent(change, { ...deps, findRule: () => rule });

    // Assess
    await expect(run).rejects.toThrow(
      `could not read AWS::ECR::Repository ${name(1)}: AccessDeniedException: not authorized`,
    );
    expect(
      puts.flatMap((p) => p.Evaluations ?? []).map((e) => [e.ComplianceResourceId, e.ComplianceType]),
    ).toEqual([
      [name(0), 'COMPLIANT'],
      [name(2), 'COMPLIANT'],
    ]);
  });
});
