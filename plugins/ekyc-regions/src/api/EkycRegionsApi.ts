import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  CountriesResponse,
  RegionsResponse,
} from '@internal/plugin-ekyc-regions-common';

/** The ekyc-regions backend's views, as the page and the entity tab read them. */
export interface EkycRegionsApi {
  /** Every cloud region and sovereign site, and the sources that could not be read. */
  getRegions(): Promise<RegionsResponse>;
  /** A residency verdict per served country, with its evidence. */
  getCountries(): Promise<CountriesResponse>;
}

export const ekycRegionsApiRef = createApiRef<EkycRegionsApi>({
  id: 'plugin.ekyc-regions.service',
});
