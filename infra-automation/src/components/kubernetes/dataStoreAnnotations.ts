/**
 * Annotations that declare a store of personal data and whose data it holds, read by
 * the residency policy together with where the store's node affinity pins it.
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
