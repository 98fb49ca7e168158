import { z } from 'zod';
import { cloudRegionCountry, CountryCode } from '../residency/locations';
import { residencyRules } from '../residency/rules';
import {
  cloudRegion,
  clusterName,
  countryCode,
  dnsLabel,
} from '../spec/fieldFormats';
import type { EnvironmentSpec } from '../spec/environmentSpec';

/**
 * Where a registered cluster is: its country, and either the cloud region it runs in or
 * the on-prem site it belongs to (neither: an on-prem cluster the country's sites share).
 * Residency covers clusters through this: an environment's data lives where its cluster is.
 */
export const clusterPlaceSchema = z
  .object({
    name: clusterName,
    title: z.string().optional(),
    country: countryCode,
    region: cloudRegion.optional(),
    site: dnsLabel('site', 32).optional(),
  })
  .superRefine((cluster, ctx) => {
    if (cluster.region && cluster.site) {
      ctx.addIssue({
        code: 'custom',
        path: ['site'],
        message:
          'a cluster is in a cloud region or at an on-prem site, not both: remove region or site',
      });
    }
    if (cluster.region) {
      const regionCountry = cloudRegionCountry[cluster.region];
      if (regionCountry !== cluster.country) {
        ctx.addIssue({
          code: 'custom',
          path: ['region'],
          message: regionCountry
            ? `${cluster.region} is in ${regionCountry}, not ${cluster.country}: set country to ${regionCountry}`
            : `${
                cluster.region
              } is not a cloud region the portal knows the country of: one of ${Object.keys(
                cloudRegionCountry,
              ).join(', ')}`,
        });
      }
    }
  });

export type ClusterPlace = z.output<typeof clusterPlaceSchema>;

/** Where an environment wants to run, as far as the form or the spec knows it. */
export type EnvironmentPlace =
  | { kind: 'region'; region: string }
  | { kind: 'sovereign-site'; country: string; site?: string };

export function placeOfSpec(spec: EnvironmentSpec): EnvironmentPlace {
  return spec.kind === 'region'
    ? { kind: 'region', region: spec.region }
    : { kind: 'sovereign-site', country: spec.country, site: spec.site };
}

/** "cluster sandbox-dhaka (BD, site bd-dhaka-1)", for a person. */
export function describeClusterPlace(cluster: ClusterPlace): string {
  let where = 'on-prem';
  if (cluster.region) where = `cloud region ${cluster.region}`;
  else if (cluster.site) where = `site ${cluster.site}`;
  return `cluster ${cluster.name} (${cluster.country}, ${where})`;
}

/**
 * Why the environment may not run on the cluster, or undefined when it may. A region
 * runs on a cluster in that region; a sovereign site only on a cluster in its country
 * (and, if the cluster belongs to one site, that site): its data lives where its
 * cluster is, and the country's rule keeps it at home.
 */
export function clusterPlacementProblem(
  place: EnvironmentPlace,
  cluster: ClusterPlace,
): string | undefined {
  if (place.kind === 'region') {
    return cluster.region === place.region
      ? undefined
      : `${describeClusterPlace(cluster)} is not in cloud region ${
          place.region
        }: a region environment runs on a cluster in its region, where its stack declares its data`;
  }
  const rule = residencyRules[place.country as CountryCode];
  if (cluster.country !== place.country) {
    const why = rule
      ? `${rule.countryName}'s rule (${rule.rule}: ${rule.summary} ${rule.legalBasis})`
      : `the rule of ${place.country}`;
    return `${describeClusterPlace(cluster)} is outside ${
      place.country
    }: a sovereign site lands only on a cluster in its country, by ${why}`;
  }
  if (cluster.site && place.site && cluster.site !== place.site) {
    return `${describeClusterPlace(cluster)} belongs to site ${
      cluster.site
    }, not ${
      place.site
    }: choose a cluster of this site or one its country's sites share`;
  }
  return undefined;
}

/** The clusters an environment at this place may run on, in the order given. */
export function clustersAllowedFor(
  place: EnvironmentPlace,
  clusters: readonly ClusterPlace[],
): ClusterPlace[] {
  return clusters.filter(
    cluster => clusterPlacementProblem(place, cluster) === undefined,
  );
}

/** Why a spec may not run on its cluster: a residency breach, or a wrong name or place. */
export interface ClusterPlacementRefusal {
  kind: 'residency' | 'validation';
  message: string;
}

/**
 * Checks the spec's cluster against the registry: undefined when it may run there (or
 * needs no registered cluster: a region on target aws creates its own); otherwise the
 * refusal for the `cluster` field, naming the rule and the clusters allowed.
 */
export function checkClusterOfSpec(
  spec: EnvironmentSpec,
  clusters: readonly ClusterPlace[],
): ClusterPlacementRefusal | undefined {
  if (!spec.cluster) return undefined;
  const place = placeOfSpec(spec);
  const allowed = clustersAllowedFor(place, clusters)
    .map(cluster => cluster.name)
    .join(', ');
  const choose = allowed
    ? `choose one of: ${allowed}`
    : `no registered cluster may take it: register one in ${
        place.kind === 'region' ? place.region : place.country
      } (ekyc.clusters, or a catalog Resource of type kubernetes-cluster)`;
  const cluster = clusters.find(c => c.name === spec.cluster);
  if (!cluster) {
    return {
      kind: 'validation',
      message: `no registered cluster is named ${spec.cluster}: ${choose}`,
    };
  }
  const problem = clusterPlacementProblem(place, cluster);
  if (!problem) return undefined;
  // A site's data abroad breaks its country's rule; anything else is a wrong choice.
  const abroad =
    place.kind === 'sovereign-site' && cluster.country !== place.country;
  return {
    kind: abroad ? 'residency' : 'validation',
    message: `${problem}; ${choose}`,
  };
}
