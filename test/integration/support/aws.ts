/**
 * Real SDK clients for the integration suites, all pointed at the Config emulator front (which
 * proxies to moto). Same retry settings as production.
 */
import { CodeBuildClient } from '@aws-sdk/client-codebuild';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ECRClient } from '@aws-sdk/client-ecr';
import { inject } from 'vitest';
import { ConfigEmulator } from '../../../emulator/config-emulator';
import { resetMoto } from '../../../emulator/moto';
import { type ClientOptions, RETRY } from '../../../lib/aws/clients';

export const ACCOUNT_ID = '123456789012';
export const REGION = 'eu-west-1';

export interface TestAws {
  emulator: ConfigEmulator;
  /** The front's endpoint, which every client here uses. */
  endpoint: string;
  options: ClientOptions;
  config: ConfigServiceClient;
  codebuild: CodeBuildClient;
  ecr: ECRClient;
  ec2: EC2Client;
  close(): Promise<void>;
}

/** Resets moto, starts a Config emulator front for this suite and returns clients through it. */
export async function startTestAws(): Promise<TestAws> {
  const motoEndpoint = inject('motoEndpoint');
  await resetMoto(motoEndpoint);
  const emulator = new ConfigEmulator(motoEndpoint);
  const endpoint = await emulator.start();
  const options: ClientOptions = {
    region: REGION,
    endpoint,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  };
  const settings = { ...RETRY, ...options };
  const clients = {
    config: new ConfigServiceClient(settings),
    codebuild: new CodeBuildClient(settings),
    ecr: new ECRClient(settings),
    ec2: new EC2Client(settings),
  };
  return {
    emulator,
    endpoint,
    options,
    ...clients,
    close: async () => {
      for (const client of Object.values(clients)) client.destroy();
      await emulator.stop();
    },
  };
}
