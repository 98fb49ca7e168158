import { ResponseError } from '@backstage/errors';
import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import {
  CountriesResponse,
  RegionsResponse,
} from '@internal/plugin-ekyc-regions-common';
import { EkycRegionsApi } from './EkycRegionsApi';

/** Reads the ekyc-regions backend with the signed-in user's credentials. */
export class EkycRegionsClient implements EkycRegionsApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  getRegions(): Promise<RegionsResponse> {
    return this.get('/regions');
  }

  getCountries(): Promise<CountriesResponse> {
    return this.get('/countries');
  }

  private async get<T>(path: string): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('ekyc-regions');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`);
    if (!response.ok) {
      // Keeps the backend's message (a missing permission, a failed source) for the panel.
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
