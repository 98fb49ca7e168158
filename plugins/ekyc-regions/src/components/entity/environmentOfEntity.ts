import { Entity } from '@backstage/catalog-model';
import { entityAnnotations, parseCountryList } from '@internal/ekyc-domain';
import { RegionView } from '@internal/plugin-ekyc-regions-common';

// Entity refs compare case-insensitively, as the catalog does.
function sameRef(a: string, b: string) {
  return a.toLocaleLowerCase('en-US') === b.toLocaleLowerCase('en-US');
}

/** The sites and regions that list the environment among theirs. */
export function regionsRunning(
  regions: RegionView[],
  entityRef: string,
): RegionView[] {
  return regions.filter(region =>
    region.environments.some(env => sameRef(env.entityRef, entityRef)),
  );
}

/**
 * The countries the environment serves: as its sites report it (from its stack's
 * outputs when they could be read), else its own ekyc.io/served-countries annotation.
 */
export function servedCountriesOf(
  entity: Entity,
  entityRef: string,
  running: RegionView[],
): string[] {
  const reported = running
    .flatMap(region => region.environments)
    .filter(env => sameRef(env.entityRef, entityRef))
    .flatMap(env => env.servesCountries);
  if (reported.length) return [...new Set(reported)];
  return parseCountryList(
    entity.metadata.annotations?.[entityAnnotations.servesCountries],
  );
}
