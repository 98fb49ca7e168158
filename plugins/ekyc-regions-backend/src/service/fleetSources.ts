import {
  CatalogEnvironment,
  CatalogNetworkLink,
  CatalogTopology,
} from '../sources/catalogEnvironments';
import { FleetMetrics } from '../sources/fleetMetrics';
import { ClusterFleet } from '../sources/kubernetesFleet';

/** Where the dashboard's figures come from; the plugin wires the real ones. */
export interface FleetSources {
  environments(): Promise<CatalogEnvironment[]>;
  /** Every topology Resource of the catalog. */
  topologies(): Promise<CatalogTopology[]>;
  /** Every network-link Resource of the catalog. */
  networkLinks(): Promise<CatalogNetworkLink[]>;
  clusterNames(): Promise<string[]>;
  /** Each registered cluster's Prometheus, by cluster name (ekyc.clusters, the catalog). */
  prometheusUrls(): Promise<Map<string, string>>;
  clusterFleet(cluster: string): Promise<ClusterFleet>;
  /** `limit` bounds this Prometheus' queries together with every other request. */
  fleetMetrics(
    prometheusUrl: string,
    limit: <T>(task: () => Promise<T>) => Promise<T>,
  ): Promise<FleetMetrics>;
  /** The outputs of `<project>/<stack>`; throws when it cannot be read. */
  stackOutputs(stack: string): Promise<Record<string, unknown>>;
}
