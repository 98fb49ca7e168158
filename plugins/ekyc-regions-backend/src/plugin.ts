import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { ekycRegionsPermissions } from '@internal/plugin-ekyc-regions-common';
import { readRegionsConfig } from './config';
import { createRouter } from './router';
import { realFleetSources } from './service/realSources';
import { RegionsService } from './service/RegionsService';
import { SingleFlightCache } from './service/singleFlightCache';

/** The ekyc-regions backend: GPU capacity, latency and residency per region and country. */
export const ekycRegionsPlugin = createBackendPlugin({
  pluginId: 'ekyc-regions',
  register(env) {
    env.registerInit({
      deps: {
        rootConfig: coreServices.rootConfig,
        logger: coreServices.logger,
        cache: coreServices.cache,
        auth: coreServices.auth,
        httpAuth: coreServices.httpAuth,
        discovery: coreServices.discovery,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        httpRouter: coreServices.httpRouter,
        catalog: catalogServiceRef,
      },
      async init(deps) {
        const config = readRegionsConfig(deps.rootConfig);
        deps.permissionsRegistry.addPermissions(ekycRegionsPermissions);
        const service = new RegionsService({
          config,
          sources: realFleetSources({ ...deps, config }),
          cache: new SingleFlightCache(deps.cache),
          logger: deps.logger,
        });
        deps.httpRouter.use(
          createRouter({
            service,
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
          }),
        );
      },
    });
  },
});
