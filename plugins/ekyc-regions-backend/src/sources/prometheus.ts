import { z } from 'zod';
import { fetchJson } from './fetchJson';

/** One series of an instant vector: its labels and value (null for NaN or ±Inf). */
export interface InstantSample {
  labels: Record<string, string>;
  value: number | null;
}

export interface RangeSeries {
  labels: Record<string, string>;
  points: Array<[number, number | null]>;
}

const sampleValue = z.tuple([z.number(), z.string()]);

const queryResponse = <T extends z.ZodType>(result: T) =>
  z.object({
    status: z.literal('success'),
    data: z.object({ result }),
  });

const vector = queryResponse(
  z.array(
    z.object({ metric: z.record(z.string(), z.string()), value: sampleValue }),
  ),
);
const matrix = queryResponse(
  z.array(
    z.object({
      metric: z.record(z.string(), z.string()),
      values: z.array(sampleValue),
    }),
  ),
);

function numberOf(text: string): number | null {
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

/**
 * Prometheus' HTTP API, queried with PromQL written on the server only; queries go
 * form-encoded in a POST body, so any label value is safe and long queries fit.
 */
export class PrometheusClient {
  constructor(readonly url: string, private readonly timeoutMs: number) {}

  async query(promql: string): Promise<InstantSample[]> {
    const body = await this.post('/api/v1/query', { query: promql });
    return vector.parse(body).data.result.map(series => ({
      labels: series.metric,
      value: numberOf(series.value[1]),
    }));
  }

  async queryRange(
    promql: string,
    range: { start: number; end: number; stepSeconds: number },
  ): Promise<RangeSeries[]> {
    const body = await this.post('/api/v1/query_range', {
      query: promql,
      start: String(range.start),
      end: String(range.end),
      step: `${range.stepSeconds}s`,
    });
    return matrix.parse(body).data.result.map(series => ({
      labels: series.metric,
      points: series.values.map(([time, value]) => [time, numberOf(value)]),
    }));
  }

  private post(path: string, form: Record<string, string>) {
    return fetchJson(`${this.url.replace(/\/$/, '')}${path}`, {
      body: new URLSearchParams({
        ...form,
        // Prometheus gives up too, so that a heavy query does not linger there.
        timeout: `${Math.max(1, Math.floor(this.timeoutMs / 1000))}s`,
      }),
      timeoutMs: this.timeoutMs,
    });
  }
}
