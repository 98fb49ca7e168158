import { MenuItem, TextField, Typography } from '@material-ui/core';
import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import {
  residencyRules,
  servedCountryCodes,
} from '@internal/plugin-ekyc-regions-common';
import { PlacementFields, residencyViolationsOf } from './residencyOfForm';

/**
 * The sovereign site's country: choosing one shows its rule and where its data may live;
 * a form whose replicas break the rule cannot be submitted.
 */
export const countryResidencyField = createFormField({
  name: 'EkycCountryResidency',
  component: ({
    formData,
    onChange,
    rawErrors,
    required,
    schema,
    idSchema,
  }) => {
    const rule = formData
      ? residencyRules[formData as keyof typeof residencyRules]
      : undefined;
    return (
      <>
        <TextField
          id={idSchema?.$id}
          select
          fullWidth
          margin="normal"
          label={schema.title ?? 'Country'}
          required={required}
          value={formData ?? ''}
          error={Boolean(rawErrors?.length)}
          onChange={event => onChange(event.target.value as string)}
          helperText={schema.description}
        >
          {servedCountryCodes.map(code => (
            <MenuItem key={code} value={code}>
              {residencyRules[code].countryName} ({code})
            </MenuItem>
          ))}
        </TextField>
        {rule && (
          <Typography variant="body2" data-testid="residency-rule">
            Rule “{rule.rule}”: {rule.summary} Data may live in:{' '}
            {rule.allowedLocations
              .map(l =>
                l.type === 'cloud-region'
                  ? l.region
                  : `sovereign sites in ${l.country}`,
              )
              .join(', ')}
            .
          </Typography>
        )}
      </>
    );
  },
  validation: (_value, validation, context) => {
    for (const violation of residencyViolationsOf(
      context.formData as PlacementFields,
    )) {
      validation.addError(violation.message);
    }
  },
});
