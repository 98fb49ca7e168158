import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { gpuResource, nodeLabels } from '@internal/ekyc-domain';

/** What the cluster has for an environment's GPU pool, read at preview and at up. */
export interface GpuPoolOnCluster {
  /** The label selector the nodes were found by. */
  selector: string;
  product: string;
  nodes: number;
  gpus: number;
  /** GPUs the kubelets offer to pods (capacity minus reserved). */
  allocatableGpus: number;
}

/** Counts the GPU nodes carrying `siteLabels` and the product, and their GPUs. */
export async function inspectGpuPool(
  kubeconfig: string | undefined,
  siteLabels: Record<string, string>,
  product: string,
): Promise<GpuPoolOnCluster> {
  const config = new KubeConfig();
  if (kubeconfig) config.loadFromString(kubeconfig);
  else config.loadFromDefault();
  const labelSelector = Object.entries({
    ...siteLabels,
    [nodeLabels.gpuProduct]: product,
  })
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
  const { items } = await config
    .makeApiClient(CoreV1Api)
    .listNode({ labelSelector });
  const count = (key: 'capacity' | 'allocatable') =>
    items.reduce(
      (sum, node) => sum + Number(node.status?.[key]?.[gpuResource] ?? 0),
      0,
    );
  return {
    selector: labelSelector,
    product,
    nodes: items.length,
    gpus: count('capacity'),
    allocatableGpus: count('allocatable'),
  };
}
