import { EnvironmentSpec, parseEnvironmentSpec } from '@internal/ekyc-domain';
import { Environments } from '../environments';
import { toBackstageError } from '../infraErrors';

/** How the `spec` input of every ekyc:environment:* action is described. */
export const specDescription =
  'The environment spec (EnvironmentSpec of @internal/ekyc-domain: kind, id, target, servesCountries, gpuPool, database, edge, owner, costCenter, and region or country, site and connectivity); validated, residency included, before anything else';

/**
 * The action's spec input, parsed once at this edge; a bad one becomes an InputError
 * listing each field, its value and the fix.
 */
export function validSpec(input: unknown): EnvironmentSpec {
  try {
    return parseEnvironmentSpec(input);
  } catch (error) {
    throw toBackstageError(error);
  }
}

/** Where the preview of a task saves the plan its up applies. */
export function planFileOf(
  environments: Environments,
  taskId: string,
  spec: EnvironmentSpec,
): string {
  return `${environments.planDir}/${taskId}-${spec.id}.plan.json`;
}
