import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { eventsExtensionPoint } from '@backstage/plugin-events-node/alpha';
import { DeliveryNonces } from './deliveryNonces';
import { createJsonTicketValidator } from './jsonTicketValidator';
import { jsonTicketTopic } from '../ticketTopics';

/**
 * The JSON ticket intake as an ingress of the events backend:
 * POST /api/events/http/ekyc-tickets, gated by our validator; the scaffolder module's
 * ticket handler subscribes to the topic. Off without `ekyc.tickets.json.secret`.
 */
export const eventsModuleEkycTickets = createBackendModule({
  pluginId: 'events',
  moduleId: 'ekyc-tickets',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        database: coreServices.database,
        events: eventsExtensionPoint,
      },
      async init({ config, database, events }) {
        const secret = config.getOptionalString('ekyc.tickets.json.secret');
        if (!secret) return;
        events.addHttpPostIngress({
          topic: jsonTicketTopic,
          validator: createJsonTicketValidator({
            secret,
            nonces: await DeliveryNonces.create(await database.getClient()),
          }),
        });
      },
    });
  },
});
