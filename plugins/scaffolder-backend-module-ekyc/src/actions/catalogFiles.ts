import fs from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '@backstage/errors';
import { isChildPath } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  environmentEntityOf,
  networkLinkEntityOf,
  ownClusterEntityOf,
  pulumiProjectName,
} from '@internal/ekyc-domain';
import { stringify } from 'yaml';
import { examples } from './catalogFiles.examples';
import { specDescription, SpecReader } from './spec';

/**
 * `ekyc:environment:catalog-files`: writes the environment's catalog entity (the one
 * the domain builds from the spec and the stack's outputs) and its stack config for
 * GitOps into the workspace, for register-local or publish:github to take; and, where
 * the stack created its own cluster (a region on AWS), that cluster's entity in
 * `cluster/`, so that the kubernetes plugin and the dashboard find it with no config
 * edit; and a sovereign site's link to its hub in `link/`, for the catalog's map of
 * sites and hubs. Both environment templates use it, so neither keeps a skeleton of
 * its own.
 */
/** An entity registered beside the environment's, in its own folder of `target`. */
async function writeEntityFile(target: string, folder: string, entity: object) {
  await fs.mkdir(path.join(target, folder), { recursive: true });
  await fs.writeFile(
    path.join(target, folder, 'catalog-info.yaml'),
    stringify(entity),
  );
}

export function createCatalogFilesAction(readSpec: SpecReader) {
  return createTemplateAction({
    id: 'ekyc:environment:catalog-files',
    description:
      "Writes an environment's catalog-info.yaml and Pulumi.<id>.yaml into the workspace",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        spec: z => z.record(z.unknown()).describe(specDescription),
        outputs: z =>
          z
            .record(z.unknown())
            .default({})
            .describe(
              "The stack's outputs (ekyc:environment:up), for where its namespace and API are",
            ),
        targetPath: z =>
          z
            .string()
            .default('environment')
            .describe('Directory in the workspace to write the files into'),
      },
      output: {
        entityRef: z => z.string(),
        clusterEntityRef: z =>
          z
            .string()
            .describe(
              'The entity of the cluster the stack created, in cluster/catalog-info.yaml; empty when it runs on a registered one',
            ),
        linkEntityRef: z =>
          z
            .string()
            .describe(
              "The entity of a sovereign site's link to its hub, in link/catalog-info.yaml; empty when it has no hub",
            ),
      },
    },
    async handler(ctx) {
      const spec = await readSpec(ctx.input.spec);
      const target = path.resolve(ctx.workspacePath, ctx.input.targetPath);
      if (!isChildPath(ctx.workspacePath, target)) {
        throw new InputError(
          `targetPath ${ctx.input.targetPath} leaves the workspace: give a directory inside it, e.g. environment`,
        );
      }
      const entity = environmentEntityOf(spec, ctx.input.outputs ?? {});
      let clusterEntity: ReturnType<typeof ownClusterEntityOf>;
      try {
        clusterEntity = ownClusterEntityOf(spec, ctx.input.outputs ?? {});
      } catch (error) {
        throw new InputError((error as Error).message);
      }
      const linkEntity = networkLinkEntityOf(spec);
      await fs.mkdir(target, { recursive: true });
      await fs.writeFile(
        path.join(target, 'catalog-info.yaml'),
        stringify(entity),
      );
      await fs.writeFile(
        path.join(target, `Pulumi.${spec.id}.yaml`),
        `# Stack config of ${pulumiProjectName}/${
          spec.id
        }, for GitOps: the spec the portal\n# applied. Secrets are not here: the database password is generated in the stack\n# and kept there, encrypted.\n${stringify(
          {
            config: { 'ekyc:spec': JSON.stringify(spec) },
          },
        )}`,
      );
      if (clusterEntity) {
        await writeEntityFile(target, 'cluster', clusterEntity);
      }
      if (linkEntity) await writeEntityFile(target, 'link', linkEntity);
      ctx.output('entityRef', stringifyEntityRef(entity));
      ctx.output(
        'clusterEntityRef',
        clusterEntity ? stringifyEntityRef(clusterEntity) : '',
      );
      ctx.output(
        'linkEntityRef',
        linkEntity ? stringifyEntityRef(linkEntity) : '',
      );
    },
  });
}
