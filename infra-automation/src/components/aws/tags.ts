import { awsTags, formatCountryList } from '@internal/ekyc-domain';

/** Tags of a store of personal data: what it is and whose citizens' data it keeps. */
export function personalDataStoreTags(
  store: string,
  holdsDataOf: readonly string[],
): Record<string, string> {
  return {
    [awsTags.dataStore]: store,
    [awsTags.holdsDataOf]: formatCountryList(holdsDataOf),
  };
}

/** Tags of a bucket or database that keeps no personal data. */
export const noPersonalDataTags = { [awsTags.personalData]: 'none' };
