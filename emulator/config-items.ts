/**
 * Builds configuration items from resources read back from the emulator, shaped as AWS Config
 * records them (docs/aws-data.md §2) - deliberately independent of lib/resources, so the adapters
 * are tested against shapes they did not produce.
 */
import { randomUUID } from 'node:crypto';
import type { Project } from '@aws-sdk/client-codebuild';
import type { RouteTable, Vpc, VpcEndpoint } from '@aws-sdk/client-ec2';
import type { Repository } from '@aws-sdk/client-ecr';
import type { WireConfigurationItem } from './config-emulator';

export type InvocationItem = Record<string, unknown> & {
  resourceType: string;
  resourceId: string;
  configurationItemCaptureTime: string;
};

const CAPTURE_TIME = '2026-11-25T10:00:00.000Z';

function base(
  resourceType: string,
  resourceId: string,
  resourceName: string,
  arn: string,
  tags: Record<string, string>,
) {
  return {
    configurationItemVersion: '1.3',
    configurationItemCaptureTime: CAPTURE_TIME,
    configurationStateId: 1764064800000,
    awsAccountId: '123456789012',
    configurationItemStatus: 'OK',
    resourceType,
    resourceId,
    resourceName,
    ARN: arn,
    awsRegion: 'eu-west-1',
    availabilityZone: 'Not Applicable',
    configurationStateMd5Hash: '',
    resourceCreationTime: '2026-11-20T09:00:00.000Z',
    tags,
    relatedEvents: [],
    relationships: [] as Record<string, unknown>[],
    supplementaryConfiguration: {},
  };
}

/**
 * The keys AWS Config records of a project: those the Schema indexes plus `tags` (the RDK example
 * item). BatchGetProjects' own extras (arn, created, lastModified, badge, projectVisibility...) are
 * left out: an item that carried them would hide their absence on AWS (docs/aws-data.md §2).
 */
const CODEBUILD_RECORDED_KEYS = [
  'name',
  'description',
  'sourceVersion',
  'secondarySourceVersions',
  'secondaryArtifacts',
  'serviceRole',
  'timeoutInMinutes',
  'environment',
  'encryptionKey',
  'cache',
  'logsConfig',
  'fileSystemLocations',
  'buildBatchConfig',
  'concurrentBuildLimit',
  'webhook',
] as const;

/** A source as Config records it: the API's `buildspec` is spelled `buildSpec` (Schema, RDK example). */
function recordedSource(source: NonNullable<Project['source']>): Record<string, unknown> {
  const { buildspec, ...rest } = source;
  return JSON.parse(JSON.stringify(buildspec === undefined ? rest : { ...rest, buildSpec: buildspec }));
}

/** Config records CodeBuild in the BatchGetProjects style with its own quirks and a UUID id. */
export function codeBuildItem(project: Project, configId: string = randomUUID()): InvocationItem {
  const name = project.name ?? '';
  const tags = Object.fromEntries((project.tags ?? []).map((t) => [t.key ?? '', t.value ?? '']));
  const { queuedTimeoutInMinutes, vpcConfig, source, secondarySources, artifacts } = project;
  const recorded = Object.fromEntries(
    CODEBUILD_RECORDED_KEYS.flatMap((key) => (project[key] === undefined ? [] : [[key, project[key]]])),
  );
  const configuration: Record<string, unknown> = {
    ...JSON.parse(JSON.stringify(recorded)),
    source: source ? [recordedSource(source)] : [],
    secondarySources: (secondarySources ?? []).map(recordedSource),
    artifacts: artifacts ? [artifacts] : [],
    queuedtimeoutInMinutes: queuedTimeoutInMinutes,
    tags: (project.tags ?? []).map((t) => ({ key: t.key, value: t.value })),
  };
  if (vpcConfig) {
    configuration.vpcConfig = {
      vpcId: vpcConfig.vpcId,
      subnets: (vpcConfig.subnets ?? []).map((subnet) => ({ subnet })),
      securityGroupIds: vpcConfig.securityGroupIds ?? [],
    };
  }
  const item = base('AWS::CodeBuild::Project', configId, name, project.arn ?? '', tags);
  item.relationships = project.serviceRole
    ? [
        {
          resourceType: 'AWS::IAM::Role',
          resourceName: project.serviceRole.split('/').pop(),
          name: 'Is associated with ',
        },
      ]
    : [];
  return { ...item, configuration };
}

/** Config records ECR repositories CloudFormation-style (PascalCase), policy as an object. */
export function ecrItem(
  repository: Repository,
  extra: { policyText?: string; lifecyclePolicyText?: string; tags?: Record<string, string> } = {},
): InvocationItem {
  const name = repository.repositoryName ?? '';
  const tags = extra.tags ?? {};
  const configuration = {
    Arn: repository.repositoryArn,
    RepositoryName: name,
    ImageTagMutability: repository.imageTagMutability,
    ImageScanningConfiguration: { ScanOnPush: repository.imageScanningConfiguration?.scanOnPush ?? false },
    LifecyclePolicy: extra.lifecyclePolicyText
      ? { LifecyclePolicyText: extra.lifecyclePolicyText, RegistryId: repository.registryId }
      : {},
    RepositoryPolicyText: extra.policyText ? JSON.parse(extra.policyText) : {},
    EncryptionConfiguration: repository.encryptionConfiguration
      ? {
          EncryptionType: repository.encryptionConfiguration.encryptionType,
          ...(repository.encryptionConfiguration.kmsKey
            ? { KmsKey: repository.encryptionConfiguration.kmsKey }
            : {}),
        }
      : undefined,
    Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
  };
  const item = base('AWS::ECR::Repository', name, name, repository.repositoryArn ?? '', tags);
  return { ...item, availabilityZone: 'Regional', configuration: JSON.parse(JSON.stringify(configuration)) };
}

/** Config records VPC endpoints camelCase, in the DescribeVpcEndpoints style. */
export function vpcEndpointItem(endpoint: VpcEndpoint): InvocationItem {
  const id = endpoint.VpcEndpointId ?? '';
  const tags = Object.fromEntries((endpoint.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
  const configuration = {
    vpcEndpointId: id,
    vpcEndpointType: endpoint.VpcEndpointType,
    vpcId: endpoint.VpcId,
    serviceName: endpoint.ServiceName,
    // The Schema and advanced queries nest it (`state.value`); test/fixtures keep one flat item.
    state: { value: endpoint.State },
    policyDocument: endpoint.PolicyDocument,
    routeTableIds: endpoint.RouteTableIds ?? [],
    subnetIds: endpoint.SubnetIds ?? [],
    groups: (endpoint.Groups ?? []).map((g) => ({ groupId: g.GroupId, groupName: g.GroupName })),
    privateDnsEnabled: endpoint.PrivateDnsEnabled ?? false,
    requesterManaged: endpoint.RequesterManaged ?? false,
    networkInterfaceIds: endpoint.NetworkInterfaceIds ?? [],
    ownerId: endpoint.OwnerId,
  };
  const arn = `arn:aws:ec2:eu-west-1:123456789012:vpc-endpoint/${id}`;
  return {
    ...base('AWS::EC2::VPCEndpoint', id, id, arn, tags),
    configuration: JSON.parse(JSON.stringify(configuration)),
  };
}

const epochSeconds = (iso: unknown) => (typeof iso === 'string' ? Date.parse(iso) / 1000 : undefined);

/** The same item in the API model, as GetResourceConfigHistory puts it on the wire. */
export function toWireItem(item: InvocationItem): WireConfigurationItem {
  const relationships = (item.relationships as Record<string, string>[] | undefined) ?? [];
  const resourceCreationTime = epochSeconds(item.resourceCreationTime);
  return {
    version: String(item.configurationItemVersion),
    accountId: String(item.awsAccountId),
    configurationItemCaptureTime: epochSeconds(item.configurationItemCaptureTime) ?? 0,
    configurationItemStatus: String(item.configurationItemStatus),
    configurationStateId: String(item.configurationStateId),
    configurationItemMD5Hash: String(item.configurationStateMd5Hash ?? ''),
    arn: String(item.ARN),
    resourceType: item.resourceType,
    resourceId: item.resourceId,
    resourceName: String(item.resourceName),
    awsRegion: String(item.awsRegion),
    availabilityZone: String(item.availabilityZone),
    ...(resourceCreationTime === undefined ? {} : { resourceCreationTime }),
    tags: (item.tags as Record<string, string>) ?? {},
    relatedEvents: [],
    relationships: relationships.map(({ name, ...rest }) => ({
      resourceType: String(rest.resourceType),
      ...(rest.resourceId ? { resourceId: rest.resourceId } : {}),
      ...(rest.resourceName ? { resourceName: rest.resourceName } : {}),
      relationshipName: String(name),
    })),
    configuration: JSON.stringify(item.configuration),
    supplementaryConfiguration: {},
  };
}

/** Config records route tables camelCase, in the DescribeRouteTables style. */
export function routeTableItem(table: RouteTable): InvocationItem {
  const id = table.RouteTableId ?? '';
  const configuration = {
    routeTableId: id,
    vpcId: table.VpcId,
    routes: (table.Routes ?? []).map((r) => ({
      destinationCidrBlock: r.DestinationCidrBlock,
      destinationIpv6CidrBlock: r.DestinationIpv6CidrBlock,
      destinationPrefixListId: r.DestinationPrefixListId,
      gatewayId: r.GatewayId,
      natGatewayId: r.NatGatewayId,
      transitGatewayId: r.TransitGatewayId,
      vpcPeeringConnectionId: r.VpcPeeringConnectionId,
      state: r.State,
      origin: r.Origin,
    })),
    associations: (table.Associations ?? []).map((a) => ({
      routeTableAssociationId: a.RouteTableAssociationId,
      routeTableId: a.RouteTableId,
      subnetId: a.SubnetId,
      main: a.Main ?? false,
    })),
    propagatingVgws: [],
    tags: [],
  };
  const arn = `arn:aws:ec2:eu-west-1:123456789012:route-table/${id}`;
  return {
    ...base('AWS::EC2::RouteTable', id, id, arn, {}),
    configuration: JSON.parse(JSON.stringify(configuration)),
  };
}

/** Config records VPCs camelCase, in the DescribeVpcs style. */
export function vpcItem(vpc: Vpc): InvocationItem {
  const id = vpc.VpcId ?? '';
  const configuration = {
    vpcId: id,
    state: { value: vpc.State },
    cidrBlock: vpc.CidrBlock,
    dhcpOptionsId: vpc.DhcpOptionsId,
    instanceTenancy: vpc.InstanceTenancy,
    isDefault: vpc.IsDefault ?? false,
    ownerId: vpc.OwnerId,
    tags: [],
  };
  const arn = `arn:aws:ec2:eu-west-1:123456789012:vpc/${id}`;
  return {
    ...base('AWS::EC2::VPC', id, id, arn, {}),
    configuration: JSON.parse(JSON.stringify(configuration)),
  };
}
