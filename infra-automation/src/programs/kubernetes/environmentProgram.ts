import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { DatabaseStorage } from '../../components/kubernetes';
import {
  EnvironmentSpec,
  InfraError,
  RegionSpec,
  SovereignSiteSpec,
} from '@internal/ekyc-domain';
import { EnvironmentTarget } from '../../target';
import { clusterOfSpec, KubernetesClusters, onClusterOfSpec } from './clusters';
import { environmentOnCluster } from './environmentOnCluster';
import { inspectGpuPool } from './gpuPool';
import {
  Placement,
  placementOf,
  regionPlacement,
  sitePlacement,
  WorkloadImages,
} from './placement';

/** One cluster's programs: how to reach it and what to run there. */
export interface ClusterOptions {
  /** Kubeconfig contents; without it, the provider's own default (KUBECONFIG, ~/.kube/config). */
  kubeconfig?: string;
  /** Volumes for the database; see DatabaseStorage. */
  storage: DatabaseStorage;
  images?: Partial<WorkloadImages>;
  /** Reads the environment's GPU nodes; the cluster's own nodes unless given. */
  gpuInventory?: typeof inspectGpuPool;
  /**
   * Take fields changed out of band back on up (see takeBackDriftedFields); on unless
   * false. Pulumi's mocks cannot run the transform (it needs the engine's callbacks).
   */
  takeBackDrift?: boolean;
}

/**
 * The program owns every field it sets: an up takes a field back from whoever changed it
 * out of band (kubectl edit, another controller) instead of failing on a server-side
 * apply conflict, so that drift found by a drift check is corrected by the next up.
 */
export function takeBackDriftedFields() {
  pulumi.runtime.registerResourceTransform(({ type, props, opts }) => {
    if (!type.startsWith('kubernetes:') || !props.metadata) return undefined;
    return {
      props: {
        ...props,
        metadata: {
          ...props.metadata,
          annotations: {
            ...props.metadata.annotations,
            'pulumi.com/patchForce': 'true',
          },
        },
      },
      opts,
    };
  });
}

function environmentProgram(
  spec: EnvironmentSpec,
  placement: Placement,
  options: ClusterOptions,
): pulumi.automation.PulumiFn {
  return async () => {
    const { selector, ...gpuPool } = await (
      options.gpuInventory ?? inspectGpuPool
    )(options.kubeconfig, placement.nodeLabels, spec.gpuPool.gpuProduct);
    if (options.takeBackDrift !== false) takeBackDriftedFields();
    const provider = new k8s.Provider('cluster', {
      kubeconfig: options.kubeconfig && pulumi.secret(options.kubeconfig),
    });
    return environmentOnCluster(spec, placement, {
      provider,
      images: options.images,
      gpuPool,
      database: { storage: options.storage },
    }).outputs;
  };
}

/** A sovereign site on its in-country cluster: everything pinned to the site's nodes. */
export function sovereignSiteProgram(
  spec: SovereignSiteSpec,
  options: ClusterOptions,
): pulumi.automation.PulumiFn {
  return environmentProgram(spec, sitePlacement(spec), options);
}

/** A region environment on a cluster spanning the region's zones. */
export function regionProgram(
  spec: RegionSpec,
  options: ClusterOptions,
): pulumi.automation.PulumiFn {
  return environmentProgram(spec, regionPlacement(spec), options);
}

/** `target: kubernetes`: each environment on the registered cluster its spec names. */
export interface KubernetesTargetOptions
  extends Omit<ClusterOptions, 'kubeconfig' | 'storage'> {
  clusters: KubernetesClusters;
}

/** The options of the cluster a spec names, once the preflight has allowed it. */
function optionsOnCluster(
  spec: EnvironmentSpec,
  { clusters, ...rest }: KubernetesTargetOptions,
): ClusterOptions {
  return onClusterOfSpec(spec, clusters, rest);
}

/**
 * The runner's program and preflight for `target: kubernetes`. The preflight refuses,
 * before any stack is touched, a cluster the spec may not run on (unregistered, in
 * another region, a site's cluster abroad) and a GPU pool the cluster does not have
 * (its workers could never schedule; the update would only time out).
 */
export function kubernetesTarget(
  options: KubernetesTargetOptions,
): EnvironmentTarget {
  return {
    programFor: spec =>
      spec.kind === 'region'
        ? regionProgram(spec, optionsOnCluster(spec, options))
        : sovereignSiteProgram(spec, optionsOnCluster(spec, options)),
    preflight: async spec => {
      await clusterOfSpec(spec, options.clusters);
      await checkGpuPool(spec, optionsOnCluster(spec, options));
    },
  };
}

/** Refuses a GPU pool the cluster does not have: its workers could never schedule. */
export async function checkGpuPool(
  spec: EnvironmentSpec,
  options: ClusterOptions,
): Promise<void> {
  const pool = await (options.gpuInventory ?? inspectGpuPool)(
    options.kubeconfig,
    placementOf(spec).nodeLabels,
    spec.gpuPool.gpuProduct,
  );
  if (!pool.nodes) {
    throw new InfraError(
      'provider',
      `cluster ${spec.cluster} has no nodes labelled ${pool.selector}: label the environment's GPU nodes so, or set gpuPool.gpuProduct to the product its nodes have`,
    );
  }
}
