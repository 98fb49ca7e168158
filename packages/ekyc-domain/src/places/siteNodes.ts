import { cloudRegionCountry } from '../residency/locations';
import type { EnvironmentSpec } from '../spec/environmentSpec';
import { nodeLabels } from '../vocabulary/vocabulary';

/**
 * The site labels every node of an environment carries, the same on kwok, EKS and
 * on-prem: the dashboard keys a site by ekyc.io/site, which for a region is its region
 * name, so one region is one card whatever its environments are called. A node's
 * topology.kubernetes.io/region is the cloud's (or the sandbox's) own.
 */
export function siteNodeLabels(spec: EnvironmentSpec): Record<string, string> {
  if (spec.kind === 'sovereign-site') {
    return {
      [nodeLabels.site]: spec.site,
      [nodeLabels.siteKind]: 'sovereign-site',
      [nodeLabels.country]: spec.country,
    };
  }
  const country = cloudRegionCountry[spec.region];
  return {
    [nodeLabels.site]: spec.region,
    [nodeLabels.siteKind]: 'region',
    ...(country ? { [nodeLabels.country]: country } : {}),
  };
}
