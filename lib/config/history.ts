/**
 * Oversized change notifications carry only a summary; the configuration item itself is fetched
 * with GetResourceConfigHistory (laterTime = capture time, limit 1), as the AWS samples do.
 */
import { type ConfigServiceClient, GetResourceConfigHistoryCommand } from '@aws-sdk/client-config-service';
import { fromApiConfigurationItem } from '../resources/configuration-item';
import type { ConfigurationItemSummary, EventConfigurationItem } from './event';

export class ConfigurationItemNotFoundError extends Error {
  override name = 'ConfigurationItemNotFoundError';
}

export async function fetchConfigurationItem(
  client: ConfigServiceClient,
  summary: ConfigurationItemSummary,
): Promise<EventConfigurationItem> {
  const response = await client.send(
    new GetResourceConfigHistoryCommand({
      resourceType: summary.resourceType as never,
      resourceId: summary.resourceId,
      laterTime: new Date(summary.configurationItemCaptureTime),
      limit: 1,
    }),
  );
  const item = response.configurationItems?.[0];
  if (!item) {
    // Never evaluate from the summary alone: it has no configuration. Lambda's retry may succeed.
    throw new ConfigurationItemNotFoundError(
      `GetResourceConfigHistory returned no configuration item for ${summary.resourceType} ${summary.resourceId} ` +
        `at or before ${summary.configurationItemCaptureTime}`,
    );
  }
  return fromApiConfigurationItem(item) as EventConfigurationItem;
}
