// What other packages' tests share of these: the local double of the RDS API.
export { startRdsDouble } from './rdsDouble';
export type { DoubleGlobalCluster, RdsRequest } from './rdsDouble';
