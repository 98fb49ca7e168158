// A real Prometheus scraping a fixture exporter whose counters grow by the same
// increments on every scrape, so that any rate() keeps their proportions and the
// quantiles are known exactly (see expectedQuantile).
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

// As @internal/ekyc-domain names it (node runs these files without resolving the
// workspace's TypeScript packages, so it reads the vocabulary's JSON).
const imageProcessingHistogram: string = createRequire(import.meta.url)(
  '../packages/ekyc-domain/src/vocabulary/names.json',
).imageProcessing.histogram;

/** One histogram series: its labels and how much each cumulative bucket grows per scrape. */
export interface HistogramFixture {
  labels: Record<string, string>;
  /** Cumulative: le -> count added per scrape; must include '+Inf'. */
  bucketIncrements: Record<string, number>;
}

export interface GaugeFixture {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function labelText(labels: Record<string, string>) {
  return Object.entries(labels)
    .map(([key, value]) => `${key}="${value}"`)
    .join(',');
}

function exposition(
  scrapes: number,
  histograms: HistogramFixture[],
  gauges: GaugeFixture[],
) {
  const lines = [`# TYPE ${imageProcessingHistogram} histogram`];
  for (const { labels, bucketIncrements } of histograms) {
    for (const [le, increment] of Object.entries(bucketIncrements)) {
      lines.push(
        `${imageProcessingHistogram}_bucket{${labelText({ ...labels, le })}} ${
          scrapes * increment
        }`,
      );
    }
    const count = scrapes * bucketIncrements['+Inf'];
    lines.push(
      `${imageProcessingHistogram}_count{${labelText(labels)}} ${count}`,
    );
    lines.push(
      `${imageProcessingHistogram}_sum{${labelText(labels)}} ${count * 0.5}`,
    );
  }
  for (const name of new Set(gauges.map(g => g.name))) {
    lines.push(`# TYPE ${name} gauge`);
    for (const gauge of gauges.filter(g => g.name === name)) {
      lines.push(`${name}{${labelText(gauge.labels)}} ${gauge.value}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Prometheus' histogram_quantile on one cumulative distribution: linear interpolation
 * inside the bucket holding the rank, the first bucket starting at 0, and the upper
 * bound of the last finite bucket when the rank falls into +Inf.
 */
export function expectedQuantile(
  q: number,
  cumulative: Record<string, number>,
): number {
  const buckets = Object.entries(cumulative)
    .map(
      ([le, count]) => [le === '+Inf' ? Infinity : Number(le), count] as const,
    )
    .sort((a, b) => a[0] - b[0]);
  const total = buckets[buckets.length - 1][1];
  const rank = q * total;
  const index = buckets.findIndex(([, count]) => count >= rank);
  const [upper, count] = buckets[index];
  if (upper === Infinity) return buckets[buckets.length - 2][0];
  const [lower, below] = index === 0 ? [0, 0] : buckets[index - 1];
  return lower + ((upper - lower) * (rank - below)) / (count - below);
}

export interface FixturePrometheus {
  url: string;
  /** Waits until Prometheus holds at least `samples` scrapes of the fixture. */
  waitForScrapes(samples: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startFixturePrometheus(options: {
  port: number;
  histograms: HistogramFixture[];
  gauges: GaugeFixture[];
}): Promise<FixturePrometheus> {
  let scrapes = 0;
  const exporter = http.createServer((_req, res) => {
    scrapes += 1;
    res.setHeader('Content-Type', 'text/plain; version=0.0.4');
    res.end(exposition(scrapes, options.histograms, options.gauges));
  });
  await new Promise<void>(resolve => exporter.listen(0, '127.0.0.1', resolve));
  const exporterPort = (exporter.address() as AddressInfo).port;

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ekyc-prometheus-'));
  fs.writeFileSync(
    path.join(dir, 'prometheus.yml'),
    `global: { scrape_interval: 1s }\nscrape_configs:\n  - job_name: fixture\n    static_configs: [{ targets: ['127.0.0.1:${exporterPort}'] }]\n`,
  );
  const url = `http://127.0.0.1:${options.port}`;
  const prometheus: ChildProcess = spawn(
    'prometheus',
    [
      `--config.file=${path.join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${options.port}`,
    ],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>(resolve =>
    prometheus.once('exit', () => resolve()),
  );

  const until = async (what: string, check: () => Promise<boolean>) => {
    for (let i = 0; i < 120; i++) {
      if (await check().catch(() => false)) return;
      if (prometheus.exitCode !== null)
        throw new Error(`prometheus exited (${prometheus.exitCode})`);
      await new Promise(resolve => setTimeout(resolve, 250));
    }
    throw new Error(`fixture Prometheus: ${what} not reached within 30 s`);
  };
  await until('readiness', async () => (await fetch(`${url}/-/ready`)).ok);

  let stopped = false;
  return {
    url,
    waitForScrapes: samples =>
      until(`${samples} scrapes`, async () => {
        const response = await fetch(
          `${url}/api/v1/query?query=${encodeURIComponent(
            `count_over_time(up{job="fixture"}[1m])`,
          )}`,
        );
        const body = (await response.json()) as {
          data: { result: Array<{ value: [number, string] }> };
        };
        return Number(body.data.result[0]?.value[1] ?? 0) >= samples;
      }),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      if (prometheus.exitCode === null) {
        prometheus.kill('SIGTERM');
        await exited;
      }
      await new Promise(resolve => exporter.close(resolve));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
