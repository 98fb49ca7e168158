import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { HubNetwork, HybridLink, SiteConnection } from '../../components/aws';
import { SovereignSiteSpec, VpnTunnelOutput } from '@internal/ekyc-domain';
import { ClusterOptions, sovereignSiteProgram } from '../kubernetes';
import { environmentTags } from './tagsOf';

export interface AwsSiteOptions {
  /** The site's own in-country cluster, where its workloads and database run. */
  site: ClusterOptions;
  /** The stack of the hub region environment, e.g. organization/ekyc-environments/<id>. */
  hubStackName: (environmentId: string) => string;
}

/** AWS's side of the BGP sessions with sovereign sites. */
export const amazonSideAsn = 64512;

/** The hub's network, read from its region environment's stack outputs. */
export async function hubNetworkOf(
  stack: pulumi.StackReference,
  stackName: string,
): Promise<HubNetwork> {
  const details = await stack.getOutputDetails('aws');
  const network = (details.value as { network?: HubNetwork } | undefined)
    ?.network;
  if (!network?.vpcId) {
    throw new Error(
      `stack ${stackName} has no aws.network output: apply the hub region environment with target aws first`,
    );
  }
  return network;
}

/**
 * Each VPN tunnel as AWS last reported it: the stack's view after its last up or refresh
 * (`ekyc-infra refresh` reads it again), for the site's operators to see a dead tunnel.
 */
function tunnelsOf(
  connections: aws.ec2.VpnConnection[],
): pulumi.Output<VpnTunnelOutput[]> {
  return pulumi
    .all(
      connections.map(connection =>
        pulumi
          .all([connection.id, connection.vgwTelemetries])
          .apply(([id, telemetries]) =>
            (telemetries ?? []).map(tunnel => ({
              vpnConnection: id,
              awsAddress: tunnel.outsideIpAddress,
              status: tunnel.status,
              statusMessage: tunnel.statusMessage,
              lastStatusChange: tunnel.lastStatusChange,
              acceptedRoutes: tunnel.acceptedRouteCount,
            })),
          ),
      ),
    )
    .apply(perConnection => perConnection.flat());
}

/**
 * A sovereign site joined to the cloud: the site's workloads and in-country database on
 * its own cluster, exactly as the kubernetes target makes them, and the hybrid link
 * from its hub region's VPC to the site's networks. No personal data is stored on AWS.
 */
export function awsSovereignSiteProgram(
  spec: SovereignSiteSpec,
  options: AwsSiteOptions,
): pulumi.automation.PulumiFn {
  const onSite = sovereignSiteProgram(spec, options.site);
  return async () => {
    const link = spec.connectivity;
    if (!link.hub) throw new Error('connectivity.hub is required on aws');
    const siteOutputs = await onSite();

    const provider = new aws.Provider('aws', {
      region: link.hub.region,
      defaultTags: { tags: environmentTags(spec) },
    });
    const hubStackName = options.hubStackName(link.hub.environment);
    const hub = await hubNetworkOf(
      new pulumi.StackReference(hubStackName),
      hubStackName,
    );
    const connection: SiteConnection =
      link.type === 'direct-connect' && link.directConnect
        ? { type: 'direct-connect', ...link.directConnect }
        : {
            type: 'site-to-site-vpn',
            customerGatewayIps: link.customerGatewayIps ?? [],
          };
    const hybrid = new HybridLink(
      spec.id,
      {
        region: link.hub.region,
        siteAsn: link.bgpAsn,
        amazonAsn: amazonSideAsn,
        onPremCidrs: link.onPremCidrs,
        hub,
        connection,
        tags: environmentTags(spec),
      },
      { providers: [provider] },
    );
    return {
      ...siteOutputs,
      aws: {
        region: link.hub.region,
        hubEnvironment: link.hub.environment,
        transitGatewayId: hybrid.transitGateway.id,
        vpnConnectionIds: hybrid.vpnConnections.map(vpn => vpn.id),
        tunnels: tunnelsOf(hybrid.vpnConnections),
        transitInterfaceId: hybrid.transitInterface?.id,
      },
    };
  };
}
