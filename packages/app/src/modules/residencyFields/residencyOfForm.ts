import {
  checkResidency,
  cloudRegionCountry,
  DataLocation,
  dataStoresOfPlacement,
  ResidencyViolation,
} from '@internal/ekyc-domain';

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
 * The residency violations of what the form describes, found by the spec's own data
 * stores and checker: the environment's stores and each replica, with every served
 * country's data (and a site's own country's).
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
  if (!form.servesCountries?.length && !form.country) return [];
  const violations = checkResidency(
    dataStoresOfPlacement({
      home,
      servesCountries: form.servesCountries ?? [],
      siteCountry: form.country,
      replicateTo: (form.replicateTo ?? []).flatMap(replica =>
        replica.region
          ? [{ type: 'cloud-region' as const, region: replica.region }]
          : [],
      ),
    }),
  );
  // The database and the image store at home break a rule together: say it once.
  const seen = new Set<string>();
  return violations.filter(violation => {
    const key = `${violation.country} ${JSON.stringify(violation.location)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Cloud regions a replica may be placed in, for pickers. */
export const cloudRegions = Object.keys(cloudRegionCountry);
