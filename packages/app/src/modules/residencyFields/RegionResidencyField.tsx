import { MenuItem, TextField, Typography } from '@material-ui/core';
import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import {
  cloudRegionCountry,
  isLocationAllowed,
  residencyRules,
  servedCountryCodes,
} from '@internal/plugin-ekyc-regions-common';
import { PlacementFields, residencyViolationsOf } from './residencyOfForm';

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
  component: ({
    formData,
    onChange,
    rawErrors,
    required,
    schema,
    idSchema,
  }) => (
    <>
      <TextField
        id={idSchema?.$id}
        select
        fullWidth
        margin="normal"
        label={schema.title ?? 'Cloud region'}
        required={required}
        value={formData ?? ''}
        error={Boolean(rawErrors?.length)}
        onChange={event => onChange(event.target.value as string)}
        helperText={schema.description}
      >
        {Object.entries(cloudRegionCountry).map(([region, country]) => (
          <MenuItem key={region} value={region}>
            {region} ({country})
          </MenuItem>
        ))}
      </TextField>
      {formData && (
        <Typography variant="body2" data-testid="residency-rule">
          May hold the data of:{' '}
          {countriesAllowing(formData).join(', ') || 'no served country'}.
        </Typography>
      )}
    </>
  ),
  validation: (_value, validation, context) => {
    for (const violation of residencyViolationsOf(
      context.formData as PlacementFields,
    )) {
      validation.addError(violation.message);
    }
  },
});
