// The sandbox's two clusters: where each is (as the portal's cluster registry declares
// it) and the simulated fleet of its one site. up.sh starts them, fleet.mjs makes their
// nodes, write-config.mjs registers them with the portal and the CLI.
export const sandboxClusters = {
  'sandbox-singapore': {
    title: 'Singapore region (sandbox)',
    place: { country: 'SG', region: 'ap-southeast-1' },
    pool: {
      site: 'ap-southeast-1',
      region: 'ap-southeast-1',
      country: 'SG',
      kind: 'region',
      gpuProduct: 'NVIDIA-L4',
      instanceType: 'g6.48xlarge',
      nodes: 4,
      gpusPerNode: 8,
      cpu: '192',
      memory: '768Gi',
      generalNodes: 3,
      generalInstanceType: 'm7i.4xlarge',
    },
  },
  'sandbox-dhaka': {
    title: 'Dhaka, in-country (sandbox)',
    place: { country: 'BD', site: 'bd-dhaka-1' },
    pool: {
      site: 'bd-dhaka-1',
      region: 'bd-dhaka',
      country: 'BD',
      kind: 'sovereign-site',
      gpuProduct: 'NVIDIA-A10',
      instanceType: 'onprem-a10x4',
      nodes: 2,
      gpusPerNode: 4,
      cpu: '64',
      memory: '256Gi',
      generalNodes: 2,
      generalInstanceType: 'onprem-cpu16',
    },
  },
};
