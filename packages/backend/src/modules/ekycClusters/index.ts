import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  ClusterDetails,
  kubernetesClusterSupplierExtensionPoint,
} from '@backstage/plugin-kubernetes-node';
import {
  ClusterSettings,
  readClustersSettings,
} from '@internal/infra-automation/settings';

/** A cluster of ekyc.clusters as the kubernetes plugin reads it: its reader's credentials. */
export function clusterDetailsOf({
  place,
  reader,
}: ClusterSettings): ClusterDetails {
  return {
    name: place.name,
    title: place.title,
    url: reader.url,
    caData: reader.caData,
    caFile: reader.caFile,
    skipTLSVerify: reader.skipTLSVerify ?? false,
    skipMetricsLookup: reader.skipMetricsLookup ?? false,
    dashboardUrl: reader.dashboardUrl,
    dashboardApp: reader.dashboardApp,
    authMetadata: {
      'kubernetes.io/auth-provider': reader.authProvider,
      ...(reader.serviceAccountToken
        ? { serviceAccountToken: reader.serviceAccountToken }
        : {}),
    },
  };
}

/**
 * The kubernetes plugin's clusters: the portal's cluster registry (ekyc.clusters, one
 * declaration for the runner, the dashboard and the Kubernetes tab), then whatever its
 * own clusterLocatorMethods find (the catalog's kubernetes-cluster Resources, which
 * AWS regions register), a registered name taking precedence.
 */
export const kubernetesModuleEkycClusters = createBackendModule({
  pluginId: 'kubernetes',
  moduleId: 'ekyc-clusters',
  register(reg) {
    reg.registerInit({
      deps: {
        clusterSuppliers: kubernetesClusterSupplierExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ clusterSuppliers, config }) {
        // Read at start-up: a bad key stops the start naming it.
        const registered = readClustersSettings(config).map(clusterDetailsOf);
        const names = new Set(registered.map(cluster => cluster.name));
        clusterSuppliers.addClusterSupplier(async ({ getDefault }) => {
          const located = await getDefault();
          return {
            async getClusters(options) {
              const others = await located.getClusters(options);
              return [
                ...registered,
                ...others.filter(cluster => !names.has(cluster.name)),
              ];
            },
          };
        });
      },
    });
  },
});
