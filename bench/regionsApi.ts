// GET /regions of the ekyc-regions backend at 20 regions x 40 countries, from fixture
// sources that answer after a fixed delay (a cluster list or a PromQL query 5 ms, a
// cluster's nodes and pods 20 ms, a stack's outputs 300 ms like a Pulumi CLI call).
// Cold: every read of the sources starts afresh (cache lifetime 1 ms); warm: within the
// cache's lifetime. The router, service, joins and cache are the plugin's own.
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { CacheManager } from '@backstage/backend-defaults/cache';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { ConfigReader } from '@backstage/config';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { mockServices } from '@backstage/backend-test-utils';
import {
  environmentEntityTypes,
  nodeLabels,
  podAnnotations,
  pulumiProjectName,
  servedCountryCodes,
} from '@internal/ekyc-domain';
import autocannon from 'autocannon';
import express from 'express';
import { readRegionsConfig } from '../plugins/ekyc-regions-backend/src/config';
import { createRouter } from '../plugins/ekyc-regions-backend/src/router';
import { FleetSources } from '../plugins/ekyc-regions-backend/src/service/fleetSources';
import { RegionsService } from '../plugins/ekyc-regions-backend/src/service/RegionsService';
import { SingleFlightCache } from '../plugins/ekyc-regions-backend/src/service/singleFlightCache';

const regionCount = 20;
const countryCount = 40;
const delay = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

// The ten served countries and thirty more without a residency rule.
const countries = Array.from({ length: countryCount }, (_, i) =>
  i < servedCountryCodes.length ? servedCountryCodes[i] : `Z${i}`,
);
const sites = Array.from({ length: regionCount }, (_, i) => `region-${i + 1}`);

function fixtureSources(): FleetSources {
  return {
    environments: async () => {
      await delay(5);
      return sites.map(site => ({
        entityRef: `resource:${pulumiProjectName}/${site}`,
        type: environmentEntityTypes.region,
        siteId: site,
        stack: `${pulumiProjectName}/${site}`,
        servesCountries: countries,
      }));
    },
    clusterNames: async () => {
      await delay(5);
      return sites;
    },
    topologies: async () => [],
    networkLinks: async () => [],
    // Each cluster's Prometheus comes from the dashboard's config below.
    prometheusUrls: async () => new Map(),
    clusterFleet: async cluster => {
      await delay(20);
      const nodes = Array.from({ length: 6 }, (_, n) => ({
        name: `${cluster}-gpu-${n}`,
        labels: {
          [nodeLabels.site]: cluster,
          [nodeLabels.siteKind]: 'region',
          [nodeLabels.region]: 'ap-southeast-1',
          [nodeLabels.gpuProduct]: n % 2 ? 'NVIDIA-L4' : 'NVIDIA-A10G',
        },
        schedulable: true,
        gpuCapacity: 8,
        gpuAllocatable: 8,
      }));
      const pods = nodes.flatMap(node =>
        Array.from({ length: 5 }, (_, p) => ({
          namespace: 'ekyc',
          name: `${node.name}-worker-${p}`,
          nodeName: node.name,
          labels: {},
          annotations: (p === 0
            ? {
                [podAnnotations.dataStore]: 'database',
                [podAnnotations.holdsDataOf]: 'SG MY',
              }
            : {}) as Record<string, string>,
          gpuRequest: p === 0 ? 0 : 1,
        })),
      );
      return { cluster, nodes, pods };
    },
    fleetMetrics: async (url, limit) => {
      // 11 queries per Prometheus, as readFleetMetrics makes.
      await Promise.all(
        Array.from({ length: 11 }, () => limit(() => delay(5))),
      );
      const site = new URL(url).hostname.split('.')[0];
      const quantiles = { p50: 0.3, p95: 0.8, p99: 1.2 };
      return {
        latencyBySite: new Map([
          [
            site,
            {
              overall: quantiles,
              byStage: new Map(
                ['document-detect', 'ocr', 'face-match', 'liveness'].map(s => [
                  s,
                  quantiles,
                ]),
              ),
              byCountry: new Map(countries.map(c => [c, quantiles])),
              p95Series: Array.from(
                { length: 30 },
                (_, i) => [i * 120, 0.8] as [number, number],
              ),
            },
          ],
        ]),
        gpuUtilisationByNode: new Map(
          Array.from({ length: 6 }, (_, n) => [
            `${site}-gpu-${n}`,
            Array(8).fill(70),
          ]),
        ),
      };
    },
    stackOutputs: async stack => {
      await delay(300);
      const site = stack.split('/')[1];
      return {
        servesCountries: countries,
        dataLocations: [
          {
            store: 'database',
            location: { type: 'cloud-region', region: 'ap-southeast-1' },
            holdsDataOf: countries,
          },
        ],
        site,
      };
    },
  };
}

async function startServer(cacheTtlMs: number) {
  const rootConfig = new ConfigReader({
    ekycRegions: {
      clusters: sites.map(site => ({
        name: site,
        prometheusUrl: `http://${site}.prometheus:9090`,
      })),
    },
  });
  const config = {
    ...readRegionsConfig(rootConfig),
    // Below a second only here: the bench's cold case.
    cacheTtlSeconds: cacheTtlMs / 1000,
    stackOutputsTtlSeconds: cacheTtlMs / 1000,
  };
  const logger = mockServices.rootLogger({ level: 'warn' });
  const service = new RegionsService({
    config,
    sources: fixtureSources(),
    cache: new SingleFlightCache(
      CacheManager.fromConfig(rootConfig).forPlugin('ekyc-regions'),
    ),
    logger,
  });
  const app = express();
  app.use(
    createRouter({
      service,
      httpAuth: mockServices.httpAuth(),
      permissions: mockServices.permissions({ result: AuthorizeResult.ALLOW }),
    }),
  );
  app.use(MiddlewareFactory.create({ config: rootConfig, logger }).error());
  const server = http.createServer(app);
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    server,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/regions`,
  };
}

async function load(url: string, label: string) {
  const result = await autocannon({ url, connections: 10, duration: 10 });
  console.log(
    `${label}: ${result.requests.average.toFixed(0)} req/s, p50 ${
      result.latency.p50
    } ms, p99 ${result.latency.p99} ms, ${result.non2xx} non-2xx, ${
      result.errors
    } errors`,
  );
  return result;
}

async function main() {
  const sequential = await startServer(1);
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < 20; i++) {
    await delay(5);
    const started = performance.now();
    const response = await fetch(sequential.url);
    bytes = (await response.text()).length;
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  console.log(
    `cold, one request at a time (20): p50 ${times[9].toFixed(
      0,
    )} ms, max ${times[19].toFixed(0)} ms; response ${(bytes / 1024).toFixed(
      0,
    )} KiB`,
  );
  await load(
    sequential.url,
    'cold under load (10 connections, 10 s; concurrent requests share one read)',
  );
  sequential.server.close();

  const warm = await startServer(300_000);
  await fetch(warm.url);
  await load(warm.url, 'warm (10 connections, 10 s)');
  warm.server.close();
  console.log(`rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
