/**
 * A loopback HTTP front for moto that fills in what moto's AWS Config lacks for these tests:
 * - PutEvaluations: every request is captured at the wire (the serialised body), checked
 *   against the API's documented limits (docs/aws-data.md §3), then forwarded to moto with
 *   TestMode, the only mode moto accepts. Failures can be injected.
 * - GetResourceConfigHistory, ListDiscoveredResources and BatchGetResourceConfig for resource
 *   types moto's Config does not record (CodeBuild, ECR, VPC endpoints): served from items a test
 *   seeds, in the API model. BatchGetResourceConfig answers AWS's BaseConfigurationItem (no tags,
 *   relationships or MD5 hash), skips deleted resources, rejects more than 100 keys like AWS, and
 *   can leave keys unprocessed on request (leaveUnprocessed).
 * - CodeBuild BatchGetProjects: moto omits `projectVisibility`, which AWS always returns
 *   (PRIVATE unless made public); the front adds the default so projects look as they do on AWS.
 *   Configuration items never get it (emulator/config-items.ts): Config does not record it, and
 *   the pipeline must read it from BatchGetProjects as it does on AWS.
 * Everything else is proxied to moto untouched. Calls are counted per service operation.
 *
 * Faults (injectFaults, emulator/faults.ts): a seeded injector answers throttling errors, 500s,
 * slow answers or drops the connection, at set rates per operation. It runs after a request is
 * counted in `calls` and BEFORE it is captured (`putRequests`, `captured`) or forwarded: a faulted
 * request never reaches moto, and what the front captured is what the backend received.
 */
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorAnswer, FaultInjector, type FaultPlan, protocolOf, resourceFaultAnswer } from './faults';

type Json = Record<string, unknown>;

export interface WireEvaluation {
  ComplianceResourceType: string;
  ComplianceResourceId: string;
  ComplianceType: string;
  Annotation?: string;
  OrderingTimestamp: number;
}

export interface PutEvaluationsRequest {
  ResultToken: string;
  Evaluations: WireEvaluation[];
  TestMode?: boolean;
}

/** An API-model configuration item as it travels on the wire (timestamps in epoch seconds). */
export interface WireConfigurationItem {
  version: string;
  accountId: string;
  configurationItemCaptureTime: number;
  configurationItemStatus: string;
  configurationStateId: string;
  configurationItemMD5Hash?: string;
  arn: string;
  resourceType: string;
  resourceId: string;
  resourceName?: string;
  awsRegion: string;
  availabilityZone?: string;
  resourceCreationTime?: number;
  tags: Record<string, string>;
  relatedEvents: string[];
  relationships: {
    resourceType: string;
    resourceId?: string;
    resourceName?: string;
    relationshipName: string;
  }[];
  configuration: string;
  supplementaryConfiguration: Record<string, string>;
}

const VALID_COMPLIANCE = new Set(['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE']);

/** Returns the first way a PutEvaluations request breaks the documented API limits, if any. */
export function putEvaluationsViolation(body: PutEvaluationsRequest): string | undefined {
  if (!body.ResultToken) return 'ResultToken is required';
  if (!Array.isArray(body.Evaluations)) return 'Evaluations must be a list';
  if (body.Evaluations.length > 100) return `Evaluations has ${body.Evaluations.length} items (max 100)`;
  for (const [index, e] of body.Evaluations.entries()) {
    const at = `Evaluations[${index}]`;
    if (!VALID_COMPLIANCE.has(e.ComplianceType))
      return `${at}.ComplianceType ${e.ComplianceType} is not accepted`;
    if (!e.ComplianceResourceType || e.ComplianceResourceType.length > 256)
      return `${at}.ComplianceResourceType`;
    if (!e.ComplianceResourceId || e.ComplianceResourceId.length > 768)
      return `${at}.ComplianceResourceId length`;
    if (e.Annotation !== undefined && (e.Annotation.length < 1 || e.Annotation.length > 256)) {
      return `${at}.Annotation has ${e.Annotation.length} characters (1..256)`;
    }
    if (typeof e.OrderingTimestamp !== 'number') return `${at}.OrderingTimestamp is required`;
  }
  return undefined;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** `<signing service>.<Operation>`, e.g. `config.PutEvaluations`, `ec2.DescribeRouteTables`. */
function operationOf(req: IncomingMessage, body: Buffer): string {
  const authorization = String(req.headers.authorization ?? '');
  const service = /Credential=[^/]+\/[^/]+\/[^/]+\/([^/]+)\//.exec(authorization)?.[1] ?? 'unknown';
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string') return `${service}.${target.split('.').pop()}`;
  const text = body.toString('utf8', 0, Math.min(body.length, 2000));
  const action = /(?:^|&)Action=([A-Za-z0-9]+)/.exec(text)?.[1];
  if (action) return `${service}.${action}`;
  return `${service}.${req.method} ${(req.url ?? '').split('?')[0]}`;
}

function accessKeyOf(req: IncomingMessage): string {
  return /Credential=([^/]+)\//.exec(String(req.headers.authorization ?? ''))?.[1] ?? '';
}

function withDefaultVisibility(answer: Json): Json {
  const projects = Array.isArray(answer.projects) ? (answer.projects as Json[]) : [];
  return { ...answer, projects: projects.map((p) => ({ projectVisibility: 'PRIVATE', ...p })) };
}

export class ConfigEmulator {
  readonly putRequests: PutEvaluationsRequest[] = [];
  /** The access key that signed each captured PutEvaluations request (whose credentials reported it). */
  readonly putAccessKeys: string[] = [];
  readonly violations: string[] = [];
  readonly calls = new Map<string, number>();
  /** The access keys that signed each operation's requests (whose credentials made the call). */
  private readonly signers = new Map<string, Set<string>>();
  private readonly items = new Map<string, WireConfigurationItem>();
  private failuresToInject: { times: number; ids?: Set<string> } | undefined;
  private unprocessedToLeave: { times: number; ids?: Set<string> } | undefined;
  private readonly throttles = new Map<string, number>();
  /** Operations whose every answer carries the same pagination token (JSON protocols). */
  private readonly repeatTokens = new Set<string>();
  /** Request bodies of the operations named in `capture` (e.g. `sns.Publish`), for the demo and tests. */
  readonly captured = new Map<string, string[]>();
  readonly capture = new Set<string>();
  private server: Server | undefined;
  private injector: FaultInjector | undefined;
  private faultsOn = false;
  endpoint = '';

  constructor(private readonly motoEndpoint: string) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ __type: 'InternalFailure', message: String(error) }));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.endpoint = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.endpoint;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Forget captured requests and counters (seeded items stay). */
  clear(): void {
    this.putRequests.length = 0;
    this.putAccessKeys.length = 0;
    this.violations.length = 0;
    this.calls.clear();
    this.signers.clear();
    this.failuresToInject = undefined;
    this.unprocessedToLeave = undefined;
    this.throttles.clear();
    this.repeatTokens.clear();
    this.injector = undefined;
    this.faultsOn = false;
  }

  /**
   * From now on, answer requests with faults at the plan's rates (emulator/faults.ts). Returns the
   * injector, whose counts say what was injected; it replaces any earlier plan.
   */
  injectFaults(plan: FaultPlan): FaultInjector {
    this.injector = new FaultInjector(plan);
    this.faultsOn = true;
    return this.injector;
  }

  /** Stops injecting faults; the counts of what was injected stay readable in `faults`. */
  stopFaults(): void {
    this.faultsOn = false;
  }

  /** The current (or last) fault injector, with its counts. */
  get faults(): FaultInjector | undefined {
    return this.injector;
  }

  /** The next `times` calls of an operation (e.g. `config.PutEvaluations`) answer ThrottlingException. */
  throttle(operation: string, times: number): void {
    this.throttles.set(operation, times);
  }

  /**
   * From now on every answer of `operation` (a JSON-protocol operation, e.g.
   * `config.ListDiscoveredResources` or `ecr.DescribeRepositories`) carries the same `nextToken`,
   * as a broken server (or a hostile one) could: a client that follows it never ends.
   */
  repeatNextToken(operation: string): void {
    this.repeatTokens.add(operation);
  }

  /**
   * Replaces fields of a seeded item's configuration, as a malformed record AWS Config could hold
   * (e.g. `{ Tags: [null] }`); `configuration: null`-style breakage goes through seed() instead.
   * Returns the item as it was, to seed() it back.
   */
  corruptRecordedItem(
    resourceType: string,
    resourceId: string,
    patch: Record<string, unknown>,
  ): WireConfigurationItem {
    const key = `${resourceType}|${resourceId}`;
    const item = this.items.get(key);
    if (!item) throw new Error(`no recorded item for ${resourceType} ${resourceId}`);
    const configuration = { ...(JSON.parse(item.configuration) as Json), ...patch };
    this.items.set(key, { ...item, configuration: JSON.stringify(configuration) });
    return item;
  }

  seed(item: WireConfigurationItem): void {
    this.items.set(`${item.resourceType}|${item.resourceId}`, item);
  }

  unseedAll(): void {
    this.items.clear();
  }

  /** The next `times` PutEvaluations calls report these resources (or all) as failed. */
  injectFailedEvaluations(times: number, resourceIds?: string[]): void {
    this.failuresToInject = { times, ...(resourceIds ? { ids: new Set(resourceIds) } : {}) };
  }

  /** The next `times` BatchGetResourceConfig calls leave these resources (or all keys) unprocessed. */
  leaveUnprocessed(times: number, resourceIds?: string[]): void {
    this.unprocessedToLeave = { times, ...(resourceIds ? { ids: new Set(resourceIds) } : {}) };
  }

  /** Every evaluation sent, in order. */
  get evaluations(): WireEvaluation[] {
    return this.putRequests.flatMap((request) => request.Evaluations);
  }

  count(operation: string): number {
    return this.calls.get(operation) ?? 0;
  }

  /** The access keys that signed calls of `operation` since the last clear(), sorted. */
  signersOf(operation: string): string[] {
    return [...(this.signers.get(operation) ?? [])].sort();
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const body = await readBody(req);
    const operation = operationOf(req, body);
    this.calls.set(operation, (this.calls.get(operation) ?? 0) + 1);
    const signer = accessKeyOf(req);
    this.signers.set(operation, (this.signers.get(operation) ?? new Set()).add(signer));
    const fault = this.faultsOn ? this.injector?.decide(operation, body) : undefined;
    if (fault?.kind === 'drop') {
      // The connection ends without an answer: the SDK sees a reset socket (ECONNRESET).
      req.socket.destroy();
      return;
    }
    if (fault && fault.kind !== 'slow') {
      const service = operation.split('.')[0] ?? '';
      const protocol = protocolOf(service, req.headers, body);
      const answer =
        fault.kind === 'throttle' || fault.kind === 'error500'
          ? errorAnswer(fault.kind, protocol)
          : resourceFaultAnswer(fault, protocol);
      res.writeHead(answer.status, {
        ...answer.headers,
        'content-length': String(Buffer.byteLength(answer.body)),
      });
      res.end(answer.body);
      return;
    }
    if (fault?.kind === 'slow') await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    if (this.capture.has(operation))
      this.captured.set(operation, [...(this.captured.get(operation) ?? []), body.toString()]);
    const throttled = this.throttles.get(operation) ?? 0;
    if (throttled > 0) {
      this.throttles.set(operation, throttled - 1);
      return this.reply(res, 400, { __type: 'ThrottlingException', message: 'Rate exceeded' });
    }
    if (this.repeatTokens.has(operation)) {
      if (operation === 'config.ListDiscoveredResources') {
        return this.listDiscovered(res, JSON.parse(body.toString()) as Json, 'ppguard-same-token');
      }
      return this.proxy(req, res, body, (answer) => ({ ...answer, nextToken: 'ppguard-same-token' }));
    }
    switch (operation) {
      case 'config.PutEvaluations':
        return this.putEvaluations(req, res, body);
      case 'config.GetResourceConfigHistory':
        return this.history(res, JSON.parse(body.toString()) as Json);
      case 'config.ListDiscoveredResources':
        return this.listDiscovered(res, JSON.parse(body.toString()) as Json);
      case 'config.BatchGetResourceConfig':
        return this.batchGet(res, JSON.parse(body.toString()) as Json);
      case 'codebuild.BatchGetProjects':
        return this.proxy(req, res, body, withDefaultVisibility);
      default:
        return this.proxy(req, res, body);
    }
  }

  private reply(res: ServerResponse, status: number, payload: unknown) {
    res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
    res.end(JSON.stringify(payload));
  }

  private async putEvaluations(req: IncomingMessage, res: ServerResponse, body: Buffer) {
    const request = JSON.parse(body.toString()) as PutEvaluationsRequest;
    const violation = putEvaluationsViolation(request);
    if (violation) {
      this.violations.push(violation);
      return this.reply(res, 400, { __type: 'InvalidParameterValueException', message: violation });
    }
    if (this.failuresToInject && this.failuresToInject.times > 0) {
      const { ids } = this.failuresToInject;
      this.failuresToInject.times--;
      const failed = request.Evaluations.filter((e) => !ids || ids.has(e.ComplianceResourceId));
      const delivered = request.Evaluations.filter((e) => !failed.includes(e));
      if (delivered.length > 0) this.putRequests.push({ ...request, Evaluations: delivered });
      return this.reply(res, 200, { FailedEvaluations: failed });
    }
    this.putRequests.push(request);
    this.putAccessKeys.push(accessKeyOf(req));
    return this.proxy(req, res, Buffer.from(JSON.stringify({ ...request, TestMode: true })));
  }

  private history(res: ServerResponse, request: Json) {
    const item = this.items.get(`${request.resourceType}|${request.resourceId}`);
    const laterTime = typeof request.laterTime === 'number' ? request.laterTime : Number.POSITIVE_INFINITY;
    if (!item) {
      return this.reply(res, 400, {
        __type: 'ResourceNotDiscoveredException',
        message: `Resource ${request.resourceId} of resourceType:${request.resourceType} is unknown or has not been discovered`,
      });
    }
    const items = item.configurationItemCaptureTime <= laterTime ? [item] : [];
    return this.reply(res, 200, { configurationItems: items.slice(0, Number(request.limit ?? 10) || 10) });
  }

  private listDiscovered(res: ServerResponse, request: Json, repeatedToken?: string) {
    const limit = Math.min(Number(request.limit ?? 100) || 100, 100);
    const start = Number(request.nextToken ?? 0) || 0;
    const all = [...this.items.values()]
      .filter(
        (item) =>
          item.resourceType === request.resourceType && item.configurationItemStatus !== 'ResourceDeleted',
      )
      .sort((a, b) => a.resourceId.localeCompare(b.resourceId));
    const page = all.slice(start, start + limit);
    return this.reply(res, 200, {
      resourceIdentifiers: page.map((item) => ({
        resourceType: item.resourceType,
        resourceId: item.resourceId,
        ...(item.resourceName ? { resourceName: item.resourceName } : {}),
      })),
      ...(repeatedToken
        ? { nextToken: repeatedToken }
        : start + limit < all.length
          ? { nextToken: String(start + limit) }
          : {}),
    });
  }

  private batchGet(res: ServerResponse, request: Json) {
    const keys = Array.isArray(request.resourceKeys)
      ? (request.resourceKeys as { resourceType: string; resourceId: string }[])
      : [];
    if (keys.length < 1 || keys.length > 100) {
      return this.reply(res, 400, {
        __type: 'ValidationException',
        message: `1 validation error detected: Value at 'resourceKeys' failed to satisfy constraint: Member must have length between 1 and 100 (got ${keys.length})`,
      });
    }
    const leave = this.unprocessedToLeave;
    const unprocessed =
      leave && leave.times > 0 ? keys.filter((key) => !leave.ids || leave.ids.has(key.resourceId)) : [];
    if (leave && leave.times > 0) leave.times--;
    const items = keys
      .filter((key) => !unprocessed.includes(key))
      .flatMap((key) => {
        const item = this.items.get(`${key.resourceType}|${key.resourceId}`);
        return item && !item.configurationItemStatus.startsWith('ResourceDeleted') ? [asBaseItem(item)] : [];
      });
    return this.reply(res, 200, { baseConfigurationItems: items, unprocessedResourceKeys: unprocessed });
  }

  private proxy(req: IncomingMessage, res: ServerResponse, body: Buffer, rewrite?: (answer: Json) => Json) {
    return new Promise<void>((resolve, reject) => {
      const target = new URL(req.url ?? '/', this.motoEndpoint);
      const headers = { ...req.headers, host: target.host, 'content-length': String(body.length) };
      const upstream = httpRequest(target, { method: req.method, headers }, (answer) => {
        if (rewrite && answer.statusCode === 200) {
          readBody(answer)
            .then((raw) => {
              const text = JSON.stringify(rewrite(JSON.parse(raw.toString()) as Json));
              res.writeHead(200, { ...answer.headers, 'content-length': String(Buffer.byteLength(text)) });
              res.end(text, resolve);
            })
            .catch(reject);
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.on('end', resolve);
      });
      upstream.on('error', reject);
      upstream.end(body);
    });
  }
}

/**
 * An item as BatchGetResourceConfig returns it (a BaseConfigurationItem): without tags,
 * relationships, related events and MD5 hash (docs/aws-data.md §3).
 */
export function asBaseItem<T extends object>(
  item: T,
): Omit<T, 'tags' | 'relationships' | 'relatedEvents' | 'configurationItemMD5Hash'> {
  const {
    tags: _t,
    relationships: _r,
    relatedEvents: _e,
    configurationItemMD5Hash: _m,
    ...base
  } = item as T & Record<'tags' | 'relationships' | 'relatedEvents' | 'configurationItemMD5Hash', unknown>;
  return base;
}
