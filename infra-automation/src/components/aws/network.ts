import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { subnetOf } from './cidr';
import { EgressFirewall } from './egressFirewall';

export interface NetworkArgs {
  region: string;
  /** A /16 for the VPC; each zone gets a /20 of private and a /24 of public addresses. */
  cidrBlock: string;
  /** Zones to spread over; three, so that losing one keeps a majority. */
  availabilityZones: pulumi.Input<string>[];
  tags: Record<string, string>;
  /** Days the VPC flow logs are kept. */
  flowLogRetentionDays: number;
  /** Interface endpoints, so that pulling images and IRSA calls stay off the NAT. */
  interfaceEndpoints: string[];
  /**
   * Names the private subnets may reach on the internet, through AWS Network Firewall
   * (everything else dropped); without it, the NAT gateways pass any egress.
   */
  egressAllowedDomains?: string[];
}

/**
 * A VPC over three zones: private subnets for nodes and databases, public subnets only
 * for the load balancer and the NAT gateways (one per zone, so a zone outage keeps the
 * others' egress), flow logs of all traffic, and endpoints for S3 and ECR. With an
 * egress allow-list, each zone's way out is private subnet → the firewall's endpoint in
 * a subnet of its own → NAT → internet, and the answers come back the same way.
 */
export class Network extends pulumi.ComponentResource {
  readonly vpc: aws.ec2.Vpc;
  readonly privateSubnets: aws.ec2.Subnet[] = [];
  readonly publicSubnets: aws.ec2.Subnet[] = [];
  readonly privateRouteTables: aws.ec2.RouteTable[] = [];
  readonly natGateways: aws.ec2.NatGateway[] = [];
  readonly flowLog: aws.ec2.FlowLog;
  readonly endpoints: aws.ec2.VpcEndpoint[] = [];
  readonly routeTableAssociations: aws.ec2.RouteTableAssociation[] = [];
  readonly egressFirewall?: EgressFirewall;
  flowLogPolicy!: aws.iam.RolePolicy;

  constructor(
    name: string,
    args: NetworkArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super('ekyc:aws:Network', name, {}, opts);
    const child = { parent: this };
    const region = args.region;
    const tagged = (what: string, extra: Record<string, string> = {}) => ({
      ...args.tags,
      Name: `${name}-${what}`,
      ...extra,
    });

    this.vpc = new aws.ec2.Vpc(
      name,
      {
        region,
        cidrBlock: args.cidrBlock,
        enableDnsHostnames: true,
        enableDnsSupport: true,
        tags: tagged('vpc'),
      },
      child,
    );
    const vpcId = this.vpc.id;
    const internetGateway = new aws.ec2.InternetGateway(
      name,
      { region, vpcId, tags: tagged('igw') },
      child,
    );
    const privateCidrOf = (i: number) => subnetOf(args.cidrBlock, 20, i);

    let firewallSubnets: aws.ec2.Subnet[] = [];
    if (args.egressAllowedDomains) {
      firewallSubnets = args.availabilityZones.map(
        (availabilityZone, i) =>
          new aws.ec2.Subnet(
            `${name}-${i}-firewall`,
            {
              region,
              vpcId,
              availabilityZone,
              // /28s in x.x.250.0/24, apart from the private and public ranges.
              cidrBlock: subnetOf(args.cidrBlock, 28, 250 * 16 + i),
              mapPublicIpOnLaunch: false,
              tags: tagged(`firewall-${i}`),
            },
            child,
          ),
      );
      this.egressFirewall = new EgressFirewall(
        name,
        {
          region,
          vpcId,
          subnetIds: firewallSubnets.map(subnet => subnet.id),
          allowedDomains: args.egressAllowedDomains,
          tags: args.tags,
        },
        child,
      );
    }
    const firewall = this.egressFirewall;

    const publicRoutes = new aws.ec2.RouteTable(
      `${name}-public`,
      {
        region,
        vpcId,
        routes: [
          { cidrBlock: '0.0.0.0/0', gatewayId: internetGateway.id },
          // The NAT's answers to a zone's private subnet pass its firewall endpoint too.
          ...(firewall
            ? args.availabilityZones.map((zone, i) => ({
                cidrBlock: privateCidrOf(i),
                vpcEndpointId: firewall.endpointIn(zone),
              }))
            : []),
        ],
        tags: tagged('public'),
      },
      child,
    );

    args.availabilityZones.forEach((availabilityZone, i) => {
      const zone = `${name}-${i}`;
      const publicSubnet = new aws.ec2.Subnet(
        `${zone}-public`,
        {
          region,
          vpcId,
          availabilityZone,
          cidrBlock: subnetOf(args.cidrBlock, 24, 240 + i),
          mapPublicIpOnLaunch: false,
          tags: tagged(`public-${i}`, { 'kubernetes.io/role/elb': '1' }),
        },
        child,
      );
      const publicAssociation = new aws.ec2.RouteTableAssociation(
        `${zone}-public`,
        { region, subnetId: publicSubnet.id, routeTableId: publicRoutes.id },
        child,
      );
      const address = new aws.ec2.Eip(
        `${zone}-nat`,
        { region, domain: 'vpc', tags: tagged(`nat-${i}`) },
        child,
      );
      const nat = new aws.ec2.NatGateway(
        zone,
        {
          region,
          allocationId: address.id,
          subnetId: publicSubnet.id,
          tags: tagged(`nat-${i}`),
        },
        { ...child, dependsOn: [internetGateway] },
      );
      const privateSubnet = new aws.ec2.Subnet(
        `${zone}-private`,
        {
          region,
          vpcId,
          availabilityZone,
          cidrBlock: privateCidrOf(i),
          mapPublicIpOnLaunch: false,
          tags: tagged(`private-${i}`, {
            'kubernetes.io/role/internal-elb': '1',
          }),
        },
        child,
      );
      const privateRoutes = new aws.ec2.RouteTable(
        `${zone}-private`,
        {
          region,
          vpcId,
          routes: [
            firewall
              ? {
                  cidrBlock: '0.0.0.0/0',
                  vpcEndpointId: firewall.endpointIn(availabilityZone),
                }
              : { cidrBlock: '0.0.0.0/0', natGatewayId: nat.id },
          ],
          tags: tagged(`private-${i}`),
        },
        child,
      );
      if (firewall) {
        const firewallRoutes = new aws.ec2.RouteTable(
          `${zone}-firewall`,
          {
            region,
            vpcId,
            routes: [{ cidrBlock: '0.0.0.0/0', natGatewayId: nat.id }],
            tags: tagged(`firewall-${i}`),
          },
          child,
        );
        this.routeTableAssociations.push(
          new aws.ec2.RouteTableAssociation(
            `${zone}-firewall`,
            {
              region,
              subnetId: firewallSubnets[i].id,
              routeTableId: firewallRoutes.id,
            },
            child,
          ),
        );
      }
      const privateAssociation = new aws.ec2.RouteTableAssociation(
        `${zone}-private`,
        { region, subnetId: privateSubnet.id, routeTableId: privateRoutes.id },
        child,
      );
      this.routeTableAssociations.push(publicAssociation, privateAssociation);
      this.publicSubnets.push(publicSubnet);
      this.privateSubnets.push(privateSubnet);
      this.privateRouteTables.push(privateRoutes);
      this.natGateways.push(nat);
    });

    this.flowLog = this.createFlowLog(name, args, child);

    this.endpoints.push(
      new aws.ec2.VpcEndpoint(
        `${name}-s3`,
        {
          region,
          vpcId,
          serviceName: `com.amazonaws.${region}.s3`,
          vpcEndpointType: 'Gateway',
          routeTableIds: this.privateRouteTables.map(table => table.id),
          tags: tagged('s3'),
        },
        child,
      ),
    );
    const endpointAccess = new aws.ec2.SecurityGroup(
      `${name}-endpoints`,
      {
        region,
        vpcId,
        description: 'HTTPS from inside the VPC to its interface endpoints',
        ingress: [
          {
            protocol: 'tcp',
            fromPort: 443,
            toPort: 443,
            cidrBlocks: [args.cidrBlock],
          },
        ],
        tags: tagged('endpoints'),
      },
      child,
    );
    for (const service of args.interfaceEndpoints) {
      this.endpoints.push(
        new aws.ec2.VpcEndpoint(
          `${name}-${service.replace(/\./g, '-')}`,
          {
            region,
            vpcId,
            serviceName: `com.amazonaws.${region}.${service}`,
            vpcEndpointType: 'Interface',
            privateDnsEnabled: true,
            subnetIds: this.privateSubnets.map(subnet => subnet.id),
            securityGroupIds: [endpointAccess.id],
            tags: tagged(service),
          },
          child,
        ),
      );
    }
    this.registerOutputs({ vpcId });
  }

  private createFlowLog(
    name: string,
    args: NetworkArgs,
    child: pulumi.CustomResourceOptions,
  ): aws.ec2.FlowLog {
    const region = args.region;
    const logGroup = new aws.cloudwatch.LogGroup(
      `${name}-flow-logs`,
      {
        region,
        retentionInDays: args.flowLogRetentionDays,
        tags: args.tags,
      },
      child,
    );
    const role = new aws.iam.Role(
      `${name}-flow-logs`,
      {
        assumeRolePolicy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: 'vpc-flow-logs.amazonaws.com' },
              Action: 'sts:AssumeRole',
            },
          ],
        }),
        tags: args.tags,
      },
      child,
    );
    this.flowLogPolicy = new aws.iam.RolePolicy(
      `${name}-flow-logs`,
      {
        role: role.id,
        policy: logGroup.arn.apply(arn =>
          JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Action: [
                  'logs:CreateLogStream',
                  'logs:PutLogEvents',
                  'logs:DescribeLogStreams',
                ],
                Resource: `${arn}:*`,
              },
            ],
          }),
        ),
      },
      child,
    );
    return new aws.ec2.FlowLog(
      name,
      {
        region,
        vpcId: this.vpc.id,
        trafficType: 'ALL',
        logDestinationType: 'cloud-watch-logs',
        logDestination: logGroup.arn,
        iamRoleArn: role.arn,
        maxAggregationInterval: 60,
        tags: args.tags,
      },
      child,
    );
  }
}
