// The sandbox's simulated-load exporter as Prometheus sees it: a worker holding 2 of a
// node's 4 GPUs makes exactly those 2 busy, and its traffic shows up under the node's
// site and the countries the worker serves. The test adds a kwok node of its own.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  dhaka,
  kubectl,
  registeredCluster,
  removeTestObjects,
} from './sandboxEnv.mts';
import { until } from './until.mts';

// On the in-country cluster, read through its own Prometheus.
const prometheusUrl = registeredCluster(dhaka).prometheusUrl;
const run = String(Date.now() % 100000);
const site = `fx-hanoi-${run}`;
const node = `${site}-gpu-1`;
const namespace = `ekyc-fleet-test-${run}`;

async function query(
  promql: string,
): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>> {
  const response = await fetch(`${prometheusUrl}/api/v1/query`, {
    method: 'POST',
    body: new URLSearchParams({ query: promql }),
  });
  const body = (await response.json()) as any;
  return body.data.result;
}

// Scrapes every 5 s and a fleet read every 5 s: figures settle within 30 s.
const settled = 30_000;

describe('the simulated-load fleet exporter', () => {
  before(() => {
    const gpus = {
      cpu: '64',
      memory: '256Gi',
      pods: '110',
      'nvidia.com/gpu': '4',
    };
    kubectl(
      dhaka,
      ['apply', '-f', '-'],
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'List',
        items: [
          {
            apiVersion: 'v1',
            kind: 'Node',
            metadata: {
              name: node,
              annotations: { 'kwok.x-k8s.io/node': 'fake' },
              labels: {
                'ekyc.io/test': 'fleet-exporter',
                'ekyc.io/site': site,
                'ekyc.io/site-kind': 'sovereign-site',
                'ekyc.io/country': 'VN',
                'topology.kubernetes.io/region': 'vn-hanoi',
                'nvidia.com/gpu.present': 'true',
                'nvidia.com/gpu.product': 'NVIDIA-A10',
              },
            },
            status: { capacity: gpus, allocatable: gpus },
          },
          {
            apiVersion: 'v1',
            kind: 'Namespace',
            metadata: { name: namespace },
          },
        ],
      }),
    );
    kubectl(
      dhaka,
      ['apply', '-f', '-'],
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: 'image-worker',
          namespace,
          annotations: { 'ekyc.io/served-countries': 'VN' },
        },
        spec: {
          nodeName: node,
          containers: [
            {
              name: 'image-worker',
              image: 'ekyc/image-worker',
              resources: { limits: { 'nvidia.com/gpu': '2' } },
            },
          ],
        },
      }),
    );
  });

  after(() => {
    removeTestObjects(dhaka, namespace, 'ekyc.io/test=fleet-exporter');
  });

  it('makes busy exactly the GPUs the worker holds, naming the worker', async () => {
    const gpus = await until(
      () => query(`DCGM_FI_DEV_GPU_UTIL{Hostname="${node}"}`),
      result => result.filter(s => Number(s.value[1]) > 0).length === 2,
      settled,
    );
    assert.equal(gpus.length, 4);
    const busy = gpus.filter(s => Number(s.value[1]) > 0);
    assert.deepEqual(busy.map(s => s.metric.gpu).sort(), ['0', '1']);
    for (const s of busy) {
      assert.equal(s.metric.pod, 'image-worker');
      assert.equal(s.metric.modelName, 'NVIDIA-A10');
      assert.ok(
        Number(s.value[1]) >= 50 && Number(s.value[1]) <= 100,
        s.value[1],
      );
    }
  });

  it('reports image-processing traffic under the site and the served country, every stage', async () => {
    const promql = `sum by (stage) (rate(ekyc_image_processing_duration_seconds_count{site="${site}",country="VN"}[1m]))`;
    const stages = await until(
      () => query(promql),
      result =>
        result.length === 4 && result.every(s => Number(s.value[1]) > 0),
      settled,
    );
    assert.deepEqual(stages.map(s => s.metric.stage).sort(), [
      'document-detect',
      'face-match',
      'liveness',
      'ocr',
    ]);
    const p95 = await query(
      `histogram_quantile(0.95, sum by (le) (rate(ekyc_image_processing_duration_seconds_bucket{site="${site}"}[1m])))`,
    );
    assert.ok(
      Number(p95[0].value[1]) > 0 && Number(p95[0].value[1]) < 1.5,
      p95[0].value[1],
    );
  });
});
