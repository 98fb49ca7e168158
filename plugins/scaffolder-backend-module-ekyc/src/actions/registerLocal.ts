import fs from 'node:fs/promises';
import path from 'node:path';
import { Config } from '@backstage/config';
import { InputError, NotAllowedError } from '@backstage/errors';
import { isChildPath } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  locationSpecToMetadataName,
  parseEntityYaml,
} from '@backstage/plugin-catalog-node';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { examples } from './registerLocal.examples';

const locationOf = (file: string) => ({ type: 'file', target: file });

/**
 * `ekyc:environment:register-local`: puts the environment's entity files into
 * `ekyc.environments.localCatalogDir/<id>/` and registers them with the catalog as a file
 * location (once; later runs refresh it), for portals without a Git host.
 */
export function createRegisterLocalAction(
  config: Config,
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
      const root = config.getOptionalString(
        'ekyc.environments.localCatalogDir',
      );
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
        ...parseEntityYaml(
          await fs.readFile(catalogInfoFile),
          locationOf(catalogInfoFile),
        ),
      ];
      if (!first || first.type !== 'entity') {
        throw new InputError(
          `${ctx.input.sourcePath}/catalog-info.yaml holds no entity`,
        );
      }
      const entityRef = stringifyEntityRef(first.entity);
      const credentials = await ctx.getInitiatorCredentials();
      const { items } = await catalog.getLocations({}, { credentials });
      const existing = items.find(
        l => l.type === 'file' && l.target === catalogInfoFile,
      );
      if (existing) {
        // The location's own entity re-reads the file; the environment's follows.
        await catalog.refreshEntity(
          `location:default/${locationSpecToMetadataName(
            locationOf(catalogInfoFile),
          )}`,
          { credentials },
        );
        ctx.logger.info(`refreshed ${entityRef} from ${catalogInfoFile}`);
      } else {
        await catalog.addLocation(locationOf(catalogInfoFile), { credentials });
        ctx.logger.info(`registered ${entityRef} from ${catalogInfoFile}`);
      }
      ctx.output('entityRef', entityRef);
      ctx.output('catalogInfoFile', catalogInfoFile);
    },
  });
}
