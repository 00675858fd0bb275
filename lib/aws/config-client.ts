/**
 * The AWS Config client, the one client the evaluate function needs at cold start. It lives apart
 * from lib/aws/clients.ts so the alert functions, which never call Config, do not load it at init.
 */
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { type ClientOptions, clientConfig, nameFailedCalls } from './clients';

export function createConfigClient(options: ClientOptions = {}): ConfigServiceClient {
  return nameFailedCalls(new ConfigServiceClient(clientConfig(options)));
}
