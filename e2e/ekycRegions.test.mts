// The ekyc-regions backend in the started portal against the test sandbox: kwok nodes the
// test adds for two sites of its own, read through the real kubernetes plugin's proxy;
// a real Prometheus scraping a fixture exporter with known histograms; the real catalog;
// a real Pulumi stack in a file backend. Exact figures throughout.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { automation } from '@pulumi/pulumi';
import { chromium, type Browser, type Page } from 'playwright-core';
import {
  expectedQuantile,
  startFixturePrometheus,
  type FixturePrometheus,
} from './fixturePrometheus.mts';
import {
  guestToken,
  repoRoot,
  startPortalBackend,
  type PortalBackend,
} from './portalBackend.mts';
import {
  kubectl,
  registeredCluster,
  removeTestObjects,
  singapore,
  toolchainBin,
} from './sandboxEnv.mts';
import { until } from './until.mts';

// The test's sites live on the Singapore cluster, which its own config calls ekyc-sandbox.
const sandboxCluster = registeredCluster(singapore);
// Below the kernel's ephemeral range and away from the sandboxes' own ports.
const prometheusPort = 23470;

const run = String(Date.now() % 100000);
const jakarta = `rt-jakarta-${run}`;
const dhaka = `rt-dhaka-${run}`;
const namespace = `ekyc-regions-test-${run}`;
const testLabel = { 'ekyc.io/test': 'ekyc-regions' };

const applyList = (items: object[]) =>
  kubectl(
    singapore,
    ['apply', '-f', '-'],
    JSON.stringify({ apiVersion: 'v1', kind: 'List', items }),
  );

/** A kwok node (kwok keeps it Ready) with GPUs; a cordoned one takes no new pods. */
function gpuNode(
  name: string,
  labels: Record<string, string>,
  gpus: number,
  cordoned = false,
) {
  const resources = {
    cpu: '64',
    memory: '256Gi',
    pods: '110',
    'nvidia.com/gpu': String(gpus),
  };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      annotations: { 'kwok.x-k8s.io/node': 'fake' },
      labels: { ...testLabel, 'kubernetes.io/hostname': name, ...labels },
    },
    spec: { unschedulable: cordoned },
    status: { capacity: resources, allocatable: resources },
  };
}

/** Bound to its node directly, so that the test does not wait for the scheduler. */
function pod(
  name: string,
  node: string,
  gpus: { containers: number[]; init?: number },
  annotations: Record<string, string> = {},
  labels: Record<string, string> = {},
) {
  const resources = (n: number) =>
    n
      ? {
          requests: { 'nvidia.com/gpu': String(n) },
          limits: { 'nvidia.com/gpu': String(n) },
        }
      : {};
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace,
      annotations,
      labels: { ...testLabel, ...labels },
    },
    spec: {
      nodeName: node,
      tolerations: [{ operator: 'Exists' }],
      ...(gpus.init
        ? {
            initContainers: [
              {
                name: 'init',
                image: 'ekyc/init',
                resources: resources(gpus.init),
              },
            ],
          }
        : {}),
      containers: gpus.containers.map((n, i) => ({
        name: `c${i}`,
        image: 'ekyc/worker',
        resources: resources(n),
      })),
    },
  };
}

const store = (countries: string) => ({
  'ekyc.io/data-store': 'database',
  'ekyc.io/holds-data-of': countries,
});

const jakartaLabels = {
  'ekyc.io/site': jakarta,
  'ekyc.io/site-kind': 'region',
  'ekyc.io/country': 'ID',
  'topology.kubernetes.io/region': 'ap-southeast-3',
  'nvidia.com/gpu.product': 'NVIDIA-L4',
};
const ownSite = { 'ekyc.io/site': dhaka };
const dhakaLabels = {
  'ekyc.io/site': dhaka,
  'ekyc.io/site-kind': 'sovereign-site',
  'ekyc.io/country': 'BD',
  'topology.kubernetes.io/region': 'bd-dhaka',
};

// Node 1: 5 of 8 held; node 2 cordoned: its 8 are not allocatable, its 1 is held.
const jakartaGpuTotal = {
  nodes: 2,
  capacity: 16,
  allocatable: 8,
  allocated: 6,
  free: 3,
};

// Cumulative buckets added per scrape.
const ocr = { '0.1': 20, '0.25': 60, '0.5': 90, '1': 100, '+Inf': 100 };
const faceMatch = { '0.1': 0, '0.25': 10, '0.5': 30, '1': 80, '+Inf': 100 };
const sum = (...distributions: Array<Record<string, number>>) =>
  Object.fromEntries(
    Object.keys(ocr).map(le => [
      le,
      distributions.reduce((n, d) => n + d[le], 0),
    ]),
  );
const quantiles = (distribution: Record<string, number>) => ({
  p50: expectedQuantile(0.5, distribution),
  p95: expectedQuantile(0.95, distribution),
  p99: expectedQuantile(0.99, distribution),
});
/** Equal within what floating-point PromQL leaves (bucket interpolation is exact). */
function assertQuantiles(
  actual: Record<string, unknown>,
  expected: Record<string, number>,
) {
  for (const [name, value] of Object.entries(expected)) {
    assert.ok(
      Math.abs((actual[name] as number) - value) < 1e-9,
      `${name}: ${actual[name]} is not ${value}`,
    );
  }
}

/** A real stack whose outputs declare the Dhaka site's database, as the programs do. */
async function stackWithOutputs(stateDir: string, backendUrl: string) {
  fs.mkdirSync(path.join(stateDir, 'workspaces'));
  const stack = await automation.LocalWorkspace.createOrSelectStack(
    {
      projectName: 'ekyc-environments',
      stackName: dhaka,
      program: async () => ({
        servesCountries: ['BD'],
        dataLocations: [
          {
            store: 'database',
            location: { type: 'sovereign-site', country: 'BD', site: dhaka },
            holdsDataOf: ['BD'],
          },
        ],
      }),
    },
    {
      workDir: path.join(stateDir, 'workspaces'),
      pulumiCommand: await automation.PulumiCommand.get({
        root: path.dirname(toolchainBin),
      }),
      projectSettings: {
        name: 'ekyc-environments',
        runtime: 'nodejs',
        backend: { url: backendUrl },
      },
      envVars: {
        PULUMI_CONFIG_PASSPHRASE: 'regions-test',
        PULUMI_SKIP_UPDATE_CHECK: 'true',
        ...(process.env.PULUMI_HOME
          ? { PULUMI_HOME: process.env.PULUMI_HOME }
          : {}),
      },
    },
  );
  await stack.up();
}

/**
 * The company topology's entity, as `ekyc-infra validate --json` gives it, with BD's
 * users sent on to Singapore when its site fails: as an entity written by hand, or
 * before BD's rule said otherwise. The dashboard judges each edge as the rules stand.
 */
function topologyEntity() {
  const { entity } = JSON.parse(
    execFileSync(
      'node',
      [
        path.join(repoRoot, 'infra-automation/bin/ekyc-infra'),
        'validate',
        path.join(repoRoot, 'examples/topology.yaml'),
        '--json',
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    ),
  );
  const bd = entity.spec.countries.find((c: any) => c.country === 'BD');
  bd.failover = ['ap-southeast-1-primary'];
  bd.edges = [
    {
      kind: 'failover',
      to: 'ap-southeast-1-primary',
      location: { type: 'cloud-region', region: 'ap-southeast-1' },
    },
  ];
  return entity;
}

/** The BD site's VPN to the Singapore hub, as the sovereign-site template registers it. */
function linkEntity() {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: `${dhaka}-link`,
      namespace: 'ekyc-environments',
      annotations: {
        'ekyc.io/site': dhaka,
        'ekyc.io/country': 'BD',
        'ekyc.io/link-type': 'site-to-site-vpn',
        'ekyc.io/hub-environment': 'ap-southeast-1-primary',
        'ekyc.io/hub-region': 'ap-southeast-1',
        'ekyc.io/link-created-by': 'site',
      },
    },
    spec: {
      type: 'network-link',
      owner: 'group:default/platform-team',
      dependsOn: [
        `resource:ekyc-environments/${dhaka}`,
        'resource:ekyc-environments/ap-southeast-1-primary',
      ],
    },
  };
}

function environmentEntity(
  name: string,
  type: string,
  annotations: Record<string, string>,
) {
  return JSON.stringify({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name, namespace: 'ekyc-environments', annotations },
    spec: { type, owner: 'group:default/platform-team' },
  });
}

let prometheus: FixturePrometheus;
let browser: Browser;
let page: Page;
const shots = path.join(repoRoot, 'test-results');
let portal: PortalBackend;
let token: string;
let stateDir: string;

async function get(route: string) {
  const response = await fetch(`${portal.baseUrl}/api/ekyc-regions${route}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: response.status, body: (await response.json()) as any };
}

/** The catalog ingests its locations in the background: ask until it has ours. */
async function regionsOnceCatalogued() {
  const { status, body } = await until(
    () => get('/regions'),
    answer =>
      answer.status !== 200 ||
      Boolean(
        answer.body.regions.find((r: any) => r.id === dhaka)?.environments
          .length,
      ),
    90_000,
  );
  assert.equal(status, 200);
  assert.ok(
    body.regions.find((r: any) => r.id === dhaka)?.environments.length,
    'the catalog never served the test environments',
  );
  return body;
}

describe('ekyc-regions backend on the sandbox', () => {
  before(async () => {
    stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ekyc-regions-'));
    applyList([
      gpuNode(`${jakarta}-gpu-1`, jakartaLabels, 8),
      gpuNode(`${jakarta}-gpu-2`, jakartaLabels, 8, true),
      gpuNode(
        `${dhaka}-gpu-1`,
        { ...dhakaLabels, 'nvidia.com/gpu.product': 'NVIDIA-A10' },
        4,
      ),
      gpuNode(
        `${dhaka}-gpu-2`,
        { ...dhakaLabels, 'nvidia.com/gpu.product': 'NVIDIA-T4' },
        4,
      ),
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: namespace, labels: testLabel },
      },
    ]);
    applyList([
      ...[1, 2, 3].map(i =>
        pod(`worker-${i}`, `${jakarta}-gpu-1`, { containers: [1] }),
      ),
      pod('worker-4', `${jakarta}-gpu-1`, { containers: [1, 1] }),
      pod('worker-cordoned', `${jakarta}-gpu-2`, { containers: [1] }),
      // The site's own workloads (a sovereign site's nodes take no other).
      pod('worker-bd', `${dhaka}-gpu-1`, { containers: [4] }, {}, ownSite),
      pod(
        'worker-init',
        `${dhaka}-gpu-2`,
        { containers: [1], init: 2 },
        {},
        ownSite,
      ),
      pod('db-bd-abroad', `${jakarta}-gpu-1`, { containers: [0] }, store('BD')),
      pod('db-id', `${jakarta}-gpu-1`, { containers: [0] }, store('ID')),
      pod('db-bd', `${dhaka}-gpu-1`, { containers: [0] }, store('BD'), ownSite),
    ]);

    const gauges = (host: string, values: number[]) =>
      values.map((value, gpu) => ({
        name: 'DCGM_FI_DEV_GPU_UTIL',
        labels: { gpu: String(gpu), Hostname: host },
        value,
      }));
    prometheus = await startFixturePrometheus({
      port: prometheusPort,
      histograms: [
        {
          labels: { site: jakarta, country: 'ID', stage: 'ocr' },
          bucketIncrements: ocr,
        },
        {
          labels: { site: jakarta, country: 'SG', stage: 'ocr' },
          bucketIncrements: ocr,
        },
        {
          labels: { site: jakarta, country: 'ID', stage: 'face-match' },
          bucketIncrements: faceMatch,
        },
      ],
      gauges: [
        ...gauges(`${jakarta}-gpu-1`, [90, 80, 70, 60, 50, 0, 0, 0]),
        ...gauges(`${dhaka}-gpu-1`, [100, 100, 100, 100]),
      ],
    });

    const backendUrl = `file://${stateDir}`;
    await stackWithOutputs(stateDir, backendUrl);
    const entitiesFile = path.join(stateDir, 'environments.yaml');
    fs.writeFileSync(
      entitiesFile,
      [
        environmentEntity(dhaka, 'ekyc-sovereign-site', {
          'ekyc.io/site': dhaka,
          'pulumi.com/stack': `ekyc-environments/${dhaka}`,
          'ekyc.io/served-countries': 'BD',
        }),
        environmentEntity(jakarta, 'ekyc-region', {
          'ekyc.io/region': jakarta,
          'pulumi.com/stack': `ekyc-environments/${jakarta}-never-applied`,
          'ekyc.io/served-countries': 'ID,SG',
        }),
        JSON.stringify(topologyEntity()),
        JSON.stringify(linkEntity()),
      ].join('\n---\n'),
    );
    const configFile = path.join(stateDir, 'app-config.regions.json');
    fs.writeFileSync(
      configFile,
      JSON.stringify({
        catalog: { locations: [{ type: 'file', target: entitiesFile }] },
        kubernetes: {
          clusterLocatorMethods: [
            {
              type: 'config',
              clusters: [
                {
                  name: 'ekyc-sandbox',
                  url: sandboxCluster.url,
                  authProvider: 'serviceAccount',
                  serviceAccountToken: sandboxCluster.serviceAccountToken,
                  caFile: sandboxCluster.caFile,
                  skipMetricsLookup: true,
                },
                {
                  name: 'switched-off',
                  url: 'https://127.0.0.1:9',
                  authProvider: 'serviceAccount',
                  serviceAccountToken: 'unused',
                  skipTLSVerify: true,
                  skipMetricsLookup: true,
                },
              ],
            },
          ],
        },
        ekyc: {
          environments: { pulumi: { backendUrl, passphrase: 'regions-test' } },
        },
        ekycRegions: {
          clusters: [{ name: 'ekyc-sandbox', prometheusUrl: prometheus.url }],
          cacheTtlSeconds: 1,
          requestTimeoutMs: 3000,
        },
      }),
    );
    await prometheus.waitForScrapes(3);
    portal = await startPortalBackend([configFile]);
    token = await guestToken(portal.baseUrl);
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
    });
    page = await (
      await browser.newContext({ viewport: { width: 1400, height: 1200 } })
    ).newPage();
    await page.goto(portal.baseUrl);
    await page.getByRole('button', { name: 'Enter' }).click();
    await page.getByRole('link', { name: 'Create' }).first().waitFor();
  });

  after(async () => {
    await browser?.close();
    await portal?.stop();
    await prometheus?.stop();
    removeTestObjects(singapore, namespace, 'ekyc.io/test=ekyc-regions');
    fs.rmSync(stateDir, { recursive: true, force: true });
  });

  it('gives each site its GPU capacity, allocation and free GPUs per product', async () => {
    const { regions } = await regionsOnceCatalogued();
    const sg = regions.find((r: any) => r.id === jakarta);
    const bd = regions.find((r: any) => r.id === dhaka);
    assert.deepEqual(
      {
        kind: sg.kind,
        region: sg.region,
        country: sg.country,
        clusters: sg.clusters,
      },
      {
        kind: 'region',
        region: 'ap-southeast-3',
        country: 'ID',
        clusters: ['ekyc-sandbox'],
      },
    );
    assert.deepEqual([bd.kind, bd.country], ['sovereign-site', 'BD']);
    assert.equal(sg.gpu.status, 'available');
    assert.deepEqual(sg.gpu.value.products, [
      { product: 'NVIDIA-L4', ...jakartaGpuTotal },
    ]);
    assert.deepEqual(sg.gpu.value.total, jakartaGpuTotal);
    // The init container's 2 GPUs count, not the 1 of the container that follows it.
    assert.deepEqual(bd.gpu.value.products, [
      {
        product: 'NVIDIA-A10',
        nodes: 1,
        capacity: 4,
        allocatable: 4,
        allocated: 4,
        free: 0,
      },
      {
        product: 'NVIDIA-T4',
        nodes: 1,
        capacity: 4,
        allocatable: 4,
        allocated: 2,
        free: 2,
      },
    ]);
  });

  it('gives latency quantiles from Prometheus within bucket precision, overall, by stage and by country', async () => {
    const { body: sg } = await get(`/regions/${jakarta}`);
    assert.equal(sg.latency.status, 'available', JSON.stringify(sg.latency));
    const latency = sg.latency.value;
    // Worked out by hand: ocr's p50 lies in (0.1, 0.25], 30 of its 40 into it.
    assertQuantiles(quantiles(ocr), { p50: 0.2125, p95: 0.75, p99: 0.95 });
    assertQuantiles(latency.overall, quantiles(sum(ocr, ocr, faceMatch)));
    assert.deepEqual(
      latency.byStage.map((s: any) => s.stage),
      ['ocr', 'face-match'],
    );
    assertQuantiles(latency.byStage[0], quantiles(ocr));
    assertQuantiles(latency.byStage[1], quantiles(faceMatch));
    assert.deepEqual(
      latency.byCountry.map((c: any) => c.country),
      ['ID', 'SG'],
    );
    assertQuantiles(latency.byCountry[0], quantiles(sum(ocr, faceMatch)));
    assertQuantiles(latency.byCountry[1], quantiles(ocr));
    assert.equal(latency.sloP95Seconds, 1.5);
    assert.equal(latency.withinSlo, true);
    assert.ok(latency.p95Series.length > 0);
    assert.deepEqual(sg.utilisation, {
      status: 'available',
      value: {
        averagePercent: 43.75,
        nodes: [{ node: `${jakarta}-gpu-1`, percent: 43.75 }],
      },
    });
  });

  it('finds the data held abroad and nothing wrong with a compliant layout', async () => {
    const { regions } = await regionsOnceCatalogued();
    const sg = regions.find((r: any) => r.id === jakarta);
    const bd = regions.find((r: any) => r.id === dhaka);
    assert.equal(sg.residency.verdict, 'violating');
    assert.equal(sg.residency.violations.length, 1);
    const [violation] = sg.residency.violations;
    assert.equal(violation.country, 'BD');
    assert.equal(
      violation.store,
      `database of ekyc-sandbox/${namespace}/db-bd-abroad`,
    );
    assert.deepEqual(violation.location, {
      type: 'cloud-region',
      region: 'ap-southeast-3',
    });
    assert.match(violation.message, /Bangladesh \(BD\) rule "in-country"/);
    assert.deepEqual(bd.residency, {
      verdict: 'compliant',
      violations: [],
      findings: [],
    });
    // Declared by the stack, and seen where the pod runs.
    assert.equal(bd.environments[0].dataLocations.status, 'available');
    assert.deepEqual(
      bd.environments[0].dataLocations.value.map((e: any) => [
        e.source,
        e.subject,
        e.holdsDataOf,
      ]),
      [['stack-outputs', `resource:ekyc-environments/${dhaka}`, ['BD']]],
    );
    const { body: country } = await get('/countries/bd');
    assert.equal(country.verdict, 'violating');
    assert.ok(
      country.violations.some(
        (v: any) =>
          v.store === `database of ekyc-sandbox/${namespace}/db-bd-abroad`,
      ),
    );
    const subjects = country.evidence.map(
      (e: any) => `${e.source} ${e.subject} ${e.locationCountry}`,
    );
    assert.ok(
      subjects.includes(`cluster ekyc-sandbox/${namespace}/db-bd BD`),
      subjects.join('\n'),
    );
    assert.ok(
      subjects.includes(`stack-outputs resource:ekyc-environments/${dhaka} BD`),
    );
    assert.ok(country.servedBy.includes(dhaka));
  });

  it('marks only the failing sources unavailable: a stack never applied, a switched-off cluster', async () => {
    const { regions, errors } = await regionsOnceCatalogued();
    const sg = regions.find((r: any) => r.id === jakarta);
    assert.equal(sg.environments[0].dataLocations.status, 'unavailable');
    assert.equal(sg.environments[0].dataLocations.source, 'pulumi');
    assert.match(sg.environments[0].dataLocations.error, /does not exist/);
    assert.equal(sg.gpu.status, 'available');
    const failed = errors.map((e: any) => `${e.source} ${e.name}`);
    assert.ok(failed.includes('kubernetes switched-off'), failed.join('\n'));
    assert.ok(failed.includes(`pulumi resource:ekyc-environments/${jakarta}`));
  });

  it("gives each topology's countries, where they fail over, and each edge judged against its rule", async () => {
    const { status, body } = await until(
      () => get('/topology'),
      answer => answer.body.topologies?.length > 0,
      60_000,
    );
    assert.equal(status, 200);
    const [topology] = body.topologies;
    assert.equal(topology.entityRef, 'resource:ekyc-topologies/ekyc-global');
    const route = (code: string) =>
      topology.countries.find((c: any) => c.country === code);
    assert.equal(route('BD').verdict, 'violating');
    assert.match(
      route('BD').edges[0].message,
      /Bangladesh's rule "in-country" allows only sovereign sites in BD, not cloud region ap-southeast-1/,
    );
    assert.deepEqual(
      route('US').edges.map((e: any) => [e.kind, e.to, e.allowed]),
      [
        ['replica', 'cloud region us-west-2', true],
        ['failover', 'us-west-2-secondary', true],
        ['secondary', 'us-west-2-secondary', true],
      ],
    );
    assert.equal(route('CA').verdict, 'compliant');
    assert.deepEqual(body.links, [
      {
        entityRef: `resource:ekyc-environments/${dhaka}-link`,
        site: dhaka,
        country: 'BD',
        type: 'site-to-site-vpn',
        hubEnvironment: 'ap-southeast-1-primary',
        hubRegion: 'ap-southeast-1',
        createdBy: 'site',
      },
    ]);
  });

  it('answers 404 naming the known sites for an unknown one', async () => {
    const { status, body } = await get('/regions/atlantis');
    assert.equal(status, 404);
    assert.match(body.error.message, new RegExp(dhaka));
  });

  /** The card of one site on the regions page, as a person sees it. */
  async function siteCard(id: string) {
    await page.goto(`${portal.baseUrl}/ekyc-regions`);
    const card = page.locator('.MuiCard-root', {
      has: page.getByRole('heading', { name: id, exact: true }),
    });
    await card.waitFor({ timeout: 60_000 });
    return card;
  }

  it('shows the figures on the page in a browser: GPUs, utilisation, p95, verdicts', async () => {
    try {
      const card = await siteCard(jakarta);
      await card
        .getByText('6 of 8 allocated, 3 free; 8 of 16 on unschedulable nodes')
        .waitFor();
      await card.getByText('Utilisation 44%').waitFor();
      const p95 = quantiles(sum(ocr, ocr, faceMatch)).p95;
      await card.getByText(`p95 ${p95.toFixed(2)} s`).waitFor();
      await card.getByText('Within SLO: p95 ≤ 1.50 s').waitFor();
      await card.getByText('violating', { exact: true }).waitFor();
      await card
        .getByText(/db-bd-abroad/)
        .first()
        .waitFor();
      const dhakaCard = await siteCard(dhaka);
      await dhakaCard.getByText('4 of 4 allocated, 0 free').waitFor();
      await dhakaCard.getByText('2 of 4 allocated, 2 free').waitFor();
      await dhakaCard.getByText('compliant', { exact: true }).waitFor();
      await page.screenshot({
        path: path.join(shots, 'ekyc-regions.png'),
        fullPage: true,
      });

      await page.getByRole('tab', { name: 'Countries' }).click();
      const bangladesh = page.getByRole('row', { name: /Bangladesh \(BD\)/ });
      await bangladesh.getByText('violating', { exact: true }).waitFor();
      await page.screenshot({
        path: path.join(shots, 'ekyc-regions-countries.png'),
        fullPage: true,
      });

      // Who serves each country and where it fails over, each edge judged.
      await page.getByRole('tab', { name: 'Topology' }).click();
      const bdRoute = page.getByRole('row', { name: /Bangladesh \(BD\)/ });
      await bdRoute
        .getByText(
          '✗ fails over to ap-southeast-1-primary, cloud region ap-southeast-1',
        )
        .waitFor();
      await bdRoute.getByText('violating', { exact: true }).waitFor();
      const usRoute = page.getByRole('row', { name: /United States \(US\)/ });
      await usRoute.getByText('us-west-2-secondary (latency)').waitFor();
      await usRoute.getByText('compliant', { exact: true }).waitFor();
      // Which links join the sites to their hubs.
      const links = page.getByRole('table', {
        name: 'Links between sites and hubs',
      });
      await links
        .getByRole('row', { name: new RegExp(`${dhaka}, Bangladesh \\(BD\\)`) })
        .getByText('ap-southeast-1-primary (ap-southeast-1)')
        .waitFor();
      await page.screenshot({
        path: path.join(shots, 'ekyc-regions-topology.png'),
        fullPage: true,
      });
    } catch (error) {
      await page.screenshot({
        path: path.join(shots, 'ekyc-regions-failure.png'),
        fullPage: true,
      });
      throw error;
    }
  });

  it('still gives GPU figures when Prometheus is down, and says why latency is missing', async () => {
    await prometheus.stop();
    await new Promise(resolve => setTimeout(resolve, 1100));
    const { body: sg } = await get(`/regions/${jakarta}`);
    assert.equal(sg.latency.status, 'unavailable');
    assert.equal(sg.latency.source, 'prometheus');
    assert.match(sg.latency.error, /is unreachable/);
    assert.equal(sg.utilisation.status, 'unavailable');
    assert.deepEqual(sg.gpu.value.total, jakartaGpuTotal);
    const card = await siteCard(jakarta);
    await card.getByText(/^Latency unavailable: .* is unreachable/).waitFor();
    await card
      .getByText('6 of 8 allocated, 3 free; 8 of 16 on unschedulable nodes')
      .waitFor();
    await page.screenshot({
      path: path.join(shots, 'ekyc-regions-prometheus-down.png'),
      fullPage: true,
    });
    const { body: health } = await get('/health');
    assert.equal(health.status, 'degraded');
    assert.ok(
      health.errors.some(
        (e: any) => e.source === 'prometheus' && e.name === prometheus.url,
      ),
    );
  });

  it("reports a pod that is not the site's, on a sovereign site's node, as a residency finding", async () => {
    applyList([pod('guestbook', `${dhaka}-gpu-1`, { containers: [0] })]);
    try {
      const { body } = await until(
        () => get('/regions'),
        answer =>
          answer.body.regions?.find((r: any) => r.id === dhaka)?.residency
            .findings.length > 0,
        30_000,
      );
      const bd = body.regions.find((r: any) => r.id === dhaka);
      assert.equal(bd.residency.verdict, 'violating');
      assert.deepEqual(
        bd.residency.findings.map((f: any) => [f.kind, f.subject]),
        [['foreign-workload', `ekyc-sandbox/${namespace}/guestbook`]],
      );
      assert.match(
        bd.residency.findings[0].message,
        new RegExp(
          `runs on node ${dhaka}-gpu-1 of sovereign site ${dhaka} but is not the site's workload`,
        ),
      );
    } finally {
      kubectl(singapore, [
        'delete',
        'pod',
        '-n',
        namespace,
        'guestbook',
        '--wait=false',
      ]);
    }
  });
});
