/**
 * Sends evaluations to AWS Config within the API's limits (docs/aws-data.md §3): at most 100 per call,
 * annotations of 1..256 characters, resource ids of at most 768, never INSUFFICIENT_DATA.
 * FailedEvaluations are retried; evaluations Config still rejects are set aside while every other
 * chunk is sent, then reported together as one error naming them. Throttling is left to the
 * client's adaptive retry strategy; a call that fails outright (not a rejection) throws at once.
 */
import {
  type ConfigServiceClient,
  type Evaluation,
  PutEvaluationsCommand,
} from '@aws-sdk/client-config-service';
import { cutToLimit, MAX_ANNOTATION } from '../engine/annotation';
import { safeLine } from '../engine/safe-text';

export const MAX_EVALUATIONS_PER_CALL = 100;
/** Rejected resources named in an error message; the error's `failed` holds them all. */
const NAMED_IN_MESSAGE = 20;
const DEFAULT_ATTEMPTS = 4;

export interface ConfigEvaluation {
  resourceType: string;
  resourceId: string;
  compliance: 'COMPLIANT' | 'NON_COMPLIANT' | 'NOT_APPLICABLE';
  annotation?: string;
  orderingTimestamp: Date;
}

export class PutEvaluationsError extends Error {
  override name = 'PutEvaluationsError';
  constructor(
    message: string,
    readonly failed: readonly Evaluation[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Cuts an annotation to Config's limit with the rules' one mark (lib/engine/annotation.ts), after
 * removing controls and bidirectional overrides (lib/engine/safe-text.ts): reviewers read it.
 */
export function fitAnnotation(annotation: string | undefined): string | undefined {
  if (annotation === undefined) return undefined;
  const text = safeLine(annotation);
  if (text === '') return undefined;
  return cutToLimit(text, MAX_ANNOTATION);
}

function toApi(evaluation: ConfigEvaluation): Evaluation {
  const id = evaluation.resourceId;
  if (id.length < 1 || id.length > 768) {
    throw new PutEvaluationsError(
      `resource id of ${id.length} characters is outside 1..768: ${id.slice(0, 80)}`,
      [],
    );
  }
  const annotation = fitAnnotation(evaluation.annotation);
  return {
    ComplianceResourceType: evaluation.resourceType,
    ComplianceResourceId: id,
    ComplianceType: evaluation.compliance,
    ...(annotation === undefined ? {} : { Annotation: annotation }),
    OrderingTimestamp: evaluation.orderingTimestamp,
  };
}

export interface PutOptions {
  /** Attempts per chunk for evaluations Config reports as failed (the first try included). */
  maxAttempts?: number;
  /** Delay before retry n (1-based); exponential by default. */
  delayMs?: (retry: number) => number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends one chunk; returns the evaluations Config still rejected after the last attempt. */
async function putChunk(
  client: ConfigServiceClient,
  resultToken: string,
  chunk: Evaluation[],
  options: PutOptions,
): Promise<Evaluation[]> {
  const maxAttempts = options.maxAttempts ?? DEFAULT_ATTEMPTS;
  const delayMs = options.delayMs ?? ((retry: number) => 200 * 2 ** (retry - 1));
  let pending = chunk;
  for (let attempt = 1; ; attempt++) {
    const response = await client.send(
      new PutEvaluationsCommand({ ResultToken: resultToken, Evaluations: pending }),
    );
    const failed = response.FailedEvaluations ?? [];
    if (failed.length === 0 || attempt >= maxAttempts) return failed;
    const failedKeys = new Set(
      failed.map((e) => `${e.ComplianceResourceType}\u0000${e.ComplianceResourceId}`),
    );
    pending = pending.filter((e) =>
      failedKeys.has(`${e.ComplianceResourceType}\u0000${e.ComplianceResourceId}`),
    );
    await sleep(delayMs(attempt));
  }
}

/** `AWS::ECR::Repository/repo-1, ...`: the first rejected resources, and how many more. */
export function namedRejections(failed: readonly Evaluation[]): string {
  const ids = failed.map((e) => `${e.ComplianceResourceType}/${e.ComplianceResourceId}`);
  const more = ids.length - NAMED_IN_MESSAGE;
  return `${ids.slice(0, NAMED_IN_MESSAGE).join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}

/**
 * Sends every chunk, even after Config rejected evaluations of an earlier one: one resource Config
 * keeps rejecting must not keep the verdicts of the others from it. Returns the number of API calls
 * made (one per chunk, retries excluded); throws a PutEvaluationsError naming every evaluation
 * still rejected after the last attempt, once all chunks were sent.
 */
export async function putEvaluations(
  client: ConfigServiceClient,
  resultToken: string,
  evaluations: readonly ConfigEvaluation[],
  options: PutOptions = {},
): Promise<number> {
  const api = evaluations.map(toApi);
  const attempts = options.maxAttempts ?? DEFAULT_ATTEMPTS;
  const rejected: Evaluation[] = [];
  let calls = 0;
  for (let start = 0; start < api.length; start += MAX_EVALUATIONS_PER_CALL) {
    rejected.push(
      ...(await putChunk(client, resultToken, api.slice(start, start + MAX_EVALUATIONS_PER_CALL), options)),
    );
    calls++;
  }
  if (rejected.length > 0) {
    throw new PutEvaluationsError(
      `AWS Config rejected ${rejected.length} evaluation(s) after ${attempts} attempts: ${namedRejections(rejected)}`,
      rejected,
    );
  }
  return calls;
}
