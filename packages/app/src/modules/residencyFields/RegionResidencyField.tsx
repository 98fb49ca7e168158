import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import {
  cloudRegionCountry,
  isLocationAllowed,
  residencyRules,
  servedCountryCodes,
} from '@internal/ekyc-domain';
import { refuseResidencyViolations, ResidencySelect } from './ResidencySelect';

/** Served countries whose rule lets their data live in `region`. */
function countriesAllowing(region: string) {
  return servedCountryCodes.filter(code =>
    isLocationAllowed(residencyRules[code], { type: 'cloud-region', region }),
  );
}

/**
 * A region environment's cloud region: choosing one shows whose data may live there; a
 * form serving a country whose rule forbids the region (or a replica) cannot be submitted.
 */
export const regionResidencyField = createFormField({
  name: 'EkycRegionResidency',
  component: field => (
    <ResidencySelect
      field={field}
      defaultLabel="Cloud region"
      options={Object.entries(cloudRegionCountry).map(([region, country]) => ({
        value: region,
        label: `${region} (${country})`,
      }))}
      note={
        field.formData &&
        `May hold the data of: ${
          countriesAllowing(field.formData).join(', ') || 'no served country'
        }.`
      }
    />
  ),
  validation: refuseResidencyViolations,
});
