import {
  BatchGetProjectsCommand,
  type CodeBuildClient,
  ListProjectsCommand,
} from '@aws-sdk/client-codebuild';
import { collectPages } from '../aws/paginate';
import { fromDescribe } from '../resources/codebuild-project';
import { type Listing, UNKNOWN_ID } from '../resources/errors';
import type { CodeBuildProject } from '../resources/model';
import { chunks, mergeListings, normaliseEach } from './util';

/** BatchGetProjects accepts at most 100 names. */
const BATCH_SIZE = 100;

export interface CollectCodeBuildOptions {
  /** Project name -> the resource id AWS Config uses (from ListDiscoveredResources); else the name. */
  configResourceIds?: ReadonlyMap<string, string>;
}

/**
 * Every CodeBuild project of the client's account and region: ListProjects (paginated), then
 * BatchGetProjects per 100 names. A project deleted between the two calls comes back in
 * `projectsNotFound` and is skipped; a project the adapter cannot read is a failure of its own;
 * any API error propagates.
 */
export async function collectCodeBuildProjects(
  client: CodeBuildClient,
  options: CollectCodeBuildOptions = {},
): Promise<Listing<CodeBuildProject>> {
  const names = await collectPages(
    'CodeBuild ListProjects',
    (nextToken) => client.send(new ListProjectsCommand({ nextToken })),
    (page) => page.nextToken,
    (page) => page.projects,
  );
  return getCodeBuildProjects(client, names, options);
}

/**
 * The named projects through BatchGetProjects, 100 names per call. Names not found (deleted
 * meanwhile) are left out; a project the adapter cannot read is a failure of its own; any API
 * error propagates.
 */
export async function getCodeBuildProjects(
  client: CodeBuildClient,
  names: readonly string[],
  options: CollectCodeBuildOptions = {},
): Promise<Listing<CodeBuildProject>> {
  const listings: Listing<CodeBuildProject>[] = [];
  for (const batch of chunks(names, BATCH_SIZE)) {
    const response = await client.send(new BatchGetProjectsCommand({ names: batch }));
    listings.push(
      normaliseEach(
        response.projects ?? [],
        (project) => ({ resourceType: 'AWS::CodeBuild::Project', resourceId: project.name ?? UNKNOWN_ID }),
        (project) => {
          const configResourceId =
            project.name === undefined ? undefined : options.configResourceIds?.get(project.name);
          return fromDescribe(project, configResourceId === undefined ? {} : { configResourceId });
        },
      ),
    );
  }
  return mergeListings(...listings);
}
