/**
 * The ekyc-regions dashboard's HTTP contract and its permission.
 *
 * @packageDocumentation
 */
export * from './api/approvals';
export * from './api/clusters';
export * from './api/regions';
export * from './api/targets';
export * from './api/topology';
export * from './permissions';
