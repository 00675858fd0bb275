/**
 * The reference private pipeline, built for real in the emulated account with the SDK:
 *
 *   vpc 10.0.0.0/16 (DNS support and hostnames on; default DHCP options: AmazonProvidedDNS)
 *   ├─ private subnets a 10.0.1.0/24, b 10.0.2.0/24 ──> rtb-private: local + S3 prefix list -> S3 gateway endpoint
 *   ├─ public subnet ─────────> rtb-public: local + 0.0.0.0/0 -> internet gateway
 *   ├─ main route table: local only (serves any subnet without an association)
 *   ├─ interface endpoints, private DNS on: ecr.api, ecr.dkr, logs, codecommit, git-codecommit,
 *   │  in security group "endpoints": inbound TCP 443 from the private subnets
 *   └─ security group "builds" (the project's): AWS's default all-outbound rule
 *   CodeBuild project "app-build" in the private subnets, CodeCommit source, private ECR image
 *   ECR repository "builder": no policy, scan on push, immutable tags, a lifecycle policy
 *
 * Every ppguard rule is COMPLIANT (or NOT_APPLICABLE) on it; tests and the demo break it one way
 * at a time. Keep it the single description of "what private looks like".
 */
import {
  BatchGetProjectsCommand,
  type CodeBuildClient,
  CreateProjectCommand,
  type CreateProjectCommandInput,
  type Project,
} from '@aws-sdk/client-codebuild';
import {
  AllocateAddressCommand,
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateInternetGatewayCommand,
  CreateNatGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  DescribeRouteTablesCommand,
  type EC2Client,
  ModifyVpcAttributeCommand,
} from '@aws-sdk/client-ec2';
import { CreateRepositoryCommand, type ECRClient, PutLifecyclePolicyCommand } from '@aws-sdk/client-ecr';
/** The clients the pipeline is built with (the integration suites' TestAws is one). */
export interface PipelineClients {
  codebuild: CodeBuildClient;
  ecr: ECRClient;
  ec2: EC2Client;
}

export const REFERENCE_PROJECT = 'app-build';
export const REFERENCE_REPOSITORY = 'builder';
export const INTERFACE_SERVICES = ['ecr.api', 'ecr.dkr', 'logs', 'codecommit', 'git-codecommit'] as const;
export type EndpointService = (typeof INTERFACE_SERVICES)[number] | 's3';

export interface ReferencePipeline {
  region: string;
  accountId: string;
  vpcId: string;
  privateSubnetIds: [string, string];
  publicSubnetId: string;
  privateRouteTableId: string;
  publicRouteTableId: string;
  mainRouteTableId: string;
  internetGatewayId: string;
  /** The builds' security group (the project's). */
  securityGroupId: string;
  /** The interface endpoints' security group: inbound TCP 443 from the private subnets. */
  endpointSecurityGroupId: string;
  endpoints: Record<EndpointService, string>;
  projectName: string;
  repositoryName: string;
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`the emulator returned no ${what}`);
  return value;
}

export const LIFECYCLE_POLICY = JSON.stringify({
  rules: [
    {
      rulePriority: 1,
      description: 'keep the last 30 images',
      selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 30 },
      action: { type: 'expire' },
    },
  ],
});

/** An interface endpoint in the private subnets, in the endpoints' group (else the builds' group). */
export async function createVpcEndpoint(
  aws: PipelineClients,
  pipeline: Pick<ReferencePipeline, 'vpcId' | 'region' | 'privateSubnetIds' | 'securityGroupId'> &
    Partial<Pick<ReferencePipeline, 'endpointSecurityGroupId'>>,
  service: (typeof INTERFACE_SERVICES)[number],
  privateDnsEnabled = true,
): Promise<string> {
  const { VpcEndpoint } = await aws.ec2.send(
    new CreateVpcEndpointCommand({
      VpcId: pipeline.vpcId,
      ServiceName: `com.amazonaws.${pipeline.region}.${service}`,
      VpcEndpointType: 'Interface',
      SubnetIds: [...pipeline.privateSubnetIds],
      SecurityGroupIds: [pipeline.endpointSecurityGroupId ?? pipeline.securityGroupId],
      PrivateDnsEnabled: privateDnsEnabled,
      PolicyDocument: restrictedEndpointPolicy(),
    }),
  );
  return required(VpcEndpoint?.VpcEndpointId, `${service} endpoint id`);
}

/**
 * Endpoint policy confining callers to the own account (vpc-endpoint-policy-restricted). It pins
 * the principal, not the resource: ECR image layers live in an AWS-owned S3 bucket, so pinning
 * aws:ResourceAccount on the S3 endpoint would break every pull.
 */
export function restrictedEndpointPolicy(): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'OwnAccountOnly',
        Effect: 'Allow',
        Principal: '*',
        Action: '*',
        Resource: '*',
        Condition: { StringEquals: { 'aws:PrincipalAccount': '123456789012' } },
      },
    ],
  });
}

/** The smallest network a project can run in: a VPC with one subnet and a security group. */
export async function createBuildNetwork(
  aws: PipelineClients,
  region = 'eu-west-1',
): Promise<{ vpcId: string; subnetId: string; securityGroupId: string }> {
  const { Vpc } = await aws.ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }));
  const vpcId = required(Vpc?.VpcId, 'vpc id');
  const { Subnet } = await aws.ec2.send(
    new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.0.1.0/24', AvailabilityZone: `${region}a` }),
  );
  const { GroupId } = await aws.ec2.send(
    new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: 'builds', Description: 'private builds' }),
  );
  return {
    vpcId,
    subnetId: required(Subnet?.SubnetId, 'subnet id'),
    securityGroupId: required(GroupId, 'security group id'),
  };
}

/** A CodeCommit -> CodeBuild project pulling its builder image from ECR, in the VPC when given. */
export function projectInput(
  name: string,
  vpc: { vpcId: string; subnetIds: string[]; securityGroupId: string } | undefined,
  region = 'eu-west-1',
): CreateProjectCommandInput {
  return {
    name,
    source: { type: 'CODECOMMIT', location: `https://git-codecommit.${region}.amazonaws.com/v1/repos/app` },
    artifacts: { type: 'NO_ARTIFACTS' },
    environment: {
      type: 'LINUX_CONTAINER',
      image: `123456789012.dkr.ecr.${region}.amazonaws.com/builder:1`,
      computeType: 'BUILD_GENERAL1_SMALL',
    },
    serviceRole: 'arn:aws:iam::123456789012:role/codebuild-app-role',
    logsConfig: { cloudWatchLogs: { status: 'ENABLED' }, s3Logs: { status: 'DISABLED' } },
    ...(vpc
      ? { vpcConfig: { vpcId: vpc.vpcId, subnets: vpc.subnetIds, securityGroupIds: [vpc.securityGroupId] } }
      : {}),
  };
}

export async function createProject(
  aws: PipelineClients,
  name: string,
  vpc: { vpcId: string; subnetIds: string[]; securityGroupId: string } | undefined,
  region = 'eu-west-1',
): Promise<Project> {
  await aws.codebuild.send(new CreateProjectCommand(projectInput(name, vpc, region)));
  const { projects } = await aws.codebuild.send(new BatchGetProjectsCommand({ names: [name] }));
  return required(projects?.[0], `project ${name}`);
}

export async function buildReferencePipeline(aws: PipelineClients): Promise<ReferencePipeline> {
  const region = 'eu-west-1';
  const { Vpc } = await aws.ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }));
  const vpcId = required(Vpc?.VpcId, 'vpc id');
  await aws.ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsSupport: { Value: true } }));
  await aws.ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsHostnames: { Value: true } }));

  const subnet = async (cidr: string, zone: string) => {
    const { Subnet } = await aws.ec2.send(
      new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: cidr, AvailabilityZone: `${region}${zone}` }),
    );
    return required(Subnet?.SubnetId, `subnet ${cidr}`);
  };
  const privateSubnetIds: [string, string] = [
    await subnet('10.0.1.0/24', 'a'),
    await subnet('10.0.2.0/24', 'b'),
  ];
  const publicSubnetId = await subnet('10.0.100.0/24', 'a');

  const { RouteTables } = await aws.ec2.send(
    new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }),
  );
  const mainRouteTableId = required(
    RouteTables?.find((t) => t.Associations?.some((a) => a.Main))?.RouteTableId,
    'main route table',
  );
  const routeTable = async (subnetIds: string[]) => {
    const { RouteTable } = await aws.ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }));
    const id = required(RouteTable?.RouteTableId, 'route table id');
    for (const SubnetId of subnetIds)
      await aws.ec2.send(new AssociateRouteTableCommand({ RouteTableId: id, SubnetId }));
    return id;
  };
  const privateRouteTableId = await routeTable([...privateSubnetIds]);
  const publicRouteTableId = await routeTable([publicSubnetId]);

  const { InternetGateway } = await aws.ec2.send(new CreateInternetGatewayCommand({}));
  const internetGatewayId = required(InternetGateway?.InternetGatewayId, 'internet gateway id');
  await aws.ec2.send(
    new AttachInternetGatewayCommand({ InternetGatewayId: internetGatewayId, VpcId: vpcId }),
  );
  await aws.ec2.send(
    new CreateRouteCommand({
      RouteTableId: publicRouteTableId,
      DestinationCidrBlock: '0.0.0.0/0',
      GatewayId: internetGatewayId,
    }),
  );

  const { GroupId } = await aws.ec2.send(
    new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: 'builds', Description: 'private builds' }),
  );
  const securityGroupId = required(GroupId, 'security group id');
  const { GroupId: endpointGroup } = await aws.ec2.send(
    new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: 'endpoints', Description: 'VPC endpoints' }),
  );
  const endpointSecurityGroupId = required(endpointGroup, 'endpoint security group id');
  // Interface endpoints serve the builds only when their group admits HTTPS from the build subnets.
  await aws.ec2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: endpointSecurityGroupId,
      IpPermissions: [
        {
          IpProtocol: 'tcp',
          FromPort: 443,
          ToPort: 443,
          IpRanges: [{ CidrIp: '10.0.1.0/24' }, { CidrIp: '10.0.2.0/24' }],
        },
      ],
    }),
  );

  const partial = { vpcId, region, privateSubnetIds, securityGroupId, endpointSecurityGroupId };
  const endpoints = {} as Record<EndpointService, string>;
  for (const service of INTERFACE_SERVICES)
    endpoints[service] = await createVpcEndpoint(aws, partial, service);
  const { VpcEndpoint: s3 } = await aws.ec2.send(
    new CreateVpcEndpointCommand({
      VpcId: vpcId,
      ServiceName: `com.amazonaws.${region}.s3`,
      VpcEndpointType: 'Gateway',
      RouteTableIds: [privateRouteTableId],
      PolicyDocument: restrictedEndpointPolicy(),
    }),
  );
  endpoints.s3 = required(s3?.VpcEndpointId, 's3 endpoint id');

  await createProject(
    aws,
    REFERENCE_PROJECT,
    { vpcId, subnetIds: [...privateSubnetIds], securityGroupId },
    region,
  );
  await aws.ecr.send(
    new CreateRepositoryCommand({
      repositoryName: REFERENCE_REPOSITORY,
      imageTagMutability: 'IMMUTABLE',
      imageScanningConfiguration: { scanOnPush: true },
    }),
  );
  await aws.ecr.send(
    new PutLifecyclePolicyCommand({
      repositoryName: REFERENCE_REPOSITORY,
      lifecyclePolicyText: LIFECYCLE_POLICY,
    }),
  );

  return {
    region,
    accountId: '123456789012',
    vpcId,
    privateSubnetIds,
    publicSubnetId,
    privateRouteTableId,
    publicRouteTableId,
    mainRouteTableId,
    internetGatewayId,
    securityGroupId,
    endpointSecurityGroupId,
    endpoints,
    projectName: REFERENCE_PROJECT,
    repositoryName: REFERENCE_REPOSITORY,
  };
}

/** A NAT gateway in the public subnet (for the "add a NAT default route" break). */
export async function createNatGateway(aws: PipelineClients, pipeline: ReferencePipeline): Promise<string> {
  const { AllocationId } = await aws.ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
  const { NatGateway } = await aws.ec2.send(
    new CreateNatGatewayCommand({ SubnetId: pipeline.publicSubnetId, AllocationId }),
  );
  return required(NatGateway?.NatGatewayId, 'nat gateway id');
}
