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
  createScaffolderTaskConditionalDecision,
  scaffolderActionConditions,
  scaffolderTaskConditions,
} from '@backstage/plugin-scaffolder-backend/alpha';

/** Who may do what in the portal; docs/security.md holds the table. */
export interface EkycPermissionRules {
  /** Members may change infrastructure and the catalog. */
  platformGroupRef: string;
  /**
   * Users with the platform group's rights without being members: the local sandbox
   * lets its guest apply environments to the sandbox this way.
   */
  platformUserRefs: string[];
  /** These users may only read (the guest user of the embedded default). */
  readOnlyUserRefs: string[];
  /**
   * The scaffolder actions contributors may execute (an allow-list: an action added by
   * any module later is the platform group's until named here).
   */
  contributorActionIds: string[];
}

export const defaultEkycPermissionRules: EkycPermissionRules = {
  platformGroupRef: 'group:default/platform-team',
  platformUserRefs: [],
  readOnlyUserRefs: ['user:development/guest'],
  contributorActionIds: [
    'fetch:template',
    'fetch:plain',
    'fetch:plain:file',
    'debug:log',
    'catalog:fetch',
    'catalog:write',
    'catalog:register',
    'publish:github',
    'ekyc:environment:validate',
    'ekyc:environment:catalog-files',
    'ekyc:environment:register-local',
  ],
};

/**
 * Who a permission is granted to. Anything not in the table is denied; a request
 * without a signed-in user is denied (service principals never reach the policy: the
 * permission service answers for them from `backend.auth.externalAccess`).
 */
export type Audience =
  /** Every signed-in user, read-only ones included. */
  | 'signed-in'
  /** Signed-in users who are not read-only. */
  | 'contributors'
  /** The task's creator, and the platform group. */
  | 'task-owner-or-platform'
  /** Contributors for the actions `contributorActionIds` names; all: the platform group. */
  | 'contributors-named-actions'
  | 'platform';

export const permissionTable: Readonly<Record<string, Audience>> = {
  'catalog.entity.read': 'signed-in',
  'catalog.location.read': 'signed-in',
  'catalog.entity.validate': 'signed-in',
  'catalog.entity.create': 'platform',
  'catalog.entity.refresh': 'platform',
  'catalog.entity.delete': 'platform',
  'catalog.location.create': 'platform',
  'catalog.location.delete': 'platform',
  'catalog.location.analyze': 'platform',
  'catalog.ingestion.read': 'platform',
  'catalog.ingestion.manage': 'platform',
  'scaffolder.template.parameter.read': 'signed-in',
  'scaffolder.template.step.read': 'signed-in',
  'scaffolder.task.create': 'contributors',
  'scaffolder.template.dry-run': 'contributors',
  'scaffolder.action.execute': 'contributors-named-actions',
  'scaffolder.task.read': 'task-owner-or-platform',
  'scaffolder.task.cancel': 'task-owner-or-platform',
  'scaffolder.template.management': 'platform',
  'kubernetes.clusters.read': 'signed-in',
  'kubernetes.resources.read': 'signed-in',
  'kubernetes.proxy': 'platform',
  'ekyc.regions.read': 'signed-in',
  'ekyc.environment.change': 'platform',
};

/** One decision, for the audit record. */
export interface PolicyDecisionRecord {
  permission: string;
  user?: string;
  decision: 'allow' | 'deny' | 'conditional';
}

export type DecisionRecorder = (record: PolicyDecisionRecord) => void;

const recordedDecision: Record<
  AuthorizeResult,
  PolicyDecisionRecord['decision']
> = {
  [AuthorizeResult.ALLOW]: 'allow',
  [AuthorizeResult.DENY]: 'deny',
  [AuthorizeResult.CONDITIONAL]: 'conditional',
};

/** Denies by default; allows only what `permissionTable` names. */
export class EkycPermissionPolicy implements PermissionPolicy {
  constructor(
    private readonly rules: EkycPermissionRules,
    private readonly record: DecisionRecorder = () => {},
  ) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const decision = this.decide(request, user);
    this.record({
      permission: request.permission.name,
      user: user?.info.userEntityRef,
      decision: recordedDecision[decision.result],
    });
    return decision;
  }

  private decide(request: PolicyQuery, user?: PolicyQueryUser): PolicyDecision {
    const allow: PolicyDecision = { result: AuthorizeResult.ALLOW };
    const deny: PolicyDecision = { result: AuthorizeResult.DENY };
    const audience = Object.hasOwn(permissionTable, request.permission.name)
      ? permissionTable[request.permission.name]
      : undefined;
    if (!user || !audience) return deny;
    const userRef = user.info.userEntityRef;
    const platform =
      user.info.ownershipEntityRefs.includes(this.rules.platformGroupRef) ||
      this.rules.platformUserRefs.includes(userRef);
    const contributor = !this.rules.readOnlyUserRefs.includes(userRef);
    const { permission } = request;
    switch (audience) {
      case 'signed-in':
        return allow;
      case 'contributors':
        return platform || contributor ? allow : deny;
      case 'platform':
        return platform ? allow : deny;
      case 'task-owner-or-platform':
        if (platform) return allow;
        return isResourcePermission(permission, 'scaffolder-task')
          ? createScaffolderTaskConditionalDecision(permission, {
              allOf: [
                scaffolderTaskConditions.isTaskOwner({ createdBy: [userRef] }),
              ],
            })
          : deny;
      case 'contributors-named-actions': {
        if (platform) return allow;
        const [first, ...others] = this.rules.contributorActionIds;
        if (
          !contributor ||
          !first ||
          !isResourcePermission(permission, 'scaffolder-action')
        ) {
          return deny;
        }
        const hasActionId = (actionId: string) =>
          scaffolderActionConditions.hasActionId({ actionId });
        return createScaffolderActionConditionalDecision(permission, {
          anyOf: [hasActionId(first), ...others.map(hasActionId)],
        });
      }
      default:
        return deny;
    }
  }
}
