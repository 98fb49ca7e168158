/** ISO 3166-1 alpha-2 codes of the countries the eKYC system serves. */
export const servedCountryCodes = [
  'BD',
  'ID',
  'VN',
  'MY',
  'TH',
  'PH',
  'SG',
  'US',
  'CA',
  'MX',
] as const;

export type CountryCode = (typeof servedCountryCodes)[number];

/** Where a data store lives: a cloud region, or an in-country sovereign site. */
export type DataLocation =
  | { type: 'cloud-region'; region: string }
  | { type: 'sovereign-site'; country: string; site: string };

/**
 * The country each cloud region we may use sits in. A region missing here cannot hold
 * personal data of any country until it is added, with its country.
 */
export const cloudRegionCountry: Readonly<Record<string, string>> = {
  'ap-southeast-1': 'SG',
  'ap-southeast-3': 'ID',
  'ap-southeast-5': 'MY',
  'ap-southeast-7': 'TH',
  'us-east-1': 'US',
  'us-east-2': 'US',
  'us-west-2': 'US',
  'ca-central-1': 'CA',
  'ca-west-1': 'CA',
  'mx-central-1': 'MX',
};

/** The country a location is in, or undefined for an unknown cloud region. */
export function countryOfLocation(location: DataLocation): string | undefined {
  return location.type === 'sovereign-site'
    ? location.country
    : cloudRegionCountry[location.region];
}

export function describeLocation(location: DataLocation): string {
  return location.type === 'sovereign-site'
    ? `sovereign site ${location.site} (${location.country})`
    : `cloud region ${location.region}`;
}

/**
 * A location as one tag value (`region:<region>` or `site:<country>:<site>`), for a
 * resource whose own properties cannot say where the data it leads to lives.
 */
export function locationTagValue(location: DataLocation): string {
  return location.type === 'sovereign-site'
    ? `site:${location.country}:${location.site}`
    : `region:${location.region}`;
}

/** The location a tag value names, or undefined when it names none. */
export function locationOfTagValue(
  value: string | undefined,
): DataLocation | undefined {
  const [type, ...rest] = (value ?? '').split(':');
  if (type === 'region' && rest.length === 1 && rest[0]) {
    return { type: 'cloud-region', region: rest[0] };
  }
  if (type === 'site' && rest.length === 2 && rest[0] && rest[1]) {
    return { type: 'sovereign-site', country: rest[0], site: rest[1] };
  }
  return undefined;
}
