import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  CountriesResponse,
  PlanApproval,
  PlanApprovalsResponse,
  PlanDecisionRequest,
  RegionsResponse,
  TopologyResponse,
} from '@internal/plugin-ekyc-regions-common';

/** The ekyc-regions backend's views, as the page and the entity tab read them. */
export interface EkycRegionsApi {
  /** Every cloud region and sovereign site, and the sources that could not be read. */
  getRegions(): Promise<RegionsResponse>;
  /** A residency verdict per served country, with its evidence. */
  getCountries(): Promise<CountriesResponse>;
  /** Who serves each country, where it fails over, and each edge's verdict. */
  getTopology(): Promise<TopologyResponse>;
  /** Plans waiting for a second platform member, and the latest decisions. */
  getApprovals(): Promise<PlanApprovalsResponse>;
  /** Approves or rejects a pending plan as the signed-in user. */
  decide(id: string, decision: PlanDecisionRequest): Promise<PlanApproval>;
}

export const ekycRegionsApiRef = createApiRef<EkycRegionsApi>({
  id: 'plugin.ekyc-regions.service',
});
