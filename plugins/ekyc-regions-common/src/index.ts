/**
 * Types and data-residency rules shared by the ekyc-regions plugins and infra-automation.
 *
 * @packageDocumentation
 */
export * from './residency/locations';
export * from './residency/rules';
export * from './residency/checkResidency';
