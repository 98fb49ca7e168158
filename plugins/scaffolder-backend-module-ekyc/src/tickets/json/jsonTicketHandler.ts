import { LoggerService } from '@backstage/backend-plugin-api';
import { readableUserRef } from '../../userRefs';
import { parseAnswers } from '../parseIssueForm';
import { ScaffolderTasks } from '../scaffolderTasks';
import { GrantTicketApproval, startTicketRun } from '../ticketRuns';
import { TicketStore } from '../ticketStore';
import { TicketTemplate } from '../templateFields';
import { DeliveryOutcome } from '../deliveryOutcome';
import type { TicketSource } from '../ticketEvents';
import { jsonDeliveryHeaders } from './jsonDeliverySignature';
import { JsonTicketEvent, parseJsonTicketEvent } from './jsonTicketEvent';

/**
 * A JSON delivery's key in the ticket store: the sender chooses its ids, so they live
 * apart from GitHub's and cannot shadow one.
 */
export const jsonDeliveryKey = (deliveryId: string) => `json:${deliveryId}`;

export interface JsonTicketHandlerOptions {
  store: TicketStore;
  templateFor(name: string): Promise<TicketTemplate | undefined>;
  isMember(userRef: string, groupRef: string): Promise<boolean>;
  tasks: ScaffolderTasks;
  /** Marks the run's plan approvals as given by the ticket's approver. */
  grantApproval: GrantTicketApproval;
  taskPageUrl(taskId: string): string;
  logger: LoggerService;
}

/**
 * The JSON intake's events, after the ingress checked signature, freshness and replay:
 * answers are checked against the template, and an approval by a member of the
 * template's owning group other than the requester starts the ticket's one run. The
 * outcome (problems, the values, a refusal or the task) is what the sender reads back.
 */
function createJsonTicketHandler(options: JsonTicketHandlerOptions) {
  return async (
    payload: unknown,
    deliveryId: string,
  ): Promise<DeliveryOutcome> => {
    const parsed = parseJsonTicketEvent(payload);
    if ('error' in parsed)
      return { status: 400, body: { error: parsed.error } };
    const { event } = parsed;
    const key = jsonDeliveryKey(deliveryId);
    if (!(await options.store.firstDelivery(key, event.ticket))) {
      return {
        status: 200,
        body: { duplicate: `delivery ${deliveryId} was handled already` },
        repeat: true,
      };
    }
    try {
      return await handle(event);
    } catch (error) {
      // Not handled: a second copy of this delivery (from the events bus) may be.
      await options.store.forgetDelivery(key);
      throw error;
    }
  };

  async function handle(event: JsonTicketEvent): Promise<DeliveryOutcome> {
    const template = await options.templateFor(event.template);
    if (!template) {
      return {
        status: 400,
        body: {
          error: `template: ${event.template} is not a template tickets may request`,
        },
      };
    }
    const form = parseAnswers(new Map(Object.entries(event.answers)), template);
    if (form.problems.length) {
      return { status: 422, body: { problems: form.problems } };
    }
    if (event.event === 'submitted') {
      return { status: 200, body: { values: form.values } };
    }
    const owner = template.spec.owner;
    if (
      !event.approvedBy ||
      !(await options.isMember(event.approvedBy, owner))
    ) {
      return {
        status: 403,
        body: {
          error: `approvedBy: ${
            event.approvedBy ?? 'nobody'
          } is not a member of ${owner} in the catalog; approvals come from its members`,
        },
      };
    }
    // One person has one ref, however it is spelled.
    const requester = event.requestedBy && readableUserRef(event.requestedBy);
    if (!requester || requester === readableUserRef(event.approvedBy)) {
      return {
        status: 403,
        body: {
          error: event.requestedBy
            ? `approvedBy: ${event.approvedBy} requested this ticket; another member of ${owner} approves it`
            : 'requestedBy: is required with an approval, so that a requester cannot approve their own request',
        },
      };
    }
    const taskId = await startTicketRun(
      options,
      event.ticket,
      template.metadata.name,
      form.values,
      {
        requestedBy: requester,
        approvedBy: readableUserRef(event.approvedBy)!,
        basis: `ticket ${event.ticket}`,
      },
    );
    if (!taskId) {
      return {
        status: 200,
        body: { duplicate: `a run was started for ${event.ticket} already` },
      };
    }
    options.logger.info(
      `ticket ${event.ticket}: requested by ${event.requestedBy}, approved by ${event.approvedBy}, task ${taskId}`,
    );
    return {
      status: 202,
      body: { taskId, taskUrl: options.taskPageUrl(taskId) },
    };
  }
}

/** The JSON intake as a ticket source: its delivery header, handler and outcomes. */
export function jsonTicketSource(
  options: JsonTicketHandlerOptions,
): TicketSource {
  return {
    name: 'json',
    deliveryHeader: jsonDeliveryHeaders.deliveryId,
    handle: createJsonTicketHandler(options),
    outcomeKey: jsonDeliveryKey,
  };
}
