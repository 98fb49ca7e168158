// The region-environment form's values for a Singapore region on the sandbox's L4 nodes.
export const singaporeRegionForm = (id: string, servesCountries: string[]) => ({
  region: 'ap-southeast-1',
  id,
  role: 'primary',
  target: 'kubernetes',
  servesCountries,
  replicateTo: [],
  gpuProduct: 'NVIDIA-L4',
  gpusPerNode: 8,
  minNodes: 1,
  maxNodes: 2,
  spotShare: 0.5,
  storageGi: 200,
  cdn: true,
  waf: true,
  owner: 'group:default/platform-team',
  costCenter: 'EKYC-SEA-01',
});
