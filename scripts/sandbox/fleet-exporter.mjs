#!/usr/bin/env node
// The sandbox's simulated-load fleet exporter. kwok runs no containers, so nothing in the
// sandbox processes images or drives a GPU; this exporter makes up that load, and only
// that. Every few seconds it lists the GPU nodes and the Running pods from the real API
// server; each pod holding nvidia.com/gpu gets simulated image-processing traffic, and
// its GPUs simulated utilisation. The real Prometheus scrapes the figures under the
// names the image workers and NVIDIA's dcgm-exporter use, so the dashboard's queries are
// the production ones. Node 22, no dependencies.
//
// Usage: fleet-exporter.mjs --api-server URL --ca-file FILE --token-file FILE --port N
//                           [--seed N]
// scripts/sandbox/up.sh starts one per cluster, with that cluster's own.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';

// The label, annotation and metric names of @internal/ekyc-domain (plain Node reads
// its JSON; the TypeScript packages import them typed).
const vocabulary = createRequire(import.meta.url)(
  '../../packages/ekyc-domain/src/vocabulary/names.json',
);
const { gpuResource, nodeLabels, podAnnotations, imageProcessing } = vocabulary;

const { values: options } = parseArgs({
  options: {
    'api-server': { type: 'string' },
    'ca-file': { type: 'string' },
    'token-file': { type: 'string' },
    port: { type: 'string' },
    seed: { type: 'string', default: '1' },
  },
});
for (const required of ['api-server', 'ca-file', 'token-file', 'port']) {
  if (!options[required]) {
    console.error(`fleet-exporter: --${required} is required`);
    process.exit(2);
  }
}

const SYNC_MS = 3000;
const TICK_MS = 1000;
const IMAGES_PER_GPU_PER_SECOND = 3;
const BUCKETS = [0.05, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5];
// Log-normal per stage: median seconds on an NVIDIA L4 and spread (sigma of the log).
// Their sum, one image end to end, has a p95 near 0.65 s on a lightly loaded L4 site
// (0.8 s on an A10).
// In the order of the vocabulary's stages: document-detect, ocr, face-match, liveness.
const STAGE_TIMINGS = [
  { median: 0.045, sigma: 0.3 },
  { median: 0.18, sigma: 0.4 },
  { median: 0.09, sigma: 0.3 },
  { median: 0.12, sigma: 0.35 },
];
const STAGES = Object.fromEntries(
  imageProcessing.stages.map((stage, i) => [stage, STAGE_TIMINGS[i]]),
);
const PRODUCT_SLOWDOWN = { 'NVIDIA-L4': 1, 'NVIDIA-A10': 1.2 };

const SIMULATED =
  'SIMULATED by the sandbox fleet exporter (scripts/sandbox/fleet-exporter.mjs) for the pods the API server lists; no image was processed, no GPU measured.';

// mulberry32: small and seeded, so that a run's draws can be repeated.
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(Number(options.seed));

function normal() {
  // Box-Muller; 1 - random() keeps the logarithm's argument above 0.
  return (
    Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())
  );
}

function poisson(mean) {
  // Knuth's method; means here stay below a few hundred.
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = random(); p > limit; p *= random()) k += 1;
  return k;
}

/** A stable fake UUID per GPU, and a stable busy level (55-90 %) derived from it. */
function gpuIdentity(hostname, index) {
  const hash = crypto
    .createHash('sha256')
    .update(`${hostname}/${index}`)
    .digest('hex');
  const uuid = `GPU-${hash
    .slice(0, 32)
    .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5')}`;
  const busy = 55 + (parseInt(hash.slice(32, 36), 16) / 0xffff) * 35;
  return { uuid, busy };
}

function log(message) {
  console.error(`${new Date().toISOString()} ${message}`);
}

// --- The cluster as last read ---------------------------------------------------------

/** name -> { labels, capacity } of the GPU nodes. */
let nodes = new Map();
/** uid -> worker pod: { namespace, name, created, node, containers, countries } */
let workers = new Map();
/** uid -> [{ index, container }]: a pod keeps its GPUs while it lives, as on a kubelet. */
const assignments = new Map();
let lastSync = { ok: false, error: 'the API server has not been read yet' };

function apiGet(urlPath) {
  const url = new URL(urlPath, options['api-server']);
  return new Promise((resolve, reject) => {
    const request = https.get(
      url,
      {
        ca: fs.readFileSync(options['ca-file']),
        // Read on every call, so that a token written or renewed later is used.
        headers: {
          Authorization: `Bearer ${fs
            .readFileSync(options['token-file'], 'utf8')
            .trim()}`,
          Accept: 'application/json',
        },
        timeout: 5000,
      },
      response => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', chunk => (body += chunk));
        response.on('end', () => {
          try {
            if (response.statusCode !== 200)
              throw new Error(`${response.statusCode} ${body}`);
            resolve(JSON.parse(body));
          } catch (error) {
            reject(new Error(`GET ${url.pathname}: ${error.message}`));
          }
        });
      },
    );
    request.on('timeout', () =>
      request.destroy(new Error(`GET ${url.pathname}: timed out`)),
    );
    request.on('error', reject);
  });
}

async function listAll(urlPath) {
  const items = [];
  let next = '';
  do {
    const page = await apiGet(
      `${urlPath}&limit=500${
        next ? `&continue=${encodeURIComponent(next)}` : ''
      }`,
    );
    items.push(...page.items);
    next = page.metadata?.continue;
  } while (next);
  return items;
}

function gpusOf(container) {
  // For extended resources a limit alone is the request too.
  const resources = container.resources ?? {};
  return Number(
    resources.requests?.[gpuResource] ?? resources.limits?.[gpuResource] ?? 0,
  );
}

async function sync() {
  const nodeItems = await listAll(
    `/api/v1/nodes?labelSelector=${encodeURIComponent(
      `${nodeLabels.gpuPresent}=true`,
    )}`,
  );
  const podItems = await listAll(
    '/api/v1/pods?fieldSelector=status.phase%3DRunning',
  );
  const nextNodes = new Map(
    nodeItems.map(n => [
      n.metadata.name,
      {
        labels: n.metadata.labels ?? {},
        capacity: Number(n.status?.capacity?.[gpuResource] ?? 0),
      },
    ]),
  );
  const nextWorkers = new Map();
  for (const pod of podItems) {
    const node = nextNodes.get(pod.spec.nodeName);
    // A Running pod's init containers have finished; only its containers hold GPUs.
    const containers = pod.spec.containers
      .map(c => ({ name: c.name, gpus: gpusOf(c) }))
      .filter(c => c.gpus > 0);
    if (!node || containers.length === 0) continue;
    // Workloads write the codes space-separated; catalog entities comma-separated.
    const served = (
      pod.metadata.annotations?.[podAnnotations.servesCountries] ?? ''
    )
      .split(/[\s,]+/)
      .filter(Boolean);
    nextWorkers.set(pod.metadata.uid, {
      namespace: pod.metadata.namespace,
      name: pod.metadata.name,
      created: pod.metadata.creationTimestamp,
      node: pod.spec.nodeName,
      containers,
      countries: served.length
        ? served
        : [node.labels[nodeLabels.country] ?? ''],
    });
  }
  nodes = nextNodes;
  workers = nextWorkers;
  assignGpus();
}

/** Gives new pods the lowest free GPU indexes of their node, oldest pod first. */
function assignGpus() {
  for (const uid of assignments.keys())
    if (!workers.has(uid)) assignments.delete(uid);
  const taken = new Map([...nodes.keys()].map(name => [name, new Set()]));
  for (const [uid, gpus] of assignments)
    for (const { index } of gpus) taken.get(workers.get(uid).node).add(index);
  const newcomers = [...workers]
    .filter(([uid]) => !assignments.has(uid))
    .sort(
      ([, a], [, b]) =>
        a.created.localeCompare(b.created) ||
        `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`),
    );
  for (const [uid, pod] of newcomers) {
    const used = taken.get(pod.node);
    const free = Array.from(
      { length: nodes.get(pod.node).capacity },
      (_, i) => i,
    ).filter(i => !used.has(i));
    const wanted = pod.containers.flatMap(c =>
      Array.from({ length: c.gpus }, () => c.name),
    );
    // A pod bound past the scheduler may ask for more than is free; it gets what is.
    const granted = free
      .slice(0, wanted.length)
      .map((index, i) => ({ index, container: wanted[i] }));
    granted.forEach(({ index }) => used.add(index));
    assignments.set(uid, granted);
  }
}

// --- The simulated load ---------------------------------------------------------------

/** Histogram series by label text; they stay while the process lives, as counters do. */
const histograms = new Map();
/** pod uid -> simulated images in flight (Little's law over the last tick). */
const inflight = new Map();
/** `${node}/${index}` -> utilisation percent of the last tick. */
const utilisation = new Map();

/** Per site, the share of its GPUs that pods hold. */
function siteAllocation() {
  const sites = new Map();
  for (const node of nodes.values()) {
    const site = node.labels[nodeLabels.site] ?? '';
    const entry = sites.get(site) ?? { capacity: 0, held: 0 };
    entry.capacity += node.capacity;
    sites.set(site, entry);
  }
  for (const [uid, pod] of workers)
    sites.get(nodes.get(pod.node).labels[nodeLabels.site] ?? '').held +=
      assignments.get(uid).length;
  return new Map(
    [...sites].map(([site, { capacity, held }]) => [
      site,
      capacity ? held / capacity : 0,
    ]),
  );
}

function observe(labels, seconds) {
  const key = labelText(labels);
  let series = histograms.get(key);
  if (!series) {
    series = { labels, buckets: BUCKETS.map(() => 0), sum: 0, count: 0 };
    histograms.set(key, series);
  }
  BUCKETS.forEach((le, i) => {
    if (seconds <= le) series.buckets[i] += 1;
  });
  series.sum += seconds;
  series.count += 1;
}

function tick(seconds) {
  const allocation = siteAllocation();
  inflight.clear();
  for (const [uid, pod] of workers) {
    const labels = nodes.get(pod.node).labels;
    const site = labels[nodeLabels.site] ?? '';
    // Queues grow once most of a site's GPUs are held: up to 1.8x at full allocation.
    const slowdown =
      (PRODUCT_SLOWDOWN[labels[nodeLabels.gpuProduct]] ?? 1) *
      (1 + (0.8 * Math.max(0, allocation.get(site) - 0.6)) / 0.4);
    const images = poisson(
      IMAGES_PER_GPU_PER_SECOND * assignments.get(uid).length * seconds,
    );
    let busySeconds = 0;
    for (let i = 0; i < images; i++) {
      const country =
        pod.countries[Math.floor(random() * pod.countries.length)];
      for (const [stage, { median, sigma }] of Object.entries(STAGES)) {
        const duration = median * slowdown * Math.exp(sigma * normal());
        busySeconds += duration;
        observe(
          {
            [imageProcessing.labels.site]: site,
            [imageProcessing.labels.region]: labels[nodeLabels.region] ?? '',
            [imageProcessing.labels.country]: country,
            [imageProcessing.labels.stage]: stage,
          },
          duration,
        );
      }
    }
    inflight.set(uid, busySeconds / seconds);
  }
  utilisation.clear();
  for (const [uid, gpus] of assignments)
    for (const { index } of gpus) {
      const node = workers.get(uid).node;
      const jittered = gpuIdentity(node, index).busy + (random() - 0.5) * 10;
      utilisation.set(
        `${node}/${index}`,
        Math.round(Math.min(100, Math.max(1, jittered))),
      );
    }
}

// --- Exposition -----------------------------------------------------------------------

function labelText(labels) {
  return Object.entries(labels)
    .map(
      ([key, value]) =>
        `${key}="${String(value)
          .replace(/\\/g, '\\\\')
          .replace(/"/g, '\\"')
          .replace(/\n/g, '\\n')}"`,
    )
    .join(',');
}

function exposition() {
  const histogram = imageProcessing.histogram;
  const lines = [
    `# HELP ${histogram} Seconds one image spent in one stage. ${SIMULATED}`,
    `# TYPE ${histogram} histogram`,
  ];
  for (const { labels, buckets, sum, count } of histograms.values()) {
    BUCKETS.forEach((le, i) =>
      lines.push(
        `${histogram}_bucket{${labelText({ ...labels, le })}} ${buckets[i]}`,
      ),
    );
    lines.push(
      `${histogram}_bucket{${labelText({ ...labels, le: '+Inf' })}} ${count}`,
      `${histogram}_sum{${labelText(labels)}} ${sum}`,
      `${histogram}_count{${labelText(labels)}} ${count}`,
    );
  }

  lines.push(
    `# HELP ${vocabulary.gpuUtilisationMetric} GPU utilisation (in %), as NVIDIA's dcgm-exporter names it. ${SIMULATED}`,
    `# TYPE ${vocabulary.gpuUtilisationMetric} gauge`,
  );
  const holders = new Map();
  for (const [uid, gpus] of assignments) {
    const pod = workers.get(uid);
    for (const { index, container } of gpus)
      holders.set(`${pod.node}/${index}`, {
        pod: pod.name,
        namespace: pod.namespace,
        container,
      });
  }
  for (const [hostname, node] of [...nodes].sort(([a], [b]) =>
    a.localeCompare(b),
  )) {
    for (let index = 0; index < node.capacity; index++) {
      const key = `${hostname}/${index}`;
      const labels = {
        gpu: String(index),
        UUID: gpuIdentity(hostname, index).uuid,
        device: `nvidia${index}`,
        modelName: node.labels[nodeLabels.gpuProduct] ?? '',
        Hostname: hostname,
        ...holders.get(key),
      };
      lines.push(
        `${vocabulary.gpuUtilisationMetric}{${labelText(labels)}} ${
          utilisation.get(key) ?? 0
        }`,
      );
    }
  }

  const gauge = imageProcessing.inflightGauge;
  lines.push(
    `# HELP ${gauge} Images a worker pod is processing, for its HPA. ${SIMULATED}`,
    `# TYPE ${gauge} gauge`,
  );
  for (const [uid, pod] of workers)
    lines.push(
      `${gauge}{${labelText({ namespace: pod.namespace, pod: pod.name })}} ${(
        inflight.get(uid) ?? 0
      ).toFixed(3)}`,
    );
  return `${lines.join('\n')}\n`;
}

// --- Loops and server -----------------------------------------------------------------

async function syncLoop() {
  try {
    await sync();
    if (!lastSync.ok) log('reading the API server: ok');
    lastSync = { ok: true };
  } catch (error) {
    // Keep serving the last figures; say so once per distinct failure.
    if (lastSync.error !== error.message)
      log(
        `reading the API server failed, serving the last figures: ${error.message}`,
      );
    lastSync = { ok: false, error: error.message };
  }
  setTimeout(syncLoop, SYNC_MS);
}

let lastTick = performance.now();
setInterval(() => {
  const now = performance.now();
  // A stalled event loop does not turn into one burst of traffic.
  tick(Math.min(5, (now - lastTick) / 1000));
  lastTick = now;
}, TICK_MS);
syncLoop();

http
  .createServer((request, response) => {
    if (request.url === '/metrics') {
      response.writeHead(200, {
        'Content-Type': 'text/plain; version=0.0.4; charset=utf-8',
      });
      response.end(exposition());
    } else if (request.url === '/healthz') {
      // Healthy while the cluster can be read; the figures are stale otherwise.
      response.writeHead(lastSync.ok ? 200 : 503, {
        'Content-Type': 'text/plain',
      });
      response.end(lastSync.ok ? 'ok\n' : `${lastSync.error}\n`);
    } else {
      response.writeHead(404).end();
    }
  })
  .listen(Number(options.port), '127.0.0.1', () =>
    log(
      `serving simulated load on http://127.0.0.1:${options.port}/metrics (API server ${options['api-server']})`,
    ),
  );
