import {
  cloudRegionCountry,
  countryOfLocation,
} from '@internal/plugin-ekyc-regions-common';
import {
  dataStoresOf,
  EnvironmentSpec,
  RegionSpec,
  SovereignSiteSpec,
} from '../../spec';

export interface WorkloadImages {
  api: string;
  worker: string;
  database: string;
}

export const defaultImages: WorkloadImages = {
  api: 'ekyc/nid-validation-api:1.8.0',
  worker: 'ekyc/image-processing-worker:1.8.0',
  database: 'postgres:17.6',
};

/** Where an environment runs on a cluster and what its objects say about it. */
export interface Placement {
  /** Labels of the nodes the environment owns. */
  nodeLabels: Record<string, string>;
  /** Labels on every object the environment creates. */
  labels: Record<string, string>;
  apiReplicas: { min: number; max: number };
  egressAllowCidrs: string[];
}

/** Namespace of an environment on its cluster. */
export function namespaceOf(spec: EnvironmentSpec): string {
  return `ekyc-${spec.id}`;
}

function commonLabels(spec: EnvironmentSpec): Record<string, string> {
  return {
    'ekyc.io/environment': spec.id,
    'ekyc.io/environment-kind': spec.kind,
    'ekyc.io/owner': spec.owner.replace(/^group:(?:[^/]+\/)?/, ''),
    'ekyc.io/cost-center': spec.costCenter,
    'backstage.io/kubernetes-id': spec.id,
  };
}

export function sitePlacement(spec: SovereignSiteSpec): Placement {
  return {
    // The country too, so that the residency policy reads it from the affinity itself.
    nodeLabels: { 'ekyc.io/site': spec.site, 'ekyc.io/country': spec.country },
    labels: {
      ...commonLabels(spec),
      'ekyc.io/site': spec.site,
      'ekyc.io/country': spec.country,
      'ekyc.io/data-residency': 'in-country',
    },
    apiReplicas: { min: 2, max: 6 },
    // Pods may reach the on-prem networks the site is joined to, and nothing else outside.
    egressAllowCidrs: spec.connectivity.onPremCidrs,
  };
}

export function regionPlacement(spec: RegionSpec): Placement {
  const country = cloudRegionCountry[spec.region];
  return {
    nodeLabels: { 'topology.kubernetes.io/region': spec.region },
    labels: {
      ...commonLabels(spec),
      'ekyc.io/region': spec.region,
      ...(country ? { 'ekyc.io/country': country } : {}),
      'ekyc.io/data-residency': 'cloud-region',
      'ekyc.io/region-role': spec.role,
    },
    apiReplicas: { min: 3, max: 20 },
    egressAllowCidrs: [],
  };
}

/** Every store of personal data, where it is and whose data it holds. */
export function dataLocations(spec: EnvironmentSpec) {
  return dataStoresOf(spec).map(store => ({
    store: store.store,
    location: store.location,
    country: countryOfLocation(store.location) ?? 'unknown',
    holdsDataOf: store.countries,
  }));
}

export function placementOf(spec: EnvironmentSpec): Placement {
  return spec.kind === 'region' ? regionPlacement(spec) : sitePlacement(spec);
}
