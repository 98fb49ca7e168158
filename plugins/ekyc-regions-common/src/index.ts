/**
 * Types, permissions, metric names and the data-residency rules shared by the
 * ekyc-regions plugins and infra-automation.
 *
 * @packageDocumentation
 */
export * from './residency/locations';
export * from './residency/rules';
export * from './residency/checkResidency';
export * from './api/regions';
export * from './metrics';
export * from './environmentEntity';
export * from './permissions';
