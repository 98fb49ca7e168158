import {
  AuditorService,
  AuthService,
  DatabaseService,
  DiscoveryService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import type { EventsService } from '@backstage/plugin-events-node';
import express from 'express';
import { catalogMembership, catalogUserMembership } from './approvals';
import { githubClientFor } from './githubClient';
import {
  defaultApprovalLabel,
  githubTicketSource,
} from './github/githubIssuesHandler';
import { reportEndedRuns } from './github/runReports';
import { createJsonDeliveryStatusRouter } from './json/jsonDeliveryStatusRouter';
import { jsonTicketSource } from './json/jsonTicketHandler';
import { scaffolderTasks } from './scaffolderTasks';
import { previewComment } from './ticketPreview';
import { ticketTemplatesFromCatalog } from './ticketTemplates';
import { TicketStore } from './ticketStore';
import { TicketSource, ticketEventHandler } from './ticketEvents';
import { GrantTicketApproval } from './ticketRuns';
import { githubIssuesTopic, jsonTicketTopic } from './ticketTopics';

/**
 * Refuses a configuration that would publish unsigned deliveries to the handler: each
 * topic listed in `events.http.topics` gets an ingress, without a validator unless a
 * module adds one, and its events carry whatever headers the sender chose. GitHub's
 * topics (`github` and the `github.<event>` topics its router publishes) and the JSON
 * intake's are reached only through the signed ingresses.
 */
function refuseUnsignedIngress(config: Config) {
  const open = (
    config.getOptionalStringArray('events.http.topics') ?? []
  ).filter(topic => /^github(\.|$)/.test(topic) || topic === jsonTicketTopic);
  if (open.length) {
    throw new Error(
      `events.http.topics: ${open.join(
        ', ',
      )} would accept ticket deliveries nobody signed; remove it: GitHub's webhook comes in through the GitHub events module (events.modules.github.webhookSecret) and the JSON intake through its own ingress (ekyc.tickets.json.secret)`,
    );
  }
}

/**
 * Tickets through Backstage's events backend: GitHub's issues webhook at
 * /api/events/http/github (signature checked by the GitHub events module, with
 * `events.modules.github.webhookSecret`) and the JSON intake at
 * /api/events/http/ekyc-tickets (our validator, with `ekyc.tickets.json.secret`). One
 * subscriber handles both topics; each handled delivery is audited, and a JSON
 * delivery's outcome is kept for its sender at the returned router's
 * /ekyc-tickets/json/deliveries/:id. Each source is off without its secret.
 */
export async function createTicketIntake(deps: {
  config: Config;
  catalog: CatalogService;
  auth: AuthService;
  auditor: AuditorService;
  database: DatabaseService;
  discovery: DiscoveryService;
  events: EventsService;
  logger: LoggerService;
  scheduler: SchedulerService;
  grantApproval: GrantTicketApproval;
}): Promise<express.Router | undefined> {
  const { config, catalog, auth, logger } = deps;
  const webhookSecret = config.getOptionalString(
    'events.modules.github.webhookSecret',
  );
  const jsonSecret = config.getOptionalString('ekyc.tickets.json.secret');
  refuseUnsignedIngress(config);
  if (!webhookSecret && !jsonSecret) return undefined;

  const store = await TicketStore.create(await deps.database.getClient());
  const common = {
    store,
    templateFor: ticketTemplatesFromCatalog(catalog, auth),
    tasks: scaffolderTasks(deps.discovery, auth),
    grantApproval: deps.grantApproval,
    taskPageUrl: (taskId: string) =>
      `${config.getString('app.baseUrl')}/create/tasks/${taskId}`,
    logger,
  };
  const sources = new Map<string, TicketSource>();
  if (webhookSecret) {
    const githubFor = (url: string) => githubClientFor(config, url);
    sources.set(
      githubIssuesTopic,
      githubTicketSource({
        ...common,
        githubFor,
        membership: catalogMembership(catalog, auth),
        preview: (template, values) =>
          previewComment(common.tasks, template, values),
      }),
    );
    // One replica at a time (the scheduler's lock in the portal's database) posts the
    // results of the runs that ended, whichever replica started them.
    await deps.scheduler.scheduleTask({
      id: 'ekyc-ticket-run-reports',
      frequency: { seconds: 5 },
      timeout: { minutes: 5 },
      fn: async () => {
        await reportEndedRuns({
          ...common,
          githubFor,
          approvalLabel: defaultApprovalLabel,
        });
      },
    });
  }
  if (jsonSecret) {
    sources.set(
      jsonTicketTopic,
      jsonTicketSource({
        ...common,
        isMember: catalogUserMembership(catalog, auth),
      }),
    );
  }

  await deps.events.subscribe({
    id: 'ekyc-tickets',
    topics: [...sources.keys()],
    onEvent: ticketEventHandler({
      sources,
      store,
      auditor: deps.auditor,
      logger,
    }),
  });
  return jsonSecret
    ? createJsonDeliveryStatusRouter({ secret: jsonSecret, store })
    : undefined;
}
