import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { requiredNodeAffinity, spreadOverZonesAndNodes } from './placement';
import {
  formatCountryList,
  gpuResource,
  imageProcessingInflightGauge,
  nodeLabels,
  objectLabels,
  podAnnotations,
} from '@internal/ekyc-domain';

export interface EkycWorkloadsArgs {
  namespace: pulumi.Input<string>;
  /** Labels put on every object and pod (environment, country, residency, Backstage id). */
  labels: Record<string, string>;
  /** Labels that select the environment's nodes, e.g. `ekyc.io/site: bd-dhaka-1`. */
  nodeLabels: Record<string, string>;
  /** What the environment's own nodes are tainted with (a sovereign site's taint). */
  nodeTolerations?: k8s.types.input.core.v1.Toleration[];
  /** The `nvidia.com/gpu.product` the image-processing workers must run on. */
  gpuProduct: string;
  /** Countries whose citizens' checks the workloads process; on every pod for the fleet's metrics. */
  servesCountries: string[];
  /** Image-processing workers, one GPU each; the HPA moves between min and max. */
  gpuWorkers: { min: number; max: number };
  /** NID validation API replicas; the HPA moves between min and max on CPU. */
  apiReplicas: { min: number; max: number };
  images: { api: string; worker: string };
  /** Where the workloads find their database, and the Secret holding its password. */
  database: {
    host: pulumi.Input<string>;
    port: number;
    passwordSecret: pulumi.Input<string>;
  };
  /** Objects the pods need first (quota and limit defaults of the namespace). */
  dependsOn?: pulumi.Input<pulumi.Resource>[];
}

interface AppShape {
  name: string;
  component: string;
  image: string;
  port: { name: string; number: number };
  replicas: number;
  resources: k8s.types.input.core.v1.ResourceRequirements;
  nodeAffinityLabels: Record<string, string>;
  tolerations?: k8s.types.input.core.v1.Toleration[];
}

/**
 * The eKYC workloads of one environment: the NID validation API on general-purpose nodes
 * and the image-processing workers on the environment's GPU nodes (one GPU each,
 * tolerating the GPU taint, pinned to the site's GPU product), each with a Service, an
 * HPA and a PodDisruptionBudget; both tolerate the taint of the environment's own nodes.
 */
export class EkycWorkloads extends pulumi.ComponentResource {
  readonly apiDeployment: k8s.apps.v1.Deployment;
  readonly workerDeployment: k8s.apps.v1.Deployment;
  readonly apiService: k8s.core.v1.Service;
  readonly disruptionBudgets: k8s.policy.v1.PodDisruptionBudget[] = [];
  readonly autoscalers: k8s.autoscaling.v2.HorizontalPodAutoscaler[] = [];

  constructor(
    name: string,
    args: EkycWorkloadsArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super('ekyc:kubernetes:EkycWorkloads', name, {}, opts);
    const env = [
      { name: 'DATABASE_HOST', value: args.database.host },
      { name: 'DATABASE_PORT', value: String(args.database.port) },
      {
        name: 'DATABASE_PASSWORD',
        valueFrom: {
          secretKeyRef: { name: args.database.passwordSecret, key: 'password' },
        },
      },
    ];

    const api = this.app(name, args, env, {
      name: 'nid-api',
      component: 'nid-validation-api',
      image: args.images.api,
      port: { name: 'http', number: 8080 },
      replicas: args.apiReplicas.min,
      resources: {
        requests: { cpu: '500m', memory: '512Mi' },
        limits: { cpu: '2', memory: '1Gi' },
      },
      nodeAffinityLabels: args.nodeLabels,
      tolerations: args.nodeTolerations,
    });
    this.apiDeployment = api.deployment;
    this.apiService = api.service;
    this.autoscale(name, args, 'nid-api', args.apiReplicas, [
      {
        type: 'Resource',
        resource: {
          name: 'cpu',
          target: { type: 'Utilization', averageUtilization: 70 },
        },
      },
    ]);

    const worker = this.app(name, args, env, {
      name: 'image-worker',
      component: 'image-processing-worker',
      image: args.images.worker,
      port: { name: 'grpc', number: 50051 },
      replicas: args.gpuWorkers.min,
      resources: {
        requests: { cpu: '2', memory: '8Gi', [gpuResource]: '1' },
        limits: { cpu: '4', memory: '16Gi', [gpuResource]: '1' },
      },
      nodeAffinityLabels: {
        ...args.nodeLabels,
        [nodeLabels.gpuProduct]: args.gpuProduct,
      },
      tolerations: [
        { key: gpuResource, operator: 'Exists', effect: 'NoSchedule' },
        ...(args.nodeTolerations ?? []),
      ],
    });
    this.workerDeployment = worker.deployment;
    // GPU work queues up rather than burning CPU: scale on in-flight images per worker
    // (served by the Prometheus adapter in production).
    this.autoscale(name, args, 'image-worker', args.gpuWorkers, [
      {
        type: 'Pods',
        pods: {
          metric: { name: imageProcessingInflightGauge },
          target: { type: 'AverageValue', averageValue: '4' },
        },
      },
    ]);

    this.registerOutputs({});
  }

  private app(
    name: string,
    args: EkycWorkloadsArgs,
    env: k8s.types.input.core.v1.EnvVar[],
    shape: AppShape,
  ) {
    const child = { parent: this };
    const selector = {
      'app.kubernetes.io/name': shape.name,
      'app.kubernetes.io/instance':
        args.labels[objectLabels.environment] ?? name,
    };
    const labels = {
      ...args.labels,
      ...selector,
      'app.kubernetes.io/component': shape.component,
      'app.kubernetes.io/part-of': 'ekyc',
    };
    const metadata = { namespace: args.namespace, name: shape.name, labels };

    const deployment = new k8s.apps.v1.Deployment(
      `${name}-${shape.name}`,
      {
        metadata,
        spec: {
          replicas: shape.replicas,
          selector: { matchLabels: selector },
          strategy: {
            type: 'RollingUpdate',
            rollingUpdate: { maxSurge: 1, maxUnavailable: 0 },
          },
          template: {
            metadata: {
              labels,
              annotations: {
                'prometheus.io/scrape': 'true',
                'prometheus.io/port': String(shape.port.number),
                [podAnnotations.servesCountries]: formatCountryList(
                  args.servesCountries,
                ),
              },
            },
            spec: {
              affinity: {
                nodeAffinity: requiredNodeAffinity(shape.nodeAffinityLabels),
              },
              topologySpreadConstraints: spreadOverZonesAndNodes(selector),
              tolerations: shape.tolerations,
              securityContext: {
                runAsNonRoot: true,
                runAsUser: 10001,
                seccompProfile: { type: 'RuntimeDefault' },
              },
              containers: [
                {
                  name: shape.name,
                  image: shape.image,
                  ports: [
                    { name: shape.port.name, containerPort: shape.port.number },
                  ],
                  env,
                  resources: shape.resources,
                  readinessProbe: {
                    tcpSocket: { port: shape.port.name },
                    periodSeconds: 5,
                  },
                  securityContext: {
                    allowPrivilegeEscalation: false,
                    readOnlyRootFilesystem: true,
                    capabilities: { drop: ['ALL'] },
                  },
                },
              ],
            },
          },
        },
      },
      // The HPA owns the replica count once the Deployment exists.
      {
        ...child,
        dependsOn: args.dependsOn,
        ignoreChanges: ['spec.replicas'],
      },
    );
    const service = new k8s.core.v1.Service(
      `${name}-${shape.name}`,
      {
        metadata,
        spec: {
          selector,
          ports: [
            {
              name: shape.port.name,
              port: shape.port.number,
              targetPort: shape.port.name,
            },
          ],
        },
      },
      child,
    );
    const budget = new k8s.policy.v1.PodDisruptionBudget(
      `${name}-${shape.name}`,
      {
        metadata,
        spec: { maxUnavailable: 1, selector: { matchLabels: selector } },
      },
      child,
    );
    this.disruptionBudgets.push(budget);
    return { deployment, service };
  }

  private autoscale(
    name: string,
    args: EkycWorkloadsArgs,
    target: string,
    replicas: { min: number; max: number },
    metrics: k8s.types.input.autoscaling.v2.MetricSpec[],
  ) {
    const autoscaler = new k8s.autoscaling.v2.HorizontalPodAutoscaler(
      `${name}-${target}`,
      {
        metadata: {
          namespace: args.namespace,
          name: target,
          labels: args.labels,
        },
        spec: {
          scaleTargetRef: {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name: target,
          },
          minReplicas: replicas.min,
          maxReplicas: replicas.max,
          metrics,
        },
      },
      { parent: this },
    );
    this.autoscalers.push(autoscaler);
  }
}
