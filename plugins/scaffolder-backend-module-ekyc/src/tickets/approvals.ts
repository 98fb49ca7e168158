import { AuthService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';

/**
 * The annotation that ties a catalog User to their GitHub account: the account's
 * immutable node id, as the GitHub org entity provider writes it (a login can be
 * renamed and then taken by someone else).
 */
export const githubUserIdAnnotation = 'github.com/user-id';

/** Direct membership, as the catalog's memberOf relations record it. */
function isMemberOf(user: Entity | undefined, groupRef: string): boolean {
  return (user?.relations ?? []).some(
    relation => relation.type === 'memberOf' && relation.targetRef === groupRef,
  );
}

/**
 * Whether a GitHub account belongs to a member of a group, as the catalog says: the
 * User annotated with the account's id, and that User's memberOf relations. The
 * catalog's rules accept User and Group entities only from the organisation's own
 * source (docs/security.md), so no registered repository can declare one. Two Users
 * claiming one account are a conflict, never a choice.
 */
export function catalogMembership(catalog: CatalogService, auth: AuthService) {
  return async (
    githubUserId: string,
    groupRef: string,
  ): Promise<{ member: boolean; user?: string }> => {
    const { items } = await catalog.getEntities(
      {
        filter: {
          kind: 'User',
          [`metadata.annotations.${githubUserIdAnnotation}`]: githubUserId,
        },
      },
      { credentials: await auth.getOwnServiceCredentials() },
    );
    if (items.length !== 1) return { member: false };
    const [user] = items;
    return {
      member: isMemberOf(user, groupRef),
      user: stringifyEntityRef(user),
    };
  };
}

/** Whether a catalog User (by entity ref) is a member of a group. */
export function catalogUserMembership(
  catalog: CatalogService,
  auth: AuthService,
) {
  return async (userRef: string, groupRef: string): Promise<boolean> => {
    const user = await catalog.getEntityByRef(userRef, {
      credentials: await auth.getOwnServiceCredentials(),
    });
    return isMemberOf(user, groupRef);
  };
}
