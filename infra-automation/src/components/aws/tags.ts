/**
 * Tags that declare what a resource holds, read by the residency policy: a store of
 * personal data names the countries whose citizens' data it keeps; any other bucket or
 * database says it keeps none. Tag values may not contain commas, so codes are
 * space-separated.
 */
export const dataStoreTag = 'ekyc:data-store';
export const holdsDataOfTag = 'ekyc:holds-data-of';
export const personalDataTag = 'ekyc:personal-data';
/** The one kind of security group that may accept traffic from anywhere. */
export const publicEdgeTag = 'ekyc:public-edge';

export function personalDataStoreTags(
  store: string,
  countries: string[],
): Record<string, string> {
  return { [dataStoreTag]: store, [holdsDataOfTag]: countries.join(' ') };
}

export const noPersonalDataTags = { [personalDataTag]: 'none' };
