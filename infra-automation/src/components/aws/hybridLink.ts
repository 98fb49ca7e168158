import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';

export interface HubNetwork {
  vpcId: string;
  cidrBlock: string;
  privateSubnetIds: string[];
  privateRouteTableIds: string[];
}

export type SiteConnection =
  | { type: 'site-to-site-vpn'; customerGatewayIps: string[] }
  | { type: 'direct-connect'; connectionId: string; vlan: number };

export interface HybridLinkArgs {
  /** The hub region, whose VPC the site joins. */
  region: string;
  /** The site's private BGP ASN. */
  siteAsn: number;
  /** AWS's side of the BGP sessions; must differ from the site's. */
  amazonAsn: number;
  /** The only networks routed from the hub VPC to the site. */
  onPremCidrs: string[];
  /** The hub VPC, as its region environment's stack outputs report it. */
  hub: HubNetwork;
  connection: SiteConnection;
  tags: Record<string, string>;
}

/** A /30 for each tunnel's BGP peering, clear of the ranges AWS reserves. */
export function tunnelInsideCidr(connection: number, tunnel: number): string {
  return `169.254.${100 + connection}.${tunnel * 4}/30`;
}

/**
 * A sovereign site joined to its hub region: a Transit Gateway whose route tables keep
 * the site and the hub VPC apart from everything else, and either one site-to-site VPN
 * connection per on-prem router (each with AWS's two tunnels, so four BGP sessions
 * across two routers) or a Direct Connect transit interface. The hub VPC routes only
 * the site's CIDRs to the gateway; personal data stays at the site, the link carries
 * requests and results.
 */
export class HybridLink extends pulumi.ComponentResource {
  readonly transitGateway: aws.ec2transitgateway.TransitGateway;
  readonly hubAttachment: aws.ec2transitgateway.VpcAttachment;
  readonly customerGateways: aws.ec2.CustomerGateway[] = [];
  readonly vpnConnections: aws.ec2.VpnConnection[] = [];
  directConnectGateway?: aws.directconnect.Gateway;
  transitInterface?: aws.directconnect.TransitVirtualInterface;
  readonly hubRoutes: aws.ec2.Route[];
  /** Which attachment uses which route table, and where its routes propagate. */
  readonly routeTableLinks: pulumi.CustomResource[] = [];

  constructor(
    name: string,
    args: HybridLinkArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super('ekyc:aws:HybridLink', name, {}, opts);
    const child = { parent: this };
    const region = args.region;
    if (args.siteAsn === args.amazonAsn) {
      throw new Error(
        `${name}: the site's BGP ASN ${args.siteAsn} equals AWS's side; choose another`,
      );
    }

    this.transitGateway = new aws.ec2transitgateway.TransitGateway(
      name,
      {
        region,
        description: `Hybrid link of ${name}`,
        amazonSideAsn: args.amazonAsn,
        // Our own route tables decide who reaches whom, not the defaults.
        defaultRouteTableAssociation: 'disable',
        defaultRouteTablePropagation: 'disable',
        vpnEcmpSupport: 'enable',
        dnsSupport: 'enable',
        autoAcceptSharedAttachments: 'disable',
        tags: args.tags,
      },
      child,
    );
    const transitGatewayId = this.transitGateway.id;
    const table = (side: string) =>
      new aws.ec2transitgateway.RouteTable(
        `${name}-${side}`,
        {
          region,
          transitGatewayId,
          tags: { ...args.tags, Name: `${name}-${side}` },
        },
        child,
      );
    const hubTable = table('hub');
    const siteTable = table('site');

    this.hubAttachment = new aws.ec2transitgateway.VpcAttachment(
      name,
      {
        region,
        transitGatewayId,
        vpcId: args.hub.vpcId,
        subnetIds: args.hub.privateSubnetIds,
        transitGatewayDefaultRouteTableAssociation: false,
        transitGatewayDefaultRouteTablePropagation: false,
        tags: args.tags,
      },
      child,
    );
    this.join(`${name}-hub`, this.hubAttachment.id, hubTable, siteTable);

    const siteAttachments =
      args.connection.type === 'site-to-site-vpn'
        ? this.vpn(name, args, args.connection.customerGatewayIps)
        : this.directConnect(name, args, args.connection);
    siteAttachments.forEach((attachmentId, i) =>
      this.join(`${name}-site-${i}`, attachmentId, siteTable, hubTable),
    );

    this.hubRoutes = args.hub.privateRouteTableIds.flatMap((routeTableId, t) =>
      args.onPremCidrs.map(
        (cidr, c) =>
          new aws.ec2.Route(
            `${name}-to-site-${t}-${c}`,
            {
              region,
              routeTableId,
              destinationCidrBlock: cidr,
              transitGatewayId,
            },
            { ...child, dependsOn: [this.hubAttachment] },
          ),
      ),
    );
    this.registerOutputs({ transitGatewayId });
  }

  /** Associates an attachment with its own side's table and propagates it to the other. */
  private join(
    name: string,
    attachmentId: pulumi.Input<string>,
    own: aws.ec2transitgateway.RouteTable,
    other: aws.ec2transitgateway.RouteTable,
  ) {
    const child = { parent: this };
    this.routeTableLinks.push(
      new aws.ec2transitgateway.RouteTableAssociation(
        name,
        {
          transitGatewayAttachmentId: attachmentId,
          transitGatewayRouteTableId: own.id,
        },
        child,
      ),
      new aws.ec2transitgateway.RouteTablePropagation(
        name,
        {
          transitGatewayAttachmentId: attachmentId,
          transitGatewayRouteTableId: other.id,
        },
        child,
      ),
    );
  }

  private vpn(
    name: string,
    args: HybridLinkArgs,
    routerIps: string[],
  ): pulumi.Output<string>[] {
    const child = { parent: this };
    const region = args.region;
    const tunnel = (n: 1 | 2, connection: number) => ({
      [`tunnel${n}InsideCidr`]: tunnelInsideCidr(connection, n - 1),
      [`tunnel${n}IkeVersions`]: ['ikev2'],
      [`tunnel${n}Phase1EncryptionAlgorithms`]: ['AES256-GCM-16'],
      [`tunnel${n}Phase2EncryptionAlgorithms`]: ['AES256-GCM-16'],
      [`tunnel${n}Phase1IntegrityAlgorithms`]: ['SHA2-384'],
      [`tunnel${n}Phase2IntegrityAlgorithms`]: ['SHA2-384'],
      [`tunnel${n}Phase1DhGroupNumbers`]: [20],
      [`tunnel${n}Phase2DhGroupNumbers`]: [20],
      // Bring a dropped tunnel back up instead of waiting for the site to.
      [`tunnel${n}DpdTimeoutAction`]: 'restart',
      [`tunnel${n}StartupAction`]: 'start',
    });
    return routerIps.map((ipAddress, i) => {
      const gateway = new aws.ec2.CustomerGateway(
        `${name}-router-${i}`,
        {
          region,
          bgpAsn: String(args.siteAsn),
          ipAddress,
          type: 'ipsec.1',
          tags: { ...args.tags, Name: `${name}-router-${i}` },
        },
        child,
      );
      const connection = new aws.ec2.VpnConnection(
        `${name}-vpn-${i}`,
        {
          region,
          type: 'ipsec.1',
          customerGatewayId: gateway.id,
          transitGatewayId: this.transitGateway.id,
          staticRoutesOnly: false,
          ...tunnel(1, i),
          ...tunnel(2, i),
          tags: { ...args.tags, Name: `${name}-vpn-${i}` },
        },
        child,
      );
      this.customerGateways.push(gateway);
      this.vpnConnections.push(connection);
      return connection.transitGatewayAttachmentId;
    });
  }

  private directConnect(
    name: string,
    args: HybridLinkArgs,
    link: Extract<SiteConnection, { type: 'direct-connect' }>,
  ): pulumi.Output<string>[] {
    const child = { parent: this };
    const gateway = new aws.directconnect.Gateway(
      name,
      { name, amazonSideAsn: String(args.amazonAsn + 1) },
      child,
    );
    const association = new aws.directconnect.GatewayAssociation(
      name,
      {
        dxGatewayId: gateway.id,
        associatedGatewayId: this.transitGateway.id,
        allowedPrefixes: [args.hub.cidrBlock],
      },
      child,
    );
    this.transitInterface = new aws.directconnect.TransitVirtualInterface(
      name,
      {
        region: args.region,
        connectionId: link.connectionId,
        dxGatewayId: gateway.id,
        vlan: link.vlan,
        bgpAsn: args.siteAsn,
        addressFamily: 'ipv4',
        mtu: 8500,
        tags: args.tags,
      },
      child,
    );
    this.directConnectGateway = gateway;
    const attachment =
      aws.ec2transitgateway.getDirectConnectGatewayAttachmentOutput(
        {
          region: args.region,
          transitGatewayId: this.transitGateway.id,
          dxGatewayId: gateway.id,
        },
        { parent: this, dependsOn: [association] },
      );
    return [attachment.id];
  }
}
