/**
 * The eKYC regions frontend plugin: a page of GPU capacity, latency and data residency
 * per region, site and country, and the same as a tab of environments and the ekyc System.
 *
 * @packageDocumentation
 */
export { ekycRegionsPlugin as default } from './plugin';
export { ekycRegionsApiRef, EkycRegionsClient } from './api';
export type { EkycRegionsApi } from './api';
