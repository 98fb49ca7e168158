import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import {
  cloudRegionCountry,
  countryOfLocation,
} from '@internal/plugin-ekyc-regions-common';
import {
  DatabaseStorage,
  EkycWorkloads,
  LocalDatabase,
  SiteNamespace,
} from '../../components/kubernetes';
import {
  dataStoresOf,
  EnvironmentSpec,
  RegionSpec,
  SovereignSiteSpec,
} from '../../spec';
import { EnvironmentRunnerOptions } from '../../runner/environmentRunner';
import { InfraError } from '../../runner/errors';
import { inspectGpuPool } from './gpuPool';

export interface KubernetesTargetOptions {
  /** Kubeconfig contents; without it, the provider's own default (KUBECONFIG, ~/.kube/config). */
  kubeconfig?: string;
  /** Volumes for the database; see DatabaseStorage. */
  storage: DatabaseStorage;
  images?: Partial<WorkloadImages>;
}

export interface WorkloadImages {
  api: string;
  worker: string;
  database: string;
}

export const defaultImages: WorkloadImages = {
  api: 'ekyc/nid-validation-api:1.8.0',
  worker: 'ekyc/image-processing-worker:1.8.0',
  database: 'postgres:17.6',
};

/** Where an environment runs on a cluster and what its objects say about it. */
interface Placement {
  /** Labels of the nodes the environment owns. */
  nodeLabels: Record<string, string>;
  /** Labels on every object the environment creates. */
  labels: Record<string, string>;
  apiReplicas: { min: number; max: number };
  egressAllowCidrs: string[];
}

/** Namespace of an environment on its cluster. */
export function namespaceOf(spec: EnvironmentSpec): string {
  return `ekyc-${spec.id}`;
}

function commonLabels(spec: EnvironmentSpec): Record<string, string> {
  return {
    'ekyc.io/environment': spec.id,
    'ekyc.io/environment-kind': spec.kind,
    'ekyc.io/owner': spec.owner.replace(/^group:(?:[^/]+\/)?/, ''),
    'ekyc.io/cost-center': spec.costCenter,
    'backstage.io/kubernetes-id': spec.id,
  };
}

function sitePlacement(spec: SovereignSiteSpec): Placement {
  return {
    nodeLabels: { 'ekyc.io/site': spec.site },
    labels: {
      ...commonLabels(spec),
      'ekyc.io/site': spec.site,
      'ekyc.io/country': spec.country,
      'ekyc.io/data-residency': 'in-country',
    },
    apiReplicas: { min: 2, max: 6 },
    // Pods may reach the on-prem networks the site is joined to, and nothing else outside.
    egressAllowCidrs: spec.connectivity.onPremCidrs,
  };
}

function regionPlacement(spec: RegionSpec): Placement {
  const country = cloudRegionCountry[spec.region];
  return {
    nodeLabels: { 'topology.kubernetes.io/region': spec.region },
    labels: {
      ...commonLabels(spec),
      'ekyc.io/region': spec.region,
      ...(country ? { 'ekyc.io/country': country } : {}),
      'ekyc.io/data-residency': 'cloud-region',
      'ekyc.io/region-role': spec.role,
    },
    apiReplicas: { min: 3, max: 20 },
    egressAllowCidrs: [],
  };
}

/** Every store of personal data, where it is and whose data it holds. */
function dataLocations(spec: EnvironmentSpec) {
  return dataStoresOf(spec).map(store => ({
    store: store.store,
    location: store.location,
    country: countryOfLocation(store.location) ?? 'unknown',
    holdsDataOf: store.countries,
  }));
}

function placementOf(spec: EnvironmentSpec): Placement {
  return spec.kind === 'region' ? regionPlacement(spec) : sitePlacement(spec);
}

/**
 * The program owns every field it sets: an up takes a field back from whoever changed it
 * out of band (kubectl edit, another controller) instead of failing on a server-side
 * apply conflict, so that drift found by a drift check is corrected by the next up.
 */
function takeBackDriftedFields() {
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
  options: KubernetesTargetOptions,
): pulumi.automation.PulumiFn {
  return async () => {
    const images = { ...defaultImages, ...options.images };
    const pool = spec.gpuPool;
    const workers = {
      min: Math.max(1, pool.minNodes * pool.gpusPerNode),
      max: pool.maxNodes * pool.gpusPerNode,
    };
    const { selector, ...gpuPool } = await inspectGpuPool(
      options.kubeconfig,
      placement.nodeLabels,
      pool.gpuProduct,
    );

    takeBackDriftedFields();
    const provider = new k8s.Provider('cluster', {
      kubeconfig: options.kubeconfig && pulumi.secret(options.kubeconfig),
    });
    const child = { provider };
    const name = namespaceOf(spec);

    const site = new SiteNamespace(
      spec.id,
      {
        name,
        labels: placement.labels,
        gpuQuota: workers.max,
        // Requests of every replica at its maximum, the database, and room for jobs.
        cpuQuota: String(
          Math.ceil(0.5 * placement.apiReplicas.max + 2 * workers.max + 1 + 2),
        ),
        memoryQuota: `${Math.ceil(
          0.5 * placement.apiReplicas.max + 8 * workers.max + 2 + 4,
        )}Gi`,
        egressAllowCidrs: placement.egressAllowCidrs,
      },
      child,
    );
    const podsNeed = [site.quota, site.limitRange];

    const database = new LocalDatabase(
      spec.id,
      {
        namespace: site.namespaceName,
        labels: {
          ...placement.labels,
          'ekyc.io/database-role': spec.database.role,
        },
        nodeLabels: placement.nodeLabels,
        storageGi: spec.database.storageGi,
        storage: options.storage,
        password: new pulumi.Config('ekyc').requireSecret('databasePassword'),
        image: images.database,
        volumeName: `${name}-postgres-data`,
        dependsOn: podsNeed,
      },
      child,
    );

    const workloads = new EkycWorkloads(
      spec.id,
      {
        namespace: site.namespaceName,
        labels: placement.labels,
        nodeLabels: placement.nodeLabels,
        gpuProduct: pool.gpuProduct,
        gpuWorkers: workers,
        apiReplicas: placement.apiReplicas,
        images,
        database: {
          host: database.host,
          port: database.port,
          passwordSecret: database.passwordSecretName,
        },
        dependsOn: podsNeed,
      },
      child,
    );

    return {
      environmentId: spec.id,
      kind: spec.kind,
      namespace: site.namespaceName,
      apiEndpoint: pulumi.interpolate`${workloads.apiService.metadata.name}.${site.namespaceName}.svc.cluster.local:8080`,
      gpuPool: { ...gpuPool, workers },
      database: {
        endpoint: database.endpoint,
        engine: spec.database.engine,
        role: spec.database.role,
        storageGi: spec.database.storageGi,
      },
      dataLocations: dataLocations(spec),
      servedCountries: spec.servesCountries,
    };
  };
}

/** A sovereign site on its in-country cluster: everything pinned to the site's nodes. */
export function sovereignSiteProgram(
  spec: SovereignSiteSpec,
  options: KubernetesTargetOptions,
): pulumi.automation.PulumiFn {
  return environmentProgram(spec, sitePlacement(spec), options);
}

/** A region environment on a cluster spanning the region's zones. */
export function regionProgram(
  spec: RegionSpec,
  options: KubernetesTargetOptions,
): pulumi.automation.PulumiFn {
  return environmentProgram(spec, regionPlacement(spec), options);
}

/**
 * The runner's program and preflight for `target: kubernetes`. The preflight refuses,
 * before any stack is touched, a spec of another target and a GPU pool the cluster does
 * not have (its workers could never schedule; the update would only time out).
 */
export function kubernetesTarget(
  options: KubernetesTargetOptions,
): Pick<EnvironmentRunnerOptions, 'programFor' | 'preflight'> {
  return {
    programFor: spec =>
      spec.kind === 'region'
        ? regionProgram(spec, options)
        : sovereignSiteProgram(spec, options),
    preflight: async spec => {
      if (spec.target !== 'kubernetes') {
        throw new InfraError(
          'validation',
          `environment ${spec.id} has target "${spec.target}", but this runner applies target "kubernetes" only: set target: kubernetes, or run it where the ${spec.target} programs are configured`,
        );
      }
      const pool = await inspectGpuPool(
        options.kubeconfig,
        placementOf(spec).nodeLabels,
        spec.gpuPool.gpuProduct,
      );
      if (!pool.nodes) {
        throw new InfraError(
          'provider',
          `the cluster has no nodes labelled ${pool.selector}: label the environment's GPU nodes so, or set gpuPool.gpuProduct to the product its nodes have`,
        );
      }
    },
  };
}
