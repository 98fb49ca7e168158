import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { JsonObject } from '@backstage/types';
import { Environments } from '../environments';
import { examples } from './up.examples';
import { withBackstageErrors } from '../infraErrors';
import { progressLog } from './progressLog';
import { specDescription, validSpec } from './spec';

/**
 * `ekyc:environment:up`: applies the environment, with the preview's plan when given,
 * logging each resource as it finishes and a heartbeat while any is in flight. The
 * apply is a checkpoint: a task recovered after a restart does not apply twice. A
 * cancelled task cancels the Pulumi operation; the next run completes the stack.
 */
export function createUpAction(environments: () => Promise<Environments>) {
  return createTemplateAction({
    id: 'ekyc:environment:up',
    description:
      'Creates or updates an environment (with the plan saved by ekyc:environment:preview when given) and outputs its stack outputs',
    examples,
    schema: {
      input: {
        spec: z => z.record(z.unknown()).describe(specDescription),
        plan: z =>
          z
            .string()
            .optional()
            .describe('The plan output of ekyc:environment:preview'),
      },
      output: {
        outputs: z => z.record(z.unknown()).describe("The stack's outputs"),
        changes: z => z.record(z.number()),
      },
    },
    async handler(ctx) {
      const env = await environments();
      const spec = validSpec(ctx.input.spec);
      if (ctx.input.plan && !ctx.input.plan.startsWith(`${env.planDir}/`)) {
        throw new InputError(
          `plan must be the plan output of ekyc:environment:preview, not ${ctx.input.plan}`,
        );
      }
      const result = await ctx.checkpoint({
        key: `ekyc-environment-up-${spec.id}`,
        fn: async () => {
          const { outputs, changes } = await withBackstageErrors(() =>
            env.runner.up(spec, {
              planFile: ctx.input.plan,
              signal: ctx.signal,
              onProgress: progressLog(ctx.logger),
            }),
          );
          return { outputs, changes } as JsonObject;
        },
      });
      ctx.output('outputs', result.outputs as JsonObject);
      ctx.output('changes', result.changes as Record<string, number>);
    },
  });
}
