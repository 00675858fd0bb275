/**
 * AWS clients, created once per container and only when first needed: the SDK dominates cold
 * start, so a handler pays only for the clients on the path it takes. Every client retries
 * throttling with the SDK's adaptive strategy and honours AWS_ENDPOINT_URL (the emulator); its
 * errors remember the call they came from (inCallContext names it in a message).
 */
import type { CodeBuildClient } from '@aws-sdk/client-codebuild';
import type { CodeCommitClient } from '@aws-sdk/client-codecommit';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { ECRClient } from '@aws-sdk/client-ecr';
import type { ECRPUBLICClient } from '@aws-sdk/client-ecr-public';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

export interface ClientOptions {
  region?: string;
  endpoint?: string;
  /** Static credentials or a provider (e.g. an assumed member-account role); default: the standard chain. */
  credentials?: Credentials | (() => Promise<Credentials>);
}

export const RETRY = { retryMode: 'adaptive', maxAttempts: 8 } as const;

/** The AWS call an error escaped from, once the SDK's retries are done with it. */
export interface FailedCall {
  /** The client's service, e.g. `ConfigService`, `ECR`, `EC2`. */
  service: string;
  /** The API operation, e.g. `PutEvaluations`. */
  operation: string;
}

const FAILED_CALL = Symbol.for('ppguard.failedCall');
/** Errors whose message already names the call. */
const named = new WeakSet<Error>();

/** The call a client made by this module failed in, if `error` came from one. */
export function failedCallOf(error: unknown): FailedCall | undefined {
  if (error === null || typeof error !== 'object') return undefined;
  return (error as { [FAILED_CALL]?: FailedCall })[FAILED_CALL];
}

/**
 * Says which call failed, for an error a client of this module threw: the message becomes
 * `<subject>: <Service> <Operation> failed after <n> attempt(s): <code>: <message>`. The error keeps
 * its class and name (AWS's error code); any other error is returned as it is.
 */
export function inCallContext(error: unknown, subject: string): unknown {
  const call = failedCallOf(error);
  if (!call || !(error instanceof Error) || named.has(error)) return error;
  named.add(error);
  const attempts = (error as { $metadata?: { attempts?: unknown } }).$metadata?.attempts;
  const after = typeof attempts === 'number' ? ` after ${attempts} attempt(s)` : '';
  error.message = `${subject}: ${call.service} ${call.operation} failed${after}: ${error.name}: ${error.message}`;
  return error;
}

type Handler = (args: { input: object }) => Promise<{ output: object }>;
type Middleware = (next: Handler, context: { clientName?: string; commandName?: string }) => Handler;

/**
 * Stamps every error a call throws with its service and operation (a hidden property: the message,
 * name and class stay the SDK's), so a caller can say which call failed - SDK errors do not.
 */
export function nameFailedCalls<
  C extends { middlewareStack: { add(middleware: Middleware, options: object): void } },
>(client: C): C {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        if (error !== null && typeof error === 'object' && failedCallOf(error) === undefined) {
          const call: FailedCall = {
            service: (context.clientName ?? 'AWS').replace(/Client$/, ''),
            operation: (context.commandName ?? 'call').replace(/Command$/, ''),
          };
          Object.defineProperty(error, FAILED_CALL, { value: call, enumerable: false });
        }
        throw error;
      }
    },
    { step: 'initialize', name: 'ppguardNameFailedCalls' },
  );
  return client;
}

/** SDK client settings: the shared retry strategy, and the region, endpoint and credentials given. */
export function clientConfig(options: ClientOptions) {
  return {
    ...RETRY,
    ...(options.region ? { region: options.region } : {}),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
  };
}

export async function createCodeBuildClient(options: ClientOptions = {}): Promise<CodeBuildClient> {
  const { CodeBuildClient } = await import('@aws-sdk/client-codebuild');
  return nameFailedCalls(new CodeBuildClient(clientConfig(options)));
}

export async function createEcrClient(options: ClientOptions = {}): Promise<ECRClient> {
  const { ECRClient } = await import('@aws-sdk/client-ecr');
  return nameFailedCalls(new ECRClient(clientConfig(options)));
}

export async function createEc2Client(options: ClientOptions = {}): Promise<EC2Client> {
  const { EC2Client } = await import('@aws-sdk/client-ec2');
  return nameFailedCalls(new EC2Client(clientConfig(options)));
}

/** ECR Public's API lives in us-east-1; the collector lists nothing from a client in any other Region. */
export async function createEcrPublicClient(options: ClientOptions = {}): Promise<ECRPUBLICClient> {
  const { ECRPUBLICClient } = await import('@aws-sdk/client-ecr-public');
  return nameFailedCalls(new ECRPUBLICClient(clientConfig(options)));
}

export async function createCodeCommitClient(options: ClientOptions = {}): Promise<CodeCommitClient> {
  const { CodeCommitClient } = await import('@aws-sdk/client-codecommit');
  return nameFailedCalls(new CodeCommitClient(clientConfig(options)));
}

// Alerts (lib/notify): SNS for the notify function, Secrets Manager or SSM for the Slack webhook URL,
// SQS for the Slack dead-letter queue redrive.

export async function createSnsClient(
  options: ClientOptions = {},
): Promise<import('@aws-sdk/client-sns').SNSClient> {
  const { SNSClient } = await import('@aws-sdk/client-sns');
  return nameFailedCalls(new SNSClient(clientConfig(options)));
}

export async function createSecretsManagerClient(
  options: ClientOptions = {},
): Promise<import('@aws-sdk/client-secrets-manager').SecretsManagerClient> {
  const { SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
  return nameFailedCalls(new SecretsManagerClient(clientConfig(options)));
}

export async function createSsmClient(
  options: ClientOptions = {},
): Promise<import('@aws-sdk/client-ssm').SSMClient> {
  const { SSMClient } = await import('@aws-sdk/client-ssm');
  return nameFailedCalls(new SSMClient(clientConfig(options)));
}

export async function createSqsClient(
  options: ClientOptions = {},
): Promise<import('@aws-sdk/client-sqs').SQSClient> {
  const { SQSClient } = await import('@aws-sdk/client-sqs');
  return nameFailedCalls(new SQSClient(clientConfig(options)));
}
