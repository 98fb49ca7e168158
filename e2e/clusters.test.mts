// Clusters as places, against the test sandbox's two control planes: the portal, with the
// sandbox's generated config, registers both (the kubernetes plugin and the dashboard
// read each with its own credentials), offers the forms where each is and nothing more,
// and marks only a stopped cluster's figures unavailable.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import {
  guestToken,
  repoRoot,
  startPortalBackend,
  type PortalBackend,
} from './portalBackend.mts';
import { dhaka, sandboxDir, singapore } from './sandboxEnv.mts';
import { until } from './until.mts';

let portal: PortalBackend;
let token: string;

async function get(route: string) {
  const response = await fetch(`${portal.baseUrl}/api${route}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: response.status, body: (await response.json()) as any };
}

const siteOf = (body: any, id: string) =>
  body.regions?.find((region: any) => region.id === id);

/**
 * The sandbox's own scripts, as a person runs them; asynchronously, so that the test's
 * connections to the portal stay served while a cluster stops or starts.
 */
async function sandbox(script: 'up' | 'down', cluster: string) {
  await promisify(execFile)('bash', [
    path.join(repoRoot, `scripts/sandbox/${script}.sh`),
    cluster,
  ]);
}

describe('clusters as places', () => {
  before(async () => {
    // The dashboard reads its sources afresh every second, not every 30.
    const freshFigures = path.join(
      fs.mkdtempSync(path.join(os.tmpdir(), 'ekyc-clusters-')),
      'app-config.fresh.json',
    );
    fs.writeFileSync(
      freshFigures,
      JSON.stringify({ ekycRegions: { cacheTtlSeconds: 1 } }),
    );
    portal = await startPortalBackend([
      path.join(sandboxDir, 'app-config.sandbox.yaml'),
      freshFigures,
    ]);
    token = await guestToken(portal.baseUrl);
  });

  after(async () => {
    // Whatever happened, the next suites find both clusters running.
    await sandbox('up', dhaka);
    await portal?.stop();
  });

  it('gives the kubernetes plugin both clusters, from the one registry', async () => {
    const { status, body } = await get('/kubernetes/clusters');
    assert.equal(status, 200);
    const names = body.items.map((cluster: any) => cluster.name).sort();
    assert.deepEqual(names, [dhaka, singapore]);
  });

  it('tells the forms where each cluster is, and nothing to reach it with', async () => {
    const { status, body } = await get('/scaffolder/ekyc-clusters');
    assert.equal(status, 200);
    assert.deepEqual(
      body.clusters.map((cluster: any) => cluster),
      [
        {
          name: singapore,
          title: 'Singapore region (sandbox)',
          country: 'SG',
          region: 'ap-southeast-1',
        },
        {
          name: dhaka,
          title: 'Dhaka, in-country (sandbox)',
          country: 'BD',
          site: 'bd-dhaka-1',
        },
      ],
    );
    const anonymous = await fetch(
      `${portal.baseUrl}/api/scaffolder/ekyc-clusters`,
    );
    assert.equal(anonymous.status, 401);
  });

  it("shows each site's GPUs from its own cluster", async () => {
    const { body } = await until(
      () => get('/ekyc-regions/regions'),
      answer =>
        siteOf(answer.body, 'bd-dhaka-1')?.gpu.status === 'available' &&
        siteOf(answer.body, 'ap-southeast-1')?.gpu.status === 'available',
      60_000,
    );
    const sg = siteOf(body, 'ap-southeast-1');
    const bd = siteOf(body, 'bd-dhaka-1');
    assert.deepEqual(sg.clusters, [singapore]);
    assert.deepEqual(bd.clusters, [dhaka]);
    assert.equal(sg.gpu.value.total.capacity, 32);
    assert.equal(bd.gpu.value.total.capacity, 8);
    // Each cluster's Prometheus answers for its own site.
    assert.equal(sg.latency.status, 'available');
    assert.equal(bd.latency.status, 'available');
  });

  it("marks only a stopped cluster's figures unavailable, and takes them back when it returns", async () => {
    await sandbox('down', dhaka);
    const { body } = await until(
      () => get('/ekyc-regions/regions'),
      answer => siteOf(answer.body, 'bd-dhaka-1')?.gpu.status === 'unavailable',
      60_000,
    );
    const bd = siteOf(body, 'bd-dhaka-1');
    assert.equal(bd.gpu.status, 'unavailable');
    assert.match(bd.gpu.error, /cluster sandbox-dhaka: /);
    assert.equal(bd.latency.status, 'unavailable');
    const sg = siteOf(body, 'ap-southeast-1');
    assert.equal(sg.gpu.status, 'available');
    assert.equal(sg.gpu.value.total.capacity, 32);
    assert.equal(sg.latency.status, 'available');

    await sandbox('up', dhaka);
    const back = await until(
      () => get('/ekyc-regions/regions'),
      answer => siteOf(answer.body, 'bd-dhaka-1')?.gpu.status === 'available',
      90_000,
    );
    assert.equal(siteOf(back.body, 'bd-dhaka-1').gpu.status, 'available');
  });
});
