import { z } from 'zod';

const rate = z.number().min(0, 'must be an amount of 0 or more, in USD');

const onPremRatesSchema = z.strictObject({
  /** The hardware's cost (servers, GPUs, storage) spread over its life, per GPU-hour. */
  gpuHour: rate,
  /** Power and cooling per GPU-hour. */
  powerPerGpuHour: rate,
  /** A sovereign site's link to its hub: circuit, routers and their support, a month. */
  linkMonthly: rate,
});

/**
 * What capacity the company owns costs (target kubernetes: a sovereign site, or a
 * region on a registered cluster), from finance's own model: `ekyc.costs.onPrem`.
 * `byCountry` overrides the rates where the cluster is.
 */
export const onPremCostModelSchema = z.strictObject({
  source: z.string().min(1, "name the model's source, e.g. a finance model"),
  recorded: z.iso.date('must be the date of the figures, e.g. 2026-11-30'),
  ...onPremRatesSchema.shape,
  byCountry: z
    .record(
      z.string().regex(/^[A-Z]{2}$/, 'must be a country code such as BD'),
      onPremRatesSchema.partial(),
    )
    .default({}),
});

export type OnPremCostModel = z.output<typeof onPremCostModelSchema>;
export type OnPremRates = z.output<typeof onPremRatesSchema>;

/** The rates where a cluster is: the country's own, else the model's. */
export function onPremRatesFor(
  model: OnPremCostModel,
  country: string | undefined,
): OnPremRates {
  return {
    gpuHour: model.gpuHour,
    powerPerGpuHour: model.powerPerGpuHour,
    linkMonthly: model.linkMonthly,
    ...(country ? model.byCountry[country] : {}),
  };
}

/**
 * Reads `ekyc.costs.onPrem` once, at start-up; undefined when it is not configured
 * (target kubernetes is then not estimated). Throws naming the key and the fix.
 */
export function readOnPremCostModel(config: {
  getOptional(key: string): unknown;
}): OnPremCostModel | undefined {
  const key = 'ekyc.costs.onPrem';
  const raw = config.getOptional(key);
  if (raw === undefined) return undefined;
  const parsed = onPremCostModelSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new Error(
    `${key} is not valid: ${parsed.error.issues
      .map(issue => `${[key, ...issue.path].join('.')} ${issue.message}`)
      .join('; ')}`,
  );
}
