import fs from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '@backstage/errors';
import { isChildPath } from '@backstage/backend-plugin-api';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { environmentEntityRef } from '@internal/ekyc-domain';
import { EnvironmentChangeCheck } from '../environmentPermission';
import { EntityDestination, entityIn } from '../entities/entityDestinations';
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

/**
 * `ekyc:environment:register-local`: registers the entity of a workspace directory with
 * the portal's own catalog, for portals that do not publish it to a repository: the
 * local catalog directory where `ekyc.environments.localCatalogDir` is set, else the
 * portal's database. The destination is chosen from config at start-up, so a run never
 * learns after its apply that it has nowhere to record the environment.
 */
export function createRegisterLocalAction(
  destination: EntityDestination,
  checkChange: EnvironmentChangeCheck,
) {
  return createTemplateAction({
    id: 'ekyc:environment:register-local',
    description:
      "Registers an environment's catalog entity with the portal's own catalog (its local catalog directory, or its database)",
    examples,
    schema: {
      input: {
        name: z =>
          z
            .string()
            .regex(/^[a-z][a-z0-9-]{0,62}$/)
            .describe(
              "Names the entry in the portal's catalog: the environment id or the component name",
            ),
        sourcePath: z =>
          z
            .string()
            .default('environment')
            .describe('Directory in the workspace holding catalog-info.yaml'),
      },
      output: {
        entityRef: z => z.string(),
        registeredAt: z =>
          z
            .string()
            .describe(
              "Where the entity is kept: the file in the local catalog directory, or the portal's catalog",
            ),
      },
    },
    async handler(ctx) {
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
      const entity = await entityIn(
        path.join(source, 'catalog-info.yaml'),
        `${ctx.input.sourcePath}/catalog-info.yaml`,
      );
      const entityRef = stringifyEntityRef(entity);
      // An environment's entity is the platform group's to register, as its stack is.
      if (parseEntityRef(entityRef).namespace === environmentNamespace) {
        await checkChange(ctx, `register ${entityRef}`);
      }
      const registeredAt = await destination.register({
        name: ctx.input.name,
        entity,
        sourceDir: source,
      });
      ctx.logger.info(`registered ${entityRef} in ${registeredAt}`);
      ctx.output('entityRef', entityRef);
      ctx.output('registeredAt', registeredAt);
    },
  });
}
