import { InputError } from '@backstage/errors';
import { EnvironmentSpec, InfraError } from '@internal/infra-automation';
import { Environments } from '../environmentsFromConfig';

/** How the `spec` input of every ekyc:environment:* action is described. */
export const specDescription =
  'The environment spec (EnvironmentSpec of infra-automation: kind, id, target, servesCountries, gpuPool, database, edge, owner, costCenter, and region or country, site and connectivity); validated, residency included, before anything else';

/** The spec, validated; a bad one becomes an InputError listing each field and its fix. */
export function validSpec(
  environments: Environments,
  input: unknown,
): EnvironmentSpec {
  try {
    return environments.runner.validate(input);
  } catch (error) {
    if (error instanceof InfraError) throw new InputError(error.message);
    throw error;
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
