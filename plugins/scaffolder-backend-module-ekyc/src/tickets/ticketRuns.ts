import { ScaffolderTasks } from './scaffolderTasks';
import { TicketStore } from './ticketStore';

/** Who asked and who approved a ticket's run, for the plan approvals its steps record. */
export interface TicketApproval {
  requestedBy: string;
  approvedBy: string;
  /** What was approved: the ticket and its previewed form's hash. */
  basis: string;
}

export type GrantTicketApproval = (
  taskId: string,
  approval: TicketApproval,
) => Promise<void>;

/**
 * Starts the one run a ticket may have, with the ticket's URL in its values: undefined
 * while a run started for it is going or has completed; a run that cannot start, or
 * that failed or was cancelled, lets the next approval retry.
 */
export async function startTicketRun(
  deps: {
    store: TicketStore;
    tasks: ScaffolderTasks;
    grantApproval: GrantTicketApproval;
  },
  ticket: string,
  templateName: string,
  values: Record<string, unknown>,
  approval: TicketApproval,
): Promise<string | undefined> {
  if (
    !(await deps.store.claimRun(ticket)) &&
    !(await reclaimAfterUnsuccessfulRun(deps, ticket))
  ) {
    return undefined;
  }
  let taskId: string;
  try {
    taskId = await deps.tasks.start(templateName, {
      ...values,
      ticketUrl: ticket,
    });
  } catch (error) {
    await deps.store.releaseRun(ticket);
    throw error;
  }
  // Started: the claim stays even if recording the task id fails, or a retry would
  // start a second run beside this one.
  await deps.store.recordTask(ticket, taskId);
  // The run's plan, once previewed, counts as approved by the ticket's approver; the
  // task waits for it (docs/security.md, "Plan approvals").
  await deps.grantApproval(taskId, approval);
  return taskId;
}

/**
 * A claim whose run failed or was cancelled is normally given back when its result is
 * reported on its issue (runReports.ts); one nobody reports (the JSON intake's, whose
 * sender reads the task itself) is given back here, when the next approval comes.
 */
async function reclaimAfterUnsuccessfulRun(
  deps: { store: TicketStore; tasks: ScaffolderTasks },
  ticket: string,
): Promise<boolean> {
  const previous = await deps.store.taskOf(ticket);
  if (!previous) return false;
  const status = await deps.tasks.status(previous);
  if (status !== 'failed' && status !== 'cancelled') return false;
  await deps.store.releaseRunOfTask(ticket, previous);
  return deps.store.claimRun(ticket);
}
