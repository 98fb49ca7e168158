import {
  gpuUtilisationMetric,
  imageProcessingHistogram,
} from '@internal/ekyc-domain';
import { LatencyQuantiles } from '@internal/plugin-ekyc-regions-common';
import { PrometheusClient } from './prometheus';

/** Latency quantiles per site, overall and split by stage and by citizen's country. */
export interface SiteLatency {
  overall: LatencyQuantiles;
  byStage: Map<string, LatencyQuantiles>;
  byCountry: Map<string, LatencyQuantiles>;
  p95Series: Array<[number, number | null]>;
}

/** What one Prometheus knows of the fleet, by site and by node. */
export interface FleetMetrics {
  latencyBySite: Map<string, SiteLatency>;
  /** Mean utilisation of each GPU over the window, by node (DCGM's Hostname). */
  gpuUtilisationByNode: Map<string, number[]>;
}

const quantiles = { p50: 0.5, p95: 0.95, p99: 0.99 } as const;

/** p95 over the last hour, one point every two minutes. */
const seriesRange = { seconds: 3600, stepSeconds: 120 };

function bucketRate(by: string[], window: string) {
  return `sum by (le, ${by.join(
    ', ',
  )}) (rate(${imageProcessingHistogram}_bucket[${window}]))`;
}

function emptyLatency(): SiteLatency {
  return {
    overall: { p50: null, p95: null, p99: null },
    byStage: new Map(),
    byCountry: new Map(),
    p95Series: [],
  };
}

/**
 * Reads the fleet's figures from one Prometheus: 9 quantile queries (3 quantiles,
 * overall / by stage / by country, each for every site at once), one range query and
 * one utilisation query, run through `limit`.
 */
export async function readFleetMetrics(
  prometheus: PrometheusClient,
  options: {
    window: string;
    now: number;
    limit: <T>(task: () => Promise<T>) => Promise<T>;
  },
): Promise<FleetMetrics> {
  const { window, now, limit } = options;
  const latencyBySite = new Map<string, SiteLatency>();
  const siteLatency = (site: string) => {
    let latency = latencyBySite.get(site);
    if (!latency) {
      latency = emptyLatency();
      latencyBySite.set(site, latency);
    }
    return latency;
  };
  const splits = [
    { by: ['site'], put: (site: string) => siteLatency(site).overall },
    { by: ['site', 'stage'], key: 'stage', map: 'byStage' },
    { by: ['site', 'country'], key: 'country', map: 'byCountry' },
  ] as const;

  const quantileQueries = splits.flatMap(split =>
    Object.entries(quantiles).map(([name, q]) =>
      limit(() =>
        prometheus.query(
          `histogram_quantile(${q}, ${bucketRate([...split.by], window)})`,
        ),
      ).then(samples => {
        for (const { labels, value } of samples) {
          if (!labels.site) continue;
          let target: LatencyQuantiles;
          if ('put' in split) {
            target = split.put(labels.site);
          } else {
            const group = siteLatency(labels.site)[split.map];
            const key = labels[split.key] ?? 'unknown';
            target = group.get(key) ?? { p50: null, p95: null, p99: null };
            group.set(key, target);
          }
          target[name as keyof LatencyQuantiles] = value;
        }
      }),
    ),
  );

  const seriesQuery = limit(() =>
    prometheus.queryRange(
      `histogram_quantile(0.95, ${bucketRate(['site'], window)})`,
      {
        start: now - seriesRange.seconds,
        end: now,
        stepSeconds: seriesRange.stepSeconds,
      },
    ),
  ).then(series => {
    for (const { labels, points } of series) {
      if (labels.site) siteLatency(labels.site).p95Series = points;
    }
  });

  const gpuUtilisationByNode = new Map<string, number[]>();
  const utilisationQuery = limit(() =>
    prometheus.query(`avg_over_time(${gpuUtilisationMetric}[${window}])`),
  ).then(samples => {
    for (const { labels, value } of samples) {
      if (!labels.Hostname || value === null) continue;
      const gpus = gpuUtilisationByNode.get(labels.Hostname) ?? [];
      gpus.push(value);
      gpuUtilisationByNode.set(labels.Hostname, gpus);
    }
  });

  await Promise.all([...quantileQueries, seriesQuery, utilisationQuery]);
  return { latencyBySite, gpuUtilisationByNode };
}
