import fs from 'node:fs/promises';
import path from 'node:path';
import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, ResponseError } from '@backstage/errors';
import {
  CatalogService,
  parseEntityYaml,
} from '@backstage/plugin-catalog-node';

/** The Location entity the catalog reads the local catalog directory through. */
export const localCatalogLocationName = 'ekyc-local-environments';

/** The catalog's route (the backend's registered-entities module) that takes entities. */
export const registeredEntitiesPath = '/ekyc-registered-entities';

/** Environment and service entities the scaffolder registers with the portal's own catalog. */
export interface EntityDestination {
  /** Says where the entity went; throws an InputError when `name` holds another entity. */
  register(request: {
    name: string;
    entity: Entity;
    /** The directory in the workspace holding catalog-info.yaml (and any other files). */
    sourceDir: string;
  }): Promise<string>;
}

/** The one entity a catalog file holds (a second one is refused, not skipped). */
export async function entityIn(file: string, shownAs: string): Promise<Entity> {
  const results = [
    ...parseEntityYaml(await fs.readFile(file), { type: 'file', target: file }),
  ];
  const [first] = results;
  if (results.length !== 1 || first.type !== 'entity') {
    throw new InputError(
      `${shownAs} must hold exactly one entity, not ${results.length}`,
    );
  }
  return first.entity;
}

/**
 * A directory on the backend's host (`ekyc.environments.localCatalogDir`, the local
 * sandbox), read by the catalog through one Location entity: `<dir>/<name>/` gets every
 * file of the source directory.
 */
export function directoryDestination(
  root: string,
  catalog: CatalogService,
  auth: AuthService,
): EntityDestination {
  return {
    async register({ name, entity, sourceDir }) {
      const entityRef = stringifyEntityRef(entity);
      const target = path.join(root, name);
      const catalogInfoFile = path.join(target, 'catalog-info.yaml');
      const existing = await fs.lstat(target).catch(() => undefined);
      if (existing) {
        if (!existing.isDirectory()) {
          throw new InputError(
            `name: ${name} is taken in the local catalog by something other than a directory; choose another name`,
          );
        }
        const registered = await entityIn(catalogInfoFile, catalogInfoFile)
          .then(stringifyEntityRef)
          .catch(() => undefined);
        if (registered !== entityRef) {
          throw new InputError(
            `name: ${name} holds ${
              registered ?? 'other files'
            } in the local catalog, not ${entityRef}; choose another name`,
          );
        }
      }
      await fs.mkdir(target, { recursive: true });
      await fs.cp(sourceDir, target, { recursive: true });
      // A refresh makes the catalog read the new files now rather than at its next
      // pass. The refresh is this module's own (catalog refreshes are the platform
      // group's right); the directory takes only the kinds the catalog's rules allow.
      await catalog.refreshEntity(
        `location:default/${localCatalogLocationName}`,
        { credentials: await auth.getOwnServiceCredentials() },
      );
      return catalogInfoFile;
    },
  };
}

/**
 * The portal's database (production, several replicas): the entity goes to the catalog's
 * registered-entities route, which keeps it and provides it to the catalog at once.
 * Only the entity is kept; the other files are the repository's to hold when published.
 */
export function portalDatabaseDestination(
  discovery: DiscoveryService,
  auth: AuthService,
): EntityDestination {
  return {
    async register({ name, entity }) {
      const { token } = await auth.getPluginRequestToken({
        onBehalfOf: await auth.getOwnServiceCredentials(),
        targetPluginId: 'catalog',
      });
      const url = `${await discovery.getBaseUrl(
        'catalog',
      )}${registeredEntitiesPath}/${encodeURIComponent(name)}`;
      const response = await fetch(url, {
        method: 'PUT',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ entity }),
      });
      if (response.status === 409) {
        const body = (await response.json()) as {
          error?: { message?: string };
        };
        throw new InputError(body.error?.message ?? `name: ${name} is taken`);
      }
      if (!response.ok) throw await ResponseError.fromResponse(response);
      return `the portal's catalog (${name})`;
    },
  };
}
