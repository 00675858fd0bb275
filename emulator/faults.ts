/**
 * A seeded, deterministic fault injector for the emulator front (config-emulator.ts): at set rates,
 * per operation or for all operations, a request is answered with a throttling error, an HTTP 500,
 * a slow (but otherwise normal) answer, or a dropped connection.
 *
 * Where faults happen: in the front, after the request body was read and BEFORE anything reaches
 * moto (or the front's own Config stand-ins). A faulted request has therefore never been processed,
 * so a retry cannot duplicate it. Real AWS can also fail AFTER processing (the answer is lost on the
 * way back); the SDK then retries a request the service already applied. This injector does not
 * model that case; see faults.test.ts for why it is harmless for PutEvaluations and what it means
 * for Publish.
 *
 * Determinism: each decision is drawn from a small PRNG (mulberry32) seeded with
 * hash(seed, operation, SHA-256 of the body, how often that exact request was seen before). The
 * same seed therefore faults the same requests (the same repository's GetRepositoryPolicy on its
 * first try, say) whatever order concurrent requests arrive in, and a retried request draws anew.
 * EC2 ids the emulator makes up (vpc-..., subnet-...) are masked before hashing, so a rebuilt
 * account draws the same faults; what still differs between runs is the SDK's own backoff jitter.
 *
 * Error bodies follow each protocol, so the SDK parses them as it would AWS's:
 * - JSON protocols (X-Amz-Target): HTTP 400 {"__type": "ThrottlingException"}, HTTP 500
 *   {"__type": "InternalFailure"};
 * - EC2 query: HTTP 503 <Response><Errors><Error><Code>RequestLimitExceeded</Code>..., HTTP 500
 *   InternalError;
 * - other query protocols (SNS, STS): HTTP 400 <ErrorResponse> Throttling (Sender), HTTP 500
 *   InternalFailure (Receiver);
 * - REST protocols: HTTP 429 / 500 with X-Amzn-ErrorType.
 *
 * Answers a real account gives for one resource (issue 12), usually aimed with `match` at the
 * requests naming it:
 * - `denied`: AccessDenied as IAM answers it (AccessDeniedException; UnauthorizedOperation on EC2);
 * - `notFound`: the resource is gone (deleted between listing and reading it): the error code is
 *   `notFoundCode` (default ResourceNotFoundException), e.g. RepositoryNotFoundException for ECR;
 * - `garbled`: HTTP 200 whose body is not an API answer (a proxy's HTML page cut short).
 * Repeated pagination tokens, permanent PutEvaluations rejections and malformed recorded items
 * are answers the emulator front itself gives (config-emulator.ts: repeatNextToken,
 * injectFailedEvaluations, corruptRecordedItem).
 */
import { createHash } from 'node:crypto';

/** Transient faults, drawn at random rates: the SDK's retries should absorb them. */
export type TransientFault = 'throttle' | 'error500' | 'slow' | 'drop';
/** Faults of one resource that no retry cures. */
export type ResourceFault = 'denied' | 'notFound' | 'garbled';
export type FaultKind = TransientFault | ResourceFault;

export const FAULT_KINDS: readonly TransientFault[] = ['throttle', 'error500', 'slow', 'drop'];
export const RESOURCE_FAULT_KINDS: readonly ResourceFault[] = ['denied', 'notFound', 'garbled'];
const ALL_KINDS: readonly FaultKind[] = [...FAULT_KINDS, ...RESOURCE_FAULT_KINDS];

/**
 * Probabilities in [0, 1] per request (their sum must not exceed 1); optionally, per operation,
 * how many requests pass before faults start (`after`) and the most faults injected (`limit`):
 * `{ throttle: 1, limit: 1 }` throttles the first request only, `{ error500: 1, after: 2 }` fails
 * every request from the third on.
 */
export type FaultRates = Partial<Record<FaultKind, number>> & {
  after?: number;
  limit?: number;
  /** Only requests whose body contains this text (e.g. a repository's name) can draw a fault. */
  match?: string;
  /** The error code of a `notFound` answer (default ResourceNotFoundException). */
  notFoundCode?: string;
};

export interface FaultPlan {
  seed: number;
  /** Rates for every operation that `operations` does not name. */
  all?: FaultRates;
  /**
   * Rates for one operation (`<signing service>.<Operation>`, e.g. `config.PutEvaluations`) or one
   * service (`sns.*`); an operation's entry wins over its service's, which wins over `all`.
   */
  operations?: Record<string, FaultRates>;
  /** Delay of a slow answer, drawn uniformly from [min, max] ms (default 50..200, at most 5,000). */
  slowMs?: { min: number; max: number };
}

/** A resource fault as answered: AccessDenied, a garbled 200, or the resource's "not found" error. */
export type ResourceFaultAnswer =
  | { kind: 'denied' }
  | { kind: 'garbled' }
  | { kind: 'notFound'; code: string };

export type Fault =
  | { kind: 'throttle' }
  | { kind: 'error500' }
  | { kind: 'drop' }
  | ResourceFaultAnswer
  | { kind: 'slow'; delayMs: number };

export interface ErrorAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type Protocol = 'json' | 'ec2' | 'query' | 'rest';

const MAX_SLOW_MS = 5000;

/** mulberry32: a 32-bit seeded PRNG, small and good enough for test decisions. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The seed of a run: FAULT_SEED=<integer> replays one, FAULT_SEED=random draws a fresh one, unset
 * gives `fallback` (so CI runs are reproducible). Print it when a test fails.
 */
export function faultSeed(fallback: number, env: Readonly<Record<string, string | undefined>> = process.env) {
  const wanted = env.FAULT_SEED?.trim() ?? '';
  if (wanted === '') return fallback >>> 0;
  if (wanted === 'random') return Math.floor(Math.random() * 2 ** 32) >>> 0;
  const seed = Number(wanted);
  if (!Number.isSafeInteger(seed) || seed < 0)
    throw new Error('FAULT_SEED must be an integer >= 0 or "random"');
  return seed >>> 0;
}

function validate(plan: FaultPlan) {
  const check = (where: string, rates: FaultRates) => {
    let sum = 0;
    for (const kind of ALL_KINDS) {
      const rate = rates[kind] ?? 0;
      if (!(rate >= 0 && rate <= 1)) throw new RangeError(`${where}.${kind} must be within 0..1`);
      sum += rate;
    }
    if (sum > 1 + 1e-9) throw new RangeError(`${where}: fault rates add up to ${sum} (max 1)`);
    for (const bound of ['after', 'limit'] as const) {
      const value = rates[bound];
      if (value !== undefined && !(Number.isInteger(value) && value >= 0)) {
        throw new RangeError(`${where}.${bound} must be an integer >= 0`);
      }
    }
  };
  if (!Number.isInteger(plan.seed)) throw new RangeError('seed must be an integer');
  if (plan.all) check('all', plan.all);
  for (const [operation, rates] of Object.entries(plan.operations ?? {})) check(operation, rates);
  const { min, max } = plan.slowMs ?? { min: 50, max: 200 };
  if (!(min >= 0 && min <= max && max <= MAX_SLOW_MS)) {
    throw new RangeError(`slowMs must satisfy 0 <= min <= max <= ${MAX_SLOW_MS}`);
  }
}

export class FaultInjector {
  /** Faults injected, by operation and kind. */
  readonly injected = new Map<string, Record<FaultKind, number>>();
  private readonly seen = new Map<string, number>();
  private readonly requests = new Map<string, number>();
  private readonly slow: { min: number; max: number };

  constructor(readonly plan: FaultPlan) {
    validate(plan);
    this.slow = plan.slowMs ?? { min: 50, max: 200 };
  }

  /** The fault for this request, if any (and counts it). */
  decide(operation: string, body: Buffer): Fault | undefined {
    const service = operation.split('.')[0] ?? '';
    const rates =
      this.plan.operations?.[operation] ?? this.plan.operations?.[`${service}.*`] ?? this.plan.all;
    const before = this.requests.get(operation) ?? 0;
    this.requests.set(operation, before + 1);
    if (!rates || before < (rates.after ?? 0)) return undefined;
    if (rates.match !== undefined && !body.includes(rates.match)) return undefined;
    if (rates.limit !== undefined && this.count(undefined, operation) >= rates.limit) return undefined;
    const digest = createHash('sha256').update(maskGeneratedIds(body)).digest('hex');
    const key = `${operation}\n${digest}`;
    const occurrence = this.seen.get(key) ?? 0;
    this.seen.set(key, occurrence + 1);
    const random = mulberry32(fnv1a(`${this.plan.seed}\n${key}\n${occurrence}`));
    const draw = random();
    let threshold = 0;
    for (const kind of ALL_KINDS) {
      threshold += rates[kind] ?? 0;
      if (draw < threshold) {
        this.record(operation, kind);
        if (kind === 'notFound') return { kind, code: rates.notFoundCode ?? 'ResourceNotFoundException' };
        if (kind !== 'slow') return { kind } as Fault;
        const delayMs = Math.round(this.slow.min + random() * (this.slow.max - this.slow.min));
        return { kind, delayMs };
      }
    }
    return undefined;
  }

  /** Injected faults of a kind (all kinds when omitted), for one operation or all. */
  count(kind?: FaultKind, operation?: string): number {
    let total = 0;
    for (const [name, counts] of this.injected) {
      if (operation !== undefined && name !== operation) continue;
      for (const k of ALL_KINDS) if (kind === undefined || kind === k) total += counts[k];
    }
    return total;
  }

  /** Requests answered by a fault without reaching the backend (all but the slow ones). */
  rejected(operation?: string): number {
    return this.count(undefined, operation) - this.count('slow', operation);
  }

  /** `{ operation: { kind: n } }`, for failure messages and reports. */
  summary(): Record<string, Partial<Record<FaultKind, number>>> {
    const result: Record<string, Partial<Record<FaultKind, number>>> = {};
    for (const [operation, counts] of [...this.injected].sort(([a], [b]) => a.localeCompare(b))) {
      result[operation] = Object.fromEntries(
        ALL_KINDS.filter((k) => counts[k] > 0).map((k) => [k, counts[k]]),
      );
    }
    return result;
  }

  private record(operation: string, kind: FaultKind) {
    const counts =
      this.injected.get(operation) ??
      (Object.fromEntries(ALL_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>);
    counts[kind]++;
    this.injected.set(operation, counts);
  }
}

const GENERATED_ID =
  /\b(vpc|subnet|rtb|rtbassoc|igw|nat|eigw|sg|sgr|vpce|eni|acl|pl|eipalloc)-[0-9a-f]{8,17}\b/g;

/** The body with emulator-generated EC2 ids replaced by their prefix. */
function maskGeneratedIds(body: Buffer): string {
  return body.toString('utf8').replace(GENERATED_ID, '$1-*');
}

/** FNV-1a, 32 bits. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The request's wire protocol, from what the SDK sent. */
export function protocolOf(service: string, headers: Record<string, unknown>, body: Buffer): Protocol {
  if (typeof headers['x-amz-target'] === 'string') return 'json';
  const text = body.toString('utf8', 0, Math.min(body.length, 2000));
  if (/(?:^|&)Action=/.test(text)) return service === 'ec2' ? 'ec2' : 'query';
  return 'rest';
}

const REQUEST_ID = '00000000-0000-4000-8000-00000000fa17';

/** The error answer AWS would give for a throttled (`throttle`) or failed (`error500`) request. */
export function errorAnswer(kind: 'throttle' | 'error500', protocol: Protocol): ErrorAnswer {
  const throttled = kind === 'throttle';
  switch (protocol) {
    case 'json':
      return {
        status: throttled ? 400 : 500,
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': REQUEST_ID },
        body: JSON.stringify(
          throttled
            ? { __type: 'ThrottlingException', message: 'Rate exceeded' }
            : { __type: 'InternalFailure', message: 'Injected fault: internal failure' },
        ),
      };
    case 'ec2': {
      const [code, message] = throttled
        ? ['RequestLimitExceeded', 'Request limit exceeded.']
        : ['InternalError', 'Injected fault: an internal error has occurred'];
      return {
        status: throttled ? 503 : 500,
        headers: { 'content-type': 'text/xml;charset=UTF-8' },
        body:
          '<?xml version="1.0" encoding="UTF-8"?>\n' +
          `<Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors>` +
          `<RequestID>${REQUEST_ID}</RequestID></Response>`,
      };
    }
    case 'query': {
      const [type, code, message] = throttled
        ? ['Sender', 'Throttling', 'Rate exceeded']
        : ['Receiver', 'InternalFailure', 'Injected fault: internal failure'];
      return {
        status: throttled ? 400 : 500,
        headers: { 'content-type': 'text/xml' },
        body:
          '<ErrorResponse><Error>' +
          `<Type>${type}</Type><Code>${code}</Code><Message>${message}</Message>` +
          `</Error><RequestId>${REQUEST_ID}</RequestId></ErrorResponse>`,
      };
    }
    case 'rest': {
      const code = throttled ? 'ThrottlingException' : 'InternalFailure';
      return {
        status: throttled ? 429 : 500,
        headers: {
          'content-type': 'application/json',
          'x-amzn-errortype': code,
          'x-amzn-requestid': REQUEST_ID,
        },
        body: JSON.stringify({ message: throttled ? 'Rate exceeded' : 'Injected fault: internal failure' }),
      };
    }
  }
}

/** The answer of a resource fault: AccessDenied, a "not found" error, or a garbled 200. */
export function resourceFaultAnswer(fault: ResourceFaultAnswer, protocol: Protocol): ErrorAnswer {
  if (fault.kind === 'garbled') {
    // What a captive portal or a broken proxy returns: HTML, cut short, with a 200.
    return {
      status: 200,
      headers: { 'content-type': 'text/html' },
      body: '<html><body><h1>Sign in to conti',
    };
  }
  const [code, message, status] =
    fault.kind === 'denied'
      ? [
          protocol === 'ec2'
            ? 'UnauthorizedOperation'
            : protocol === 'query'
              ? 'AccessDenied'
              : 'AccessDeniedException',
          'User: arn:aws:sts::123456789012:assumed-role/ppguard/test is not authorized to perform this operation (injected fault)',
          403,
        ]
      : [fault.code, 'Injected fault: the resource does not exist', 400];
  switch (protocol) {
    case 'json':
      return {
        status: 400,
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': REQUEST_ID },
        body: JSON.stringify({ __type: code, message }),
      };
    case 'ec2':
      return {
        status,
        headers: { 'content-type': 'text/xml;charset=UTF-8' },
        body:
          '<?xml version="1.0" encoding="UTF-8"?>\n' +
          `<Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors>` +
          `<RequestID>${REQUEST_ID}</RequestID></Response>`,
      };
    case 'query':
      return {
        status,
        headers: { 'content-type': 'text/xml' },
        body:
          `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message>` +
          `</Error><RequestId>${REQUEST_ID}</RequestId></ErrorResponse>`,
      };
    case 'rest':
      return {
        status,
        headers: {
          'content-type': 'application/json',
          'x-amzn-errortype': code,
          'x-amzn-requestid': REQUEST_ID,
        },
        body: JSON.stringify({ message }),
      };
  }
}
