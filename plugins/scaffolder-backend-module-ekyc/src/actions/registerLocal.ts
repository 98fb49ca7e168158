import fs from 'node:fs/promises';
import path from 'node:path';
import { InputError, NotAllowedError } from '@backstage/errors';
import { isChildPath } from '@backstage/backend-plugin-api';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  CatalogService,
  parseEntityYaml,
} from '@backstage/plugin-catalog-node';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { examples } from './registerLocal.examples';

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
      const target = path.join(root, ctx.input.name);
      await fs.mkdir(target, { recursive: true });
      await fs.cp(source, target, { recursive: true });
      const catalogInfoFile = path.join(target, 'catalog-info.yaml');
      const [first] = [
        ...parseEntityYaml(await fs.readFile(catalogInfoFile), {
          type: 'file',
          target: catalogInfoFile,
        }),
      ];
      if (!first || first.type !== 'entity') {
        throw new InputError(
          `${ctx.input.sourcePath}/catalog-info.yaml holds no entity`,
        );
      }
      const entityRef = stringifyEntityRef(first.entity);
      // The portal's catalog reads the directory through one Location entity; a
      // refresh makes it read the new files now rather than at its next pass.
      await catalog.refreshEntity(
        `location:default/${localCatalogLocationName}`,
        { credentials: await ctx.getInitiatorCredentials() },
      );
      ctx.logger.info(`wrote ${entityRef} to ${catalogInfoFile}`);
      ctx.output('entityRef', entityRef);
      ctx.output('catalogInfoFile', catalogInfoFile);
    },
  });
}
