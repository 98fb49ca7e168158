import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { dataStoreAnnotations } from './dataStoreAnnotations';
import { nodesLabelled, requiredNodeAffinity } from './placement';

/**
 * Where the database's volume comes from: a storage class with a provisioner (cloud
 * clusters, on-prem CSI), or a local volume this component creates on the site's nodes,
 * for clusters without one (the sandbox, bare on-prem sites).
 */
export type DatabaseStorage =
  | { storageClassName: string }
  | { localVolume: { directory: string } };

export interface LocalDatabaseArgs {
  namespace: pulumi.Input<string>;
  /** Labels put on every object, including the residency labels (ekyc.io/country, …). */
  labels: Record<string, string>;
  /** Labels that select the nodes the database (and a local volume) may live on. */
  nodeLabels: Record<string, string>;
  /** What those nodes are tainted with (a sovereign site's taint). */
  nodeTolerations?: k8s.types.input.core.v1.Toleration[];
  storageGi: number;
  storage: DatabaseStorage;
  /** Countries whose citizens' data the database holds, for the residency policy. */
  holdsDataOf: string[];
  /** The superuser password; kept in a Secret, never in the StatefulSet. */
  password: pulumi.Input<string>;
  image: string;
  /** Unique in the cluster: names the local PersistentVolume (cluster-scoped). */
  volumeName: string;
  dependsOn?: pulumi.Input<pulumi.Resource>[];
}

const name = 'postgres';
const port = 5432;

/**
 * PostgreSQL for one environment as a StatefulSet with a persistent volume, kept on the
 * environment's own nodes so that personal data never leaves them.
 */
export class LocalDatabase extends pulumi.ComponentResource {
  /** `host:port` inside the cluster. */
  readonly endpoint: pulumi.Output<string>;
  readonly host: pulumi.Output<string>;
  readonly port = port;
  /** The Secret with key `password`. */
  readonly passwordSecretName: pulumi.Output<string>;
  readonly statefulSet: k8s.apps.v1.StatefulSet;

  constructor(
    resourceName: string,
    args: LocalDatabaseArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super('ekyc:kubernetes:LocalDatabase', resourceName, {}, opts);
    const child = { parent: this };
    const selector = {
      'app.kubernetes.io/name': name,
      'app.kubernetes.io/instance': args.volumeName,
    };
    const labels = {
      ...args.labels,
      ...selector,
      'app.kubernetes.io/component': 'database',
      'app.kubernetes.io/part-of': 'ekyc',
    };
    const metadata = { namespace: args.namespace, name, labels };

    const secret = new k8s.core.v1.Secret(
      `${resourceName}-password`,
      {
        metadata: { ...metadata, name: `${name}-password` },
        type: 'Opaque',
        stringData: { password: args.password },
      },
      child,
    );
    const service = new k8s.core.v1.Service(
      resourceName,
      {
        metadata,
        spec: {
          clusterIP: 'None',
          selector,
          ports: [{ name: 'postgres', port, targetPort: 'postgres' }],
        },
      },
      child,
    );

    // A local volume gets a class of its own, so that only this database's claim can
    // bind it (never another environment's). The volume does not refer to the namespace,
    // so a destroy deletes both at once: the namespace takes the claim, which frees it.
    const declared = dataStoreAnnotations('database', args.holdsDataOf);
    const storageClassName =
      'storageClassName' in args.storage
        ? args.storage.storageClassName
        : args.volumeName;
    const volumes: pulumi.Resource[] = [];
    if ('localVolume' in args.storage) {
      volumes.push(
        new k8s.core.v1.PersistentVolume(
          `${resourceName}-volume`,
          {
            metadata: { name: args.volumeName, labels, annotations: declared },
            spec: {
              capacity: { storage: `${args.storageGi}Gi` },
              accessModes: ['ReadWriteOnce'],
              persistentVolumeReclaimPolicy: 'Retain',
              storageClassName,
              local: {
                path: `${args.storage.localVolume.directory}/${args.volumeName}`,
              },
              nodeAffinity: { required: nodesLabelled(args.nodeLabels) },
            },
          },
          child,
        ),
      );
    }

    this.statefulSet = new k8s.apps.v1.StatefulSet(
      resourceName,
      {
        metadata: { ...metadata, annotations: declared },
        spec: {
          serviceName: service.metadata.name,
          replicas: 1,
          selector: { matchLabels: selector },
          template: {
            metadata: { labels, annotations: declared },
            spec: {
              affinity: {
                nodeAffinity: requiredNodeAffinity(args.nodeLabels),
              },
              tolerations: args.nodeTolerations,
              securityContext: { fsGroup: 999, runAsUser: 999 },
              containers: [
                {
                  name,
                  image: args.image,
                  ports: [{ name: 'postgres', containerPort: port }],
                  env: [
                    {
                      name: 'POSTGRES_PASSWORD',
                      valueFrom: {
                        secretKeyRef: {
                          name: secret.metadata.name,
                          key: 'password',
                        },
                      },
                    },
                    {
                      name: 'PGDATA',
                      value: '/var/lib/postgresql/data/pgdata',
                    },
                  ],
                  resources: {
                    requests: { cpu: '1', memory: '2Gi' },
                    limits: { cpu: '4', memory: '8Gi' },
                  },
                  readinessProbe: {
                    exec: { command: ['pg_isready', '-U', 'postgres'] },
                    periodSeconds: 5,
                  },
                  volumeMounts: [
                    { name: 'data', mountPath: '/var/lib/postgresql/data' },
                  ],
                },
              ],
            },
          },
          // The API server refuses any change to claim templates, so they carry only
          // labels that never change (owner or cost centre may).
          volumeClaimTemplates: [
            {
              metadata: { name: 'data', labels: selector },
              spec: {
                accessModes: ['ReadWriteOnce'],
                storageClassName,
                resources: { requests: { storage: `${args.storageGi}Gi` } },
              },
            },
          ],
        },
      },
      { ...child, dependsOn: [...(args.dependsOn ?? []), ...volumes] },
    );

    this.host = pulumi.interpolate`${service.metadata.name}.${service.metadata.namespace}.svc.cluster.local`;
    this.endpoint = pulumi.interpolate`${this.host}:${port}`;
    this.passwordSecretName = secret.metadata.name;
    this.registerOutputs({ endpoint: this.endpoint });
  }
}
