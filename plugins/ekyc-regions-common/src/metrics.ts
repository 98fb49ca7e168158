/**
 * What the fleet's metrics are called and labelled. The image workers (and the sandbox's
 * simulated-load exporter) publish them; the ekyc-regions backend queries them.
 */
export const imageProcessingHistogram =
  'ekyc_image_processing_duration_seconds';

/** Labels of the histogram: where the image was processed and whose citizen it was. */
export const imageProcessingLabels = {
  site: 'site',
  region: 'region',
  country: 'country',
  stage: 'stage',
} as const;

/** The stages of one ID check, in order. */
export const imageProcessingStages = [
  'document-detect',
  'ocr',
  'face-match',
  'liveness',
] as const;

/** NVIDIA DCGM exporter's GPU utilisation gauge (percent), labelled by `Hostname`. */
export const gpuUtilisationMetric = 'DCGM_FI_DEV_GPU_UTIL';

/** Node labels that place a node: the same on kwok, EKS and on-prem nodes. */
export const siteNodeLabels = {
  site: 'ekyc.io/site',
  siteKind: 'ekyc.io/site-kind',
  country: 'ekyc.io/country',
  region: 'topology.kubernetes.io/region',
  gpuProduct: 'nvidia.com/gpu.product',
} as const;

export const gpuResource = 'nvidia.com/gpu';
