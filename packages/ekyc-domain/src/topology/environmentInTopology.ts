import type { TopologyEntitySpec } from '../catalog/topologyEntity';
import { describeLocation } from '../residency/locations';
import { EnvironmentSpec, locationOf } from '../spec/environmentSpec';
import { checkCountryEdges, storesOf, TopologyEdge } from './checkTopology';

/** Why a topology refuses an environment as a request would make it, and the field to change. */
export interface TopologyProblem {
  field: string;
  message: string;
}

/**
 * A request that changes an environment a topology routes to is judged against that
 * topology: the edges that lead to the environment (or, as a country's primary, its
 * replicas) re-derived from the request and checked by the topology's own check; and a
 * primary must keep serving the countries the topology sends it. Edges that do not
 * involve the environment are the topology's own business, not this request's.
 */
export function checkEnvironmentInTopology(
  topology: TopologyEntitySpec,
  spec: EnvironmentSpec,
): TopologyProblem[] {
  const placeField = spec.kind === 'region' ? 'region' : 'site';
  return topology.countries.flatMap(route => {
    const problems: TopologyProblem[] = [];
    const edges: Array<TopologyEdge & { field: string }> = [];
    if (route.primary === spec.id) {
      if (!spec.servesCountries.includes(route.country as never)) {
        problems.push({
          field: 'servesCountries',
          message: `it sends ${route.country}'s users to ${spec.id}: keep ${route.country} in servesCountries, or change the topology first`,
        });
      }
      for (const location of spec.database.replicateTo) {
        edges.push({
          kind: 'replica',
          from: spec.id,
          to: describeLocation(location),
          location,
          field: 'database.replicateTo',
        });
      }
    }
    if (route.failover.includes(spec.id)) {
      const home = describeLocation(locationOf(spec));
      for (const location of storesOf(spec)) {
        edges.push({
          kind: 'failover',
          from: route.primary,
          to: spec.id,
          location,
          field:
            describeLocation(location) === home
              ? placeField
              : 'database.replicateTo',
        });
      }
    }
    for (const edge of route.edges) {
      const stillThere =
        edge.kind === 'accelerator' ||
        (edge.kind === 'secondary' && spec.database.role === 'replica');
      if (edge.to === spec.id && stillThere) {
        edges.push({
          kind: edge.kind,
          from: route.primary,
          to: spec.id,
          location: locationOf(spec),
          field: placeField,
        });
      }
    }
    for (const violation of checkCountryEdges(route.country, edges)) {
      const edge = edges.find(
        e =>
          e.kind === violation.edge.kind &&
          e.to === violation.edge.to &&
          describeLocation(e.location) === describeLocation(violation.location),
      );
      problems.push({
        field: edge?.field ?? placeField,
        message: violation.message,
      });
    }
    return problems;
  });
}
