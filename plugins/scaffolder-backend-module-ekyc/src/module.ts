import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import Router from 'express-promise-router';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createDestroyAction } from './actions/destroy';
import { createOutputsAction } from './actions/outputs';
import { createPreviewAction } from './actions/preview';
import { createRegisterLocalAction } from './actions/registerLocal';
import { createUpAction } from './actions/up';
import { createValidateAction } from './actions/validate';
import { Environments, environmentsFromConfig } from './environmentsFromConfig';
import { catalogMembership, catalogUserMembership } from './tickets/approvals';
import { githubClientFor } from './tickets/githubClient';
import { scaffolderTasks } from './tickets/scaffolderTasks';
import { previewComment, specOfTemplate } from './tickets/ticketPreview';
import { createGitHubTicketRouter } from './tickets/githubTicketRouter';
import { createJsonTicketRouter } from './tickets/jsonTicketRouter';
import { ticketTemplatesFromCatalog } from './tickets/ticketTemplates';
import { TicketStore } from './tickets/ticketStore';

/**
 * The `ekyc:environment:*` actions. The runner is built on first use, so that a portal
 * without `ekyc.environments` still starts; the actions then say what to configure.
 */
export const scaffolderModuleEkyc = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'ekyc',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        catalog: catalogServiceRef,
        auth: coreServices.auth,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
        discovery: coreServices.discovery,
      },
      async init({
        scaffolder,
        config,
        catalog,
        auth,
        database,
        httpRouter,
        logger,
        discovery,
      }) {
        let built: Promise<Environments> | undefined;
        const environments = () => (built ??= environmentsFromConfig(config));
        scaffolder.addActions(
          createValidateAction(environments),
          createPreviewAction(environments),
          createUpAction(environments),
          createOutputsAction(environments),
          createDestroyAction(environments, catalog),
          createRegisterLocalAction(config, catalog),
        );

        // Tickets: GitHub's issues webhook at /api/scaffolder/ekyc-tickets/github and a
        // JSON intake at .../json for other ticket systems, each authenticated by its
        // signature rather than a Backstage token; each is off without its secret.
        const webhookSecret = config.getOptionalString(
          'ekyc.tickets.github.webhookSecret',
        );
        const jsonSecret = config.getOptionalString('ekyc.tickets.json.secret');
        if (!webhookSecret && !jsonSecret) return;
        const store = await TicketStore.create(await database.getClient());
        const templateFor = ticketTemplatesFromCatalog(catalog, auth);
        const tasks = scaffolderTasks(discovery, auth);
        const taskPageUrl = (taskId: string) =>
          `${config.getString('app.baseUrl')}/create/tasks/${taskId}`;
        const tickets = Router();
        if (webhookSecret) {
          tickets.use(
            '/ekyc-tickets',
            createGitHubTicketRouter({
              webhookSecret,
              store,
              templateFor,
              githubFor: url => githubClientFor(config, url),
              membership: catalogMembership(catalog, auth),
              preview: async (template, values) =>
                previewComment(
                  (await environments()).runner,
                  specOfTemplate(template, values),
                ),
              tasks,
              taskPageUrl,
              logger,
            }),
          );
        }
        if (jsonSecret) {
          tickets.use(
            '/ekyc-tickets',
            createJsonTicketRouter({
              secret: jsonSecret,
              store,
              templateFor,
              isMember: catalogUserMembership(catalog, auth),
              tasks,
              taskPageUrl,
              logger,
            }),
          );
        }
        httpRouter.use(tickets);
        httpRouter.addAuthPolicy({
          path: '/ekyc-tickets',
          allow: 'unauthenticated',
        });
      },
    });
  },
});
