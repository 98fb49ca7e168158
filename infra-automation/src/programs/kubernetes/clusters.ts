import {
  checkClusterOfSpec,
  ClusterPlace,
  EnvironmentSpec,
  InfraError,
  SpecValidationError,
} from '@internal/ekyc-domain';
import type { DatabaseStorage } from '../../components/kubernetes';

/** What the runner needs to apply an environment to one cluster. */
export interface ClusterAccess {
  place: ClusterPlace;
  /** The deployer's kubeconfig; undefined where the portal may only read the cluster. */
  kubeconfig?: string;
  storage: DatabaseStorage;
}

/**
 * The registered clusters: every cluster's place (from config and the catalog), for the
 * residency check of a spec's cluster, and the runner's access to those it applies to.
 */
export interface KubernetesClusters {
  places(): Promise<ClusterPlace[]>;
  access(name: string): ClusterAccess | undefined;
}

/** A registry of clusters the caller has access to, plus any it only knows of. */
export function clusterRegistry(
  accessible: ClusterAccess[],
  otherPlaces: () => Promise<ClusterPlace[]> = async () => [],
): KubernetesClusters {
  const byName = new Map(
    accessible.map(cluster => [cluster.place.name, cluster]),
  );
  return {
    places: async () => {
      const others = await otherPlaces();
      return [
        ...accessible.map(cluster => cluster.place),
        ...others.filter(place => !byName.has(place.name)),
      ];
    },
    access: name => byName.get(name),
  };
}

/**
 * Throws the spec's refusal when its cluster is not registered or is not where the
 * spec's data may live (a sovereign site's cluster abroad: residency).
 */
export function checkClusterPlacement(
  spec: EnvironmentSpec,
  places: readonly ClusterPlace[],
): void {
  if (!spec.cluster) {
    if (spec.kind === 'region' && spec.target === 'aws') return;
    throw new SpecValidationError('validation', [
      {
        field: 'cluster',
        message: 'is required: set it to the name of a registered cluster',
      },
    ]);
  }
  const problem = checkClusterOfSpec(spec, places);
  if (problem) {
    throw new SpecValidationError(problem.kind, [
      { field: 'cluster', message: problem.message, value: spec.cluster },
    ]);
  }
}

/**
 * Refuses, before any stack is touched, a spec whose cluster may not take it (see
 * checkClusterPlacement) or cannot be applied to from here; otherwise the runner's
 * access to it.
 */
export async function clusterOfSpec(
  spec: EnvironmentSpec,
  clusters: KubernetesClusters,
): Promise<ClusterAccess> {
  checkClusterPlacement(spec, await clusters.places());
  const access = clusters.access(spec.cluster!);
  if (!access?.kubeconfig) {
    throw new InfraError(
      'provider',
      `cluster ${spec.cluster} is registered, but the portal has no credentials to apply to it: set deployer.kubeconfigFile of ${spec.cluster} in ekyc.clusters (a cluster the catalog registers is read, never applied to)`,
    );
  }
  return access;
}

/**
 * What a program on the spec's cluster takes: `rest` with that cluster's credentials
 * and storage. The preflight (clusterOfSpec) has refused any other cluster by then.
 */
export function onClusterOfSpec<T extends object>(
  spec: EnvironmentSpec,
  clusters: KubernetesClusters,
  rest: T,
): T & Omit<ClusterAccess, 'place'> {
  const access = spec.cluster ? clusters.access(spec.cluster) : undefined;
  if (!access) {
    throw new InfraError(
      'validation',
      `cluster ${spec.cluster} is not registered: the preflight refuses it before a program runs`,
    );
  }
  return { ...rest, kubeconfig: access.kubeconfig, storage: access.storage };
}
