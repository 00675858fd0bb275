/**
 * AWS Config identifies some resources by an id of its own (a CodeBuild project's resourceId is a
 * UUID, not its name). A sweep that starts from the Describe APIs maps names to those ids with
 * ListDiscoveredResources, paginated (100 per page).
 */
import {
  type ResourceType as ConfigResourceType,
  type ConfigServiceClient,
  ListDiscoveredResourcesCommand,
} from '@aws-sdk/client-config-service';
import { paginate } from '../aws/paginate';
import type { ResourceType } from '../resources/model';

export async function configIdsByName(client: ConfigServiceClient, resourceType: ResourceType) {
  // Loaded on use: the catalog imports every adapter, which a cold start does not need.
  const { NEVER_RECORDED_TYPES } = await import('../resources/catalog');
  if (NEVER_RECORDED_TYPES.has(resourceType)) {
    throw new Error(`AWS Config does not record ${resourceType}: it has no Config resource ids`);
  }
  // Every recorded type of the catalog is a Config resource type.
  const recorded = resourceType as ConfigResourceType;
  const ids = new Map<string, string>();
  const pages = paginate(
    'ConfigService ListDiscoveredResources',
    (nextToken) =>
      client.send(new ListDiscoveredResourcesCommand({ resourceType: recorded, limit: 100, nextToken })),
    (page) => page.nextToken,
  );
  for await (const page of pages) {
    for (const identifier of page.resourceIdentifiers ?? []) {
      if (identifier.resourceName && identifier.resourceId)
        ids.set(identifier.resourceName, identifier.resourceId);
    }
  }
  return ids;
}
