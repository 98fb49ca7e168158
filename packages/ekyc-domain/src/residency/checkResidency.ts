import {
  CountryCode,
  countryOfLocation,
  DataLocation,
  describeLocation,
  servedCountryCodes,
} from './locations';
import {
  describeAllowedLocations,
  isLocationAllowed,
  residencyRules,
} from './rules';

/** A place where personal data is kept, and whose data it keeps. */
export interface DataStore {
  /** What the store is, for a person: "database", "database replica", "ID images". */
  store: string;
  location: DataLocation;
  /** Countries whose citizens' personal data the store holds. */
  holdsDataOf: readonly string[];
}

/** One country's data in one store at a location its rule does not allow. */
export interface ResidencyViolation {
  country: string;
  store: string;
  location: DataLocation;
  /** Names the country, the rule and the store, and says what would comply. */
  message: string;
}

function isServedCountry(country: string): country is CountryCode {
  return (servedCountryCodes as readonly string[]).includes(country);
}

/** Checks every store against the rule of every country whose data it holds. */
export function checkResidency(stores: DataStore[]): ResidencyViolation[] {
  const violations: ResidencyViolation[] = [];
  for (const { store, location, holdsDataOf } of stores) {
    for (const country of holdsDataOf) {
      const where = describeLocation(location);
      if (!isServedCountry(country)) {
        violations.push({
          country,
          store,
          location,
          message: `${country} has no residency rule: add one to residencyRules in @internal/ekyc-domain before its data is stored (${store} at ${where})`,
        });
        continue;
      }
      const rule = residencyRules[country];
      if (isLocationAllowed(rule, location)) continue;
      const locationCountry =
        countryOfLocation(location) ?? 'an unknown country';
      violations.push({
        country,
        store,
        location,
        message: `${rule.countryName} (${country}) rule "${
          rule.rule
        }" forbids its personal data in the ${store} at ${where}, in ${locationCountry}: ${
          rule.summary
        } Allowed: ${describeAllowedLocations(rule).join(', ')}. Basis: ${
          rule.legalBasis
        }.`,
      });
    }
  }
  return violations;
}
