import { AuthService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';

/** The annotation that ties a catalog User to their GitHub account. */
export const githubLoginAnnotation = 'github.com/user-login';

/** Direct membership, as the catalog's memberOf relations record it. */
function isMemberOf(user: Entity | undefined, groupRef: string): boolean {
  return (user?.relations ?? []).some(
    relation => relation.type === 'memberOf' && relation.targetRef === groupRef,
  );
}

/**
 * Whether a GitHub account belongs to a member of a group, as the catalog says: the
 * User annotated with the login, and that User's memberOf relations.
 */
export function catalogMembership(catalog: CatalogService, auth: AuthService) {
  return async (
    login: string,
    groupRef: string,
  ): Promise<{ member: boolean; user?: string }> => {
    const { items } = await catalog.getEntities(
      {
        filter: {
          kind: 'User',
          [`metadata.annotations.${githubLoginAnnotation}`]: login,
        },
      },
      { credentials: await auth.getOwnServiceCredentials() },
    );
    const [user] = items;
    if (!user) return { member: false };
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
