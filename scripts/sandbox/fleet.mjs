#!/usr/bin/env node
// Prints the sandbox's simulated GPU fleet as Kubernetes Node manifests. kwok manages
// these nodes (annotation kwok.x-k8s.io/node=fake): it keeps them Ready and runs the pods
// scheduled on them. Labels and taints match what the AWS GPU node groups carry, so the
// same workloads and dashboards work on both. Each site also has general-purpose nodes
// for its API and database, which must not take GPU nodes.

import { createRequire } from 'node:module';

// The label, annotation and metric names of @internal/ekyc-domain (plain Node reads
// its JSON; the TypeScript packages import them typed).
const vocabulary = createRequire(import.meta.url)(
  '../../packages/ekyc-domain/src/vocabulary/names.json',
);
const { gpuResource, nodeLabels } = vocabulary;

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
    generalNodes: 3,
    generalInstanceType: 'm7i.4xlarge',
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
    generalNodes: 2,
    generalInstanceType: 'onprem-cpu16',
  },
];

function node(pool, name, i, instanceType, extraLabels, resources, taints) {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      annotations: { 'kwok.x-k8s.io/node': 'fake' },
      labels: {
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': name,
        'node.kubernetes.io/instance-type': instanceType,
        [nodeLabels.region]: pool.region,
        'topology.kubernetes.io/zone': `${pool.region}${'abc'[i % 3]}`,
        [nodeLabels.site]: pool.site,
        [nodeLabels.siteKind]: pool.kind,
        [nodeLabels.country]: pool.country,
        type: 'kwok',
        ...extraLabels,
      },
    },
    spec: { taints },
    status: { capacity: resources, allocatable: resources },
  };
}

const documents = pools.flatMap(pool => [
  ...Array.from({ length: pool.nodes }, (_, i) =>
    node(
      pool,
      `gpu-${pool.site}-${i + 1}`,
      i,
      pool.instanceType,
      {
        [nodeLabels.gpuPresent]: 'true',
        [nodeLabels.gpuProduct]: pool.gpuProduct,
        [nodeLabels.gpuCount]: String(pool.gpusPerNode),
      },
      {
        cpu: pool.cpu,
        memory: pool.memory,
        pods: '110',
        [gpuResource]: String(pool.gpusPerNode),
      },
      [{ key: gpuResource, value: 'present', effect: 'NoSchedule' }],
    ),
  ),
  ...Array.from({ length: pool.generalNodes }, (_, i) =>
    node(
      pool,
      `cpu-${pool.site}-${i + 1}`,
      i,
      pool.generalInstanceType,
      {},
      { cpu: '16', memory: '64Gi', pods: '110' },
      [],
    ),
  ),
]);

// JSON is YAML; one document per node.
process.stdout.write(
  documents.map(doc => `---\n${JSON.stringify(doc)}\n`).join(''),
);
