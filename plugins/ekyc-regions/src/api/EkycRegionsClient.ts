import { ResponseError } from '@backstage/errors';
import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import {
  CountriesResponse,
  PlanApproval,
  PlanApprovalsResponse,
  PlanDecisionRequest,
  RegionsResponse,
  TopologyResponse,
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
    return this.send('/regions');
  }

  getCountries(): Promise<CountriesResponse> {
    return this.send('/countries');
  }

  getTopology(): Promise<TopologyResponse> {
    return this.send('/topology');
  }

  // Plan approvals are the scaffolder module's, beside the tasks they hold back.
  getApprovals(): Promise<PlanApprovalsResponse> {
    return this.send('/ekyc-approvals', 'scaffolder');
  }

  decide(id: string, decision: PlanDecisionRequest): Promise<PlanApproval> {
    return this.send(
      `/ekyc-approvals/${encodeURIComponent(id)}/decision`,
      'scaffolder',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(decision),
      },
    );
  }

  private async send<T>(
    path: string,
    pluginId = 'ekyc-regions',
    init?: RequestInit,
  ): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    const url = `${baseUrl}${path}`;
    const response = await (init
      ? this.fetchApi.fetch(url, init)
      : this.fetchApi.fetch(url));
    if (!response.ok) {
      // Keeps the backend's message (a missing permission, a failed source) for the panel.
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
