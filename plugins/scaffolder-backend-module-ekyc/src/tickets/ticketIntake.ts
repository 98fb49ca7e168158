import {
  AuthService,
  DatabaseService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import express from 'express';
import Router from 'express-promise-router';
import { catalogMembership, catalogUserMembership } from './approvals';
import { githubClientFor } from './githubClient';
import { createGitHubTicketRouter } from './githubTicketRouter';
import { createJsonTicketRouter } from './jsonTicketRouter';
import { scaffolderTasks } from './scaffolderTasks';
import { previewComment } from './ticketPreview';
import { ticketTemplatesFromCatalog } from './ticketTemplates';
import { TicketStore } from './ticketStore';
import { GrantTicketApproval } from './ticketRuns';

/**
 * Tickets: GitHub's issues webhook at /api/scaffolder/ekyc-tickets/github and a JSON
 * intake at .../json for other ticket systems, each authenticated by its signature
 * rather than a Backstage token; each is off without its secret, and with neither
 * there is no router.
 */
export async function createTicketIntake(deps: {
  config: Config;
  catalog: CatalogService;
  auth: AuthService;
  database: DatabaseService;
  discovery: DiscoveryService;
  logger: LoggerService;
  grantApproval: GrantTicketApproval;
}): Promise<express.Router | undefined> {
  const { config, catalog, auth, database, discovery, logger, grantApproval } =
    deps;
  const webhookSecret = config.getOptionalString(
    'ekyc.tickets.github.webhookSecret',
  );
  const jsonSecret = config.getOptionalString('ekyc.tickets.json.secret');
  if (!webhookSecret && !jsonSecret) return undefined;
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
        preview: (template, values) => previewComment(tasks, template, values),
        tasks,
        grantApproval,
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
        grantApproval,
        taskPageUrl,
        logger,
      }),
    );
  }
  return tickets;
}
