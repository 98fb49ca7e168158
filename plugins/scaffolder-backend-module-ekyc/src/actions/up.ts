import fs from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { JsonObject } from '@backstage/types';
import { InfraError } from '@internal/ekyc-domain';
import { PlanApprovals } from '../approvals/planApprovals';
import { taskOfPlan } from '../approvals/taskOfPlan';
import { PlanFileStore } from '../plans/planFileStore';
import { Environments } from '../environments';
import { EnvironmentChangeCheck } from '../environmentPermission';
import { examples } from './up.examples';
import { withBackstageErrors } from '../infraErrors';
import { progressLog } from './progressLog';
import { planFileOf, specDescription, SpecReader } from './spec';

/**
 * The plan must be the one this task's preview saved for this spec: that exact path
 * in the plan directory, a regular file rather than a link, inside the directory once
 * links are resolved.
 */
async function confinedPlan(
  given: string,
  expected: string,
  planFiles: PlanFileStore,
) {
  const refuse = (why: string) =>
    new InputError(
      `plan: ${why}; pass the plan output of this task's ekyc:environment:preview (${expected})`,
    );
  if (path.resolve(given) !== path.resolve(expected)) {
    throw refuse(`${given} is not the plan this task's preview saved`);
  }
  // Another replica's preview may have saved it.
  await planFiles.restore(expected);
  const stat = await fs.lstat(expected).catch(() => undefined);
  if (!stat?.isFile()) {
    throw refuse(`${given} is not a plan file (missing, or a link)`);
  }
  const [planDir, planFile] = await Promise.all([
    fs.realpath(path.dirname(expected)),
    fs.realpath(expected),
  ]);
  if (path.dirname(planFile) !== planDir) {
    throw refuse(`${given} resolves outside the plan directory`);
  }
}

/**
 * `ekyc:environment:up`: applies the environment, with the preview's plan when given
 * (required, and approved by a second platform member, where approvals apply),
 * logging each resource as it finishes and a heartbeat while any is in flight. The
 * apply is a checkpoint: a task recovered after a restart does not apply twice. A
 * cancelled task cancels the Pulumi operation; the next run completes the stack.
 */
export function createUpAction(
  environments: () => Promise<Environments>,
  checkChange: EnvironmentChangeCheck,
  approvals: PlanApprovals,
  planFiles: PlanFileStore,
  readSpec: SpecReader,
) {
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
      const spec = await readSpec(ctx.input.spec);
      await checkChange(ctx, `apply ${spec.id}`);
      const env = await environments();
      if (ctx.input.plan) {
        await confinedPlan(
          ctx.input.plan,
          planFileOf(env, ctx.task.id, spec),
          planFiles,
        );
      }
      const approved = (await approvals.required(spec, 'apply'))
        ? await approvals.approvedApply(
            await taskOfPlan(ctx),
            spec,
            ctx.input.plan,
          )
        : undefined;
      const result = await ctx.checkpoint({
        key: `ekyc-environment-up-${spec.id}`,
        fn: async () => {
          try {
            const { outputs, changes } = await withBackstageErrors(() =>
              env.runnerFor(spec.id).up(spec, {
                holder: `task ${ctx.task.id}`,
                planFile: ctx.input.plan,
                signal: ctx.signal,
                onProgress: progressLog(ctx.logger),
              }),
            );
            if (approved) await approvals.finished(approved, true);
            if (ctx.input.plan) await planFiles.forget(ctx.input.plan);
            return { outputs, changes } as JsonObject;
          } catch (error) {
            // A conflict (another operation holds the stack) applied nothing of the
            // plan, which stays applying for the task's retry.
            const conflict =
              (error as { cause?: unknown }).cause instanceof InfraError &&
              (error as { cause: InfraError }).cause.kind === 'conflict';
            if (approved && !conflict) {
              await approvals.finished(approved, false);
            }
            throw error;
          }
        },
      });
      ctx.output('outputs', result.outputs as JsonObject);
      ctx.output('changes', result.changes as Record<string, number>);
    },
  });
}
