import {
  cloudRegionCountry,
  dataStoresOf,
  EnvironmentSpec,
  nodeLabels,
  nodeTaints,
  objectLabels,
  RegionSpec,
  SovereignSiteSpec,
  stackDataLocation,
} from '@internal/ekyc-domain';

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
  /** The taints of those nodes its pods tolerate: a site's nodes are its alone. */
  nodeTolerations: Array<{
    key: string;
    operator: 'Equal';
    value: string;
    effect: 'NoSchedule';
  }>;
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
    [objectLabels.environment]: spec.id,
    [objectLabels.environmentKind]: spec.kind,
    [objectLabels.owner]: spec.owner.replace(/^group:(?:[^/]+\/)?/, ''),
    [objectLabels.costCenter]: spec.costCenter,
    [objectLabels.kubernetesId]: spec.id,
  };
}

export function sitePlacement(spec: SovereignSiteSpec): Placement {
  return {
    // The country too, so that the residency policy reads it from the affinity itself.
    nodeLabels: {
      [nodeLabels.site]: spec.site,
      [nodeLabels.country]: spec.country,
    },
    nodeTolerations: [
      {
        key: nodeTaints.site,
        operator: 'Equal',
        value: spec.site,
        effect: 'NoSchedule',
      },
    ],
    labels: {
      ...commonLabels(spec),
      [objectLabels.site]: spec.site,
      [objectLabels.country]: spec.country,
      [objectLabels.dataResidency]: 'in-country',
    },
    apiReplicas: { min: 2, max: 6 },
    // Pods may reach the on-prem networks the site is joined to, and nothing else outside.
    egressAllowCidrs: spec.connectivity.onPremCidrs,
  };
}

export function regionPlacement(spec: RegionSpec): Placement {
  const country = cloudRegionCountry[spec.region];
  return {
    nodeLabels: { [nodeLabels.region]: spec.region },
    nodeTolerations: [],
    labels: {
      ...commonLabels(spec),
      [objectLabels.region]: spec.region,
      ...(country ? { [objectLabels.country]: country } : {}),
      [objectLabels.dataResidency]: 'cloud-region',
      [objectLabels.regionRole]: spec.role,
    },
    apiReplicas: { min: 3, max: 20 },
    egressAllowCidrs: [],
  };
}

/** Every store of personal data, where it is and whose data it holds. */
export function dataLocations(spec: EnvironmentSpec) {
  return dataStoresOf(spec).map(stackDataLocation);
}

export function placementOf(spec: EnvironmentSpec): Placement {
  return spec.kind === 'region' ? regionPlacement(spec) : sitePlacement(spec);
}
