import { imageProcessingStages } from '@internal/ekyc-domain';
import {
  Figures,
  FigureSource,
  LatencyFigures,
  UtilisationFigures,
} from '@internal/plugin-ekyc-regions-common';
import { SiteLatency } from '../sources/fleetMetrics';

export function available<T>(value: T): Figures<T> {
  return { status: 'available', value };
}

export function unavailable<T>(
  source: FigureSource,
  error: string,
): Figures<T> {
  return { status: 'unavailable', source, error };
}

const stageOrder = (stage: string) => {
  const index = (imageProcessingStages as readonly string[]).indexOf(stage);
  return index === -1 ? imageProcessingStages.length : index;
};

/** A site's latency judged against the p95 objective; no traffic gives nulls. */
export function latencyFigures(
  latency: SiteLatency | undefined,
  sloP95Seconds: number,
): LatencyFigures {
  const overall = latency?.overall ?? { p50: null, p95: null, p99: null };
  return {
    sloP95Seconds,
    withinSlo: overall.p95 === null ? null : overall.p95 <= sloP95Seconds,
    overall,
    byStage: [...(latency?.byStage ?? [])]
      .map(([stage, quantiles]) => ({ stage, ...quantiles }))
      .sort((a, b) => stageOrder(a.stage) - stageOrder(b.stage)),
    byCountry: [...(latency?.byCountry ?? [])]
      .map(([country, quantiles]) => ({ country, ...quantiles }))
      .sort((a, b) => a.country.localeCompare(b.country)),
    p95Series: latency?.p95Series ?? [],
  };
}

/** Per-node means and the site's mean over every GPU that reports. */
export function utilisationFigures(
  nodeNames: string[],
  byNode: Map<string, number[]>,
): UtilisationFigures {
  const all: number[] = [];
  const nodes = nodeNames.flatMap(node => {
    const gpus = byNode.get(node);
    if (!gpus?.length) return [];
    all.push(...gpus);
    return [{ node, percent: mean(gpus) }];
  });
  return { averagePercent: all.length ? mean(all) : null, nodes };
}

function mean(values: number[]) {
  return values.reduce((a, b) => a + b, 0) / values.length;
}
