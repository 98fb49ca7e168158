import fs from 'node:fs/promises';
import path from 'node:path';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthService, isChildPath } from '@backstage/backend-plugin-api';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  CatalogService,
  parseEntityYaml,
} from '@backstage/plugin-catalog-node';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { environmentEntityRef } from '@internal/ekyc-domain';
import { EnvironmentChangeCheck } from '../environmentPermission';
import { examples } from './registerLocal.examples';

/** The catalog namespace of environment entities (the domain's own entity ref). */
const environmentNamespace = environmentEntityRef({ id: 'any' }).namespace;

/** Links could make the copy read, or write, outside the workspace and the catalog. */
async function refuseLinks(dir: string, shownAs: string): Promise<void> {
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const shown = `${shownAs}/${entry.name}`;
    if (entry.isSymbolicLink()) {
      throw new InputError(
        `${shown} is a symbolic link: the local catalog takes plain files only`,
      );
    }
    if (entry.isDirectory())
      await refuseLinks(path.join(dir, entry.name), shown);
  }
}

/** The ref of the one entity a catalog file holds (a second one is refused, not skipped). */
async function entityRefIn(file: string, shownAs: string): Promise<string> {
  const results = [
    ...parseEntityYaml(await fs.readFile(file), { type: 'file', target: file }),
  ];
  const [first] = results;
  if (results.length !== 1 || first.type !== 'entity') {
    throw new InputError(
      `${shownAs} must hold exactly one entity, not ${results.length}`,
    );
  }
  return stringifyEntityRef(first.entity);
}

/** The Location entity the catalog reads the local catalog directory through. */
export const localCatalogLocationName = 'ekyc-local-environments';

/**
 * `ekyc:environment:register-local`: puts an entity's files into
 * `ekyc.environments.localCatalogDir/<name>/`, which the portal's catalog reads (see the
 * backend's local-environments catalog module), for portals without a Git host.
 */
export function createRegisterLocalAction(
  localCatalogDir: string | undefined,
  catalog: CatalogService,
  auth: AuthService,
  checkChange: EnvironmentChangeCheck,
) {
  return createTemplateAction({
    id: 'ekyc:environment:register-local',
    description:
      "Copies an environment's catalog files to the portal's local catalog directory and registers them",
    examples,
    schema: {
      input: {
        name: z =>
          z
            .string()
            .regex(/^[a-z][a-z0-9-]{0,39}$/)
            .describe(
              'Names the directory under the local catalog directory: the environment id or the component name',
            ),
        sourcePath: z =>
          z
            .string()
            .default('environment')
            .describe('Directory in the workspace holding catalog-info.yaml'),
      },
      output: {
        entityRef: z => z.string(),
        catalogInfoFile: z => z.string(),
      },
    },
    async handler(ctx) {
      const root = localCatalogDir;
      if (!root) {
        throw new NotAllowedError(
          'this portal has no ekyc.environments.localCatalogDir: publish the environment to a repository (publish:github) and register it with catalog:register instead',
        );
      }
      const source = path.resolve(ctx.workspacePath, ctx.input.sourcePath);
      if (!isChildPath(ctx.workspacePath, source)) {
        throw new InputError(
          `sourcePath ${ctx.input.sourcePath} leaves the workspace`,
        );
      }
      const [realWorkspace, realSource] = await Promise.all([
        fs.realpath(ctx.workspacePath),
        fs.realpath(source).catch(() => source),
      ]);
      if (!isChildPath(realWorkspace, realSource)) {
        throw new InputError(
          `sourcePath ${ctx.input.sourcePath} leaves the workspace through a link`,
        );
      }
      await refuseLinks(source, ctx.input.sourcePath);
      const entityRef = await entityRefIn(
        path.join(source, 'catalog-info.yaml'),
        `${ctx.input.sourcePath}/catalog-info.yaml`,
      );
      // An environment's entity is the platform group's to register, as its stack is.
      if (parseEntityRef(entityRef).namespace === environmentNamespace) {
        await checkChange(ctx, `register ${entityRef}`);
      }
      const target = path.join(root, ctx.input.name);
      const catalogInfoFile = path.join(target, 'catalog-info.yaml');
      const existing = await fs.lstat(target).catch(() => undefined);
      if (existing) {
        if (!existing.isDirectory()) {
          throw new InputError(
            `name: ${ctx.input.name} is taken in the local catalog by something other than a directory; choose another name`,
          );
        }
        const registered = await entityRefIn(
          catalogInfoFile,
          catalogInfoFile,
        ).catch(() => undefined);
        if (registered !== entityRef) {
          throw new InputError(
            `name: ${ctx.input.name} holds ${
              registered ?? 'other files'
            } in the local catalog, not ${entityRef}; choose another name`,
          );
        }
      }
      await fs.mkdir(target, { recursive: true });
      await fs.cp(source, target, { recursive: true });
      // The portal's catalog reads the directory through one Location entity; a
      // refresh makes it read the new files now rather than at its next pass. The
      // refresh is this module's own (catalog refreshes are the platform group's
      // right); the directory takes only the kinds the catalog's global rules allow.
      await catalog.refreshEntity(
        `location:default/${localCatalogLocationName}`,
        { credentials: await auth.getOwnServiceCredentials() },
      );
      ctx.logger.info(`wrote ${entityRef} to ${catalogInfoFile}`);
      ctx.output('entityRef', entityRef);
      ctx.output('catalogInfoFile', catalogInfoFile);
    },
  });
}
