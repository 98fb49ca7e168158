import { environmentOutputsSchema } from './stackOutputs';

const dataLocations = [
  {
    store: 'database',
    location: { type: 'sovereign-site', country: 'BD', site: 'bd-dhaka-1' },
    country: 'BD',
    holdsDataOf: ['BD'],
  },
];

describe('environmentOutputsSchema', () => {
  it('reads what the programs export', () => {
    expect(
      environmentOutputsSchema.parse({
        dataLocations,
        servesCountries: ['BD'],
      }),
    ).toEqual({ dataLocations, servesCountries: ['BD'] });
  });

  it('reads a stack applied before the rename until its next up', () => {
    expect(
      environmentOutputsSchema.parse({
        dataLocations,
        servedCountries: ['BD'],
      }),
    ).toEqual({ dataLocations, servesCountries: ['BD'] });
  });

  it('names what is missing', () => {
    const result = environmentOutputsSchema.safeParse({ dataLocations });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map(issue => issue.path)).toEqual([
      ['servesCountries'],
    ]);
  });
});
