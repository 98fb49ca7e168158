import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogLocationsExtensionPoint } from '@backstage/plugin-catalog-node';

/**
 * Lets the catalog take `file` locations through its API when
 * `ekyc.environments.localCatalogDir` is set, so that the scaffolder can register the
 * environments it makes on the local sandbox without a Git host. Off otherwise:
 * production publishes environment entities to GitHub and registers their URLs.
 */
export const catalogModuleLocalEnvironments = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'ekyc-local-environments',
  register(reg) {
    reg.registerInit({
      deps: {
        locations: catalogLocationsExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ locations, config }) {
        if (config.has('ekyc.environments.localCatalogDir')) {
          locations.setAllowedLocationTypes(['url', 'file']);
        }
      },
    });
  },
});
