import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  findPulumiCommand,
  StackOutputsReader,
} from '@internal/infra-automation/runner';
import {
  readClustersSettings,
  readEnvironmentsSettings,
  stateBackendOf,
} from '@internal/infra-automation/settings';
import { RegionsConfig } from '../config';
import {
  readCatalogClusterPrometheus,
  readCatalogEnvironments,
  readCatalogNetworkLinks,
  readCatalogTopologies,
} from '../sources/catalogEnvironments';
import { readFleetMetrics } from '../sources/fleetMetrics';
import { KubernetesFleetReader } from '../sources/kubernetesFleet';
import { PrometheusClient } from '../sources/prometheus';
import { FleetSources } from './fleetSources';

/**
 * The catalog, the clusters through the kubernetes plugin, each cluster's Prometheus
 * (as ekyc.clusters or the cluster's catalog entity names it),
 * and the stacks in the Pulumi backends of `ekyc.environments.pulumi` (each stack in
 * the one that holds it).
 */
export function realFleetSources(deps: {
  rootConfig: Config;
  config: RegionsConfig;
  catalog: CatalogService;
  auth: AuthService;
  discovery: DiscoveryService;
}): FleetSources {
  const { rootConfig, config, catalog, auth, discovery } = deps;
  const kubernetes = new KubernetesFleetReader({
    discovery,
    auth,
    timeoutMs: config.requestTimeoutMs,
  });
  const prometheus = new Map<string, PrometheusClient>();
  // Read at start-up: a bad key stops the start naming it.
  const pulumi = readEnvironmentsSettings(rootConfig)?.pulumi;
  const registeredPrometheus = readClustersSettings(rootConfig).flatMap(
    cluster =>
      cluster.prometheusUrl
        ? [[cluster.place.name, cluster.prometheusUrl] as const]
        : [],
  );
  // A reader per backend (stateBackends keep some stacks elsewhere).
  const outputsReaders = new Map<string, Promise<StackOutputsReader>>();
  const stackOutputsReader = (stack: string) => {
    if (!pulumi) {
      return Promise.reject(
        new Error(
          'ekyc.environments.pulumi is not configured, so stack outputs cannot be read: set its backendUrl and passphrase',
        ),
      );
    }
    // `stack` is `<project>/<environment id>`, from the entity's pulumi.com/stack.
    const backend = stateBackendOf(pulumi, stack.split('/').pop()!);
    let reader = outputsReaders.get(backend.backendUrl);
    if (!reader) {
      reader = findPulumiCommand(process.env).then(
        pulumiCommand => new StackOutputsReader({ ...backend, pulumiCommand }),
      );
      // A configuration error is reported on every read, not cached as a reader.
      reader.catch(() => outputsReaders.delete(backend.backendUrl));
      outputsReaders.set(backend.backendUrl, reader);
    }
    return reader;
  };
  return {
    environments: () => readCatalogEnvironments(catalog, auth),
    topologies: () => readCatalogTopologies(catalog, auth),
    networkLinks: () => readCatalogNetworkLinks(catalog, auth),
    clusterNames: () => kubernetes.clusterNames(),
    prometheusUrls: async () =>
      new Map([
        ...(await readCatalogClusterPrometheus(catalog, auth)),
        ...registeredPrometheus,
      ]),
    clusterFleet: cluster => kubernetes.fleet(cluster),
    fleetMetrics: (url, limit) => {
      let client = prometheus.get(url);
      if (!client) {
        client = new PrometheusClient(url, config.requestTimeoutMs);
        prometheus.set(url, client);
      }
      return readFleetMetrics(client, {
        window: config.rateWindow,
        now: Math.floor(Date.now() / 1000),
        limit,
      });
    },
    stackOutputs: async stack => (await stackOutputsReader(stack)).read(stack),
  };
}
