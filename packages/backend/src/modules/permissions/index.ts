import {
  AuditorService,
  coreServices,
  createBackendModule,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  defaultEkycPermissionRules,
  EkycPermissionPolicy,
  permissionTable,
  PolicyDecisionRecord,
} from './ekycPermissionPolicy';

/**
 * Every decision on a permission that changes something (all but the signed-in
 * users' reads) goes to the audit log: who, what, and the decision.
 */
function auditChanges(auditor: AuditorService, logger: LoggerService) {
  return (record: PolicyDecisionRecord) => {
    if (permissionTable[record.permission] === 'signed-in') return;
    const meta = {
      permission: record.permission,
      user: record.user ?? 'none',
      decision: record.decision,
    };
    auditor
      .createEvent({
        eventId: 'permission-decision',
        severityLevel: 'medium',
        meta,
      })
      .then(event =>
        record.decision === 'deny'
          ? event.fail({
              error: new NotAllowedError(
                `${meta.user} may not ${meta.permission}`,
              ),
            })
          : event.success(),
      )
      .catch(error =>
        logger.error(`audit record of ${meta.permission} failed: ${error}`),
      );
  };
}

/** Installs the eKYC permission policy, configured under `ekyc.permissions`. */
export const permissionModuleEkycPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'ekyc-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        auditor: coreServices.auditor,
        logger: coreServices.logger,
      },
      async init({ policy, config, auditor, logger }) {
        const section = config.getOptionalConfig('ekyc.permissions');
        const defaults = defaultEkycPermissionRules;
        policy.setPolicy(
          new EkycPermissionPolicy(
            {
              platformGroupRef:
                section?.getOptionalString('platformGroup') ??
                defaults.platformGroupRef,
              platformUserRefs:
                section?.getOptionalStringArray('platformUsers') ??
                defaults.platformUserRefs,
              readOnlyUserRefs:
                section?.getOptionalStringArray('readOnlyUsers') ??
                defaults.readOnlyUserRefs,
              contributorActionIds:
                section?.getOptionalStringArray('contributorActions') ??
                defaults.contributorActionIds,
            },
            auditChanges(auditor, logger),
          ),
        );
      },
    });
  },
});
