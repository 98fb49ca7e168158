import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createDestroyAction } from './actions/destroy';
import { createOutputsAction } from './actions/outputs';
import { createPreviewAction } from './actions/preview';
import { createRegisterLocalAction } from './actions/registerLocal';
import { createUpAction } from './actions/up';
import { createValidateAction } from './actions/validate';
import { createCatalogFilesAction } from './actions/catalogFiles';
import { readEnvironmentsSettings } from '@internal/infra-automation/settings';
import { Environments, environmentsFromSettings } from './environments';
import { createTicketIntake } from './tickets/ticketIntake';
import {
  environmentChangeCheck,
  environmentChangePermission,
} from './environmentPermission';

/**
 * The `ekyc:environment:*` actions, and the ticket intake where `ekyc.tickets` is set.
 * The runner is built on first use, so that a portal without `ekyc.environments` still
 * starts; the actions then say what to configure.
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
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
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
        permissions,
        permissionsRegistry,
      }) {
        // Checked now, so that a bad key stops the start naming it; the runner (and
        // the Pulumi CLI) only when an action first needs it.
        const settings = readEnvironmentsSettings(config);
        let built: Promise<Environments> | undefined;
        const environments = () =>
          (built ??= environmentsFromSettings(settings));
        permissionsRegistry.addPermissions([environmentChangePermission]);
        const platformGroupRef =
          config.getOptionalString('ekyc.permissions.platformGroup') ??
          'group:default/platform-team';
        const checkChange = environmentChangeCheck(
          permissions,
          `members of ${platformGroupRef}`,
        );
        scaffolder.addActions(
          createValidateAction(checkChange),
          createCatalogFilesAction(),
          createPreviewAction(environments, checkChange),
          createUpAction(environments, checkChange),
          createOutputsAction(environments),
          createDestroyAction(environments, catalog, checkChange, {
            auth,
            platformGroupRef,
          }),
          createRegisterLocalAction(
            settings?.localCatalogDir,
            catalog,
            auth,
            checkChange,
          ),
        );

        const tickets = await createTicketIntake({
          config,
          catalog,
          auth,
          database,
          discovery,
          logger,
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
