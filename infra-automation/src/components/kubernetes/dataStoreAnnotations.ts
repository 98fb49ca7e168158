/**
 * Annotations that declare a store of personal data and whose data it holds, read by
 * the residency policy together with where the store's node affinity pins it, and by
 * the ekyc-regions dashboard on the store's pods together with where they run.
 */
export const dataStoreAnnotation = 'ekyc.io/data-store';
export const holdsDataOfAnnotation = 'ekyc.io/holds-data-of';

export function dataStoreAnnotations(
  store: string,
  countries: string[],
): Record<string, string> {
  return {
    [dataStoreAnnotation]: store,
    [holdsDataOfAnnotation]: countries.join(' '),
  };
}

/** On the workloads' pods: whose citizens they serve (space-separated country codes). */
export const servedCountriesAnnotation = 'ekyc.io/served-countries';
