import { mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { environmentChangeCheck } from './environmentPermission';

describe('the environment-change check of the infrastructure actions', () => {
  it('refuses a user the permission service denies, saying who may act', async () => {
    const check = environmentChangeCheck(
      mockServices.permissions({ result: AuthorizeResult.DENY }),
      'members of group:default/platform-team',
    );
    const ctx = createMockActionContext({
      user: { ref: 'user:default/siti.wulandari' },
    });
    await expect(check(ctx, 'apply bd-dhaka-1')).rejects.toThrow(
      'user:default/siti.wulandari may not apply bd-dhaka-1: only members of group:default/platform-team may create, change or destroy environments. File the request as a ticket, or ask one of them to run it.',
    );
  });

  it('lets through a user the permission service allows', async () => {
    const check = environmentChangeCheck(
      mockServices.permissions({ result: AuthorizeResult.ALLOW }),
      'members of group:default/platform-team',
    );
    await expect(
      check(createMockActionContext(), 'apply bd-dhaka-1'),
    ).resolves.toBeUndefined();
  });
});
