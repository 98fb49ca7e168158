import {
  checkResidency,
  cloudRegionCountry,
  DataLocation,
  ResidencyViolation,
} from '@internal/plugin-ekyc-regions-common';

/** The form's fields that decide where personal data lives (the templates' names). */
export interface PlacementFields {
  region?: string;
  country?: string;
  site?: string;
  servesCountries?: string[];
  /** Where the database (and image store) replicate to, as the templates' list holds them. */
  replicateTo?: Array<{ region?: string }>;
}

/**
 * The residency violations of what the form describes, as the spec's own check finds
 * them: the environment's stores and each replica, holding every served country's data.
 */
export function residencyViolationsOf(
  form: PlacementFields,
): ResidencyViolation[] {
  let home: DataLocation;
  if (form.country) {
    home = {
      type: 'sovereign-site',
      country: form.country,
      site: form.site ?? 'site',
    };
  } else if (form.region) {
    home = { type: 'cloud-region', region: form.region };
  } else {
    return [];
  }
  const countries = [
    ...new Set([
      ...(form.servesCountries ?? []),
      ...(form.country ? [form.country] : []),
    ]),
  ];
  if (!countries.length) return [];
  return checkResidency([
    { store: 'database', location: home, countries },
    ...(form.replicateTo ?? [])
      .flatMap(replica => (replica.region ? [replica.region] : []))
      .map(region => ({
        store: 'database replica',
        location: { type: 'cloud-region' as const, region },
        countries,
      })),
  ]);
}

/** Cloud regions a replica may be placed in, for pickers. */
export const cloudRegions = Object.keys(cloudRegionCountry);
