import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { formatCostEstimate } from '@internal/infra-automation/cost';
import { resourceNameOf } from '@internal/infra-automation/runner';
import { PlanApprovals } from '../approvals/planApprovals';
import { taskOfPlan } from '../approvals/taskOfPlan';
import { PlanFileStore } from '../plans/planFileStore';
import { Environments } from '../environments';
import { EnvironmentChangeCheck } from '../environmentPermission';
import { examples } from './preview.examples';
import { withBackstageErrors } from '../infraErrors';
import { progressLog } from './progressLog';
import { planFileOf, specDescription, SpecReader } from './spec';

/**
 * `ekyc:environment:preview`: what an up would change, policy-checked, with its cost;
 * the plan is kept for the task's `ekyc:environment:up`. Runs in dry-run too: a
 * preview changes nothing.
 */
export function createPreviewAction(
  environments: () => Promise<Environments>,
  checkChange: EnvironmentChangeCheck,
  approvals: PlanApprovals,
  planFiles: PlanFileStore,
  readSpec: SpecReader,
) {
  return createTemplateAction({
    id: 'ekyc:environment:preview',
    description:
      'Previews an environment with the ekyc-guardrails policy pack, reports the changes and the cost, and keeps the plan for ekyc:environment:up',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        spec: z => z.record(z.unknown()).describe(specDescription),
        newEnvironment: z =>
          z
            .boolean()
            .optional()
            .describe(
              'The template creates environments: refuse an id whose environment exists already',
            ),
      },
      output: {
        changes: z =>
          z
            .record(z.number())
            .describe('Resources per operation (create, update, …)'),
        steps: z => z.number().describe('Resources that would change'),
        summary: z =>
          z
            .string()
            .describe('The changes for a person: "12 to create, 1 to update"'),
        plan: z =>
          z
            .string()
            .optional()
            .describe(
              'The saved plan, for ekyc:environment:up; none in a dry run',
            ),
        costEstimate: z => z.record(z.unknown()),
        costSummary: z =>
          z.string().describe('The cost estimate as a table, for a task page'),
        approval: z =>
          z
            .string()
            .optional()
            .describe(
              'The plan approval this preview recorded, when the environment needs one (sovereign sites, and those ekyc.approvals names)',
            ),
      },
    },
    async handler(ctx) {
      const spec = await readSpec(ctx.input.spec);
      await checkChange(ctx, `preview ${spec.id}`);
      const env = await environments();
      if (
        ctx.input.newEnvironment &&
        (await withBackstageErrors(() =>
          env.runnerFor(spec.id).hasCompletedEnvironment(spec.id),
        ))
      ) {
        throw new InputError(
          `id: the environment ${spec.id} exists already, and this template creates new environments only: choose another id, or have a platform member change ${spec.id} through its spec (ekyc-infra up)`,
        );
      }
      // A dry run (a ticket's preview, the template editor) keeps no plan: nothing
      // applies it, and a plan holds every planned resource's inputs.
      const plan = ctx.isDryRun
        ? undefined
        : planFileOf(env, ctx.task.id, spec);
      const approval =
        plan && (await approvals.required(spec, 'apply'))
          ? { stackVersion: await approvals.stackVersion(spec) }
          : undefined;
      const result = await withBackstageErrors(() =>
        env.runnerFor(spec.id).preview(spec, {
          holder: `task ${ctx.task.id}`,
          planFile: plan,
          signal: ctx.signal,
          onProgress: progressLog(ctx.logger),
        }),
      );
      for (const step of result.steps) {
        ctx.logger.info(
          `will ${step.operation} ${step.resourceType} ${resourceNameOf(
            step.urn,
          )}${step.diffs.length ? ` (${step.diffs.join(', ')})` : ''}`,
        );
      }
      const costSummary =
        result.costEstimate && formatCostEstimate(result.costEstimate);
      if (result.costEstimate && costSummary) {
        costSummary.split('\n').forEach(line => ctx.logger.info(line));
        ctx.output('costSummary', costSummary);
        ctx.output(
          'costEstimate',
          result.costEstimate as unknown as Record<string, unknown>,
        );
      }
      const summary = changeSummary(result.changes);
      ctx.output('changes', result.changes);
      ctx.output('summary', summary);
      ctx.output('steps', result.steps.length);
      if (plan) {
        await planFiles.keep(plan);
        ctx.output('plan', plan);
      }
      if (plan && approval) {
        const record = await approvals.requestApply(
          await taskOfPlan(ctx),
          spec,
          {
            planFile: plan,
            stackVersion: approval.stackVersion,
            summary,
            costSummary,
            steps: result.steps.map(step => ({
              operation: step.operation,
              resourceType: step.resourceType,
              name: resourceNameOf(step.urn),
              diffs: step.diffs,
            })),
          },
        );
        ctx.output('approval', record.id);
      }
    },
  });
}

/** "12 to create, 1 to update", or "no changes". */
function changeSummary(changes: Record<string, number>): string {
  const changed = Object.entries(changes)
    .filter(([operation]) => operation !== 'same')
    .map(([operation, count]) => `${count} to ${operation}`);
  return changed.join(', ') || 'no changes';
}
