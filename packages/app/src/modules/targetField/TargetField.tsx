import { useEffect, useState } from 'react';
import { MenuItem, TextField, Typography } from '@material-ui/core';
import {
  ApiHolder,
  discoveryApiRef,
  fetchApiRef,
  useApi,
} from '@backstage/core-plugin-api';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import {
  readScaffolderRoute,
  readScaffolderRouteWith,
} from '../scaffolderRoute';
import {
  TargetAvailability,
  TargetsResponse,
  targetsRoute,
} from '@internal/plugin-ekyc-regions-common';

const what = "the portal's targets";

const fetchTargets = async (
  discovery: Parameters<typeof readScaffolderRoute>[0],
  fetcher: Parameters<typeof readScaffolderRoute>[1],
) =>
  (
    await readScaffolderRoute<TargetsResponse>(
      discovery,
      fetcher,
      targetsRoute,
      what,
    )
  ).targets;

const targetsOf = async (apis: ApiHolder) =>
  (await readScaffolderRouteWith<TargetsResponse>(apis, targetsRoute, what))
    .targets;

/** The spec's targets this portal offers; one it cannot apply to is shown disabled. */
function TargetSelect(field: FieldExtensionComponentProps<string>) {
  const discovery = useApi(discoveryApiRef);
  const fetcher = useApi(fetchApiRef);
  const [targets, setTargets] = useState<TargetAvailability[]>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    fetchTargets(discovery, fetcher).then(setTargets, e =>
      setError(String(e.message ?? e)),
    );
  }, [discovery, fetcher]);
  const { formData, onChange, rawErrors, required, schema, idSchema } = field;
  const names = (schema.enum as string[] | undefined) ?? [];
  const unavailable = (targets ?? []).filter(
    target => names.includes(target.name) && !target.available,
  );
  return (
    <>
      <TextField
        id={idSchema?.$id}
        select
        fullWidth
        margin="normal"
        label={schema.title ?? 'Target'}
        required={required}
        value={formData ?? ''}
        error={Boolean(rawErrors?.length)}
        onChange={event => onChange(event.target.value as string)}
        helperText={schema.description}
      >
        {names.map(name => (
          <MenuItem
            key={name}
            value={name}
            disabled={unavailable.some(target => target.name === name)}
          >
            {name}
          </MenuItem>
        ))}
      </TextField>
      {error && <Typography variant="body2">{error}</Typography>}
      {unavailable.map(target => (
        <Typography
          key={target.name}
          variant="body2"
          data-testid={`target-unavailable-${target.name}`}
        >
          {`${target.name} is not available here: ${target.reason}`}
        </Typography>
      ))}
    </>
  );
}

/**
 * An environment's target: offers the targets this portal can apply to (aws only with
 * its provider plugin and AWS credentials), and says what is missing for the others.
 */
export const targetField = createFormField({
  name: 'EkycTarget',
  component: TargetSelect,
  validation: async (value, validation, context) => {
    // Unread, the form goes on: the template's validate step checks the target too.
    const targets = await targetsOf(context.apiHolder).catch(() => []);
    const target = targets.find(t => t.name === value);
    if (target && !target.available) {
      validation.addError(
        `this portal cannot apply to ${value}: ${target.reason}`,
      );
    }
  },
});
