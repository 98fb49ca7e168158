/**
 * The annotations the templates write on an environment Resource (kind Resource,
 * spec.type ekyc-region or ekyc-sovereign-site) and the dashboard reads.
 */
export const environmentAnnotations = {
  site: 'ekyc.io/site',
  region: 'ekyc.io/region',
  /** Comma-separated country codes, as the templates join them. */
  servedCountries: 'ekyc.io/served-countries',
  stack: 'pulumi.com/stack',
  kubernetesId: 'backstage.io/kubernetes-id',
} as const;

/** The countries an environment entity says it serves, in capitals. */
export function servedCountriesAnnotated(
  annotations: Record<string, string> | undefined,
): string[] {
  return (annotations?.[environmentAnnotations.servedCountries] ?? '')
    .split(',')
    .map(country => country.trim().toUpperCase())
    .filter(Boolean);
}
