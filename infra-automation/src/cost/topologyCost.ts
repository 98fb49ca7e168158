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
}

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
  };
}

/** Each environment's estimate, then the topology's total and what it leaves out. */
export function formatTopologyCost(cost: TopologyCost): string {
  return [
    ...cost.environments.map(
      ({ id, estimate }) => `${id}:\n${formatCostEstimate(estimate)}`,
    ),
    `the topology: ${money(cost.hourly)} USD per hour, ${money(
      cost.monthly,
    )} per month${
      cost.notPriced.length
        ? `, without ${cost.notPriced.map(({ id }) => id).join(', ')}`
        : ''
    }`,
  ].join('\n\n');
}
