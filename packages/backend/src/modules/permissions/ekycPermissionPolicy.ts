import {
  AuthorizeResult,
  isResourcePermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  createScaffolderActionConditionalDecision,
  scaffolderActionConditions,
} from '@backstage/plugin-scaffolder-backend/alpha';

/** Who may do what in the portal; see docs/architecture.md, "Permissions". */
export interface EkycPermissionRules {
  /** Members may do everything, including running infrastructure templates. */
  platformGroupRef: string;
  /**
   * Users with the platform group's rights without being members: the local sandbox
   * lets its guest apply environments to the sandbox this way.
   */
  platformUserRefs: string[];
  /** These users may only read (the guest user of the embedded default). */
  readOnlyUserRefs: string[];
  /** Scaffolder actions that change infrastructure: platform group only. */
  infrastructureActionIds: string[];
}

export const defaultEkycPermissionRules: EkycPermissionRules = {
  platformGroupRef: 'group:default/platform-team',
  platformUserRefs: [],
  readOnlyUserRefs: ['user:development/guest'],
  infrastructureActionIds: [
    'ekyc:environment:preview',
    'ekyc:environment:up',
    'ekyc:environment:destroy',
  ],
};

/**
 * Guests read; signed-in users may also use templates and the catalog, but only the
 * platform group may execute the actions that change infrastructure.
 */
export class EkycPermissionPolicy implements PermissionPolicy {
  constructor(private readonly rules: EkycPermissionRules) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (
      user?.info.ownershipEntityRefs.includes(this.rules.platformGroupRef) ||
      (user && this.rules.platformUserRefs.includes(user.info.userEntityRef))
    ) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (request.permission.attributes.action === 'read') {
      return { result: AuthorizeResult.ALLOW };
    }
    if (
      !user ||
      this.rules.readOnlyUserRefs.includes(user.info.userEntityRef)
    ) {
      return { result: AuthorizeResult.DENY };
    }
    const [firstAction, ...otherActions] = this.rules.infrastructureActionIds;
    if (
      firstAction &&
      isResourcePermission(request.permission, 'scaffolder-action')
    ) {
      const hasActionId = (actionId: string) =>
        scaffolderActionConditions.hasActionId({ actionId });
      return createScaffolderActionConditionalDecision(request.permission, {
        not: {
          anyOf: [hasActionId(firstAction), ...otherActions.map(hasActionId)],
        },
      });
    }
    return { result: AuthorizeResult.ALLOW };
  }
}
