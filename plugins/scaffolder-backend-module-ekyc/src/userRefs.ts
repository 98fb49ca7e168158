import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';

/**
 * One person has one ref however it is spelled: `User:Amira.Rahman` is
 * `user:default/amira.rahman`. Throws on text that is no entity ref.
 */
export function normalisedUserRef(ref: string): string {
  return stringifyEntityRef(
    parseEntityRef(ref.trim(), {
      defaultKind: 'user',
      defaultNamespace: 'default',
    }),
  ).toLocaleLowerCase('en-US');
}

/** normalisedUserRef, or undefined for text that is no entity ref. */
export function readableUserRef(ref: string): string | undefined {
  try {
    return normalisedUserRef(ref);
  } catch {
    return undefined;
  }
}
