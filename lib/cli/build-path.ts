/**
 * The build path of a CodeBuild project, as the HTML report draws it (lib/cli/report-html.ts):
 * its subnets, the route table of each and the routes that leave the VPC, and the endpoints the
 * build needs with whether each is present, missing or unusable and why. Pure: derived from the
 * network facts the scan loaded with lib/network's resolvers and the needs
 * codebuild-project-vpc-endpoints derives (rules/codebuild-project-vpc-endpoints.ts), so the
 * drawing says what the rules judged.
 */

import { neededServices } from '../../rules/codebuild-project-vpc-endpoints';
import type { VpcNetwork } from '../network/model';
import type { EgressClassification } from '../network/resolve';
import {
  egressRoutes,
  endpointsForService,
  endpointUsability,
  routeTableForSubnet,
} from '../network/resolve';
import { counterpartOf, otherVariantNote } from '../network/services';
import type { CodeBuildProject } from '../resources/model';

export interface PathRoute {
  destination: string;
  target: string;
  targetKind: string;
  /** internet, or unknown-destination (leaves the VPC to a network the scan cannot see). */
  classification: EgressClassification;
}

export interface PathSubnet {
  subnetId: string;
  /** False when the subnet is not in the VPC's facts: its route table cannot be known. */
  known: boolean;
  cidrBlock?: string;
  availabilityZone?: string;
  routeTableId?: string;
  /** explicit association, or the VPC's main table. */
  via?: 'explicit' | 'main';
  /** The active routes of its table that leave the VPC (none: the build stays private). */
  egress: PathRoute[];
}

export interface PathEndpoint {
  endpointId: string;
  endpointType: string;
  usable: boolean;
  /** Why it is unusable (completes a sentence that starts with the endpoint id). */
  reason?: string;
}

export interface PathNeed {
  /** The service as the rule names it: `logs`, or `ecr.dkr of eu-central-1` for another Region. */
  service: string;
  status: 'present' | 'missing' | 'unusable';
  endpoints: PathEndpoint[];
  /** For a missing need: the endpoint that serves only the other (FIPS or plain) host. */
  note?: string;
}

export interface BuildPath {
  project: string;
  region: string;
  /** Absent when the project has no VPC: it builds on CodeBuild's own network. */
  vpcId?: string;
  /** False when the VPC does not exist. */
  vpcExists: boolean;
  subnets: PathSubnet[];
  needs: PathNeed[];
}

export interface NeedsParams {
  requireEcr: boolean;
  additionalServices: readonly string[];
  /** The endpoints rule's trustedResolvers: DNS servers besides Amazon's that serve private DNS. */
  trustedResolvers?: readonly string[];
}

/** A project outside a VPC (no vpcConfig, VPC id or subnets). */
export function outsideVpc(project: CodeBuildProject, region: string): BuildPath {
  return { project: project.name, region, vpcExists: false, subnets: [], needs: [] };
}

/** The build path of a project in `vpc` (the facts the scan loaded for its vpcConfig's VPC). */
export function buildPathOf(
  project: CodeBuildProject,
  vpc: VpcNetwork,
  params: NeedsParams,
  allowedEgressTargets: readonly string[] = [],
): BuildPath {
  const base = { project: project.name, region: vpc.region, vpcId: vpc.vpcId };
  if (!vpc.exists) return { ...base, vpcExists: false, subnets: [], needs: [] };
  const subnetIds = [...new Set(project.vpcConfig?.subnetIds ?? [])];
  const subnets = subnetIds.map((subnetId): PathSubnet => {
    const info = vpc.subnets.find((subnet) => subnet.subnetId === subnetId);
    const served = routeTableForSubnet(vpc, subnetId);
    return {
      subnetId,
      known: info !== undefined,
      ...(info?.cidrBlock ? { cidrBlock: info.cidrBlock } : {}),
      ...(info?.availabilityZone ? { availabilityZone: info.availabilityZone } : {}),
      ...(served ? { routeTableId: served.table.routeTableId, via: served.via } : {}),
      egress: served
        ? egressRoutes(vpc, served.table, allowedEgressTargets).map(({ route, classification }) => ({
            destination: route.destination,
            target: route.target.id,
            targetKind: route.target.kind,
            classification,
          }))
        : [],
    };
  });
  const needs = neededServices(project, params, vpc.region).map((need): PathNeed => {
    const service = need.region === vpc.region ? need.service : `${need.service} of ${need.region}`;
    const candidates = endpointsForService(vpc, need.service, need.region);
    if (candidates.length === 0) {
      const other = endpointsForService(vpc, counterpartOf(need.service), need.region)[0];
      return {
        service,
        status: 'missing',
        endpoints: [],
        ...(other ? { note: otherVariantNote(other.endpointId, need.service) } : {}),
      };
    }
    const endpoints = candidates.map((endpoint): PathEndpoint => {
      // As the endpoints rule judges it: the build's groups and the VPC's DNS servers included.
      const usability = endpointUsability(vpc, endpoint, subnetIds, {
        securityGroupIds: project.vpcConfig?.securityGroupIds ?? [],
        trustedResolvers: params.trustedResolvers ?? [],
      });
      return {
        endpointId: endpoint.endpointId,
        endpointType: endpoint.endpointType,
        usable: usability.usable,
        ...(usability.usable ? {} : { reason: usability.reason }),
      };
    });
    return { service, status: endpoints.some((e) => e.usable) ? 'present' : 'unusable', endpoints };
  });
  return { ...base, vpcExists: true, subnets, needs };
}
