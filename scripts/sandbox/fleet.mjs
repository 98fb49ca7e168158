#!/usr/bin/env node
// Prints one sandbox cluster's simulated GPU fleet as Kubernetes Node manifests:
// `fleet.mjs <cluster>`. kwok manages these nodes (annotation kwok.x-k8s.io/node=fake):
// it keeps them Ready and runs the pods scheduled on them. Labels and taints match what
// the AWS GPU node groups carry, so the same workloads and dashboards work on both.
// Each site also has general-purpose nodes for its API and database, which must not
// take GPU nodes. A sovereign site's nodes are tainted for it: only its own workloads
// run there, whatever else is deployed to the cluster.

import { createRequire } from 'node:module';
import { sandboxClusters } from './clusters.mjs';

// The label, annotation and metric names of @internal/ekyc-domain (plain Node reads
// its JSON; the TypeScript packages import them typed).
const vocabulary = createRequire(import.meta.url)(
  '../../packages/ekyc-domain/src/vocabulary/names.json',
);
const { gpuResource, nodeLabels, nodeTaints } = vocabulary;

const cluster = sandboxClusters[process.argv[2]];
if (!cluster) {
  console.error(
    `fleet.mjs: name a sandbox cluster: ${Object.keys(sandboxClusters).join(
      ', ',
    )}`,
  );
  process.exit(2);
}
const pools = [cluster.pool];

/** A sovereign site's nodes are its own: other workloads do not tolerate this. */
const siteTaints = pool =>
  pool.kind === 'sovereign-site'
    ? [{ key: nodeTaints.site, value: pool.site, effect: 'NoSchedule' }]
    : [];

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
      [
        { key: gpuResource, value: 'present', effect: 'NoSchedule' },
        ...siteTaints(pool),
      ],
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
      siteTaints(pool),
    ),
  ),
]);

// JSON is YAML; one document per node.
process.stdout.write(
  documents.map(doc => `---\n${JSON.stringify(doc)}\n`).join(''),
);
