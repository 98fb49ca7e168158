import { environmentOutputsSchema, InfraError } from '@internal/ekyc-domain';
import { EnvironmentRunner } from '@internal/infra-automation/runner';
import { StackReads } from './planApprovals';

/**
 * The approvals' reads of the Pulumi backend holding each stack, through its runner's
 * read-only reader.
 */
export function stackReads(
  runnerFor: (environmentId: string) => EnvironmentRunner,
): StackReads {
  return {
    standing: id => runnerFor(id).standing(id),
    async holdsSovereignData(spec) {
      let outputs: Record<string, unknown>;
      try {
        outputs = await runnerFor(spec.id).outputs(spec);
      } catch (error) {
        if (error instanceof InfraError && error.kind === 'not-found') {
          return false;
        }
        throw error;
      }
      const parsed = environmentOutputsSchema.safeParse(outputs);
      // Outputs this portal cannot read are no evidence either way: ask for approval.
      if (!parsed.success) return Object.keys(outputs).length > 0;
      return parsed.data.dataLocations.some(
        ({ location }) => location.type === 'sovereign-site',
      );
    },
  };
}
