import {
  AuditorService,
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { JsonObject } from '@backstage/types';
import path from 'node:path';
import eventsPlugin from '@backstage/plugin-events-backend';
import {
  eventsServiceFactory,
  eventsServiceRef,
} from '@backstage/plugin-events-node';
import { eventsModuleEkycTickets } from '../json/eventsModule';
import { createJsonDeliveryStatusRouter } from '../json/jsonDeliveryStatusRouter';
import { TicketSource, ticketEventHandler } from '../ticketEvents';
import { readTicketTemplate, ticketTemplateNames } from '../issueFormFiles';
import { TicketStore } from '../ticketStore';
import { noRunsMayStart } from './noRunsMayStart';

/**
 * The GitHub events module's two modules (signature validator, sub-topic router). Its
 * package loads them with a dynamic import(), which Jest runs only with native ESM, so
 * they are required from the package's own files.
 */
function githubEventsModules() {
  const dist = path.dirname(
    require.resolve('@backstage/plugin-events-backend-module-github'),
  );
  return ['eventsModuleGithubWebhook', 'eventsModuleGithubEventRouter'].map(
    name => require(path.join(dist, 'service', `${name}.cjs.js`)).default,
  );
}

const repoRoot = path.resolve(__dirname, '../../../../..');

/**
 * What every ticket handler under test shares: the repository's templates, and a
 * scaffolder that no request may reach.
 */
export const handlerDoubles = {
  templateFor: async (name: string) =>
    ticketTemplateNames.includes(name)
      ? readTicketTemplate(repoRoot, name)
      : undefined,
  tasks: noRunsMayStart,
  grantApproval: async () => {
    throw new Error('no run starts in these tests');
  },
  taskPageUrl: (taskId: string) => `http://portal/create/tasks/${taskId}`,
  logger: mockServices.logger.mock(),
};

/** An audited ticket delivery: its outcome as the subscriber reported it. */
export interface AuditedDelivery {
  outcome: 'success' | 'fail';
  meta: Record<string, unknown>;
}

/**
 * One backend with Backstage's events backend (its HTTP ingress), the GitHub events
 * module, our JSON ingress, and the scaffolder module's ticket subscriber and outcome
 * route wired to the sources a test gives, on the test backend's real SQLite database.
 */
export async function startTicketBackend(options: {
  config: JsonObject;
  sources(store: TicketStore): Map<string, TicketSource>;
  jsonSecret?: string;
}) {
  const audited: AuditedDelivery[] = [];
  const auditor: AuditorService = {
    createEvent: async ({ meta }) => ({
      success: async done => {
        audited.push({ outcome: 'success', meta: { ...meta, ...done?.meta } });
      },
      fail: async done => {
        audited.push({ outcome: 'fail', meta: { ...meta, ...done.meta } });
      },
    }),
  };
  const tickets = createBackendPlugin({
    pluginId: 'tickets-under-test',
    register(reg) {
      reg.registerInit({
        deps: {
          events: eventsServiceRef,
          database: coreServices.database,
          httpRouter: coreServices.httpRouter,
        },
        async init({ events, database, httpRouter }) {
          const store = await TicketStore.create(await database.getClient());
          const sources = options.sources(store);
          await events.subscribe({
            id: 'ekyc-tickets',
            topics: [...sources.keys()],
            onEvent: ticketEventHandler({
              sources,
              store,
              auditor,
              logger: mockServices.logger.mock(),
            }),
          });
          if (options.jsonSecret) {
            httpRouter.use(
              createJsonDeliveryStatusRouter({
                secret: options.jsonSecret,
                store,
              }),
            );
          }
          httpRouter.addAuthPolicy({
            path: '/ekyc-tickets',
            allow: 'unauthenticated',
          });
        },
      });
    },
  });
  const backend = await startTestBackend({
    features: [
      eventsPlugin,
      // The real events service: the test double gives each plugin its own.
      eventsServiceFactory,
      ...githubEventsModules(),
      eventsModuleEkycTickets,
      tickets,
      mockServices.rootConfig.factory({
        data: {
          ...options.config,
          // One backend: the events bus between replicas has nothing to carry.
          events: {
            ...(options.config.events as JsonObject | undefined),
            useEventBus: 'never',
          },
        },
      }),
      mockServices.rootLogger.factory({ level: 'warn' }),
    ],
  });
  /** The audit of one delivery, once handled. */
  const auditOf = (deliveryId: string) =>
    audited.filter(entry => entry.meta.deliveryId === deliveryId);
  return { server: backend.server, stop: () => backend.stop(), auditOf };
}
