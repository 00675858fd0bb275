/**
 * AWS clients, created once per container and only when first needed: the SDK dominates cold
 * start, so a handler pays only for the clients on the path it takes. Every client retries
 * throttling with the SDK's adaptive strategy and honours AWS_ENDPOINT_URL (the emulator).
 */
import type { CodeBuildClient } from '@aws-sdk/client-codebuild';
import type { CodeCommitClient } from '@aws-sdk/client-codecommit';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
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

function config(options: ClientOptions) {
  return {
    ...RETRY,
    ...(options.region ? { region: options.region } : {}),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
  };
}

export function createConfigClient(options: ClientOptions = {}): ConfigServiceClient {
  return new ConfigServiceClient(config(options));
}

export async function createCodeBuildClient(options: ClientOptions = {}): Promise<CodeBuildClient> {
  const { CodeBuildClient } = await import('@aws-sdk/client-codebuild');
  return new CodeBuildClient(config(options));
}

export async function createEcrClient(options: ClientOptions = {}): Promise<ECRClient> {
  const { ECRClient } = await import('@aws-sdk/client-ecr');
  return new ECRClient(config(options));
}

export async function createEc2Client(options: ClientOptions = {}): Promise<EC2Client> {
  const { EC2Client } = await import('@aws-sdk/client-ec2');
  return new EC2Client(config(options));
}

/** ECR Public's API lives in us-east-1; the collector lists nothing from a client in any other Region. */
export async function createEcrPublicClient(options: ClientOptions = {}): Promise<ECRPUBLICClient> {
  const { ECRPUBLICClient } = await import('@aws-sdk/client-ecr-public');
  return new ECRPUBLICClient(config(options));
}

export async function createCodeCommitClient(options: ClientOptions = {}): Promise<CodeCommitClient> {
  const { CodeCommitClient } = await import('@aws-sdk/client-codecommit');
  return new CodeCommitClient(config(options));
}

// Alerts (lib/notify): SNS for the notify function, Secrets Manager or SSM for the Slack webhook URL,
// SQS for the Slack dead-letter queue redrive.

export async function createSnsClient(
  options: ClientOptions = {},
): Promise<import('@aws-sdk/client-sns').SNSClient> {
  const { SNSClient } = await import('@aws-sdk/client-sns');
  return new SNSClient(config(options));
}

export async function createSecretsManagerClient(
  options: ClientOptions = {},
): Promise<import('@aws-sdk/client-secrets-manager').SecretsManagerClient> {
  const { SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
  return new SecretsManagerClient(config(options));
}

export async function createSsmClient(
  options: ClientOptions = {},
): Promise<import('@aws-sdk/client-ssm').SSMClient> {
  const { SSMClient } = await import('@aws-sdk/client-ssm');
  return new SSMClient(config(options));
}

export async function createSqsClient(
  options: ClientOptions = {},
): Promise<import('@aws-sdk/client-sqs').SQSClient> {
  const { SQSClient } = await import('@aws-sdk/client-sqs');
  return new SQSClient(config(options));
}
