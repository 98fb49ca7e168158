import { ActionContext } from '@backstage/plugin-scaffolder-node';
import { TaskOfPlan } from './planApprovals';

/**
 * The task as its plan approval sees it: who created it, and who runs it now (a retry
 * runs with the retrier's credentials while the task keeps its creator as user).
 */
export async function taskOfPlan(
  ctx: ActionContext<any, any>,
): Promise<TaskOfPlan> {
  // A user principal carries its ref; a service principal (a ticket's run) has none.
  const principal = (await ctx.getInitiatorCredentials()).principal as {
    type?: string;
    userEntityRef?: string;
  };
  return {
    taskId: ctx.task.id,
    userRef: ctx.user?.ref,
    initiatorRef:
      principal.type === 'user' ? principal.userEntityRef : undefined,
    log: line => ctx.logger.info(line),
    signal: ctx.signal,
  };
}
