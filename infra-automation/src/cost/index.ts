export { estimateCost } from './estimateCost';
export type { CostEstimate, CostLine, MinMax } from './estimateCost';
export { formatCostEstimate } from './formatCostEstimate';
export {
  loadPriceTable,
  parsePriceTable,
  priceTableRepoPath,
  priceTableSchema,
} from './priceTable';
export type { PriceTable, RegionPrices } from './priceTable';
