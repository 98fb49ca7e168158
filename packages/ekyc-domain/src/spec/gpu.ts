/** GPU products we run, by the `nvidia.com/gpu.product` label their nodes carry. */
export const gpuProducts = [
  'NVIDIA-L4',
  'NVIDIA-A10',
  'NVIDIA-A10G',
  'NVIDIA-L40S',
  'NVIDIA-T4',
] as const;
export type GpuProduct = (typeof gpuProducts)[number];

/** GPUs per node a pool may have. */
export const gpusPerNodeChoices = [1, 2, 4, 8] as const;
export type GpusPerNode = (typeof gpusPerNodeChoices)[number];

/**
 * The EC2 instance type for each GPU product and GPUs per node. NVIDIA-A10 (the
 * on-prem card) is not offered on EC2, whose A10 is the A10G; none of these families
 * has a two-GPU size.
 */
export const awsGpuInstanceTypes: Readonly<
  Record<GpuProduct, Readonly<Partial<Record<GpusPerNode, string>>>>
> = {
  'NVIDIA-L4': { 1: 'g6.2xlarge', 4: 'g6.12xlarge', 8: 'g6.48xlarge' },
  'NVIDIA-A10G': { 1: 'g5.2xlarge', 4: 'g5.12xlarge', 8: 'g5.48xlarge' },
  'NVIDIA-L40S': { 1: 'g6e.2xlarge', 4: 'g6e.12xlarge', 8: 'g6e.48xlarge' },
  'NVIDIA-T4': { 1: 'g4dn.2xlarge', 4: 'g4dn.12xlarge', 8: 'g4dn.metal' },
  'NVIDIA-A10': {},
};

/** The instance type, or a message naming the field and the choices that exist. */
export function awsGpuInstanceTypeFor(
  product: GpuProduct,
  gpusPerNode: GpusPerNode,
): { instanceType: string } | { error: string } {
  const sizes = awsGpuInstanceTypes[product];
  const instanceType = sizes[gpusPerNode];
  if (instanceType) return { instanceType };
  const offered = Object.keys(sizes);
  if (!offered.length) {
    const others = Object.entries(awsGpuInstanceTypes)
      .filter(([, s]) => Object.keys(s).length)
      .map(([p]) => p);
    return {
      error: `gpuPool.gpuProduct ${product} is not offered on AWS: choose one of ${others.join(
        ', ',
      )} (NVIDIA-A10G for an A10 workload)`,
    };
  }
  return {
    error: `gpuPool.gpusPerNode ${gpusPerNode} has no ${product} instance type on AWS: choose ${offered.join(
      ', ',
    )}`,
  };
}
