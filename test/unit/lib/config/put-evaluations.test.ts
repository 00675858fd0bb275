import type { ConfigServiceClient, Evaluation, PutEvaluationsCommand } from '@aws-sdk/client-config-service';
import { describe, expect, it } from 'vitest';
import {
  type ConfigEvaluation,
  fitAnnotation,
  PutEvaluationsError,
  putEvaluations,
} from '../../../../lib/config/put-evaluations';

/** A stand-in for the AWS Config API (not our code): records requests, fails what it is told to. */
function fakeConfig(failures: ((evaluations: Evaluation[]) => Evaluation[])[] = []) {
  const requests: Evaluation[][] = [];
  const client = {
    send: async (command: PutEvaluationsCommand) => {
      const evaluations = command.input.Evaluations ?? [];
      requests.push(evaluations);
      const fail = failures.shift();
      return { FailedEvaluations: fail ? fail(evaluations) : [] };
    },
  };
  return { client: client as unknown as ConfigServiceClient, requests };
}

const evaluation = (i: number): ConfigEvaluation => ({
  resourceType: 'AWS::ECR::Repository',
  resourceId: `repo-${i}`,
  compliance: 'COMPLIANT',
  orderingTimestamp: new Date('2026-11-25T10:00:00Z'),
});

describe('fitAnnotation', () => {
  it('keeps an annotation within 256 characters as it is', () => {
    expect(fitAnnotation('a'.repeat(256))).toBe('a'.repeat(256));
  });

  it("cuts a long annotation to 256 characters with the rules' one mark", () => {
    const fitted = fitAnnotation(`${'x'.repeat(300)}`);
    expect(fitted).toBe(`${'x'.repeat(255)}…`);
    expect(fitted?.length).toBe(256);
  });

  it('never cuts inside a surrogate pair', () => {
    const fitted = fitAnnotation(`${'a'.repeat(254)}😀${'b'.repeat(50)}`) ?? '';
    expect(fitted).toBe(`${'a'.repeat(254)}…`);
    expect(fitted.length).toBeLessThanOrEqual(256);
  });

  it('omits an empty or blank annotation (Config rejects empty strings)', () => {
    expect(fitAnnotation('')).toBeUndefined();
    expect(fitAnnotation(' \n ')).toBeUndefined();
  });

  it('flattens line breaks', () => {
    expect(fitAnnotation('line one\nline two')).toBe('line one line two');
  });
});

describe('putEvaluations', () => {
  it('sends 250 evaluations in chunks of 100, 100 and 50', async () => {
    // Prepare
    const { client, requests } = fakeConfig();

    // Act
    const calls = await putEvaluations(
      client,
      'token',
      Array.from({ length: 250 }, (_, i) => evaluation(i)),
    );

    // Assess
    expect(calls).toBe(3);
    expect(requests.map((r) => r.length)).toEqual([100, 100, 50]);
    expect(requests.flat().map((e) => e.ComplianceResourceId)).toEqual(
      Array.from({ length: 250 }, (_, i) => `repo-${i}`),
    );
  });

  it('retries only the evaluations Config reports as failed', async () => {
    // Prepare
    const { client, requests } = fakeConfig([(evaluations) => evaluations.slice(1, 3)]);

    // Act
    await putEvaluations(client, 'token', [0, 1, 2, 3].map(evaluation), { delayMs: () => 0 });

    // Assess
    expect(requests.map((r) => r.map((e) => e.ComplianceResourceId))).toEqual([
      ['repo-0', 'repo-1', 'repo-2', 'repo-3'],
      ['repo-1', 'repo-2'],
    ]);
  });

  it('throws a PutEvaluationsError naming the resources still failing after the last attempt', async () => {
    // Prepare
    const alwaysFail = (evaluations: Evaluation[]) =>
      evaluations.filter((e) => e.ComplianceResourceId === 'repo-1');
    const { client, requests } = fakeConfig([alwaysFail, alwaysFail, alwaysFail]);

    // Act
    const act = putEvaluations(client, 'token', [0, 1].map(evaluation), { maxAttempts: 3, delayMs: () => 0 });

    // Assess
    await expect(act).rejects.toThrowError(PutEvaluationsError);
    await expect(putEvaluationsFailure(act)).resolves.toBe(
      'AWS Config rejected 1 evaluation(s) after 3 attempts: AWS::ECR::Repository/repo-1',
    );
    expect(requests).toHaveLength(3);
  });

  it('sends every later chunk when Config rejects one resource on every attempt, then throws naming it', async () => {
    // Prepare: Config rejects repo-0 (in the first chunk) every time it is sent.
    const rejectRepo0 = (evaluations: Evaluation[]) =>
      evaluations.filter((e) => e.ComplianceResourceId === 'repo-0');
    const { client, requests } = fakeConfig(Array(10).fill(rejectRepo0));
    const all = Array.from({ length: 250 }, (_, i) => evaluation(i));

    // Act
    const act = putEvaluations(client, 'token', all, { maxAttempts: 3, delayMs: () => 0 });

    // Assess: the first chunk and its two retries of repo-0, then the two later chunks.
    await expect(putEvaluationsFailure(act)).resolves.toBe(
      'AWS Config rejected 1 evaluation(s) after 3 attempts: AWS::ECR::Repository/repo-0',
    );
    expect(requests.map((r) => r.length)).toEqual([100, 1, 1, 100, 50]);
    expect(
      requests
        .slice(3)
        .flat()
        .map((e) => e.ComplianceResourceId),
    ).toEqual(all.slice(100).map((e) => e.resourceId));
  });

  it('names the first 20 rejected resources and counts the rest', async () => {
    // Prepare: Config rejects every evaluation.
    const { client } = fakeConfig(Array(3).fill((evaluations: Evaluation[]) => evaluations));
    const all = Array.from({ length: 150 }, (_, i) => evaluation(i));

    // Act
    const error = await putEvaluations(client, 'token', all, { maxAttempts: 1 }).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(PutEvaluationsError);
    const names = Array.from({ length: 20 }, (_, i) => `AWS::ECR::Repository/repo-${i}`).join(', ');
    expect((error as Error).message).toBe(
      `AWS Config rejected 150 evaluation(s) after 1 attempts: ${names} and 130 more`,
    );
    expect((error as PutEvaluationsError).failed).toHaveLength(150);
  });

  it('rejects a resource id longer than 768 characters before calling Config', async () => {
    const { client, requests } = fakeConfig();
    const long = { ...evaluation(0), resourceId: 'r'.repeat(769) };
    await expect(putEvaluations(client, 'token', [long])).rejects.toThrowError(/outside 1\.\.768/);
    expect(requests).toHaveLength(0);
  });
});

async function putEvaluationsFailure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'no error';
  } catch (error) {
    return (error as Error).message;
  }
}
