import { nodeLabels } from '@internal/ekyc-domain';
import {
  GpuFigures,
  GpuProductFigures,
} from '@internal/plugin-ekyc-regions-common';
import { ClusterFleet } from '../sources/kubernetesFleet';
import { SiteNodes } from './sites';

/** GPUs held on each node of a cluster by the pods bound to it. */
export function allocatedByNode(fleet: ClusterFleet): Map<string, number> {
  const allocated = new Map<string, number>();
  for (const pod of fleet.pods) {
    if (!pod.nodeName || pod.gpuRequest === 0) continue;
    allocated.set(
      pod.nodeName,
      (allocated.get(pod.nodeName) ?? 0) + pod.gpuRequest,
    );
  }
  return allocated;
}

/**
 * Capacity, allocatable, allocated and free GPUs of a site, per product. Only Ready,
 * schedulable nodes count as allocatable; free never goes below zero on a node.
 */
export function gpuFiguresOf(
  site: SiteNodes,
  allocated: (cluster: string, node: string) => number,
): GpuFigures {
  const products = new Map<string, GpuProductFigures>();
  const nodes: GpuFigures['nodes'] = [];
  for (const { cluster, node } of site.nodes) {
    if (node.gpuCapacity === 0) continue;
    const product = node.labels[nodeLabels.gpuProduct] ?? 'unknown';
    const held = allocated(cluster, node.name);
    const allocatable = node.schedulable ? node.gpuAllocatable : 0;
    const figures = products.get(product) ?? {
      product,
      nodes: 0,
      capacity: 0,
      allocatable: 0,
      allocated: 0,
      free: 0,
    };
    figures.nodes += 1;
    figures.capacity += node.gpuCapacity;
    figures.allocatable += allocatable;
    figures.allocated += held;
    figures.free += Math.max(0, allocatable - held);
    products.set(product, figures);
    nodes.push({
      node: node.name,
      product,
      schedulable: node.schedulable,
      allocatable: node.gpuAllocatable,
      allocated: held,
    });
  }
  const list = [...products.values()].sort((a, b) =>
    a.product.localeCompare(b.product),
  );
  const total = list.reduce(
    (sum, p) => ({
      nodes: sum.nodes + p.nodes,
      capacity: sum.capacity + p.capacity,
      allocatable: sum.allocatable + p.allocatable,
      allocated: sum.allocated + p.allocated,
      free: sum.free + p.free,
    }),
    { nodes: 0, capacity: 0, allocatable: 0, allocated: 0, free: 0 },
  );
  return {
    products: list,
    total,
    nodes: nodes.sort((a, b) => a.node.localeCompare(b.node)),
  };
}
