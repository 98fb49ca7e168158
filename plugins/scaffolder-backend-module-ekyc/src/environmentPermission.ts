import { PermissionsService } from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import { ActionContext } from '@backstage/plugin-scaffolder-node';

/**
 * Creating, changing or destroying an environment. The infrastructure actions ask for
 * it themselves, for the task's initiator, besides the scaffolder's own check on the
 * action: a refusal then says who may act instead of only naming the action.
 */
export const environmentChangePermission = createPermission({
  name: 'ekyc.environment.change',
  attributes: { action: 'update' },
});

export type EnvironmentChangeCheck = (
  ctx: ActionContext<any, any>,
  what: string,
) => Promise<void>;

export function environmentChangeCheck(
  permissions: PermissionsService,
  whoMay: string,
): EnvironmentChangeCheck {
  return async (ctx, what) => {
    const [decision] = await permissions.authorize(
      [{ permission: environmentChangePermission }],
      { credentials: await ctx.getInitiatorCredentials() },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `${
          ctx.user?.ref ?? 'this task'
        } may not ${what}: only ${whoMay} may create, change or destroy environments. File the request as a ticket, or ask one of them to run it.`,
      );
    }
  };
}
