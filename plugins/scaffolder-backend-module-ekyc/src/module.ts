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
import { Environments, environmentsFromConfig } from './environmentsFromConfig';

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
      },
      async init({ scaffolder, config, catalog }) {
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
      },
    });
  },
});
