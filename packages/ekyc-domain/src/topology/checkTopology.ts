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
 * How a country's data would reach a place: the environment its users are routed to,
 * its primary environment's database replicas, an environment that takes over its users
 * when the primary fails, an Aurora global secondary of the primary's database, or a
 * region its users may reach through the Global Accelerator in front of their primary.
 */
export const topologyEdgeKinds = [
  'serves',
  'replica',
  'failover',
  'secondary',
  'accelerator',
] as const;
export type TopologyEdgeKind = (typeof topologyEdgeKinds)[number];

/** One way a country's data reaches a place, from the environment that sends it. */
export interface TopologyEdge {
  kind: TopologyEdgeKind;
  from: string;
  to: string;
  location: DataLocation;
}

/** A country's users and data, as the topology places them. */
export interface CountryPlacement {
  primary: string;
  failover: string[];
}

/** One place a country's data would reach that its rule does not allow. */
export interface TopologyViolation {
  country: string;
  edge: Omit<TopologyEdge, 'location'>;
  location: DataLocation;
  /** Names the country, the edge, the location and the rule with its legal basis. */
  message: string;
}

const edgeWords: Record<TopologyEdgeKind, string> = {
  serves: "sends the country's users to",
  replica: 'replicates its database to',
  failover: 'fails over to',
  secondary: 'has an Aurora global secondary in',
  accelerator: 'shares its Global Accelerator with',
};

const sameLocation = (a: DataLocation, b: DataLocation) =>
  describeLocation(a) === describeLocation(b);

/** Where an environment keeps data, each place once: its own stores and replicas. */
export function storesOf(environment: EnvironmentSpec): DataLocation[] {
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
 * users, and keeps what they send, when the primary fails), any environment whose
 * database is a secondary of the primary's, and, when the primary is behind Global
 * Accelerator, every other region the accelerator (the `accelerated` environments)
 * fronts.
 */
export function edgesOf(
  placement: CountryPlacement,
  environments: ReadonlyMap<string, EnvironmentSpec>,
  accelerated: readonly string[] = [],
): Array<Omit<TopologyEdge, 'from'>> {
  const primary = environments.get(placement.primary);
  if (!primary) return [];
  const home = locationOf(primary);
  const edges: Array<Omit<TopologyEdge, 'from'>> =
    primary.database.replicateTo.map(location => ({
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
  // Global Accelerator may send any user to any of its regions.
  if (accelerated.includes(primary.id)) {
    for (const id of accelerated) {
      const region = environments.get(id);
      if (id === primary.id || !region) continue;
      edges.push({ kind: 'accelerator', to: id, location: locationOf(region) });
    }
  }
  return edges;
}

/**
 * A country's edges its rule does not allow, each named with the country, the edge, the
 * location and the rule with its legal basis. A rule that allows storage abroad in the
 * listed places does not flag them. The topology's check and the policy pack's check
 * of a routing stack both judge their edges here.
 */
export function checkCountryEdges(
  country: string,
  edges: readonly TopologyEdge[],
): TopologyViolation[] {
  const rule = residencyRules[country as CountryCode];
  if (!rule) return [];
  return edges.flatMap(edge => {
    if (isLocationAllowed(rule, edge.location)) return [];
    const where = describeLocation(edge.location);
    const locationCountry = countryOfLocation(edge.location);
    return [
      {
        country,
        edge: { kind: edge.kind, from: edge.from, to: edge.to },
        location: edge.location,
        message: `${rule.countryName} (${country}): ${edge.from} ${
          edgeWords[edge.kind]
        } ${edge.to}, which would keep ${country}'s personal data at ${where}${
          locationCountry ? ` (${locationCountry})` : ''
        }; ${country}'s rule "${
          rule.rule
        }" allows only ${describeAllowedLocations(rule).join(', ')} (${
          rule.legalBasis
        })`,
      },
    ];
  });
}

/**
 * Checks a whole topology: for every country, every location its data would reach
 * (the primary's replicas, each failover, each global secondary of the primary's
 * database, each region behind the same accelerator) against the country's rule.
 */
export function checkTopology(
  countries: Readonly<Record<string, CountryPlacement>>,
  environments: ReadonlyMap<string, EnvironmentSpec>,
  accelerated: readonly string[] = [],
): TopologyViolation[] {
  return Object.entries(countries).flatMap(([country, placement]) => {
    const primary = environments.get(placement.primary);
    // An unknown country, or a primary that does not serve it, is refused as such.
    if (!primary?.servesCountries.includes(country as CountryCode)) return [];
    return checkCountryEdges(
      country,
      edgesOf(placement, environments, accelerated).map(edge => ({
        ...edge,
        from: placement.primary,
      })),
    );
  });
}
