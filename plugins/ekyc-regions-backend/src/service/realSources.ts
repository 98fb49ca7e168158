import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  findPulumiCommand,
  StackOutputsReader,
} from '@internal/infra-automation/runner';
import { readEnvironmentsSettings } from '@internal/infra-automation/settings';
import { RegionsConfig } from '../config';
import { readCatalogEnvironments } from '../sources/catalogEnvironments';
import { readFleetMetrics } from '../sources/fleetMetrics';
import { KubernetesFleetReader } from '../sources/kubernetesFleet';
import { PrometheusClient } from '../sources/prometheus';
import { FleetSources } from './fleetSources';

/**
 * The catalog, the clusters through the kubernetes plugin, each cluster's Prometheus,
 * and the stacks in the Pulumi backend of `ekyc.environments.pulumi`.
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
  let outputsReader: Promise<StackOutputsReader> | undefined;
  const stackOutputsReader = async () => {
    if (!pulumi) {
      throw new Error(
        'ekyc.environments.pulumi is not configured, so stack outputs cannot be read: set its backendUrl and passphrase',
      );
    }
    return new StackOutputsReader({
      backendUrl: pulumi.backendUrl,
      passphrase: pulumi.passphrase,
      secretsProvider: pulumi.secretsProvider,
      pulumiCommand: await findPulumiCommand(process.env),
    });
  };
  return {
    environments: () => readCatalogEnvironments(catalog, auth),
    clusterNames: () => kubernetes.clusterNames(),
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
    stackOutputs: async stack => {
      outputsReader ??= stackOutputsReader();
      // A configuration error is reported on every read, not cached as a reader.
      outputsReader.catch(() => (outputsReader = undefined));
      return (await outputsReader).read(stack);
    },
  };
}
