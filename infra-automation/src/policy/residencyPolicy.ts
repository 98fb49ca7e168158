import type { PolicyConfigSchema } from '@pulumi/policy';
import { awsTags, checkResidency, podAnnotations } from '@internal/ekyc-domain';
import { declarationOf, isDataStore, placementOf } from './dataStores';
import { Report } from './report';
import { ResourceView } from './resourceTypes';

export interface ResidencyConfig {
  /** Refuse data stores that do not say whose data they hold (or that they hold none). */
  requireDeclaration: boolean;
}

export const residencyDefaults: ResidencyConfig = { requireDeclaration: true };

export const residencyConfigSchema: PolicyConfigSchema = {
  properties: {
    requireDeclaration: {
      type: 'boolean',
      default: residencyDefaults.requireDeclaration,
      description:
        'Refuse databases, buckets and volumes that do not declare whose personal data they hold',
    },
  },
};

/**
 * Every store of personal data, replicas included, lies where the rule of each country
 * whose data it holds allows. The location is read from what really places the data
 * (the AWS region; the Kubernetes node affinity), not from a label saying so.
 */
export function checkResidencyOf(
  resource: ResourceView,
  config: ResidencyConfig,
  report: Report,
): void {
  if (!isDataStore(resource)) return;
  const declaration = declarationOf(resource);
  if (declaration.holds === 'undeclared') {
    if (config.requireDeclaration) {
      report(
        `keeps data but does not declare whose: tag it ${awsTags.holdsDataOf} (annotation ${podAnnotations.holdsDataOf} on Kubernetes) with the country codes of the personal data it holds, or ${awsTags.personalData}=none`,
        resource.urn,
      );
    }
    return;
  }
  if (declaration.holds === 'none') return;
  const placement = placementOf(resource);
  if ('unknown' in placement) {
    report(
      `holds personal data of ${declaration.holdsDataOf.join(', ')} but ${
        placement.unknown
      }`,
      resource.urn,
    );
    return;
  }
  for (const violation of checkResidency([
    {
      store: declaration.store,
      location: placement.location,
      holdsDataOf: declaration.holdsDataOf,
    },
  ])) {
    report(
      `${violation.message} Fix: place it in an allowed location, or do not keep ${violation.country} data in it.`,
      resource.urn,
    );
  }
}
