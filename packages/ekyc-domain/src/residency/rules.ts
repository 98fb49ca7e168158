import { CountryCode, DataLocation } from './locations';

/**
 * Where one country's citizens' personal data may be stored.
 *
 * - `in-country`: only in locations inside the country (its sovereign sites, and cloud
 *   regions inside it where listed); no replica abroad.
 * - `listed-locations`: may leave the country, but only to the locations listed,
 *   which the company has assessed (adequacy, contracts, transfer impact).
 */
export interface ResidencyRule {
  country: CountryCode;
  countryName: string;
  rule: 'in-country' | 'listed-locations';
  /** Where the data may live, primary and replicas alike. */
  allowedLocations: AllowedLocation[];
  /** The instrument the rule rests on, short; the legal team's memo has the detail. */
  legalBasis: string;
  /** The rule in one sentence, for the form and the dashboard. */
  summary: string;
}

/** A cloud region by name, or any sovereign site in a country. */
export type AllowedLocation =
  | { type: 'cloud-region'; region: string }
  | { type: 'sovereign-site'; country: CountryCode };

/**
 * The company's residency policy per served country: the law's requirement and, where
 * the law allows transfers, the locations the company has approved. Changing a row
 * changes what the scaffolder accepts and what the dashboard reports.
 */
export const residencyRules: Readonly<Record<CountryCode, ResidencyRule>> = {
  BD: {
    country: 'BD',
    countryName: 'Bangladesh',
    rule: 'in-country',
    allowedLocations: [{ type: 'sovereign-site', country: 'BD' }],
    legalBasis:
      'Personal Data Protection Ordinance 2025 (localisation of classified and sensitive personal data); National Identity Registration Act 2023',
    summary:
      'NID-linked personal data stays in Bangladesh: an in-country sovereign site, no replica abroad.',
  },
  ID: {
    country: 'ID',
    countryName: 'Indonesia',
    rule: 'in-country',
    allowedLocations: [
      { type: 'cloud-region', region: 'ap-southeast-3' },
      { type: 'sovereign-site', country: 'ID' },
    ],
    legalBasis:
      'Law 27/2022 on Personal Data Protection; Government Regulation 71/2019 art. 20 (public-scope electronic systems store data in Indonesia); OJK rules for financial-sector eKYC',
    summary:
      'Population (Dukcapil) data used for eKYC stays in Indonesia: the Jakarta region or an in-country site.',
  },
  VN: {
    country: 'VN',
    countryName: 'Vietnam',
    rule: 'in-country',
    allowedLocations: [{ type: 'sovereign-site', country: 'VN' }],
    legalBasis:
      'Law on Personal Data Protection (Law 91/2025/QH15); Law on Cybersecurity 2018 art. 26 and Decree 53/2022/ND-CP (domestic storage)',
    summary:
      'Citizens\u2019 identity data stays in Vietnam: an in-country sovereign site (no cloud region in the country).',
  },
  MY: {
    country: 'MY',
    countryName: 'Malaysia',
    rule: 'listed-locations',
    allowedLocations: [
      { type: 'cloud-region', region: 'ap-southeast-5' },
      { type: 'cloud-region', region: 'ap-southeast-1' },
    ],
    legalBasis:
      'Personal Data Protection Act 2010 as amended 2024, s.129 (cross-border transfer with safeguards)',
    summary:
      'May be stored in Malaysia or Singapore, the destinations assessed under s.129.',
  },
  TH: {
    country: 'TH',
    countryName: 'Thailand',
    rule: 'listed-locations',
    allowedLocations: [
      { type: 'cloud-region', region: 'ap-southeast-7' },
      { type: 'cloud-region', region: 'ap-southeast-1' },
    ],
    legalBasis:
      'Personal Data Protection Act B.E. 2562 (2019), ss.28-29 (transfers to adequate destinations or with safeguards)',
    summary: 'May be stored in Thailand or Singapore.',
  },
  PH: {
    country: 'PH',
    countryName: 'Philippines',
    rule: 'listed-locations',
    allowedLocations: [{ type: 'cloud-region', region: 'ap-southeast-1' }],
    legalBasis:
      'Data Privacy Act of 2012 (RA 10173), s.21 (accountability for transfers); NPC Circular 2022-04',
    summary:
      'May be stored in Singapore under the company\u2019s transfer agreements.',
  },
  SG: {
    country: 'SG',
    countryName: 'Singapore',
    rule: 'listed-locations',
    allowedLocations: [{ type: 'cloud-region', region: 'ap-southeast-1' }],
    legalBasis:
      'Personal Data Protection Act 2012, s.26 (Transfer Limitation Obligation)',
    summary:
      'Stored in Singapore; transfers abroad only with comparable protection.',
  },
  US: {
    country: 'US',
    countryName: 'United States',
    rule: 'listed-locations',
    allowedLocations: [
      { type: 'cloud-region', region: 'us-east-1' },
      { type: 'cloud-region', region: 'us-east-2' },
      { type: 'cloud-region', region: 'us-west-2' },
    ],
    legalBasis:
      'No federal localisation law; GLBA Safeguards Rule and state biometric laws (e.g. Illinois BIPA) by contract with tenants',
    summary:
      'Stored in US regions, as tenants\u2019 contracts require for biometric data.',
  },
  CA: {
    country: 'CA',
    countryName: 'Canada',
    rule: 'listed-locations',
    allowedLocations: [
      { type: 'cloud-region', region: 'ca-central-1' },
      { type: 'cloud-region', region: 'ca-west-1' },
    ],
    legalBasis:
      'PIPEDA principle 4.1.3; Quebec Law 25 s.17 (privacy impact assessment before transfer outside Quebec); BC FIPPA for public-body tenants',
    summary:
      'Stored in Canadian regions; no transfer abroad without a privacy impact assessment.',
  },
  MX: {
    country: 'MX',
    countryName: 'Mexico',
    rule: 'listed-locations',
    allowedLocations: [
      { type: 'cloud-region', region: 'mx-central-1' },
      { type: 'cloud-region', region: 'us-east-1' },
    ],
    legalBasis:
      'Ley Federal de Protecci\u00f3n de Datos Personales en Posesi\u00f3n de los Particulares 2025, transfers with notice and contracts',
    summary:
      'May be stored in Mexico or US East under the tenants\u2019 privacy notices.',
  },
};

/** Whether a rule lets the country's data live at a location. */
export function isLocationAllowed(
  rule: ResidencyRule,
  location: DataLocation,
): boolean {
  return rule.allowedLocations.some(allowed =>
    allowed.type === 'cloud-region'
      ? location.type === 'cloud-region' && location.region === allowed.region
      : location.type === 'sovereign-site' &&
        location.country === allowed.country,
  );
}

/** The rule's allowed locations, for a person: "ap-southeast-3", "sovereign sites in BD". */
export function describeAllowedLocations(rule: ResidencyRule): string[] {
  return rule.allowedLocations.map(allowed =>
    allowed.type === 'cloud-region'
      ? allowed.region
      : `sovereign sites in ${allowed.country}`,
  );
}
