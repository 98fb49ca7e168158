import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import { PolicyQueryUser } from '@backstage/plugin-permission-node';
import {
  catalogEntityReadPermission,
  catalogEntityDeletePermission,
} from '@backstage/plugin-catalog-common/alpha';
import {
  actionExecutePermission,
  taskCreatePermission,
} from '@backstage/plugin-scaffolder-common/alpha';
import {
  defaultEkycPermissionRules,
  EkycPermissionPolicy,
} from './ekycPermissionPolicy';

function user(userEntityRef: string, groups: string[]): PolicyQueryUser {
  return {
    identity: {
      type: 'user',
      userEntityRef,
      ownershipEntityRefs: [userEntityRef, ...groups],
    },
    token: 'token',
    credentials: {} as PolicyQueryUser['credentials'],
    info: { userEntityRef, ownershipEntityRefs: [userEntityRef, ...groups] },
  } as PolicyQueryUser;
}

const policy = new EkycPermissionPolicy(defaultEkycPermissionRules);
const guest = user('user:development/guest', []);
const platformMember = user('user:default/amira.rahman', [
  'group:default/platform-team',
]);
const identityMember = user('user:default/siti.wulandari', [
  'group:default/identity-team',
]);

describe('EkycPermissionPolicy', () => {
  it('lets guests read the catalog', async () => {
    const decision = await policy.handle(
      { permission: catalogEntityReadPermission },
      guest,
    );
    expect(decision.result).toBe(AuthorizeResult.ALLOW);
  });

  it('denies guests every change: catalog deletes and scaffolder tasks', async () => {
    for (const permission of [
      catalogEntityDeletePermission,
      taskCreatePermission,
    ]) {
      const decision = await policy.handle({ permission }, guest);
      expect(decision.result).toBe(AuthorizeResult.DENY);
    }
  });

  it('gives a configured platform user (the sandbox guest) the platform rights', async () => {
    const sandboxPolicy = new EkycPermissionPolicy({
      ...defaultEkycPermissionRules,
      platformUserRefs: ['user:development/guest'],
    });
    for (const permission of [taskCreatePermission, actionExecutePermission]) {
      const decision = await sandboxPolicy.handle({ permission }, guest);
      expect(decision.result).toBe(AuthorizeResult.ALLOW);
    }
    const identity = await sandboxPolicy.handle(
      { permission: actionExecutePermission },
      identityMember,
    );
    expect(identity.result).toBe(AuthorizeResult.CONDITIONAL);
  });

  it('lets platform-team members run every action', async () => {
    const decision = await policy.handle(
      { permission: actionExecutePermission },
      platformMember,
    );
    expect(decision.result).toBe(AuthorizeResult.ALLOW);
  });

  it('lets other users run templates, except the actions that change infrastructure', async () => {
    expect(
      (
        await policy.handle(
          { permission: taskCreatePermission },
          identityMember,
        )
      ).result,
    ).toBe(AuthorizeResult.ALLOW);
    const decision = await policy.handle(
      { permission: actionExecutePermission },
      identityMember,
    );
    expect(decision).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'scaffolder',
      resourceType: 'scaffolder-action',
      conditions: {
        not: {
          anyOf: defaultEkycPermissionRules.infrastructureActionIds.map(
            actionId => ({
              rule: 'HAS_ACTION_ID',
              resourceType: 'scaffolder-action',
              params: { actionId },
            }),
          ),
        },
      },
    });
  });

  it('denies anonymous requests anything but reads', async () => {
    const write = createPermission({
      name: 'x.write',
      attributes: { action: 'update' },
    });
    expect((await policy.handle({ permission: write })).result).toBe(
      AuthorizeResult.DENY,
    );
  });
});
