import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { gpuResource } from '@internal/ekyc-domain';
import { z } from 'zod';
import { fetchJson } from './fetchJson';

/** What the dashboard needs of a node: where it is, and its GPUs. */
export interface FleetNode {
  name: string;
  labels: Record<string, string>;
  /** Ready and schedulable: its GPUs can take new pods. */
  schedulable: boolean;
  gpuCapacity: number;
  gpuAllocatable: number;
}

/** What the dashboard needs of a pod that is not finished. */
export interface FleetPod {
  namespace: string;
  name: string;
  nodeName?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** `nvidia.com/gpu` the pod holds on its node: the larger of its containers' sum and any init container. */
  gpuRequest: number;
}

export interface ClusterFleet {
  cluster: string;
  nodes: FleetNode[];
  pods: FleetPod[];
}

const quantity = z.record(z.string(), z.string()).optional();

/** A page of a Kubernetes list: its items, and where the next page starts. */
const kubernetesList = <T extends z.ZodType>(item: T) =>
  z.object({
    metadata: z.object({ continue: z.string().optional() }).optional(),
    items: z.array(item),
  });

const nodeList = kubernetesList(
  z.object({
    metadata: z.object({
      name: z.string(),
      labels: z.record(z.string(), z.string()).optional(),
    }),
    spec: z.object({ unschedulable: z.boolean().optional() }).optional(),
    status: z
      .object({
        capacity: quantity,
        allocatable: quantity,
        conditions: z
          .array(z.object({ type: z.string(), status: z.string() }))
          .optional(),
      })
      .optional(),
  }),
);

const containers = z
  .array(
    z.object({
      resources: z.object({ requests: quantity, limits: quantity }).optional(),
    }),
  )
  .optional();

const podList = kubernetesList(
  z.object({
    metadata: z.object({
      name: z.string(),
      namespace: z.string(),
      labels: z.record(z.string(), z.string()).optional(),
      annotations: z.record(z.string(), z.string()).optional(),
    }),
    spec: z.object({
      nodeName: z.string().optional(),
      containers,
      initContainers: containers,
    }),
  }),
);

type Containers = z.infer<typeof containers>;

/** Extended resources cannot be overcommitted: a request defaults to the limit. */
function gpusOf(list: Containers): number[] {
  return (list ?? []).map(container => {
    const resources = container.resources;
    return Number(
      resources?.requests?.[gpuResource] ??
        resources?.limits?.[gpuResource] ??
        0,
    );
  });
}

function toNode(item: z.infer<typeof nodeList>['items'][number]): FleetNode {
  const ready = item.status?.conditions?.some(
    condition => condition.type === 'Ready' && condition.status === 'True',
  );
  return {
    name: item.metadata.name,
    labels: item.metadata.labels ?? {},
    schedulable: Boolean(ready) && !item.spec?.unschedulable,
    gpuCapacity: Number(item.status?.capacity?.[gpuResource] ?? 0),
    gpuAllocatable: Number(item.status?.allocatable?.[gpuResource] ?? 0),
  };
}

function toPod(item: z.infer<typeof podList>['items'][number]): FleetPod {
  const regular = gpusOf(item.spec.containers).reduce((a, b) => a + b, 0);
  const init = Math.max(0, ...gpusOf(item.spec.initContainers));
  return {
    namespace: item.metadata.namespace,
    name: item.metadata.name,
    nodeName: item.spec.nodeName,
    labels: item.metadata.labels ?? {},
    annotations: item.metadata.annotations ?? {},
    gpuRequest: Math.max(regular, init),
  };
}

/**
 * Reads clusters through the kubernetes plugin's proxy, so that its cluster list and
 * its auth strategies (service account, AWS, Google, OIDC) apply unchanged.
 */
export class KubernetesFleetReader {
  constructor(
    private readonly deps: {
      discovery: DiscoveryService;
      auth: AuthService;
      timeoutMs: number;
    },
  ) {}

  /** The clusters the kubernetes plugin is configured with. */
  async clusterNames(): Promise<string[]> {
    const body = await this.get('/clusters', {});
    return z
      .object({ items: z.array(z.object({ name: z.string() })) })
      .parse(body)
      .items.map(cluster => cluster.name);
  }

  async fleet(cluster: string): Promise<ClusterFleet> {
    const [nodes, pods] = await Promise.all([
      this.list(cluster, '/api/v1/nodes', nodeList),
      this.list(
        cluster,
        `/api/v1/pods?fieldSelector=${encodeURIComponent(
          'status.phase!=Succeeded,status.phase!=Failed',
        )}`,
        podList,
      ),
    ]);
    return { cluster, nodes: nodes.map(toNode), pods: pods.map(toPod) };
  }

  /** Every page of a list (500 items each), so that a large cluster is read whole. */
  private async list<
    T extends z.ZodType<{ items: unknown[]; metadata?: { continue?: string } }>,
  >(cluster: string, path: string, schema: T): Promise<z.infer<T>['items']> {
    const items: z.infer<T>['items'] = [];
    let next: string | undefined;
    do {
      const separator = path.includes('?') ? '&' : '?';
      const page = schema.parse(
        await this.get(
          `/proxy${path}${separator}limit=500${
            next ? `&continue=${encodeURIComponent(next)}` : ''
          }`,
          { 'Backstage-Kubernetes-Cluster': cluster },
        ),
      ) as z.infer<T>;
      items.push(...page.items);
      next = page.metadata?.continue || undefined;
    } while (next);
    return items;
  }

  private async get(path: string, headers: Record<string, string>) {
    const { discovery, auth, timeoutMs } = this.deps;
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: 'kubernetes',
    });
    const baseUrl = await discovery.getBaseUrl('kubernetes');
    return fetchJson(`${baseUrl}${path}`, {
      headers: { ...headers, Authorization: `Bearer ${token}` },
      timeoutMs,
    });
  }
}
