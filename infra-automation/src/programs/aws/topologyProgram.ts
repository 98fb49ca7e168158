import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import {
  EnvironmentSpec,
  locationOf,
  RegionSpec,
  TopologySpec,
} from '@internal/ekyc-domain';
import { GlobalRouting, RoutedEndpoint } from '../../components/aws';

export interface TopologyOptions {
  /** The Route 53 hosted zone of the API's global name. */
  dnsZone: { id: string; name: string };
  /** The stack of an environment, e.g. organization/ekyc-environments/<id>. */
  environmentStack: (environmentId: string) => string;
}

interface EdgeOutputs {
  loadBalancerArn: string;
  loadBalancerDnsName: string;
  loadBalancerZoneId: string;
  healthCheckId: string;
}

/** A region's edge, read from its applied stack's outputs. */
async function regionEndpoint(
  stackName: string,
  region: string,
): Promise<RoutedEndpoint> {
  const details = await new pulumi.StackReference(stackName).getOutputDetails(
    'aws',
  );
  const edge = (details.value as { edge?: EdgeOutputs } | undefined)?.edge;
  if (!edge?.loadBalancerArn) {
    throw new Error(
      `stack ${stackName} has no aws.edge output: apply the region environment with target aws first`,
    );
  }
  return {
    kind: 'load-balancer',
    region,
    dnsName: edge.loadBalancerDnsName,
    zoneId: edge.loadBalancerZoneId,
    arn: edge.loadBalancerArn,
    healthCheckId: edge.healthCheckId,
  };
}

/** The environments a country's users or Global Accelerator are sent to. */
function routedEnvironments(topology: TopologySpec): EnvironmentSpec[] {
  const routed = new Set(
    Object.values(topology.countries).flatMap(placement =>
      placement ? [placement.primary, ...placement.failover] : [],
    ),
  );
  for (const id of Object.keys(
    topology.globalAccelerator?.trafficDials ?? {},
  )) {
    routed.add(id);
  }
  return topology.environments.filter(env => routed.has(env.id));
}

const hasAwsEdge = (env: EnvironmentSpec): env is RegionSpec =>
  env.kind === 'region' && env.target === 'aws';

const unroutable = (id: string) =>
  `${id} has no AWS edge to route to: give its public name and addresses in the topology's endpoints`;

/**
 * What keeps the routing from being built, before any stack is touched: a routed
 * environment with neither an AWS edge (a region on target aws) nor an endpoint.
 */
export function routingProblems(topology: TopologySpec): string[] {
  return routedEnvironments(topology)
    .filter(env => !topology.endpoints[env.id] && !hasAwsEdge(env))
    .map(env => unroutable(env.id));
}

/**
 * The topology's global routing: every served country's users to the environment that
 * holds their data, failing over only where the topology (checked against every
 * country's rule) says, and Global Accelerator where the topology asks for it. Regions
 * are reached through their stacks' edge outputs, environments without an AWS edge
 * (sovereign sites on-prem) through the topology's `endpoints`.
 */
export function topologyProgram(
  topology: TopologySpec,
  options: TopologyOptions,
): pulumi.automation.PulumiFn {
  return async () => {
    const endpoints: Record<string, RoutedEndpoint> = {};
    for (const env of routedEnvironments(topology)) {
      const own = topology.endpoints[env.id];
      if (own) {
        endpoints[env.id] = {
          kind: 'address',
          ...own,
          location: locationOf(env),
        };
      } else if (hasAwsEdge(env)) {
        endpoints[env.id] = await regionEndpoint(
          options.environmentStack(env.id),
          env.region,
        );
      } else {
        throw new Error(unroutable(env.id));
      }
    }
    const countries = Object.fromEntries(
      Object.entries(topology.countries).flatMap(([country, placement]) =>
        placement ? [[country, placement]] : [],
      ),
    );
    // Route 53 and Global Accelerator are global; their API lives in us-west-2.
    const provider = new aws.Provider('global', {
      region: 'us-west-2',
      defaultTags: {
        tags: { 'ekyc:topology': topology.id, 'ekyc:owner': topology.owner },
      },
    });
    const routing = new GlobalRouting(
      topology.id,
      {
        dnsZone: options.dnsZone,
        endpoints,
        countries,
        globalAccelerator: topology.globalAccelerator,
        tags: { 'ekyc:topology': topology.id },
      },
      { providers: [provider] },
    );
    return {
      topology: topology.id,
      apiHostname: routing.apiHostname,
      countries: Object.fromEntries(
        Object.keys(countries).map(country => [
          country,
          `${country.toLowerCase()}.${routing.apiHostname}`,
        ]),
      ),
      accelerator: routing.accelerator?.dnsName,
    };
  };
}
