/**
 * AWS Config identifies some resources by an id of its own (a CodeBuild project's resourceId is a
 * UUID, not its name). A sweep that starts from the Describe APIs maps names to those ids with
 * ListDiscoveredResources, paginated (100 per page).
 */
import { type ConfigServiceClient, ListDiscoveredResourcesCommand } from '@aws-sdk/client-config-service';
import { paginate } from '../aws/paginate';
import type { ResourceType } from '../resources/model';

/** Types whose Config resourceId differs from the name the Describe APIs give. */
export const TYPES_WITH_CONFIG_IDS: ReadonlySet<ResourceType> = new Set(['AWS::CodeBuild::Project']);

export async function configIdsByName(client: ConfigServiceClient, resourceType: ResourceType) {
  if (resourceType === 'AWS::CodeCommit::Repository') {
    throw new Error('AWS Config does not record AWS::CodeCommit::Repository: it has no Config resource ids');
  }
  const ids = new Map<string, string>();
  const pages = paginate(
    'ConfigService ListDiscoveredResources',
    (nextToken) => client.send(new ListDiscoveredResourcesCommand({ resourceType, limit: 100, nextToken })),
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
