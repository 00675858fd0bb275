import {
  BatchGetProjectsCommand,
  type CodeBuildClient,
  ListProjectsCommand,
} from '@aws-sdk/client-codebuild';
import { collectPages } from '../aws/paginate';
import { fromDescribe } from '../resources/codebuild-project';
import type { CodeBuildProject } from '../resources/model';
import { chunks } from './util';

/** BatchGetProjects accepts at most 100 names. */
const BATCH_SIZE = 100;

export interface CollectCodeBuildOptions {
  /** Project name -> the resource id AWS Config uses (from ListDiscoveredResources); else the name. */
  configResourceIds?: ReadonlyMap<string, string>;
}

/**
 * Every CodeBuild project of the client's account and region: ListProjects (paginated), then
 * BatchGetProjects per 100 names. A project deleted between the two calls comes back in
 * `projectsNotFound` and is skipped; any API error propagates.
 */
export async function collectCodeBuildProjects(
  client: CodeBuildClient,
  options: CollectCodeBuildOptions = {},
): Promise<CodeBuildProject[]> {
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
 * meanwhile) are left out; any API error propagates.
 */
export async function getCodeBuildProjects(
  client: CodeBuildClient,
  names: readonly string[],
  options: CollectCodeBuildOptions = {},
): Promise<CodeBuildProject[]> {
  const projects: CodeBuildProject[] = [];
  for (const batch of chunks(names, BATCH_SIZE)) {
    const response = await client.send(new BatchGetProjectsCommand({ names: batch }));
    for (const project of response.projects ?? []) {
      const configResourceId =
        project.name === undefined ? undefined : options.configResourceIds?.get(project.name);
      projects.push(fromDescribe(project, configResourceId === undefined ? {} : { configResourceId }));
    }
  }
  return projects;
}
