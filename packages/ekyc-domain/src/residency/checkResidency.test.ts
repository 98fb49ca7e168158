import { checkResidency } from './checkResidency';
import {
  cloudRegionCountry,
  DataLocation,
  servedCountryCodes,
} from './locations';
import { residencyRules } from './rules';

const dhakaSite: DataLocation = {
  type: 'sovereign-site',
  country: 'BD',
  site: 'dhaka-1',
};
const singapore: DataLocation = {
  type: 'cloud-region',
  region: 'ap-southeast-1',
};

describe('residencyRules', () => {
  it('has a rule with a legal basis and allowed locations for every served country', () => {
    for (const country of servedCountryCodes) {
      const rule = residencyRules[country];
      expect(rule.country).toBe(country);
      expect(rule.legalBasis.length).toBeGreaterThan(10);
      expect(rule.allowedLocations.length).toBeGreaterThan(0);
    }
  });

  it('keeps in-country countries inside the country', () => {
    const abroad = Object.values(residencyRules)
      .filter(rule => rule.rule === 'in-country')
      .flatMap(rule =>
        rule.allowedLocations
          .filter(allowed =>
            allowed.type === 'sovereign-site'
              ? allowed.country !== rule.country
              : cloudRegionCountry[allowed.region] !== rule.country,
          )
          .map(allowed => `${rule.country} -> ${JSON.stringify(allowed)}`),
      );
    expect(abroad).toEqual([]);
  });
});

describe('checkResidency', () => {
  it.each([
    ['BD', dhakaSite],
    ['ID', { type: 'cloud-region', region: 'ap-southeast-3' }],
    ['ID', { type: 'sovereign-site', country: 'ID', site: 'jakarta-1' }],
    ['VN', { type: 'sovereign-site', country: 'VN', site: 'hanoi-1' }],
    ['MY', singapore],
    ['TH', { type: 'cloud-region', region: 'ap-southeast-7' }],
    ['PH', singapore],
    ['SG', singapore],
    ['US', { type: 'cloud-region', region: 'us-west-2' }],
    ['CA', { type: 'cloud-region', region: 'ca-central-1' }],
    ['MX', { type: 'cloud-region', region: 'mx-central-1' }],
  ] as Array<[string, DataLocation]>)(
    'accepts %s data at an allowed location',
    (country, location) => {
      expect(
        checkResidency([
          { store: 'database', location, holdsDataOf: [country] },
        ]),
      ).toEqual([]);
    },
  );

  it.each([
    ['BD', singapore],
    ['ID', singapore],
    ['VN', singapore],
    ['VN', { type: 'sovereign-site', country: 'BD', site: 'dhaka-1' }],
    ['MY', { type: 'cloud-region', region: 'us-east-1' }],
    ['TH', { type: 'cloud-region', region: 'ap-southeast-3' }],
    ['PH', { type: 'cloud-region', region: 'us-east-1' }],
    ['SG', { type: 'cloud-region', region: 'ap-southeast-3' }],
    ['US', { type: 'cloud-region', region: 'ca-central-1' }],
    ['CA', { type: 'cloud-region', region: 'us-east-1' }],
    ['MX', { type: 'cloud-region', region: 'ca-central-1' }],
  ] as Array<[string, DataLocation]>)(
    'rejects %s data at a location its rule does not allow',
    (country, location) => {
      const violations = checkResidency([
        { store: 'database', location, holdsDataOf: [country] },
      ]);
      expect(violations).toHaveLength(1);
      expect(violations[0].country).toBe(country);
    },
  );

  it('names the country, the rule and the store of a BD replica in Singapore', () => {
    const violations = checkResidency([
      { store: 'database', location: dhakaSite, holdsDataOf: ['BD'] },
      { store: 'database replica', location: singapore, holdsDataOf: ['BD'] },
    ]);
    expect(violations).toHaveLength(1);
    expect(violations[0].store).toBe('database replica');
    expect(violations[0].message).toContain('Bangladesh (BD)');
    expect(violations[0].message).toContain('"in-country"');
    expect(violations[0].message).toContain(
      'database replica at cloud region ap-southeast-1',
    );
    expect(violations[0].message).toContain('sovereign sites in BD');
  });

  it('refuses data of a country that has no rule, saying where to add one', () => {
    const [violation] = checkResidency([
      { store: 'database', location: singapore, holdsDataOf: ['FR'] },
    ]);
    expect(violation.message).toMatch(/FR has no residency rule: add one/);
  });
});
