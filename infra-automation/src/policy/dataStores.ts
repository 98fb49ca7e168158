import {
  awsTags,
  DataLocation,
  nodeLabels,
  parseCountryList,
  podAnnotations,
} from '@internal/ekyc-domain';
import { ResourceView, types } from './resourceTypes';

/** What a resource that can keep data declares about it. */
export type Declaration =
  | { holds: 'personal-data'; store: string; holdsDataOf: string[] }
  | { holds: 'none' }
  | { holds: 'undeclared' };

/** Where a store's data physically lives, or why it cannot be told. */
export type Placement = { location: DataLocation } | { unknown: string };

const awsStoreTypes: string[] = [
  types.rdsCluster,
  types.rdsInstance,
  types.s3Bucket,
  types.s3BucketV2,
];
const kubernetesStoreTypes: string[] = [
  types.statefulSet,
  types.persistentVolume,
];

/** Resources that keep data at rest; a StatefulSet only when it claims volumes. */
export function isDataStore(resource: ResourceView): boolean {
  if (awsStoreTypes.includes(resource.type)) return true;
  if (resource.type === types.persistentVolume) return true;
  return (
    resource.type === types.statefulSet &&
    (resource.props.spec?.volumeClaimTemplates?.length ?? 0) > 0
  );
}

export function declarationOf(resource: ResourceView): Declaration {
  if (kubernetesStoreTypes.includes(resource.type)) {
    const annotations = resource.props.metadata?.annotations ?? {};
    const store = annotations[podAnnotations.dataStore];
    if (!store) return { holds: 'undeclared' };
    const holdsDataOf = parseCountryList(
      annotations[podAnnotations.holdsDataOf],
    );
    return holdsDataOf.length
      ? { holds: 'personal-data', store, holdsDataOf }
      : { holds: 'none' };
  }
  const tags = resource.props.tags ?? {};
  if (tags[awsTags.personalData] === 'none') return { holds: 'none' };
  const holdsDataOf = parseCountryList(tags[awsTags.holdsDataOf]);
  if (!holdsDataOf.length) return { holds: 'undeclared' };
  return {
    holds: 'personal-data',
    store: tags[awsTags.dataStore] ?? resource.type,
    holdsDataOf,
  };
}

interface NodeSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

/** The single value a required node selector pins `key` to, if it does. */
function pinned(
  terms: { matchExpressions?: NodeSelectorRequirement[] }[] | undefined,
  key: string,
): string | undefined {
  const values = new Set<string>();
  for (const term of terms ?? []) {
    const requirement = term.matchExpressions?.find(
      e => e.key === key && e.operator === 'In',
    );
    // A term without the key lets pods go anywhere for that key.
    if (!requirement || requirement.values?.length !== 1) return undefined;
    values.add(requirement.values[0]);
  }
  return values.size === 1 ? [...values][0] : undefined;
}

function kubernetesPlacement(resource: ResourceView): Placement {
  const terms =
    resource.type === types.persistentVolume
      ? resource.props.spec?.nodeAffinity?.required?.nodeSelectorTerms
      : resource.props.spec?.template?.spec?.affinity?.nodeAffinity
          ?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  const site = pinned(terms, nodeLabels.site);
  const country = pinned(terms, nodeLabels.country);
  if (site && country) {
    return { location: { type: 'sovereign-site', country, site } };
  }
  const region = pinned(terms, nodeLabels.region);
  if (region) return { location: { type: 'cloud-region', region } };
  return {
    unknown: `its required node affinity pins it neither to a site and country (${nodeLabels.site} and ${nodeLabels.country}) nor to a region (${nodeLabels.region}), so it may land on any node`,
  };
}

function awsPlacement(resource: ResourceView): Placement {
  const region = resource.props.region ?? resource.provider?.props.region;
  return region
    ? { location: { type: 'cloud-region', region } }
    : {
        unknown:
          'neither the resource nor its provider names a region: set the region on the provider',
      };
}

export function placementOf(resource: ResourceView): Placement {
  return kubernetesStoreTypes.includes(resource.type)
    ? kubernetesPlacement(resource)
    : awsPlacement(resource);
}
