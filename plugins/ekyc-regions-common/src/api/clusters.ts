import type { ClusterPlace } from '@internal/ekyc-domain';

/**
 * GET /api/scaffolder/ekyc-clusters, for any signed-in user: every registered cluster's
 * place (config and catalog), never an address or a credential. The templates' cluster
 * field offers those an environment may run on.
 */
export const clustersRoute = '/ekyc-clusters';

export interface ClustersResponse {
  clusters: ClusterPlace[];
}
