import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  defaultEkycPermissionRules,
  EkycPermissionPolicy,
} from './ekycPermissionPolicy';

/** Installs the eKYC permission policy, configured under `ekyc.permissions`. */
export const permissionModuleEkycPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'ekyc-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint, config: coreServices.rootConfig },
      async init({ policy, config }) {
        const section = config.getOptionalConfig('ekyc.permissions');
        const defaults = defaultEkycPermissionRules;
        policy.setPolicy(
          new EkycPermissionPolicy({
            platformGroupRef:
              section?.getOptionalString('platformGroup') ??
              defaults.platformGroupRef,
            platformUserRefs:
              section?.getOptionalStringArray('platformUsers') ??
              defaults.platformUserRefs,
            readOnlyUserRefs:
              section?.getOptionalStringArray('readOnlyUsers') ??
              defaults.readOnlyUserRefs,
            infrastructureActionIds:
              section?.getOptionalStringArray('infrastructureActions') ??
              defaults.infrastructureActionIds,
          }),
        );
      },
    });
  },
});
