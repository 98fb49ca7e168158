import express from 'express';
import Router from 'express-promise-router';
import { TicketStore } from '../ticketStore';
import {
  checkJsonDeliverySignature,
  jsonDeliveryHeaders,
} from './jsonDeliverySignature';
import { jsonDeliveryKey } from './jsonTicketHandler';

/**
 * GET /ekyc-tickets/json/deliveries/:deliveryId: what a JSON delivery came to (the
 * ingress answers 202 once it accepts one). Signed like a delivery, over
 * `<timestamp>.<delivery id>.` with an empty body, so only the sender reads it.
 */
export function createJsonDeliveryStatusRouter(options: {
  secret: string;
  store: TicketStore;
  now?: () => number;
}): express.Router {
  const now = options.now ?? Date.now;
  const router = Router();
  router.get('/ekyc-tickets/json/deliveries/:deliveryId', async (req, res) => {
    const { deliveryId } = req.params;
    const signature = checkJsonDeliverySignature(
      options.secret,
      {
        timestamp: req.header(jsonDeliveryHeaders.timestamp) ?? '',
        deliveryId,
        body: Buffer.alloc(0),
      },
      req.header(jsonDeliveryHeaders.signature),
      now(),
    );
    if (!signature.ok) {
      res.status(signature.status).json({ error: signature.error });
      return;
    }
    const outcome = await options.store.outcomeOf(jsonDeliveryKey(deliveryId));
    if (!outcome) {
      res.status(404).json({
        error: `delivery ${deliveryId} has no outcome: the ingress refused it (its answer said why), or it is still being handled`,
      });
      return;
    }
    res.status(200).json({ deliveryId, ...outcome });
  });
  return router;
}
