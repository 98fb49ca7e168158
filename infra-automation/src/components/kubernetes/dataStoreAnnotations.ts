import { formatCountryList, podAnnotations } from '@internal/ekyc-domain';

/** Annotations of a store of personal data's pods: what it is and whose data it holds. */
export function dataStoreAnnotations(
  store: string,
  holdsDataOf: readonly string[],
): Record<string, string> {
  return {
    [podAnnotations.dataStore]: store,
    [podAnnotations.holdsDataOf]: formatCountryList(holdsDataOf),
  };
}
