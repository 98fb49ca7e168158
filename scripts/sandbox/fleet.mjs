#!/usr/bin/env node
// Prints the sandbox's simulated GPU fleet as Kubernetes Node manifests. kwok manages
// these nodes (annotation kwok.x-k8s.io/node=fake): it keeps them Ready and runs the pods
// scheduled on them. Labels and taints match what the AWS GPU node groups carry, so the
// same workloads and dashboards work on both.

/** One pool per site; the sandbox models a cloud region and a sovereign site. */
const pools = [
  {
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
  },
  {
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
  },
];

const documents = pools.flatMap(pool =>
  Array.from({ length: pool.nodes }, (_, i) => {
    const resources = {
      cpu: pool.cpu,
      memory: pool.memory,
      pods: '110',
      'nvidia.com/gpu': String(pool.gpusPerNode),
    };
    return {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: `gpu-${pool.site}-${i + 1}`,
        annotations: { 'kwok.x-k8s.io/node': 'fake' },
        labels: {
          'kubernetes.io/os': 'linux',
          'kubernetes.io/arch': 'amd64',
          'kubernetes.io/hostname': `gpu-${pool.site}-${i + 1}`,
          'node.kubernetes.io/instance-type': pool.instanceType,
          'topology.kubernetes.io/region': pool.region,
          'topology.kubernetes.io/zone': `${pool.region}${'abc'[i % 3]}`,
          'ekyc.io/site': pool.site,
          'ekyc.io/site-kind': pool.kind,
          'ekyc.io/country': pool.country,
          'nvidia.com/gpu.present': 'true',
          'nvidia.com/gpu.product': pool.gpuProduct,
          'nvidia.com/gpu.count': String(pool.gpusPerNode),
          type: 'kwok',
        },
      },
      spec: {
        taints: [
          { key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' },
        ],
      },
      status: { capacity: resources, allocatable: resources },
    };
  }),
);

// JSON is YAML; one document per node.
process.stdout.write(
  documents.map(doc => `---\n${JSON.stringify(doc)}\n`).join(''),
);
