import { ScaffolderTasks } from './scaffolderTasks';
import { TicketStore } from './ticketStore';

/**
 * Starts the one run a ticket may have, with the ticket's URL in its values: undefined
 * when a run was started for it already; a run that cannot start gives its claim back,
 * so that the next approval may retry.
 */
export async function startTicketRun(
  deps: { store: TicketStore; tasks: ScaffolderTasks },
  ticket: string,
  templateName: string,
  values: Record<string, unknown>,
): Promise<string | undefined> {
  if (!(await deps.store.claimRun(ticket))) return undefined;
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
  return taskId;
}
