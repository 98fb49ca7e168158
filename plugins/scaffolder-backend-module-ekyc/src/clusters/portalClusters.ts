import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ClusterPlace,
  clusterEntityType,
  clusterPlaceOfEntity,
} from '@internal/ekyc-domain';
import {
  clusterRegistry,
  KubernetesClusters,
} from '@internal/infra-automation/programs';
import { ClusterSettings } from '@internal/infra-automation/settings';

/** Every cluster Resource in the catalog (an AWS region's EKS cluster registers so). */
export async function catalogClusterPlaces(
  catalog: CatalogService,
  auth: AuthService,
  logger: LoggerService,
): Promise<ClusterPlace[]> {
  const { items } = await catalog.getEntities(
    {
      filter: { kind: 'Resource', 'spec.type': clusterEntityType },
      fields: ['metadata.name', 'metadata.title', 'metadata.annotations'],
    },
    { credentials: await auth.getOwnServiceCredentials() },
  );
  return items.flatMap(entity => {
    const read = clusterPlaceOfEntity(entity);
    if ('error' in read) {
      logger.warn(`ignoring a cluster the catalog lists: ${read.error}`);
      return [];
    }
    return [read.place];
  });
}

/**
 * The portal's clusters: those of `ekyc.clusters` (the runner applies to them with
 * their deployer credentials) and those the catalog registers (read only).
 */
export function portalClusters(
  settings: ClusterSettings[],
  catalogPlaces: () => Promise<ClusterPlace[]>,
): KubernetesClusters {
  return clusterRegistry(
    settings.map(cluster => ({
      place: cluster.place,
      kubeconfig: cluster.deployerKubeconfig,
      storage: cluster.databaseStorage,
    })),
    catalogPlaces,
  );
}
