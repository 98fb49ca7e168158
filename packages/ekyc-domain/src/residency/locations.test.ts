import { locationOfTagValue, locationTagValue } from './locations';

describe('a location as a tag value', () => {
  it.each([
    [{ type: 'cloud-region' as const, region: 'ap-southeast-1' }],
    [{ type: 'sovereign-site' as const, country: 'BD', site: 'dhaka-1' }],
  ])('reads back %j', location => {
    expect(locationOfTagValue(locationTagValue(location))).toEqual(location);
  });

  it.each([
    undefined,
    '',
    'region:',
    'site:BD',
    'site::x',
    'moon:base',
    'region:a:b',
  ])('names no location for %j', value => {
    expect(locationOfTagValue(value)).toBeUndefined();
  });
});
