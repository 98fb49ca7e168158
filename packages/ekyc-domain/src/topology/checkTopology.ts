import {
  countryOfLocation,
  CountryCode,
  DataLocation,
  describeLocation,
} from '../residency/locations';
import {
  describeAllowedLocations,
  isLocationAllowed,
  residencyRules,
} from '../residency/rules';
import {
  dataStoresOf,
  EnvironmentSpec,
  locationOf,
} from '../spec/environmentSpec';

/**
 * How a country's data would reach a place: its primary environment's database
 * replicas, an environment that takes over its users when the primary fails, or an
 * Aurora global secondary of the primary's database.
 */
export type TopologyEdgeKind = 'replica' | 'failover' | 'secondary';

/** A country's users and data, as the topology places them. */
export interface CountryPlacement {
  primary: string;
  failover: string[];
}

/** One place a country's data would reach that its rule does not allow. */
export interface TopologyViolation {
  country: string;
  edge: { kind: TopologyEdgeKind; from: string; to: string };
  location: DataLocation;
  /** Names the country, the edge, the location and the rule with its legal basis. */
  message: string;
}

const edgeWords: Record<TopologyEdgeKind, string> = {
  replica: 'replicates its database to',
  failover: 'fails over to',
  secondary: 'has an Aurora global secondary in',
};

const sameLocation = (a: DataLocation, b: DataLocation) =>
  describeLocation(a) === describeLocation(b);

/** Where an environment keeps data, each place once: its own stores and replicas. */
function storesOf(environment: EnvironmentSpec): DataLocation[] {
  const locations: DataLocation[] = [];
  for (const { location } of dataStoresOf(environment)) {
    if (!locations.some(known => sameLocation(known, location))) {
      locations.push(location);
    }
  }
  return locations;
}

/**
 * Every edge along which a country's data travels in the topology, and where it lands:
 * the primary's replicas, each failover environment's stores (it serves the country's
 * users, and keeps what they send, when the primary fails), and any environment whose
 * database is a secondary of the primary's.
 */
export function edgesOf(
  placement: CountryPlacement,
  environments: ReadonlyMap<string, EnvironmentSpec>,
): Array<{ kind: TopologyEdgeKind; to: string; location: DataLocation }> {
  const primary = environments.get(placement.primary);
  if (!primary) return [];
  const home = locationOf(primary);
  const edges: Array<{
    kind: TopologyEdgeKind;
    to: string;
    location: DataLocation;
  }> = primary.database.replicateTo.map(location => ({
    kind: 'replica',
    to: describeLocation(location),
    location,
  }));
  for (const id of placement.failover) {
    const failover = environments.get(id);
    for (const location of failover ? storesOf(failover) : []) {
      edges.push({ kind: 'failover', to: id, location });
    }
  }
  for (const [id, environment] of environments) {
    const followed = environment.database.replicaOf;
    if (id !== primary.id && followed && sameLocation(followed, home)) {
      edges.push({
        kind: 'secondary',
        to: id,
        location: locationOf(environment),
      });
    }
  }
  return edges;
}

/**
 * Checks a whole topology: for every country, every location its data would reach
 * (the primary's replicas, each failover, each global secondary of the primary's
 * database) against the country's rule. A country whose rule allows storage abroad
 * in the listed places is not flagged for using them.
 */
export function checkTopology(
  countries: Readonly<Record<string, CountryPlacement>>,
  environments: ReadonlyMap<string, EnvironmentSpec>,
): TopologyViolation[] {
  const violations: TopologyViolation[] = [];
  for (const [country, placement] of Object.entries(countries)) {
    const rule = residencyRules[country as CountryCode];
    const primary = environments.get(placement.primary);
    // An unknown country, or a primary that does not serve it, is refused as such.
    if (!rule || !primary?.servesCountries.includes(country as CountryCode)) {
      continue;
    }
    for (const edge of edgesOf(placement, environments)) {
      if (isLocationAllowed(rule, edge.location)) continue;
      const where = describeLocation(edge.location);
      const locationCountry = countryOfLocation(edge.location);
      violations.push({
        country,
        edge: { kind: edge.kind, from: placement.primary, to: edge.to },
        location: edge.location,
        message: `${rule.countryName} (${country}): ${placement.primary} ${
          edgeWords[edge.kind]
        } ${edge.to}, which would keep ${country}'s personal data at ${where}${
          locationCountry ? ` (${locationCountry})` : ''
        }; ${country}'s rule "${
          rule.rule
        }" allows only ${describeAllowedLocations(rule).join(', ')} (${
          rule.legalBasis
        })`,
      });
    }
  }
  return violations;
}
