import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createDestroyAction } from './actions/destroy';
import { createPromoteAction } from './actions/promote';
import { createOutputsAction } from './actions/outputs';
import { createPreviewAction } from './actions/preview';
import { createRegisterLocalAction } from './actions/registerLocal';
import { createUpAction } from './actions/up';
import { createValidateAction } from './actions/validate';
import { catalogEnvironments } from './actions/primaryEnvironment';
import { catalogSpecReader } from './actions/spec';
import { createCatalogFilesAction } from './actions/catalogFiles';
import {
  readClustersSettings,
  readEnvironmentsSettings,
} from '@internal/infra-automation/settings';
import { rdsClientOf } from '@internal/infra-automation/programs';
import { readOnPremCostModel } from '@internal/infra-automation/cost';
import {
  catalogClusterPlaces,
  portalClusters,
} from './clusters/portalClusters';
import { createClustersRouter } from './clusters/clustersRouter';
import { createTargetsRouter } from './targets/targetsRouter';
import { environmentsFromSettings } from './environments';
import { keptOnceBuilt } from './keptOnceBuilt';
import {
  directoryDestination,
  portalDatabaseDestination,
} from './entities/entityDestinations';
import { createTicketIntake } from './tickets/ticketIntake';
import {
  environmentChangeCheck,
  environmentChangePermission,
} from './environmentPermission';
import { createApprovalsRouter } from './approvals/approvalsRouter';
import {
  PlanApprovals,
  readPlanApprovalSettings,
} from './approvals/planApprovals';
import { PlanApprovalStore } from './approvals/planApprovalStore';
import { stackReads } from './approvals/stackReads';
import { PostgresStackLocks } from './stackLocks/postgresStackLocks';
import { PlanFileStore } from './plans/planFileStore';

/**
 * The `ekyc:environment:*` actions, the plan approvals, and the ticket intake's
 * handler where a ticket source's secret is set.
 * The runner is built on first use, so that a portal without `ekyc.environments` still
 * starts; the actions then say what to configure, and a failed build is tried again by
 * the next action rather than kept until a restart.
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
        auditor: coreServices.auditor,
        httpAuth: coreServices.httpAuth,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
        discovery: coreServices.discovery,
        events: eventsServiceRef,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
      },
      async init({
        scaffolder,
        config,
        catalog,
        auth,
        auditor,
        httpAuth,
        database,
        httpRouter,
        logger,
        discovery,
        events,
        permissions,
        permissionsRegistry,
        scheduler,
      }) {
        // Checked now, so that a bad key stops the start naming it; the runner (and
        // the Pulumi CLI) only when an action first needs it.
        const settings = readEnvironmentsSettings(config);
        const onPremCosts = readOnPremCostModel(config);
        const clusters = portalClusters(readClustersSettings(config), () =>
          catalogClusterPlaces(catalog, auth, logger),
        );
        const db = await database.getClient();
        // Replicas share a PostgreSQL database; the embedded SQLite has one process.
        const stackLocks =
          db.client.config.client === 'pg'
            ? await PostgresStackLocks.create(db)
            : undefined;
        const environments = keptOnceBuilt(() =>
          environmentsFromSettings(settings, clusters, stackLocks, onPremCosts),
        );
        permissionsRegistry.addPermissions([environmentChangePermission]);
        const platformGroupRef =
          config.getOptionalString('ekyc.permissions.platformGroup') ??
          'group:default/platform-team';
        const whoMay = `members of ${platformGroupRef}`;
        const checkChange = environmentChangeCheck(permissions, whoMay);
        const approvals = new PlanApprovals(
          await PlanApprovalStore.create(db),
          readPlanApprovalSettings(config),
          async () => stackReads((await environments()).runnerFor),
          auditor,
          logger,
        );
        const planFiles = await PlanFileStore.create(db);
        httpRouter.use(
          createApprovalsRouter({ approvals, httpAuth, permissions, whoMay }),
        );
        httpRouter.use(createClustersRouter({ clusters, httpAuth }));
        httpRouter.use(createTargetsRouter({ environments, httpAuth }));
        // Every action that places data reads an Aurora secondary's primary, and a
        // primary's secondaries, from the catalog.
        const readSpec = catalogSpecReader(catalogEnvironments(catalog, auth));
        scaffolder.addActions(
          createValidateAction(
            checkChange,
            clusters,
            readSpec,
            async () => (await environments()).awsProblems(),
            onPremCosts,
          ),
          createCatalogFilesAction(readSpec),
          createPreviewAction(
            environments,
            checkChange,
            approvals,
            planFiles,
            readSpec,
          ),
          createUpAction(
            environments,
            checkChange,
            approvals,
            planFiles,
            readSpec,
          ),
          createOutputsAction(environments),
          createDestroyAction(environments, checkChange, approvals),
          createPromoteAction(
            environments,
            checkChange,
            approvals,
            rdsClientOf,
            auditor,
          ),
          createRegisterLocalAction(
            settings?.localCatalogDir
              ? directoryDestination(settings.localCatalogDir, catalog, auth)
              : portalDatabaseDestination(discovery, auth),
            checkChange,
          ),
        );

        const tickets = await createTicketIntake({
          config,
          catalog,
          auth,
          auditor,
          database,
          discovery,
          events,
          logger,
          scheduler,
          grantApproval: (taskId, approval) =>
            approvals.records.grant({ taskId, ...approval }),
        });
        if (tickets) {
          httpRouter.use(tickets);
          httpRouter.addAuthPolicy({
            path: '/ekyc-tickets',
            allow: 'unauthenticated',
          });
        }
      },
    });
  },
});
