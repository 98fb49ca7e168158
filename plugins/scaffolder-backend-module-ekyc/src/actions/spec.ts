import { EnvironmentSpec, parseEnvironmentSpec } from '@internal/ekyc-domain';
import { Environments } from '../environments';
import { toBackstageError } from '../infraErrors';
import {
  CatalogEnvironments,
  refuseSecondariesAbroad,
  refuseTopologyBreaches,
  withPrimaryFromCatalog,
} from './primaryEnvironment';

/** How the `spec` input of every ekyc:environment:* action is described. */
export const specDescription =
  'The environment spec (EnvironmentSpec of @internal/ekyc-domain: kind, id, target, servesCountries, gpuPool, database, edge, owner, costCenter, and region or country, site and connectivity); validated, residency included, before anything else';

/**
 * A template builds its spec from every question of its form, and a question that does
 * not apply to the answers given (the hub of a site on kubernetes, the Direct Connect
 * of a VPN) is left blank: such a field is absent, and so is an object of blanks.
 */
export function withoutBlanks(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutBlanks);
  if (value === null || typeof value !== 'object') return value;
  const fields = Object.entries(value)
    .map(([key, field]) => [key, withoutBlanks(field)] as const)
    .filter(
      ([, field]) =>
        field !== undefined &&
        field !== '' &&
        !(
          field !== null &&
          typeof field === 'object' &&
          !Array.isArray(field) &&
          Object.keys(field).length === 0
        ),
    );
  return Object.fromEntries(fields);
}

/**
 * The action's spec input, parsed once at this edge; a bad one becomes an InputError
 * listing each field, its value and the fix.
 */
export function validSpec(input: unknown): EnvironmentSpec {
  try {
    return parseEnvironmentSpec(withoutBlanks(input));
  } catch (error) {
    throw toBackstageError(error);
  }
}

/**
 * The spec of an action that places data (validate, preview, up, catalog-files): parsed
 * as by validSpec, an Aurora global secondary's primary read from the catalog (a
 * request that says otherwise is refused), a primary refused where a country it would
 * serve may not follow it to one of its secondaries' regions, and any environment
 * refused where a catalog topology that routes to it would break a country's rule.
 */
export type SpecReader = (input: unknown) => Promise<EnvironmentSpec>;

export function catalogSpecReader(
  environments: CatalogEnvironments,
): SpecReader {
  return async input => {
    const spec = validSpec(
      await withPrimaryFromCatalog(withoutBlanks(input), environments),
    );
    await refuseSecondariesAbroad(spec, environments);
    await refuseTopologyBreaches(spec, environments);
    return spec;
  };
}

/** Where the preview of a task saves the plan its up applies. */
export function planFileOf(
  environments: Environments,
  taskId: string,
  spec: EnvironmentSpec,
): string {
  return `${environments.planDir}/${taskId}-${spec.id}.plan.json`;
}
