export { estimateCost } from './estimateCost';
export type {
  CostEstimate,
  CostLine,
  MinMax,
  PriceSource,
} from './estimateCost';
export {
  onPremCostModelSchema,
  onPremRatesFor,
  readOnPremCostModel,
} from './onPremCosts';
export type { OnPremCostModel, OnPremRates } from './onPremCosts';
export { formatCostEstimate } from './formatCostEstimate';
export {
  loadPriceTable,
  parsePriceTable,
  priceTableRepoPath,
  priceTableSchema,
} from './priceTable';
export type { PriceTable, RegionPrices } from './priceTable';
export { estimateTopologyCost, formatTopologyCost } from './topologyCost';
export type { TopologyCost } from './topologyCost';
export { refreshPriceTable, priceListSource } from './refreshPriceTable';
