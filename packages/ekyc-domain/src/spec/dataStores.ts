import { countryOfLocation, DataLocation } from '../residency/locations';
import { DataStore } from '../residency/checkResidency';

/** What decides where an environment's personal data lives and whose it is. */
export interface DataPlacement {
  /** Where the environment itself keeps data. */
  home: DataLocation;
  servesCountries: readonly string[];
  /** A sovereign site's own country: its citizens' data is held whoever is served. */
  siteCountry?: string;
  /** For a replica: where the primary it follows lives. */
  replicaOf?: DataLocation;
  /** For a replica: the countries its primary serves, whose data it copies. */
  primaryServes?: readonly string[];
  replicateTo: readonly DataLocation[];
}

/**
 * Every store of personal data the placement creates, with the countries whose data it
 * holds: the database and image store at home, and each database replica it feeds. A
 * replica holds the data of every country its primary serves (a sovereign site's
 * country among them), and takes their users over when it is promoted. The form checks a
 * half-filled placement with this; the spec a whole one.
 */
export function dataStoresOfPlacement(placement: DataPlacement): DataStore[] {
  const countries = new Set([
    ...placement.servesCountries,
    ...(placement.primaryServes ?? []),
  ]);
  if (placement.siteCountry) countries.add(placement.siteCountry);
  const source = placement.replicaOf;
  const sourceCountry = source && countryOfLocation(source);
  if (source?.type === 'sovereign-site' && sourceCountry) {
    countries.add(sourceCountry);
  }
  const holdsDataOf = [...countries].sort();
  const { home } = placement;
  return [
    { store: 'database', location: home, holdsDataOf },
    { store: 'ID images and selfies store', location: home, holdsDataOf },
    ...placement.replicateTo.map(replica => ({
      store: 'database replica',
      location: replica,
      holdsDataOf,
    })),
  ];
}
