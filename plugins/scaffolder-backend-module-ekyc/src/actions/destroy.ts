import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { PlanApprovals } from '../approvals/planApprovals';
import { taskOfPlan } from '../approvals/taskOfPlan';
import { Environments } from '../environments';
import { EnvironmentChangeCheck } from '../environmentPermission';
import { examples } from './destroy.examples';
import { withBackstageErrors } from '../infraErrors';
import { progressLog } from './progressLog';
import { specDescription, validSpec } from './spec';

/**
 * `ekyc:environment:destroy`: deletes an environment and its data. Needs `confirm: true`
 * and a second platform member's approval of the destroy this task records (the
 * approvals view); the stack must not have changed between the request and the
 * approval's use.
 */
export function createDestroyAction(
  environments: () => Promise<Environments>,
  checkChange: EnvironmentChangeCheck,
  approvals: PlanApprovals,
) {
  return createTemplateAction({
    id: 'ekyc:environment:destroy',
    description:
      'Destroys an environment once another platform member approves it; needs confirm: true',
    examples,
    schema: {
      input: {
        spec: z => z.record(z.unknown()).describe(specDescription),
        confirm: z =>
          z
            .boolean()
            .describe(
              'Must be true: destroying deletes the environment and its data',
            ),
      },
      output: { changes: z => z.record(z.number()) },
    },
    async handler(ctx) {
      const spec = validSpec(ctx.input.spec);
      await checkChange(ctx, `destroy ${spec.id}`);
      const env = await environments();
      if (ctx.input.confirm !== true) {
        throw new InputError(
          `confirm: destroying ${spec.id} deletes it and its data: set confirm: true to go ahead`,
        );
      }
      const approved = await approvals.approvedDestroy(
        await taskOfPlan(ctx),
        spec,
      );
      try {
        const result = await withBackstageErrors(() =>
          env.runnerFor(spec.id).destroy(spec, {
            holder: `task ${ctx.task.id}`,
            signal: ctx.signal,
            onProgress: progressLog(ctx.logger),
          }),
        );
        await approvals.finished(approved, true);
        ctx.output('changes', result.changes);
      } catch (error) {
        await approvals.finished(approved, false);
        throw error;
      }
    },
  });
}
