import {
  countryOfLocation,
  CountryCode,
  describeAllowedLocations,
  describeLocation,
  isLocationAllowed,
  residencyRules,
  TopologyEntitySpec,
} from '@internal/ekyc-domain';
import {
  CountryRouteView,
  TopologyView,
} from '@internal/plugin-ekyc-regions-common';

/**
 * A topology entity's routes, each edge judged against its country's rule as the rules
 * stand now (the entity records where data travels, not whether that is allowed).
 */
export function topologyViewOf(
  entityRef: string,
  title: string | undefined,
  spec: TopologyEntitySpec,
): TopologyView {
  const countries = spec.countries.map((route): CountryRouteView => {
    const rule = residencyRules[route.country as CountryCode];
    const edges = route.edges.map(edge => {
      const allowed = Boolean(rule && isLocationAllowed(rule, edge.location));
      return {
        kind: edge.kind,
        from: route.primary,
        to: edge.to,
        location: edge.location,
        locationCountry: countryOfLocation(edge.location),
        allowed,
        ...(allowed
          ? {}
          : {
              message: rule
                ? `${rule.countryName}'s rule "${
                    rule.rule
                  }" allows only ${describeAllowedLocations(rule).join(
                    ', ',
                  )}, not ${describeLocation(edge.location)}`
                : `${route.country} has no residency rule: its data may be stored nowhere`,
            }),
      };
    });
    return {
      country: route.country,
      countryName: rule?.countryName,
      rule: rule?.summary,
      primary: route.primary,
      failover: route.failover,
      routing: route.routing,
      edges,
      verdict: edges.every(edge => edge.allowed) ? 'compliant' : 'violating',
    };
  });
  return {
    entityRef,
    title,
    countries,
    ...(spec.globalAccelerator
      ? { trafficDials: spec.globalAccelerator.trafficDials }
      : {}),
  };
}
