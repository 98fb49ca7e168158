import type { RequestValidator } from '@backstage/plugin-events-node';
import { DeliveryNonces } from './deliveryNonces';
import {
  checkJsonDeliverySignature,
  jsonDeliveryHeaders,
  singleHeader,
} from './jsonDeliverySignature';
import { parseJsonTicketEvent } from './jsonTicketEvent';

/**
 * The JSON intake's gate in the events backend's HTTP ingress: a delivery is published
 * only when its signature over `<timestamp>.<id>.<raw body>` matches, it is fresh, its
 * body is a ticket event, and its id was not seen before (a replay gets 409).
 */
export function createJsonTicketValidator(options: {
  secret: string;
  nonces: DeliveryNonces;
  now?: () => number;
}): RequestValidator {
  const now = options.now ?? Date.now;
  return async (request, context) => {
    const deliveryId =
      singleHeader(request.headers, jsonDeliveryHeaders.deliveryId) ?? '';
    const nowMs = now();
    const signature = checkJsonDeliverySignature(
      options.secret,
      {
        timestamp:
          singleHeader(request.headers, jsonDeliveryHeaders.timestamp) ?? '',
        deliveryId,
        body: request.raw.body,
      },
      singleHeader(request.headers, jsonDeliveryHeaders.signature),
      nowMs,
    );
    if (!signature.ok) {
      context.reject({
        status: signature.status,
        payload: { error: signature.error },
      });
      return;
    }
    const parsed = parseJsonTicketEvent(request.body);
    if ('error' in parsed) {
      context.reject({
        status: 400,
        payload: {
          error: `${parsed.error} (send the event as application/json)`,
        },
      });
      return;
    }
    if (!(await options.nonces.claim(deliveryId, nowMs))) {
      context.reject({
        status: 409,
        payload: {
          error: `X-Ekyc-Delivery: ${deliveryId} was delivered already; a delivery runs once: read what it came to at /api/scaffolder/ekyc-tickets/json/deliveries/${deliveryId} (no outcome there: it was not handled), and send anything new with its own id and timestamp`,
        },
      });
    }
  };
}
