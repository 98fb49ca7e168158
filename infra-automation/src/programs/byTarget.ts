import { EnvironmentRunnerOptions } from '../runner/environmentRunner';
import { InfraError } from '../runner/errors';
import { EnvironmentSpec } from '../spec';

type Target = Pick<EnvironmentRunnerOptions, 'programFor' | 'preflight'>;

/**
 * One runner for every target: each spec goes to the program and preflight of its own
 * `target`; a target this runner has no settings for is refused before anything runs.
 */
export function byTarget(
  targets: Partial<Record<EnvironmentSpec['target'], Target>>,
): Target {
  const targetOf = (spec: EnvironmentSpec): Target => {
    const target = targets[spec.target];
    if (!target) {
      throw new InfraError(
        'validation',
        `environment ${spec.id} has target "${
          spec.target
        }", which is not configured here (configured: ${Object.keys(
          targets,
        ).join(', ')}): choose a configured target, or configure ${
          spec.target
        }`,
      );
    }
    return target;
  };
  return {
    programFor: spec => targetOf(spec).programFor(spec),
    preflight: async spec => targetOf(spec).preflight?.(spec),
  };
}
