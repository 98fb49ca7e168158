export { ekycRegionsApiRef } from './EkycRegionsApi';
export type { EkycRegionsApi } from './EkycRegionsApi';
export { EkycRegionsClient } from './EkycRegionsClient';
