import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import type { EventParams } from '@backstage/plugin-events-node';
import { publicError } from '../publicText';
import { DeliveryOutcome } from './deliveryOutcome';
import { singleHeader } from './json/jsonDeliverySignature';
import { TicketStore } from './ticketStore';

type Handler = (
  payload: unknown,
  deliveryId: string,
) => Promise<DeliveryOutcome>;

export interface TicketSource {
  name: 'github' | 'json';
  /** The header that names the delivery, as the ingress passed the request's headers on. */
  deliveryHeader: string;
  handle: Handler;
  /** Where the outcome is kept for the sender to read back; GitHub reads none. */
  outcomeKey?: (deliveryId: string) => string;
}

/**
 * The one subscriber of the ticket topics: finds the delivery's id in the headers the
 * ingress passed on, runs the source's handler, audits the outcome (refusals and
 * failures too) and keeps it where its sender reads it back.
 */
export function ticketEventHandler(deps: {
  sources: ReadonlyMap<string, TicketSource>;
  store: TicketStore;
  auditor: AuditorService;
  logger: LoggerService;
}) {
  const { sources, store, auditor, logger } = deps;
  return onEvent;

  async function onEvent({ topic, eventPayload, metadata }: EventParams) {
    const source = sources.get(topic);
    if (!source) return;
    // The ingress passes the request's headers on; an event without them (one
    // published by other code, or relayed by the events bus, which drops them) names
    // no delivery and is not a request.
    const deliveryId =
      metadata && singleHeader(metadata, source.deliveryHeader);
    if (!deliveryId) {
      logger.warn(
        `ticket event on ${topic} without ${source.deliveryHeader}: ignored`,
      );
      return;
    }
    const audit = await auditor.createEvent({
      eventId: 'ticket-delivery',
      severityLevel: 'medium',
      meta: { source: source.name, deliveryId },
    });
    let outcome: DeliveryOutcome;
    try {
      outcome = await source.handle(eventPayload, deliveryId);
    } catch (error) {
      const message = publicError((error as Error).message);
      logger.error(
        `ticket delivery ${deliveryId} (${source.name}) failed: ${error}`,
      );
      outcome = {
        status: 500,
        body: {
          error: `handling failed: ${message}; send it again (from the JSON intake: with a new delivery id and timestamp)`,
        },
      };
      await audit.fail({
        meta: auditedOutcome(outcome),
        error: error as Error,
      });
      await recordOutcome(source, deliveryId, outcome);
      return;
    }
    await audit.success({ meta: auditedOutcome(outcome) });
    await recordOutcome(source, deliveryId, outcome);
  }

  async function recordOutcome(
    source: TicketSource,
    deliveryId: string,
    outcome: DeliveryOutcome,
  ) {
    if (source.outcomeKey && !outcome.repeat) {
      await store.recordOutcome(source.outcomeKey(deliveryId), outcome);
    }
  }
}

/** What the audit log keeps of an outcome: what was done or refused, not the form. */
function auditedOutcome({ status, body, repeat }: DeliveryOutcome) {
  const { values: _values, problems, ...rest } = body;
  return {
    status,
    ...(repeat ? { repeat } : {}),
    ...rest,
    ...(Array.isArray(problems) ? { problems: problems.length } : {}),
  };
}
