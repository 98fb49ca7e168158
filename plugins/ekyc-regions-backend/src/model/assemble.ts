import { entityAnnotations, nodeLabels } from '@internal/ekyc-domain';
import {
  CountryView,
  DataLocationEvidence,
  EnvironmentSummary,
  RegionView,
  SourceError,
} from '@internal/plugin-ekyc-regions-common';
import { CatalogEnvironment } from '../sources/catalogEnvironments';
import { FleetMetrics } from '../sources/fleetMetrics';
import { ClusterFleet } from '../sources/kubernetesFleet';
import { EnvironmentOutputs } from '../sources/stackOutputs';
import { clusterEvidence } from './clusterEvidence';
import { foreignWorkloads } from './foreignWorkloads';
import {
  available,
  latencyFigures,
  unavailable,
  utilisationFigures,
} from './figures';
import { allocatedByNode, gpuFiguresOf } from './gpuFigures';
import { countryViewsOf, verdictOf, violationsOf } from './residency';
import { SiteNodes, sitesOfFleets } from './sites';

/** A read that either gave a value or failed with a message for a person. */
export type Outcome<T> = { value: T } | { error: string };

/** Everything read from the sources in one pass. */
export interface FleetSnapshot {
  environments: Outcome<CatalogEnvironment[]>;
  clusters: Array<{
    name: string;
    prometheusUrl?: string;
    fleet: Outcome<ClusterFleet>;
  }>;
  /** By Prometheus URL. */
  metrics: Map<string, Outcome<FleetMetrics>>;
  /** By environment entity ref; absent for an environment without a stack. */
  outputs: Map<string, Outcome<EnvironmentOutputs>>;
  /** Sites seen on earlier reads, so that an unreachable cluster's sites stay listed. */
  lastSeenSites: Map<string, Omit<SiteNodes, 'nodes'>>;
}

export interface AssembledViews {
  regions: RegionView[];
  countries: CountryView[];
  errors: SourceError[];
}

const errorOf = <T>(outcome: Outcome<T>) =>
  'error' in outcome ? outcome.error : undefined;
const valueOf = <T>(outcome: Outcome<T> | undefined) =>
  outcome && 'value' in outcome ? outcome.value : undefined;

/** Joins one snapshot into the region and country views. */
export function assembleViews(
  snapshot: FleetSnapshot,
  sloP95Seconds: number,
): AssembledViews {
  const errors: SourceError[] = [];
  const environments = valueOf(snapshot.environments) ?? [];
  const catalogError = errorOf(snapshot.environments);
  if (catalogError)
    errors.push({ source: 'catalog', name: 'catalog', error: catalogError });

  const fleets: ClusterFleet[] = [];
  const clusterErrors = new Map<string, string>();
  for (const cluster of snapshot.clusters) {
    const fleet = valueOf(cluster.fleet);
    if (fleet) fleets.push(fleet);
    else {
      const error = errorOf(cluster.fleet)!;
      clusterErrors.set(cluster.name, error);
      errors.push({ source: 'kubernetes', name: cluster.name, error });
    }
  }
  for (const [url, outcome] of snapshot.metrics) {
    const error = errorOf(outcome);
    if (error) errors.push({ source: 'prometheus', name: url, error });
  }
  for (const [entityRef, outcome] of snapshot.outputs) {
    const error = errorOf(outcome);
    if (error) errors.push({ source: 'pulumi', name: entityRef, error });
  }

  const sites = sitesOfFleets(fleets);
  const foreign = fleets.map(foreignWorkloads);
  const allocated = new Map(fleets.map(f => [f.cluster, allocatedByNode(f)]));
  const observed: DataLocationEvidence[] = [];
  for (const fleet of fleets) {
    const { evidence, unplaced } = clusterEvidence(fleet);
    observed.push(...evidence);
    for (const error of unplaced) {
      errors.push({ source: 'kubernetes', name: fleet.cluster, error });
    }
  }
  const prometheusOf = new Map(
    snapshot.clusters.map(cluster => [cluster.name, cluster.prometheusUrl]),
  );

  const siteIds = new Set([
    ...sites.keys(),
    ...[...snapshot.lastSeenSites.values()]
      .filter(site => site.clusters.some(c => clusterErrors.has(c)))
      .map(site => site.id),
    ...environments.flatMap(env => (env.siteId ? [env.siteId] : [])),
  ]);

  const servedBy = new Map<string, string[]>();
  const declared: DataLocationEvidence[] = [];
  const regions = [...siteIds].map((id): RegionView => {
    const site = sites.get(id);
    const lastSeen = snapshot.lastSeenSites.get(id);
    const known = site ?? lastSeen;
    const siteEnvironments = environments.filter(env => env.siteId === id);
    // A site seen on several clusters: one failing now leaves its figures incomplete.
    const clusters = [
      ...new Set([...(site?.clusters ?? []), ...(lastSeen?.clusters ?? [])]),
    ];
    const failing = clusters.filter(c => clusterErrors.has(c));
    const clusterProblem = failing
      .map(c => `cluster ${c}: ${clusterErrors.get(c)}`)
      .join('; ');

    const summaries = siteEnvironments.map((env): EnvironmentSummary => {
      const outcome = snapshot.outputs.get(env.entityRef);
      const outputs = valueOf(outcome);
      const servesCountries = outputs?.servesCountries ?? env.servesCountries;
      for (const country of servesCountries) {
        const list = servedBy.get(country) ?? [];
        if (!list.includes(id)) list.push(id);
        servedBy.set(country, list);
      }
      return {
        entityRef: env.entityRef,
        title: env.title,
        type: env.type,
        stack: env.stack,
        kubernetesId: env.kubernetesId,
        servesCountries,
        dataLocations: outputs
          ? available(outputs.dataLocations)
          : unavailable(
              'pulumi',
              outcome
                ? errorOf(outcome)!
                : `${env.entityRef} has no ${entityAnnotations.stack} annotation, so its stack's outputs cannot be read`,
            ),
        ...(outputs?.tunnels ? { tunnels: outputs.tunnels } : {}),
      };
    });

    let gpu: RegionView['gpu'];
    if (site && !failing.length) {
      gpu = available(
        gpuFiguresOf(
          site,
          (cluster, node) => allocated.get(cluster)?.get(node) ?? 0,
        ),
      );
    } else if (clusterProblem) {
      gpu = unavailable('kubernetes', clusterProblem);
    } else {
      const names =
        snapshot.clusters.map(c => c.name).join(', ') || 'none configured';
      gpu = unavailable(
        'kubernetes',
        `no node is labelled ${nodeLabels.site}=${id} in the clusters (${names}): label the site's nodes, or add its cluster to the kubernetes plugin's config`,
      );
    }

    const metrics = metricsOf(
      clusters,
      clusters.map(c => prometheusOf.get(c)).find(Boolean),
      snapshot.metrics,
    );
    const latency =
      'value' in metrics
        ? available(
            latencyFigures(metrics.value.latencyBySite.get(id), sloP95Seconds),
          )
        : unavailable<never>('prometheus', metrics.error);
    let utilisation: RegionView['utilisation'];
    if (!('value' in metrics)) {
      utilisation = unavailable('prometheus', metrics.error);
    } else if (!site || failing.length) {
      utilisation = unavailable(
        'kubernetes',
        clusterProblem || 'the site has no GPU nodes',
      );
    } else {
      utilisation = available(
        utilisationFigures(
          site.nodes.filter(n => n.node.gpuCapacity > 0).map(n => n.node.name),
          metrics.value.gpuUtilisationByNode,
        ),
      );
    }

    const declaredHere = summaries.flatMap(summary =>
      summary.dataLocations.status === 'available'
        ? summary.dataLocations.value
        : [],
    );
    declared.push(...declaredHere);
    const observedHere = observed.filter(item =>
      item.location.type === 'sovereign-site'
        ? item.location.site === id
        : known?.kind === 'region' &&
          item.location.region === (known.region ?? id),
    );
    const evidence = [...declaredHere, ...observedHere];
    const violations = violationsOf(evidence);
    const findings = foreign.flatMap(found => found.get(id) ?? []);
    const siteUnavailable = [
      ...failing.map(c => `cluster ${c}`),
      ...summaries
        .filter(summary => summary.dataLocations.status === 'unavailable')
        .map(summary => `outputs of ${summary.entityRef}`),
    ];

    return {
      id,
      kind:
        known?.kind ??
        (siteEnvironments[0]?.type === 'ekyc-sovereign-site'
          ? 'sovereign-site'
          : 'region'),
      region: known?.region,
      country: known?.country,
      clusters,
      environments: summaries,
      gpu,
      utilisation,
      latency,
      residency: {
        verdict: findings.length
          ? 'violating'
          : verdictOf(evidence, violations, siteUnavailable),
        violations,
        findings,
      },
    };
  });

  regions.sort(
    (a, b) => a.kind.localeCompare(b.kind) || a.id.localeCompare(b.id),
  );

  const countries = countryViewsOf({
    evidence: [...declared, ...observed],
    servedBy,
    unavailable: [
      ...(catalogError ? ['catalog'] : []),
      ...[...clusterErrors.keys()].map(c => `cluster ${c}`),
      ...[...snapshot.outputs]
        .filter(([, outcome]) => 'error' in outcome)
        .map(([ref]) => `outputs of ${ref}`),
    ],
  });
  return { regions, countries, errors };
}

/** The metrics of the Prometheus that holds a site's clusters' metrics, or why none. */
function metricsOf(
  clusters: string[],
  prometheusUrl: string | undefined,
  metrics: Map<string, Outcome<FleetMetrics>>,
): Outcome<FleetMetrics> {
  if (!prometheusUrl) {
    return {
      error: clusters.length
        ? `no Prometheus is configured for cluster ${clusters.join(
            ', ',
          )}: set its prometheusUrl in ekyc.clusters (or ekycRegions.clusters)`
        : 'the site has no cluster whose Prometheus to ask',
    };
  }
  return (
    metrics.get(prometheusUrl) ?? { error: `${prometheusUrl} was not read` }
  );
}
