import { AuditorService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { auroraOutputSchema } from '@internal/ekyc-domain';
import {
  globalDatabaseState,
  promoteSecondary,
} from '@internal/infra-automation/programs';
import { PlanApprovals } from '../approvals/planApprovals';
import { taskOfPlan } from '../approvals/taskOfPlan';
import { EnvironmentChangeCheck } from '../environmentPermission';
import { Environments } from '../environments';
import { withBackstageErrors } from '../infraErrors';
import { examples } from './promote.examples';

/** An RDS client of a region, on the portal's AWS credentials. */
export type RdsClientFor = (
  region: string,
) => Parameters<typeof promoteSecondary>[0];

/**
 * `ekyc:environment:promote`: makes a region's Aurora global secondary the writer of
 * its global database, the database step of a regional failover or of the failback
 * (docs/runbooks/aurora-failover.md). Like a destroy: only platform members,
 * `confirm: true`, and a second member's approval of this environment, mode and cluster.
 */
export function createPromoteAction(
  environments: () => Promise<Environments>,
  checkChange: EnvironmentChangeCheck,
  approvals: PlanApprovals,
  rdsClientFor: RdsClientFor,
  auditor: AuditorService,
  /** How often to read Aurora while it promotes; 15 s unless given. */
  pollMs?: number,
) {
  return createTemplateAction({
    id: 'ekyc:environment:promote',
    description:
      "Makes a region's Aurora global secondary the writer of its global database, once another platform member approves it; needs confirm: true",
    examples,
    schema: {
      input: {
        environmentId: z =>
          z
            .string()
            .regex(/^[a-z][a-z0-9-]{0,39}$/)
            .describe('The region environment whose database is the secondary'),
        mode: z =>
          z
            .enum(['switchover', 'failover'])
            .describe(
              'switchover: the primary region is healthy, nothing is lost; failover: it is down, writes not yet replicated are lost',
            ),
        confirm: z =>
          z
            .boolean()
            .describe('Must be true: the writer of the database moves'),
      },
      output: {
        writerArn: z => z.string(),
        formerWriterArn: z => z.string().optional(),
        promoted: z => z.boolean(),
      },
    },
    async handler(ctx) {
      const { environmentId: id, mode } = ctx.input;
      await checkChange(ctx, `promote the database of ${id}`);
      if (ctx.input.confirm !== true) {
        throw new InputError(
          `confirm: promoting ${id} makes its database the writer${
            mode === 'failover'
              ? ' and loses the writes the primary had not yet replicated'
              : ''
          }: set confirm: true to go ahead`,
        );
      }
      const env = await environments();
      const outputs = await withBackstageErrors(() =>
        env.runnerFor(id).outputs({ id }),
      );
      const aws = outputs.aws as { region?: unknown; database?: unknown };
      const database = auroraOutputSchema.safeParse(aws?.database);
      if (!database.success || typeof aws?.region !== 'string') {
        throw new InputError(
          `environmentId: ${id}'s stack reports no Aurora cluster: promote a region applied on target aws (apply it again if it predates promotion)`,
        );
      }
      const { globalClusterIdentifier, clusterArn } = database.data;
      if (clusterArn.split(':')[3] !== aws.region) {
        throw new InputError(
          `environmentId: ${id}'s stack reports region ${aws.region} but a cluster in another (${clusterArn}): apply it again, then promote`,
        );
      }
      // Failing back promotes the region applied as primary: what counts is
      // which cluster writes now, read before anyone is asked to approve.
      const rds = rdsClientFor(aws.region);
      const task = await taskOfPlan(ctx);
      const state = await globalDatabaseState(rds, globalClusterIdentifier);
      const promote = async () => {
        const result = await promoteSecondary(rds, {
          globalClusterIdentifier,
          targetClusterArn: clusterArn,
          mode,
          pollMs,
          signal: ctx.signal,
          onProgress: line => ctx.logger.info(line),
        });
        ctx.output('writerArn', result.writerArn);
        if (result.formerWriterArn) {
          ctx.output('formerWriterArn', result.formerWriterArn);
        }
        ctx.output('promoted', result.promoted);
        return result;
      };
      if (state.writerArn === clusterArn && !state.promotingTo) {
        ctx.logger.info(
          `${id}'s cluster is already the writer of ${globalClusterIdentifier}: nothing to promote`,
        );
        ctx.output('writerArn', clusterArn);
        ctx.output('promoted', false);
        // This task's own promotion, ended while it was not looking (a restart).
        await approvals.settleApplying(task, 'promote', id, true);
        return;
      }
      if (state.promotingTo === clusterArn) {
        // Approved and under way before this run (a restart): waiting causes
        // nothing new, so nothing new is approved.
        await promote();
        await approvals.settleApplying(task, 'promote', id, true);
        return;
      }
      const target = {
        environmentId: id,
        mode,
        targetClusterArn: clusterArn,
      };
      const approved = await approvals.approvedPromotion(task, {
        ...target,
        summary: `${mode} of ${globalClusterIdentifier} to ${id} (${
          aws.region
        })${mode === 'failover' ? ': writes not yet replicated are lost' : ''}`,
      });
      const audit = await auditor.createEvent({
        eventId: 'environment-promote',
        severityLevel: 'high',
        meta: { ...target, plan: approved.id },
      });
      try {
        const result = await promote();
        await approvals.finished(approved, true);
        await audit.success({ meta: { promoted: String(result.promoted) } });
      } catch (error) {
        await approvals.finished(approved, false);
        await audit.fail({ error: error as Error });
        throw error;
      }
    },
  });
}
