import type { CostEstimate, MinMax } from './estimateCost';

const usd = new Intl.NumberFormat('en-US', {
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});

const range = (r: MinMax, format: (n: number) => string) =>
  r.min === r.max ? format(r.min) : `${format(r.min)}–${format(r.max)}`;

/** A range of USD amounts, one figure when both ends agree. */
export const money = (r: MinMax) => range(r, n => usd.format(n));

/** A short table for the CLI: each line, the total, what is left out and where prices come from. */
export function formatCostEstimate(estimate: CostEstimate): string {
  if (!estimate.priced) return `cost: not estimated: ${estimate.reason}`;
  const rows = [
    ...estimate.lines.map(line => [
      `${line.item}: ${range(line.quantity, String)} ${line.unit}${
        line.quantity.max === 1 ? '' : 's'
      }`,
      money(line.hourly),
      money(line.monthly),
    ]),
    ['total', money(estimate.hourly), money(estimate.monthly)],
  ];
  const header = [
    `cost of ${estimate.place}, ${estimate.currency}`,
    'per hour',
    'per month',
  ];
  const widths = header.map((_, column) =>
    Math.max(...[header, ...rows].map(row => row[column].length)),
  );
  const layout = (row: string[]) =>
    row
      .map((cell, column) =>
        column === 0
          ? cell.padEnd(widths[column])
          : cell.padStart(widths[column]),
      )
      .join('  ');
  return [
    layout(header),
    ...rows.map(layout),
    `not priced: ${estimate.notPriced.join('; ')}`,
    ...estimate.sources.flatMap(source => [
      `${source.prices}: ${source.source}, recorded ${source.recorded}`,
      ...(source.checked ? [] : [`caveat: ${source.caveat}`]),
    ]),
  ].join('\n');
}
