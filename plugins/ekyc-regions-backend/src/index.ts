/**
 * The ekyc-regions backend plugin.
 *
 * @packageDocumentation
 */
export { ekycRegionsPlugin as default } from './plugin';
export type { FleetSources } from './service/fleetSources';
