import { ReactNode } from 'react';
import { MenuItem, TextField, Typography } from '@material-ui/core';
import {
  CustomFieldValidator,
  FieldExtensionComponentProps,
} from '@backstage/plugin-scaffolder-react';
import { PlacementFields, residencyViolationsOf } from './residencyOfForm';

/** A select of places with a line under it about what the chosen one means. */
export function ResidencySelect({
  field,
  defaultLabel,
  options,
  note,
}: {
  field: FieldExtensionComponentProps<string>;
  defaultLabel: string;
  options: { value: string; label: string }[];
  note?: ReactNode;
}) {
  const { formData, onChange, rawErrors, required, schema, idSchema } = field;
  return (
    <>
      <TextField
        id={idSchema?.$id}
        select
        fullWidth
        margin="normal"
        label={schema.title ?? defaultLabel}
        required={required}
        value={formData ?? ''}
        error={Boolean(rawErrors?.length)}
        onChange={event => onChange(event.target.value as string)}
        helperText={schema.description}
      >
        {options.map(option => (
          <MenuItem key={option.value} value={option.value}>
            {option.label}
          </MenuItem>
        ))}
      </TextField>
      {note && (
        <Typography variant="body2" data-testid="residency-rule">
          {note}
        </Typography>
      )}
    </>
  );
}

/** Refuses the form's step while any of its stores breaks a country's rule. */
export const refuseResidencyViolations: CustomFieldValidator<string> = (
  _value,
  validation,
  context,
) => {
  for (const violation of residencyViolationsOf(
    context.formData as PlacementFields,
  )) {
    validation.addError(violation.message);
  }
};
