import { Config } from '@backstage/config';
import { z } from 'zod';

const promDuration = z
  .string()
  .regex(/^\d+[smhd]$/, 'a PromQL duration such as 5m or 30s');

const regionsConfigSchema = z.object({
  clusters: z
    .array(
      z.object({ name: z.string().min(1), prometheusUrl: z.url().optional() }),
    )
    .default([]),
  latencySloP95Seconds: z.number().positive().default(1.5),
  rateWindow: promDuration.default('5m'),
  cacheTtlSeconds: z.number().int().positive().default(30),
  stackOutputsTtlSeconds: z.number().int().positive().default(300),
  maxConcurrentRequests: z.number().int().min(1).max(64).default(8),
  requestTimeoutMs: z.number().int().min(100).default(5000),
});

export type RegionsConfig = z.infer<typeof regionsConfigSchema>;

/** `ekycRegions` (config.d.ts), checked; throws naming each bad key and what it needs. */
export function readRegionsConfig(root: Config): RegionsConfig {
  const parsed = regionsConfigSchema.safeParse(
    root.getOptional('ekycRegions') ?? {},
  );
  if (!parsed.success) {
    throw new Error(
      `ekycRegions is invalid: ${parsed.error.issues
        .map(issue => `ekycRegions.${issue.path.join('.')}: ${issue.message}`)
        .join('; ')}`,
    );
  }
  return parsed.data;
}
