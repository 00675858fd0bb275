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
 */
import { createHash } from 'node:crypto';

export type FaultKind = 'throttle' | 'error500' | 'slow' | 'drop';

export const FAULT_KINDS: readonly FaultKind[] = ['throttle', 'error500', 'slow', 'drop'];

/**
 * Probabilities in [0, 1] per request (their sum must not exceed 1); optionally, per operation,
 * how many requests pass before faults start (`after`) and the most faults injected (`limit`):
 * `{ throttle: 1, limit: 1 }` throttles the first request only, `{ error500: 1, after: 2 }` fails
 * every request from the third on.
 */
export type FaultRates = Partial<Record<FaultKind, number>> & { after?: number; limit?: number };

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

export type Fault = { kind: 'throttle' | 'error500' | 'drop' } | { kind: 'slow'; delayMs: number };

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
    for (const kind of FAULT_KINDS) {
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
    if (rates.limit !== undefined && this.count(undefined, operation) >= rates.limit) return undefined;
    const digest = createHash('sha256').update(maskGeneratedIds(body)).digest('hex');
    const key = `${operation}\n${digest}`;
    const occurrence = this.seen.get(key) ?? 0;
    this.seen.set(key, occurrence + 1);
    const random = mulberry32(fnv1a(`${this.plan.seed}\n${key}\n${occurrence}`));
    const draw = random();
    let threshold = 0;
    for (const kind of FAULT_KINDS) {
      threshold += rates[kind] ?? 0;
      if (draw < threshold) {
        this.record(operation, kind);
        if (kind !== 'slow') return { kind };
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
      for (const k of FAULT_KINDS) if (kind === undefined || kind === k) total += counts[k];
    }
    return total;
  }

  /** Requests answered by a fault without reaching the backend (all but the slow ones). */
  rejected(operation?: string): number {
    return (
      this.count('throttle', operation) + this.count('error500', operation) + this.count('drop', operation)
    );
  }

  /** `{ operation: { kind: n } }`, for failure messages and reports. */
  summary(): Record<string, Partial<Record<FaultKind, number>>> {
    const result: Record<string, Partial<Record<FaultKind, number>>> = {};
    for (const [operation, counts] of [...this.injected].sort(([a], [b]) => a.localeCompare(b))) {
      result[operation] = Object.fromEntries(
        FAULT_KINDS.filter((k) => counts[k] > 0).map((k) => [k, counts[k]]),
      );
    }
    return result;
  }

  private record(operation: string, kind: FaultKind) {
    const counts = this.injected.get(operation) ?? { throttle: 0, error500: 0, slow: 0, drop: 0 };
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
