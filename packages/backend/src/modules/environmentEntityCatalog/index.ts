import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { readEnvironmentsSettings } from '@internal/infra-automation/settings';
import { LocalEnvironmentsProvider } from './localEnvironmentsProvider';
import { RegisteredEntitiesProvider } from './registeredEntitiesProvider';
import { createRegisteredEntitiesRouter } from './registeredEntitiesRouter';
import { RegisteredEntityStore } from './registeredEntityStore';

/**
 * Where the entities the scaffolder's register-local action registers come from:
 * with `ekyc.environments.localCatalogDir` (the local sandbox), every
 * `<dir>/*\/catalog-info.yaml` it writes there; otherwise (production, several replicas)
 * the catalog's own database, through the registered-entities route. Both last across
 * restarts. Published environments are registered by URL with catalog:register instead.
 */
export const catalogModuleEnvironmentEntities = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'ekyc-environment-entities',
  register(reg) {
    reg.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        scheduler: coreServices.scheduler,
      },
      async init({
        catalog,
        config,
        database,
        httpRouter,
        httpAuth,
        scheduler,
      }) {
        const dir = readEnvironmentsSettings(config)?.localCatalogDir;
        if (dir) catalog.addEntityProvider(new LocalEnvironmentsProvider(dir));
        const provider = new RegisteredEntitiesProvider(
          await RegisteredEntityStore.create(await database.getClient()),
        );
        catalog.addEntityProvider(provider);
        httpRouter.use(createRegisteredEntitiesRouter({ provider, httpAuth }));
        await scheduler.scheduleTask({
          id: 'ekyc-registered-entities-refresh',
          frequency: { minutes: 5 },
          timeout: { minutes: 1 },
          initialDelay: { minutes: 1 },
          fn: () => provider.refresh(),
        });
      },
    });
  },
});
