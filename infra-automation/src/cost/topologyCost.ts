import { TopologySpec } from '@internal/ekyc-domain';
import { CostEstimate, estimateCost, MinMax } from './estimateCost';
import { formatCostEstimate, money } from './formatCostEstimate';
import { OnPremCostModel } from './onPremCosts';
import { PriceTable } from './priceTable';

export interface TopologyCost {
  environments: Array<{ id: string; estimate: CostEstimate }>;
  /** The priced environments' sum, from every GPU pool's floor to its ceiling. */
  hourly: MinMax;
  monthly: MinMax;
  /** Environments left out of the sum, each with why. */
  notPriced: Array<{ id: string; reason: string }>;
  /** Environments in the sum without a part they have, each with which. */
  partial: Array<{ id: string; missing: string }>;
}

/** What the topology adds beside its environments, which no estimate holds yet. */
export const topologyNotPriced =
  "the topology's own routing: Route 53 records and health checks, Global Accelerator";

const cents = (usd: number) => Math.round(usd * 100) / 100;

/** What the whole topology costs: each environment's estimate and their sum. */
export function estimateTopologyCost(
  topology: TopologySpec,
  table: PriceTable,
  onPrem?: OnPremCostModel,
): TopologyCost {
  const environments = topology.environments.map(spec => ({
    id: spec.id,
    estimate: estimateCost(spec, table, onPrem),
  }));
  const sum = (pick: (e: { hourly: MinMax; monthly: MinMax }) => MinMax) =>
    environments.reduce(
      (total, { estimate }) =>
        estimate.priced
          ? {
              min: total.min + pick(estimate).min,
              max: total.max + pick(estimate).max,
            }
          : total,
      { min: 0, max: 0 },
    );
  const round = (range: MinMax) => ({
    min: cents(range.min),
    max: cents(range.max),
  });
  return {
    environments,
    hourly: round(sum(e => e.hourly)),
    monthly: round(sum(e => e.monthly)),
    notPriced: environments.flatMap(({ id, estimate }) =>
      estimate.priced ? [] : [{ id, reason: estimate.reason }],
    ),
    partial: environments.flatMap(({ id, estimate }) =>
      estimate.priced && estimate.partial
        ? [{ id, missing: estimate.partial }]
        : [],
    ),
  };
}

/** Each environment's estimate, then the topology's total and what it leaves out. */
export function formatTopologyCost(cost: TopologyCost): string {
  return [
    ...cost.environments.map(
      ({ id, estimate }) => `${id}:\n${formatCostEstimate(estimate)}`,
    ),
    [
      `the topology: ${money(cost.hourly)} USD per hour, ${money(
        cost.monthly,
      )} per month${
        cost.notPriced.length
          ? `, without ${cost.notPriced.map(({ id }) => id).join(', ')}`
          : ''
      }${cost.partial
        .map(({ id, missing }) => `, without ${id}'s ${missing}`)
        .join('')}`,
      `not priced: ${topologyNotPriced}`,
    ].join('\n'),
  ].join('\n\n');
}
