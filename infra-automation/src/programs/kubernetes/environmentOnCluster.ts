import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import {
  DatabaseStorage,
  EkycWorkloads,
  LocalDatabase,
  SiteNamespace,
} from '../../components/kubernetes';
import { EnvironmentSpec, objectLabels } from '@internal/ekyc-domain';
import { GpuPoolOnCluster } from './gpuPool';
import {
  dataLocations,
  namespaceOf,
  Placement,
  WorkloadImages,
  defaultImages,
} from './placement';

/** A database the environment uses but does not run on the cluster (Aurora). */
export interface ExternalDatabase {
  host: pulumi.Input<string>;
  port: number;
  endpoint: pulumi.Input<string>;
}

export interface EnvironmentOnClusterOptions {
  provider: k8s.Provider;
  images?: Partial<WorkloadImages>;
  /** The GPU pool the workers will run on, as found or as provisioned. */
  gpuPool: Omit<GpuPoolOnCluster, 'selector'>;
  /** A PostgreSQL of the environment's own on the cluster, or one outside it. */
  database: { storage: DatabaseStorage } | { external: ExternalDatabase };
  dependsOn?: pulumi.Input<pulumi.Resource>[];
}

/**
 * The environment's objects on one Kubernetes cluster (namespace with quotas and network
 * policies, the workloads, and an in-cluster database unless one is given): the stack
 * outputs every target reports, and the workloads for what a target adds around them.
 */
export function environmentOnCluster(
  spec: EnvironmentSpec,
  placement: Placement,
  options: EnvironmentOnClusterOptions,
) {
  const images = { ...defaultImages, ...options.images };
  const pool = spec.gpuPool;
  const workers = {
    min: Math.max(1, pool.minNodes * pool.gpusPerNode),
    max: pool.maxNodes * pool.gpusPerNode,
  };
  const child = { provider: options.provider, dependsOn: options.dependsOn };
  const name = namespaceOf(spec);
  const password = new pulumi.Config('ekyc').requireSecret('databasePassword');

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

  const database =
    'storage' in options.database
      ? new LocalDatabase(
          spec.id,
          {
            namespace: site.namespaceName,
            labels: {
              ...placement.labels,
              [objectLabels.databaseRole]: spec.database.role,
            },
            nodeLabels: placement.nodeLabels,
            nodeTolerations: placement.nodeTolerations,
            storageGi: spec.database.storageGi,
            storage: options.database.storage,
            holdsDataOf: dataLocations(spec)[0].holdsDataOf,
            password,
            image: images.database,
            volumeName: `${name}-postgres-data`,
            dependsOn: podsNeed,
          },
          child,
        )
      : externalDatabase(
          spec,
          site,
          options.database.external,
          password,
          child,
        );

  const workloads = new EkycWorkloads(
    spec.id,
    {
      namespace: site.namespaceName,
      labels: placement.labels,
      nodeLabels: placement.nodeLabels,
      nodeTolerations: placement.nodeTolerations,
      gpuProduct: pool.gpuProduct,
      servesCountries: spec.servesCountries,
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

  const outputs = {
    environmentId: spec.id,
    kind: spec.kind,
    namespace: site.namespaceName,
    apiEndpoint: pulumi.interpolate`${workloads.apiService.metadata.name}.${site.namespaceName}.svc.cluster.local:8080`,
    gpuPool: { ...options.gpuPool, workers },
    database: {
      endpoint: pulumi.output(database.endpoint),
      engine: spec.database.engine,
      role: spec.database.role,
      storageGi: spec.database.storageGi,
    },
    dataLocations: dataLocations(spec),
    servesCountries: spec.servesCountries,
  };
  return { outputs, workloads, namespace: site.namespaceName };
}

/** The Secret the workloads read the password of a database outside the cluster from. */
function externalDatabase(
  spec: EnvironmentSpec,
  site: SiteNamespace,
  external: ExternalDatabase,
  password: pulumi.Output<string>,
  opts: pulumi.CustomResourceOptions,
) {
  const secret = new k8s.core.v1.Secret(
    `${spec.id}-database-password`,
    {
      metadata: { namespace: site.namespaceName, name: 'database-password' },
      type: 'Opaque',
      stringData: { password },
    },
    { ...opts, parent: site },
  );
  return {
    host: external.host,
    port: external.port,
    endpoint: external.endpoint,
    passwordSecretName: secret.metadata.name,
  };
}
