import fs from 'node:fs';
import path from 'node:path';
import {
  AuthorizeResult,
  createPermission,
  Permission,
} from '@backstage/plugin-permission-common';
import { PolicyQueryUser } from '@backstage/plugin-permission-node';
import {
  catalogEntityReadPermission,
  catalogEntityDeletePermission,
  catalogLocationCreatePermission,
  catalogPermissions,
} from '@backstage/plugin-catalog-common/alpha';
import {
  actionExecutePermission,
  scaffolderPermissions,
  taskCancelPermission,
  taskCreatePermission,
  taskReadPermission,
} from '@backstage/plugin-scaffolder-common/alpha';
import {
  kubernetesPermissions,
  kubernetesProxyPermission,
} from '@backstage/plugin-kubernetes-common';
import { ekycRegionsPermissions } from '@internal/plugin-ekyc-regions-common';
import { environmentChangePermission } from '@internal/plugin-scaffolder-backend-module-ekyc';
import {
  Audience,
  defaultEkycPermissionRules,
  EkycPermissionPolicy,
  permissionTable,
  PolicyDecisionRecord,
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

const records: PolicyDecisionRecord[] = [];
const policy = new EkycPermissionPolicy(defaultEkycPermissionRules, record =>
  records.push(record),
);
const guest = user('user:development/guest', []);
const platformMember = user('user:default/amira.rahman', [
  'group:default/platform-team',
]);
const identityMember = user('user:default/siti.wulandari', [
  'group:default/identity-team',
]);

async function result(permission: Permission, who?: PolicyQueryUser) {
  return (await policy.handle({ permission }, who)).result;
}

/** The rows of docs/security.md's permission table: permission → audience. */
function documentedTable(): Record<string, string> {
  const doc = fs.readFileSync(
    path.resolve(__dirname, '../../../../../docs/security.md'),
    'utf8',
  );
  const section = doc.split('<!-- permission-table -->')[1] ?? '';
  const rows: Record<string, string> = {};
  for (const match of section.matchAll(
    /^\|\s*`([^`]+)`\s*\|\s*`([^`]+)`\s*\|/gm,
  )) {
    rows[match[1]] = match[2];
  }
  return rows;
}

describe('EkycPermissionPolicy', () => {
  it('agrees with the permission table in docs/security.md', () => {
    expect(documentedTable()).toEqual(permissionTable);
  });

  it('names every permission the installed plugins define, so none falls to the default by omission', () => {
    const known = [
      ...catalogPermissions,
      ...scaffolderPermissions,
      ...kubernetesPermissions,
      ...ekycRegionsPermissions,
      environmentChangePermission,
    ].map(permission => permission.name);
    expect(known.filter(name => !(name in permissionTable))).toEqual([]);
  });

  it('denies a permission it does not name, even to the platform group', async () => {
    const unknown = createPermission({
      name: 'some-plugin.thing.read',
      attributes: { action: 'read' },
    });
    expect(await result(unknown, platformMember)).toBe(AuthorizeResult.DENY);
    expect(await result(unknown, guest)).toBe(AuthorizeResult.DENY);
  });

  it('denies a request without a signed-in user, reads included', async () => {
    expect(await result(catalogEntityReadPermission)).toBe(
      AuthorizeResult.DENY,
    );
  });

  it('lets the read-only guest read and nothing else', async () => {
    expect(await result(catalogEntityReadPermission, guest)).toBe(
      AuthorizeResult.ALLOW,
    );
    for (const permission of [
      catalogEntityDeletePermission,
      taskCreatePermission,
      actionExecutePermission,
      kubernetesProxyPermission,
    ]) {
      expect(await result(permission, guest)).toBe(AuthorizeResult.DENY);
    }
  });

  it('keeps catalog changes and the Kubernetes proxy to the platform group', async () => {
    for (const permission of [
      catalogLocationCreatePermission,
      catalogEntityDeletePermission,
      kubernetesProxyPermission,
    ]) {
      expect(await result(permission, identityMember)).toBe(
        AuthorizeResult.DENY,
      );
      expect(await result(permission, platformMember)).toBe(
        AuthorizeResult.ALLOW,
      );
    }
  });

  it('lets a user read and cancel only their own tasks; the platform group all tasks', async () => {
    for (const permission of [taskReadPermission, taskCancelPermission]) {
      expect(await policy.handle({ permission }, identityMember)).toEqual({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'scaffolder',
        resourceType: 'scaffolder-task',
        conditions: {
          allOf: [
            {
              rule: 'IS_TASK_OWNER',
              resourceType: 'scaffolder-task',
              params: { createdBy: ['user:default/siti.wulandari'] },
            },
          ],
        },
      });
      expect(await result(permission, platformMember)).toBe(
        AuthorizeResult.ALLOW,
      );
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
  });

  it('lets other users run templates, executing only the actions it names for them', async () => {
    expect(await result(taskCreatePermission, identityMember)).toBe(
      AuthorizeResult.ALLOW,
    );
    const decision = await policy.handle(
      { permission: actionExecutePermission },
      identityMember,
    );
    expect(decision).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'scaffolder',
      resourceType: 'scaffolder-action',
      conditions: {
        anyOf: defaultEkycPermissionRules.contributorActionIds.map(
          actionId => ({
            rule: 'HAS_ACTION_ID',
            resourceType: 'scaffolder-action',
            params: { actionId },
          }),
        ),
      },
    });
    for (const infrastructure of [
      'ekyc:environment:preview',
      'ekyc:environment:up',
      'ekyc:environment:destroy',
      'ekyc:environment:promote',
      'ekyc:environment:outputs',
      'github:repo:push',
      'github:issues:label',
    ]) {
      expect(defaultEkycPermissionRules.contributorActionIds).not.toContain(
        infrastructure,
      );
    }
  });

  it('records who asked for what and the decision', async () => {
    records.length = 0;
    await policy.handle(
      { permission: catalogEntityDeletePermission },
      identityMember,
    );
    expect(records).toEqual([
      {
        permission: 'catalog.entity.delete',
        user: 'user:default/siti.wulandari',
        decision: 'deny',
      },
    ]);
  });

  it('uses only the audiences it defines', () => {
    const audiences: Audience[] = [
      'signed-in',
      'contributors',
      'task-owner-or-platform',
      'contributors-named-actions',
      'platform',
    ];
    for (const audience of Object.values(permissionTable)) {
      expect(audiences).toContain(audience);
    }
  });
});
