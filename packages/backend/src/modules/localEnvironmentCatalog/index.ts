import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { readEnvironmentsSettings } from '@internal/infra-automation/settings';
import { LocalEnvironmentsProvider } from './localEnvironmentsProvider';

/**
 * When `ekyc.environments.localCatalogDir` is set (the local sandbox), the catalog reads
 * every `<dir>/*\/catalog-info.yaml` the scaffolder writes there, across restarts.
 * Production publishes environment entities to GitHub and registers their URLs instead.
 */
export const catalogModuleLocalEnvironments = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'ekyc-local-environments',
  register(reg) {
    reg.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ catalog, config }) {
        const dir = readEnvironmentsSettings(config)?.localCatalogDir;
        if (dir) catalog.addEntityProvider(new LocalEnvironmentsProvider(dir));
      },
    });
  },
});
