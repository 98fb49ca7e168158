import { gpuResource } from '@internal/ekyc-domain';
import { Box, LinearProgress, Typography } from '@material-ui/core';
import {
  GpuFigures,
  GpuProductFigures,
} from '@internal/plugin-ekyc-regions-common';

type Allocation = Omit<GpuProductFigures, 'product'>;

function allocationText({ allocated, allocatable, free }: Allocation) {
  return `${allocated} of ${allocatable} allocated, ${free} free`;
}

/** GPUs the scheduler cannot hand out: on nodes that are not Ready or are cordoned. */
function withheldText({ capacity, allocatable }: Allocation) {
  return capacity > allocatable
    ? `; ${capacity - allocatable} of ${capacity} on unschedulable nodes`
    : '';
}

function AllocationBar({
  label,
  allocation,
}: {
  label: string;
  allocation: Allocation;
}) {
  const percent = allocation.allocatable
    ? Math.min(100, (allocation.allocated / allocation.allocatable) * 100)
    : 0;
  return (
    <Box mb={1}>
      <Box display="flex" justifyContent="space-between">
        <Typography variant="body2">
          {label} ({allocation.nodes} node{allocation.nodes === 1 ? '' : 's'})
        </Typography>
        <Typography variant="body2">{`${allocationText(
          allocation,
        )}${withheldText(allocation)}`}</Typography>
      </Box>
      <LinearProgress
        variant="determinate"
        value={percent}
        aria-label={`${label} GPUs allocated`}
      />
    </Box>
  );
}

/** Allocated against allocatable GPUs, per product and in total when there are several. */
export function GpuCapacity({ gpu }: { gpu: GpuFigures }) {
  if (!gpu.products.length) {
    return (
      <Typography variant="body2" color="textSecondary">
        No node at this site has {gpuResource} capacity.
      </Typography>
    );
  }
  const unschedulable = gpu.nodes
    .filter(node => !node.schedulable)
    .map(node => node.node);
  return (
    <>
      {gpu.products.map(product => (
        <AllocationBar
          key={product.product}
          label={product.product}
          allocation={product}
        />
      ))}
      {gpu.products.length > 1 && (
        <AllocationBar label="All products" allocation={gpu.total} />
      )}
      {unschedulable.length > 0 && (
        <Typography variant="body2" color="error">
          Unschedulable (not Ready, or cordoned): {unschedulable.join(', ')}
        </Typography>
      )}
    </>
  );
}
